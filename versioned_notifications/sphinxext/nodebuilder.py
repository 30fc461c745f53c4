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

"""The reference's section bodies, built as docutils nodes.

This is the default rendering: it makes the same content the built-in
templates describe (``templates/*.rst.jinja``, used instead when a project
sets ``versioned_notifications_template_dir``) without writing and then
re-parsing reStructuredText for every event, which the benchmark shows
costs several times the build of the samples themselves. Only the field
descriptions, which are reStructuredText from docstrings, are parsed, as
inline text. Every value is a text node, escaped by the writer.
"""

import re

from docutils import nodes
from sphinx import addnodes

from versioned_notifications.sphinxext import collapsible
from versioned_notifications.sphinxext import domain as vn_domain
from versioned_notifications.sphinxext import fieldtable

# Characters that may start inline markup; a description without any is
# plain text and needs no parsing.
_MARKUP = re.compile(r'[`*_|\[\]<>:\\]')
COLUMNS = (('Field', 20), ('Type', 25), ('Nullable', 10), ('Default', 10),
           ('Description', 35))


class NodeBuilder:
    def __init__(self, directive):
        self.directive = directive
        self.docname = directive.env.docname

    def event_body(self, event):
        body = []
        for variant in event.variants:
            if len(event.variants) > 1:
                body.append(nodes.rubric('', '', self.literal(
                    variant.sample.name)))
            body.append(self.facts([
                ('Priority', [self.literal(variant.priority)]),
                ('Notification', [self.literal(variant.notification.name),
                                  nodes.Text(' version %s'
                                             % variant.notification.version)]),
                ('Payload', [self.payload_ref(variant.payload.name),
                             nodes.Text(' version %s'
                                        % variant.payload.version)]),
                ('Sample file', [self.literal(variant.sample.name)]),
            ]))
            body.append(self.field_table(variant.payload))
            body.append(nodes.rubric('', 'Version history'))
            history = nodes.definition_list()
            for cls in (variant.notification, variant.payload):
                term = nodes.term('', '', self.literal(cls.name), nodes.Text(
                    ' (current version %s)' % cls.version))
                history += nodes.definition_list_item(
                    '', term, nodes.definition('', self.history_list(cls)))
            body.append(history)
            body.append(self.sample(variant.sample))
        return body

    def payload_body(self, payload):
        return [
            self.facts([('Version', [nodes.Text(payload.version)])]),
            self.field_table(payload),
            nodes.rubric('', 'Version history'),
            self.history_list(payload),
        ]

    @staticmethod
    def literal(text):
        return nodes.literal(text, text)

    def payload_ref(self, name):
        return addnodes.pending_xref(
            '', nodes.literal(name, name, classes=['xref', 'payload']),
            refdomain=vn_domain.DOMAIN, reftype=vn_domain.PAYLOAD,
            reftarget=name, refexplicit=False, refwarn=True,
            refdoc=self.docname)

    def facts(self, pairs):
        field_list = nodes.field_list()
        for name, value in pairs:
            field_list += nodes.field(
                '', nodes.field_name(name, name),
                nodes.field_body('', nodes.paragraph('', '', *value)))
        return field_list

    def history_list(self, cls):
        items = nodes.bullet_list(bullet='*')
        for version, text in cls.history:
            line = '%s: %s' % (version, text)
            items += nodes.list_item('', nodes.paragraph(line, line))
        if not cls.history:
            items += nodes.list_item('', nodes.paragraph(
                '', 'No ', self.literal('# Version'),
                nodes.Text(' history in the class source.')))
        return items

    def type_nodes(self, parts):
        result = []
        for part in parts:
            if isinstance(part, str):
                result.append(nodes.Text(part))
            elif part[0] == fieldtable.LITERAL:
                result.append(self.literal(part[1]))
            else:
                result.append(self.payload_ref(part[1]))
        return result

    def description(self, text):
        if not text:
            return []
        if not _MARKUP.search(text):
            return [nodes.paragraph(text, text)]
        inline, messages = self.directive.state.inline_text(
            text, self.directive.lineno)
        return [nodes.paragraph(text, '', *inline), *messages]

    def field_table(self, payload):
        table = nodes.table(classes=['versioned-notification-fields'])
        group = nodes.tgroup(cols=len(COLUMNS))
        table += group
        for _, width in COLUMNS:
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        head += self.row([[nodes.paragraph(title, title)]
                          for title, _ in COLUMNS])
        group += head
        rows = nodes.tbody()
        for field in payload.fields:
            rows += self.row([
                [nodes.paragraph('', '', self.literal(field.name))],
                [nodes.paragraph('', '', *self.type_nodes(
                    field.type_parts))],
                [nodes.paragraph('', 'yes' if field.nullable else 'no')],
                ([nodes.paragraph('', '', self.literal(field.default))]
                 if field.default is not None else []),
                self.description(field.description),
            ])
        group += rows
        return table

    @staticmethod
    def row(cells):
        row = nodes.row()
        for content in cells:
            row += nodes.entry('', *content)
        return row

    def sample(self, sample):
        # As a code-block would show it: without the final newline.
        text = sample.text.rstrip('\n')
        block = nodes.literal_block(text, text,
                                    language='json',
                                    classes=[collapsible.SAMPLE_CLASS])
        block['highlight_args'] = {}
        self.directive.set_source_info(block)
        caption = nodes.caption('', 'Sample: ', self.literal(sample.name))
        self.directive.set_source_info(caption)
        wrapper = nodes.container('', caption, block,
                                  classes=['literal-block-wrapper'],
                                  literal_block=True)
        self.directive.set_source_info(wrapper)
        return wrapper
