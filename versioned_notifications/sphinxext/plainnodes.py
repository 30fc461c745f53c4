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

"""A :class:`~versioned_notifications.sphinxext.bodynode.reference_body` as
ordinary docutils nodes, for every builder that does not write it as HTML
in one go: latex, text, man, texinfo, single-page HTML, epub's ... all get
a field list, a table, rubrics, definition and bullet lists and a captioned
literal block, which each of them renders (and the single-page HTML builder
then collapses, :mod:`~versioned_notifications.sphinxext.collapsible`).
"""

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.transforms.post_transforms import SphinxPostTransform

from versioned_notifications.sphinxext import bodynode as body
from versioned_notifications.sphinxext import domain as vn_domain
from versioned_notifications.sphinxext import schemafiles

# The field table's columns in LaTeX, as fractions of the line (Sphinx's
# \X): paragraph columns that wrap their text, sized so that "Nullable" and
# "Default" fit their heads. Without a column specification Sphinx sizes
# them by their content (tabulary), and a long field name ran into the Type
# column.
LATEX_COLUMNS = r'\X{20}{100}\X{27}{100}\X{12}{100}\X{11}{100}\X{30}{100}'
# Where a name in a LaTeX field table's Field or Type column may break
# (monospaced names are not hyphenated): after an underscore, and between a
# lower-case letter or digit and a capital (TerseActionPlan|Payload).
_LATEX_BREAKS = re.compile(
    r'(?<=[A-Za-z0-9]_)(?=[A-Za-z0-9])|(?<=[a-z0-9])(?=[A-Z])')
_LATEX_BREAK = r'\allowbreak{}'


def writes_bodies_as_html(builder_class):
    """Whether builders of ``builder_class`` write reference bodies
    themselves (:mod:`~versioned_notifications.sphinxext.htmlbody`).

    The single-page builder does not: it moves every page into one and
    rewrites the references of the resolved tree, which a body written in
    one go has none of.
    """
    return builder_class.format == 'html' and not issubclass(
        builder_class, SingleFileHTMLBuilder)


class _Expander:
    def __init__(self, node, builder):
        self.children = body.parts_of(node)
        self.docname = node.get('docname', '')
        self.builder = builder

    def inline(self, parts):
        result = []
        for part in parts:
            if isinstance(part, str):
                result.append(nodes.Text(part))
            elif part[0] == body.LITERAL:
                result.append(nodes.literal(part[1], part[1]))
            elif part[0] == body.PAYLOAD:
                result.append(self.payload_ref(part[1]))
            elif part[0] == body.SCHEMA:
                result.append(self.schema_ref(part[1]))
            else:
                raise ValueError('a %s part is not inline' % part[0])
        return result

    def payload_ref(self, name):
        # Resolved by Sphinx's reference resolver, which runs next.
        return addnodes.pending_xref(
            '', nodes.literal(name, name, classes=['xref', 'payload']),
            refdomain=vn_domain.DOMAIN, reftype=vn_domain.PAYLOAD,
            reftarget=name, refexplicit=False, refwarn=True,
            refdoc=self.docname)

    def schema_ref(self, name):
        code = nodes.literal(name, name, classes=['xref', 'schema'])
        if not schemafiles.links_schemas(self.builder):
            return code
        return nodes.reference(
            '', '', code, internal=True,
            refuri=schemafiles.uri(self.builder, self.docname, name))

    def paragraph(self, parts):
        """A cell's or list item's content."""
        if not parts:
            return []
        if len(parts) == 1 and not isinstance(parts[0], str) and (
                parts[0][0] == body.CHILD):
            return [self.children[parts[0][1]]]
        if len(parts) == 1 and isinstance(parts[0], str):
            return [nodes.paragraph(parts[0], parts[0])]
        return [nodes.paragraph('', '', *self.inline(parts))]

    def rubric(self, parts):
        return [nodes.rubric('', '', *self.inline(parts))]

    def facts(self, pairs):
        field_list = nodes.field_list()
        for label, parts in pairs:
            field_list += nodes.field(
                '', nodes.field_name(label, label),
                nodes.field_body('', *self.paragraph(parts)))
        return [field_list]

    def fields(self, rows):
        latex = self.builder.format == 'latex'
        table = nodes.table(classes=[body.TABLE_CLASS])
        group = nodes.tgroup(cols=len(body.COLUMNS))
        table += group
        for _, width in body.COLUMNS:
            group += nodes.colspec(colwidth=width)
        head = nodes.thead()
        head += self.row([(title,) for title, _ in body.COLUMNS])
        group += head
        rows_node = nodes.tbody()
        for row in rows:
            rows_node += self.row(row)
            if latex:
                for entry in rows_node[-1][:2]:
                    _breakable_names(entry)
        group += rows_node
        if not latex:
            return [table]
        # A longtable breaks across pages instead of leaving the rest of
        # one blank, and repeats the head.
        table['classes'].append('longtable')
        return [addnodes.tabular_col_spec(spec=LATEX_COLUMNS), table]

    def row(self, cells):
        row = nodes.row()
        for parts in cells:
            row += nodes.entry('', *self.paragraph(parts))
        return row

    def bullet_list(self, entries):
        items = nodes.bullet_list(bullet='*')
        for entry in entries:
            items += nodes.list_item('', *self.paragraph(entry))
        return items

    def history(self, items):
        if len(items) == 1 and items[0][0] is None:
            return [self.bullet_list(items[0][1])]
        definitions = nodes.definition_list()
        for term, entries in items:
            definitions += nodes.definition_list_item(
                '', nodes.term('', '', *self.inline(term)),
                nodes.definition('', self.bullet_list(entries)))
        return [definitions]

    def sample(self, caption_parts, index):
        block = self.children[index]
        caption = nodes.caption('', '', *self.inline(caption_parts))
        wrapper = nodes.container('', caption, block,
                                  classes=['literal-block-wrapper'],
                                  literal_block=True)
        for node in (caption, wrapper):
            node.source, node.line = block.source, block.line
        return [wrapper]


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
    """The docutils nodes ``node`` (a reference_body) stands for, for
    ``builder``; its children move into them."""
    expander = _Expander(node, builder)
    result = []
    for block in node['blocks']:
        result.extend(getattr(expander, block[0])(*block[1:]))
    return result


class ExpandBodies(SphinxPostTransform):
    """Replaces each reference_body with :func:`expand`'s nodes, for every
    builder but those that write it as HTML."""

    # Before the reference resolver (10), which resolves the payload links
    # made here, and before samples are collapsed (200).
    default_priority = 5

    def is_supported(self):
        # As Sphinx's own post-transforms ask (Sphinx < 8.1 only has the
        # application's builder).
        builder_class = getattr(self.env, '_builder_cls', None) or type(
            self.env.app.builder)
        return not writes_bodies_as_html(builder_class)

    def run(self, **kwargs):
        # As Sphinx's own post-transforms reach the builder.
        app = getattr(self.env, '_app', None) or self.env.app
        for node in list(self.document.findall(body.reference_body)):
            node.replace_self(expand(node, app.builder))

