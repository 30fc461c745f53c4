# Licensed under the Apache License, Version 2.0 (the "License"); you may
# not use this file except in compliance with the License. You may obtain
# a copy of the License at
#
#      http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
# WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
# License for the specific language governing permissions and limitations
# under the License.

"""The reference's model as the nodes every builder writes.

A summary table, then a section per event type (grouped in a section per
event type's object beyond :data:`GROUP_ABOVE` event types), then the
nested payloads' sections. An event's section holds its facts, its
payload's field table (a row's field name is a target,
``payload-<class>-<field>``) and its sample, a :class:`~versioned_
notifications.sphinxext.pagenodes.collapsible_sample`. Sections, index
entries, samples and the field descriptions are made when the page is
read, and every id then (by ``make_id``, noted as an explicit target and in
the domain); the summary, facts and field tables when it is written
(:mod:`~versioned_notifications.sphinxext.blocks`). Every link is a
``pending_xref`` that the ``notifications`` domain resolves, the JSON
Schema files' included.
"""

from docutils import nodes
from sphinx import addnodes
from sphinx.util.nodes import make_id

from versioned_notifications.sphinxext import blocks
from versioned_notifications.sphinxext import descriptions
from versioned_notifications.sphinxext import domain as vn_domain
from versioned_notifications.sphinxext import pagenodes
from versioned_notifications.sphinxext.blocks import literal as _literal

__all__ = ['GROUP_ABOVE', 'NESTED_ID', 'NESTED_TITLE', 'Page']

# More event types than this in one directive: their sections are grouped
# by the event type's object (``instance``, ``action_plan``), so that the
# page's table of contents is a map of two levels, not a list of a hundred
# (unless the objects are nearly as many as the event types).
GROUP_ABOVE = 12

NESTED_TITLE = 'Nested payloads'
NESTED_ID = 'versioned-notifications-nested-payloads'


def _object(event_type):
    return event_type.split('.', 1)[0]


class Page:
    """Renders one directive's events and nested payloads."""

    def __init__(self, directive, sample_texts):
        self.directive = directive
        self.env = directive.env
        self.document = directive.state.document
        self.docname = self.env.docname
        self.domain = self.env.domains[vn_domain.DOMAIN]
        self.sample_texts = sample_texts
        self.source, self.line = directive.get_source_info()

    def located(self, node):
        """``node`` placed at the directive: Sphinx's read transforms
        otherwise log a debug message for each title and field name
        without a source (thousands on a large page)."""
        node.source, node.line = self.source, self.line
        return node

    # Targets and links.

    def target(self, kind, name, title, node=None):
        """The id of ``name``'s target (on ``node``, noted as an explicit
        target when given), noted in the domain."""
        node_id = vn_domain.target_id(self.env, self.document, kind, name)
        if node is not None:
            node['ids'].append(node_id)
            self.document.note_explicit_target(node)
        self.domain.note(kind, name, node_id, title)
        return node_id

    # Texts.

    def description(self, text):
        """A field description as a paragraph of inline markup only,
        sanitized (:mod:`~versioned_notifications.sphinxext.descriptions`).
        """
        directive = self.directive
        # Messages about the markup are reported when made.
        inline, _ = directive.state.inline_text(text, directive.lineno)
        inline, reasons = descriptions.sanitize(inline)
        descriptions.warn(reasons, (self.docname, directive.lineno))
        return nodes.paragraph(text, '', *inline)

    # Blocks.

    def field_table(self, payload, anchored=True):
        """The payload's field table, the target of its name when
        ``anchored`` (a nested payload's is its section); each field name
        the target of the field. Made when the page is written
        (:mod:`~versioned_notifications.sphinxext.blocks`)."""
        row_ids = {}
        described = {}
        for field in payload.fields:
            name = vn_domain.field_target(payload.name, field.name)
            row_ids[field.name] = self.target(vn_domain.FIELD, name, name)
            if field.description:
                described[field.name] = self.description(field.description)
        table_id = self.target(vn_domain.PAYLOAD, payload.name,
                               payload.name) if anchored else None
        node = blocks.fields(payload, self.docname, row_ids, table_id,
                             described)
        self.document.note_explicit_target(node)
        return [node]

    def sample(self, sample):
        # As a code-block would show it: without the final newline.
        text = self.sample_texts[sample.name].rstrip('\n')
        block = nodes.literal_block(text, text, language='json')
        block['highlight_args'] = {}
        self.directive.set_source_info(block)
        node = pagenodes.sample(
            block, [nodes.Text(sample.label + ': '), _literal(sample.name)],
            [])
        self.target(vn_domain.SAMPLE, sample.name,
                    '%s: %s' % (sample.label, sample.name), node)
        return node

    def event(self, event):
        result = []
        for shown in event.samples:
            if len(event.samples) > 1:
                result.append(self.located(nodes.rubric(
                    '', '', _literal(shown.sample.name))))
            result.append(blocks.event_facts(shown, event.schema,
                                             self.docname))
            if shown.shows_fields:
                result.extend(self.field_table(shown.payload))
            result.append(self.sample(shown.sample))
        return result

    def payload(self, payload):
        return [blocks.payload_facts(payload, self.docname),
                *self.field_table(payload, anchored=False)]

    # Sections.

    def section(self, kind, name, title, body=()):
        section = nodes.section()
        section += self.located(nodes.title('', title))
        anchor = self.target(kind, name, title, section)
        section += addnodes.index(entries=[
            ('single', '%s (%s)' % (name, kind), anchor, '', None)])
        section.extend(body)
        return section

    def render(self, events, nested):
        """The nodes of ``events`` (EventDoc, none documented on this page
        yet) and ``nested`` payloads (PayloadDoc, likewise)."""
        result = []
        nested_names = {payload.name for payload in nested}
        if events:
            result.append(blocks.summary(
                [(event.event_type, shown) for event in events
                 for shown in event.samples], self.docname))
        sections = []
        tabled = set()
        for event in events:
            for shown in event.samples:
                # A top-level payload's table is in its first event's
                # section (on this page), unless it is also nested and gets
                # a section of its own.
                name = shown.payload.name
                if name not in nested_names and name not in tabled and (
                        not self.domain.documents(vn_domain.PAYLOAD, name)):
                    tabled.add(name)
                    shown.shows_fields = True
            sections.append(self.section(
                vn_domain.NOTIFICATION, event.event_type, event.event_type,
                self.event(event)))
        groups = {}
        for event, section in zip(events, sections, strict=True):
            groups.setdefault(_object(event.event_type), []).append(section)
        # Groups of one event each would only add a level.
        if len(events) > GROUP_ABOVE and len(groups) <= len(events) // 2:
            sections = [self.group(name, members)
                        for name, members in groups.items()]
        result.extend(sections)
        if nested:
            wrapper = nodes.section(ids=[make_id(
                self.env, self.document, '', NESTED_ID)])
            self.document.note_explicit_target(wrapper)
            wrapper += self.located(nodes.title('', NESTED_TITLE))
            for payload in nested:
                wrapper += self.section(vn_domain.PAYLOAD, payload.name,
                                        payload.name, self.payload(payload))
            result.append(wrapper)
        return result

    def group(self, name, sections):
        group = nodes.section(ids=[make_id(
            self.env, self.document, 'events', name.lower())],
            classes=['vn-group'])
        self.document.note_explicit_target(group)
        group += self.located(nodes.title('', name))
        group.extend(sections)
        return group
