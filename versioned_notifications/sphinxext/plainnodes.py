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

"""A :class:`~versioned_notifications.sphinxext.model.notification_body`
as plain docutils nodes, for every builder that does not write HTML (latex,
text, man, texinfo, ...): field lists, a table, rubrics, definition and
bullet lists and captioned literal blocks, which each of them renders; the
samples are shown in full. The children the directive parsed (descriptions,
history entries, samples) move into them.
"""

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from versioned_notifications.sphinxext import domain as vn_domain
from versioned_notifications.sphinxext import fieldtable
from versioned_notifications.sphinxext import model

# Where a name in a LaTeX field table's Field or Type column may break
# (monospaced names are not hyphenated): after an underscore, and between a
# lower-case letter or digit and a capital (TerseActionPlan|Payload).
_LATEX_BREAKS = re.compile(
    r'(?<=[A-Za-z0-9]_)(?=[A-Za-z0-9])|(?<=[a-z0-9])(?=[A-Z])')
_LATEX_BREAK = r'\allowbreak{}'


TABLE_CLASS = 'vn-fields'
SUMMARY_CLASS = 'vn-summary'
SUMMARY_COLUMNS = (('Event type', 26), ('Priority', 11), ('Notification', 24),
                   ('Payload', 24), ('Sample', 15))


def latex_columns(shown):
    """The LaTeX column specification of ``shown`` columns."""
    total = sum(width for _, width in shown)
    return ''.join(r'\X{%d}{%d}' % (width, total) for _, width in shown)


def _literal(text):
    return nodes.literal(text, text)


def _para(*children):
    return nodes.paragraph('', '', *children)


class _Expander:
    def __init__(self, node, builder):
        self.children = model.keyed_children(node)
        self.docname = node['docname']
        self.builder = builder

    def child(self, key):
        return self.children.get(key)

    def text(self, key, plain):
        """The parsed paragraph of a text, or a paragraph of it as it is
        (a plain text has no child, see the directive); None when empty."""
        child = self.children.get(key)
        if child is not None:
            return child
        return _para(nodes.Text(plain)) if plain else None

    def payload_ref(self, name):
        # Resolved by Sphinx's reference resolver, which runs next.
        return addnodes.pending_xref(
            '', nodes.literal(name, name, classes=['xref', 'payload']),
            refdomain=vn_domain.DOMAIN, reftype=vn_domain.PAYLOAD,
            reftarget=name, refexplicit=False, refwarn=True,
            refdoc=self.docname)

    def parts(self, items):
        result = []
        for part in items:
            if isinstance(part, str):
                result.append(nodes.Text(part))
            elif part[0] == fieldtable.PAYLOAD:
                result.append(self.payload_ref(part[1]))
            else:
                result.append(_literal(part[1]))
        return result

    def facts(self, pairs):
        field_list = nodes.field_list()
        for label, value in pairs:
            # Inline nodes, or a block (a history list).
            body = value if isinstance(value, nodes.Body) else _para(*value)
            field_list += nodes.field(
                '', nodes.field_name(label, label),
                nodes.field_body('', body))
        return field_list

    def schema(self, schema):
        return [nodes.literal(schema.name, schema.name,
                              classes=['xref', 'schema'])]

    def table(self, classes, shown, rows, breakable):
        """A table of ``shown`` columns (title, width); in LaTeX a
        longtable of those widths, names in the ``breakable`` first
        columns breakable."""
        table = nodes.table(classes=classes)
        group = nodes.tgroup(cols=len(shown))
        table += group
        head = nodes.thead()
        head += self.row([[_para(nodes.Text(title))] for title, _ in shown])
        body = nodes.tbody()
        body.extend(self.row(cells) for cells in rows)
        widths = [width for _, width in shown]
        if self.builder.format == 'text':
            widths = _text_widths(widths, [*head, *body])
        for width in widths:
            group += nodes.colspec(colwidth=width)
        group += head
        group += body
        if self.builder.format != 'latex':
            return [table]
        for row in body:
            for entry in row[:breakable]:
                _breakable_names(entry)
        # A longtable breaks across pages instead of leaving the rest of
        # one blank, and repeats the head.
        table['classes'].append('longtable')
        return [addnodes.tabular_col_spec(spec=latex_columns(shown)), table]

    def field_table(self, payload):
        shown = fieldtable.columns(payload)
        titles = [title for title, _ in shown]
        rows = []
        for field in payload.fields:
            description = self.text(
                model.description_key(payload.name, field.name),
                field.description)
            cells = {
                'Field': [_para(_literal(field.name))],
                'Type': [_para(*self.parts(field.type_parts))],
                'Nullable': [_para(nodes.Text(
                    'yes' if field.nullable else 'no'))],
                'Default': [_para(_literal(field.default))]
                if field.default is not None else [],
                'Description': [description]
                if description is not None else []}
            rows.append([cells[title] for title in titles])
        return self.table([TABLE_CLASS], shown, rows, 2)

    def summary(self, events):
        rows = []
        for event in events:
            for variant in event.variants:
                ref = addnodes.pending_xref(
                    '', nodes.literal(event.event_type, event.event_type,
                                      classes=['xref', 'notification']),
                    refdomain=vn_domain.DOMAIN,
                    reftype=vn_domain.NOTIFICATION,
                    reftarget=event.event_type, refexplicit=False,
                    refwarn=True, refdoc=self.docname)
                rows.append([
                    [_para(ref)], [_para(_literal(variant.priority))],
                    [_para(_literal(variant.notification.name), nodes.Text(
                        ' ' + variant.notification.version))],
                    [_para(self.payload_ref(variant.payload.name),
                           nodes.Text(' ' + variant.payload.version))],
                    [_para(_literal(variant.sample.name))]])
        return self.table([SUMMARY_CLASS], SUMMARY_COLUMNS, rows, 5)

    def row(self, cells):
        row = nodes.row()
        for content in cells:
            row += nodes.entry('', *content)
        return row

    def history_list(self, cls):
        items = nodes.bullet_list(bullet='*')
        for index, (version, text) in enumerate(cls.history):
            item = nodes.list_item('', self.text(
                model.history_key(cls.name, index),
                model.history_line(version, text)))
            changes = cls.changes.get(version)
            if changes:
                item += nodes.bullet_list(
                    '', *(nodes.list_item('', _para(nodes.Text(change)))
                          for change in changes),
                    bullet='-', classes=['vn-changes'])
            items += item
        if not cls.history:
            items += nodes.list_item('', _para(
                nodes.Text('No '), _literal('# Version'),
                nodes.Text(' history in the class source.')))
        return items

    def sample(self, sample):
        block = self.child(model.sample_key(sample.name))
        caption = nodes.caption('', '', nodes.Text(sample.label + ': '),
                                _literal(sample.name))
        wrapper = nodes.container('', caption, block,
                                  classes=['literal-block-wrapper'],
                                  literal_block=True)
        for node in (caption, wrapper):
            node.source, node.line = block.source, block.line
        return wrapper

    def event(self, event):
        result = []
        for variant in event.variants:
            if len(event.variants) > 1:
                result.append(nodes.rubric('', '',
                                           _literal(variant.sample.name)))
            pairs = [
                ('Priority', [_literal(variant.priority)]),
                ('Notification', [_literal(variant.notification.name),
                                  nodes.Text(' %s' % (
                                      variant.notification.version))]),
                ('Payload', [self.payload_ref(variant.payload.name),
                             nodes.Text(' %s' % (
                                 variant.payload.version))]),
                (variant.sample.label + ' file',
                 [_literal(variant.sample.name)]),
            ]
            if event.schema is not None:
                pairs.append(('Message schema', self.schema(event.schema)))
            if variant.payload.schema is not None:
                pairs.append(('Payload schema',
                              self.schema(variant.payload.schema)))
            pairs.append(('Notification history',
                          self.history_list(variant.notification)))
            if variant.shows_fields:
                pairs.append(('Payload history',
                              self.history_list(variant.payload)))
                result.append(self.facts(pairs))
                result.extend(self.field_table(variant.payload))
            else:
                pairs.append(('Fields', [
                    nodes.Text('see '),
                    self.payload_ref(variant.payload.name)]))
                result.append(self.facts(pairs))
            result.append(self.sample(variant.sample))
        return result

    def payload(self, payload):
        pairs = [('Version', [nodes.Text(payload.version)])]
        if payload.schema is not None:
            pairs.append(('Schema', self.schema(payload.schema)))
        pairs.append(('History', self.history_list(payload)))
        return [self.facts(pairs), *self.field_table(payload)]


# Where the text writer may break a cell's line: at white space and after
# a hyphen (its TextWrapper's breaks).
_TEXT_BREAKS = re.compile(r'\s+|(?<=-)')


def _text_widths(widths, rows):
    """The text writer takes column widths as characters and cuts a longer
    word inside them (Sphinx 7.4 and 9.0 cut it at different places):
    each column at least as wide as its longest word, two more for the
    quotes the writer puts around an inline literal."""
    for row in rows:
        for column, entry in enumerate(row):
            longest = max(map(len, _TEXT_BREAKS.split(entry.astext())))
            widths[column] = max(widths[column], longest + 2)
    return widths


def _breakable_names(entry):
    """Lets LaTeX break the names in ``entry``'s inline literals where
    :data:`_LATEX_BREAKS` says."""
    for literal in list(entry.findall(nodes.literal)):
        pieces = _LATEX_BREAKS.split(literal.astext())
        if len(pieces) == 1:
            continue
        del literal[:]
        for i, piece in enumerate(pieces):
            if i:
                literal += nodes.raw('', _LATEX_BREAK, format='latex')
            literal += nodes.Text(piece)


def expand(node, builder):
    """The docutils nodes ``node`` (a notification_body) stands for, for
    ``builder``; its children move into them."""
    return getattr(_Expander(node, builder), node['kind'])(node['doc'])


class ExpandBodies(SphinxPostTransform):
    """Replaces each notification_body with :func:`expand`'s nodes, for
    every builder that does not write HTML."""

    # Before the reference resolver (10), which resolves the payload links
    # made here.
    default_priority = 5

    def is_supported(self):
        # As Sphinx's own post-transforms ask (Sphinx < 8.1 only has the
        # application's builder).
        builder_class = getattr(self.env, '_builder_cls', None) or type(
            self.env.app.builder)
        return builder_class.format != 'html'

    def run(self, **kwargs):
        # As Sphinx's own post-transforms reach the builder.
        app = getattr(self.env, '_app', None) or self.env.app
        for node in list(self.document.findall(model.notification_body)):
            node.replace_self(expand(node, app.builder))
