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

"""HTML of a :class:`~versioned_notifications.sphinxext.bodynode.
reference_body`, written in one go.

The markup is what Sphinx's HTML writer makes of the same content as
docutils nodes (field list, table, definition and bullet lists, inline
literals, references), so themes style it alike. Every value goes through
:func:`html.escape`. Only the element children are written by the
translator itself: a sample's literal block (highlighted as usual), a
description that needed parsing, and nothing else; the samples are
collapsible (``<details>``) without JavaScript.
"""

import html
import re
import urllib.parse

from docutils import nodes

from versioned_notifications.sphinxext import bodynode as body
from versioned_notifications.sphinxext import collapsible
from versioned_notifications.sphinxext import domain as vn_domain
from versioned_notifications.sphinxext import schemafiles

_WORDS_AND_SPACES = re.compile(r'\S+| +|\n')


def escape(text):
    return html.escape(text, quote=True)


def literal(text, classes='docutils literal notranslate'):
    """An inline literal as Sphinx writes it: words kept from wrapping."""
    words = []
    for token in _WORDS_AND_SPACES.findall(escape(text)):
        if token.strip():
            words.append('<span class="pre">%s</span>' % token)
        elif token in (' ', '\n'):
            words.append(token)
        else:
            words.append('&#160;' * (len(token) - 1) + ' ')
    return '<code class="%s">%s</code>' % (classes, ''.join(words))


class BodyWriter:
    """Writes one reference_body into an HTML translator's body."""

    def __init__(self, translator, node):
        self.translator = translator
        self.out = translator.body
        self.children = body.parts_of(node)
        builder = translator.builder
        self.builder = builder
        # The page being written (a body is never moved to another page by
        # the HTML builders that write it this way).
        self.docname = getattr(builder, 'current_docname', '') or node.get(
            'docname', '')
        self.domain = builder.env.domains[vn_domain.DOMAIN]
        self.blocks = node['blocks']

    def write(self):
        for block in self.blocks:
            getattr(self, 'write_' + block[0])(*block[1:])

    # Inline content.

    def inline(self, parts):
        out = []
        for part in parts:
            if isinstance(part, str):
                out.append(escape(part))
            elif part[0] == body.LITERAL:
                out.append(literal(part[1]))
            elif part[0] == body.PAYLOAD:
                out.append(self.payload_link(part[1]))
            elif part[0] == body.SCHEMA:
                out.append(self.schema_link(part[1]))
            else:
                raise ValueError('a %s part is not inline' % part[0])
        return ''.join(out)

    def payload_link(self, name):
        code = literal(name, 'xref payload docutils literal notranslate')
        uri = self.domain.target_uri(self.builder, self.docname,
                                     vn_domain.PAYLOAD, name)
        if uri is None:
            return code
        return '<a class="reference internal" href="%s" title="%s">%s</a>' % (
            escape(uri), escape(name), code)

    def schema_link(self, name):
        code = literal(name, 'xref schema docutils literal notranslate')
        if not schemafiles.links_schemas(self.builder):
            return code
        href = urllib.parse.quote(
            schemafiles.uri(self.builder, self.docname, name))
        return '<a class="reference internal" href="%s">%s</a>' % (
            escape(href), code)

    def cell_content(self, parts):
        """A table cell's or list item's content: a paragraph."""
        if not parts:
            return
        if len(parts) == 1 and not isinstance(parts[0], str) and (
                parts[0][0] == body.CHILD):
            self.children[parts[0][1]].walkabout(self.translator)
        else:
            self.out.append('<p>%s</p>' % self.inline(parts))

    # Blocks.

    def write_rubric(self, parts):
        self.out.append('<p class="rubric">%s</p>\n' % self.inline(parts))

    def write_facts(self, pairs):
        self.out.append('<dl class="field-list simple">\n')
        for number, (label, parts) in enumerate(pairs):
            parity = 'field-odd' if number % 2 == 0 else 'field-even'
            self.out.append(
                '<dt class="%s">%s<span class="colon">:</span></dt>\n'
                '<dd class="%s"><p>%s</p>\n</dd>\n'
                % (parity, escape(label), parity, self.inline(parts)))
        self.out.append('</dl>\n')

    def write_fields(self, rows):
        out = self.out
        out.append('<table class="%s docutils align-default">\n<thead>\n'
                   '<tr class="row-odd">' % body.TABLE_CLASS)
        out.append('\n'.join('<th class="head"><p>%s</p></th>' % escape(title)
                             for title, _ in body.COLUMNS))
        out.append('\n</tr>\n</thead>\n<tbody>\n')
        for number, row in enumerate(rows):
            out.append('<tr class="%s">'
                       % ('row-even' if number % 2 == 0 else 'row-odd'))
            for cell in row:
                out.append('<td>')
                self.cell_content(cell)
                out.append('</td>\n')
            out.append('</tr>\n')
        out.append('</tbody>\n</table>\n')

    def bullet_list(self, entries):
        self.out.append('<ul class="simple">\n')
        for entry in entries:
            self.out.append('<li>')
            self.cell_content(entry)
            self.out.append('</li>\n')
        self.out.append('</ul>\n')

    def write_history(self, items):
        if len(items) == 1 and items[0][0] is None:
            self.bullet_list(items[0][1])
            return
        self.out.append('<dl class="simple">\n')
        for term, entries in items:
            self.out.append('<dt>%s</dt><dd>' % self.inline(term))
            self.bullet_list(entries)
            self.out.append('</dd>\n')
        self.out.append('</dl>\n')

    def write_sample(self, caption, index):
        self.out.append('<details class="%s">\n<summary>%s</summary>\n'
                        % (collapsible.SAMPLE_CLASS, self.inline(caption)))
        self.children[index].walkabout(self.translator)
        self.out.append('</details>\n')


def visit_reference_body_html(translator, node):
    BodyWriter(translator, node).write()
    raise nodes.SkipNode


def depart_reference_body_html(translator, node):
    """Never called: the visitor writes the whole body."""
