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

"""The reference's two nodes for what standard nodes lack, with a visitor
per builder.

:class:`collapsible_sample`: a captioned literal block (a
container marked ``literal_block``, as ``.. code-block::`` with a
``:caption:`` makes) that HTML shows collapsed, as ``<details>``. Every
other builder renders it as the container it derives from (Sphinx's
translators dispatch along the node's MRO; LaTeX's own post-transform makes
it a captioned literal block).

:class:`breakable_name`: a name in monospace (an inline literal) that may
break where a long name breaks best (after a dot or an underscore, before an
inner capital): ``<wbr>`` between its pieces in HTML, ``\\allowbreak{}`` in
LaTeX; every other builder writes the literal it derives from.
"""

import re

from docutils import nodes

__all__ = ['breakable_name', 'collapsible_sample', 'pieces', 'register',
           'sample', 'visit_sample_html']

# After a dot, an underscore or a hyphen followed by more of the name, and
# between a lower-case letter or digit and a capital
# (TerseActionPlan|Payload): monospaced names are not hyphenated.
_BREAKS = re.compile(
    r'(?<=[A-Za-z0-9][._-])(?=[A-Za-z0-9])|(?<=[a-z0-9])(?=[A-Z])')


class collapsible_sample(nodes.container):
    """A sample: ``[caption, literal_block]`` (see the module)."""


class breakable_name(nodes.literal):
    """A name that may break (see the module): one literal, its text
    whole, so that the break opportunities cost no nodes."""


def sample(block, caption_children, ids):
    """The collapsible sample of ``block`` (a literal block)."""
    caption = nodes.caption('', '', *caption_children)
    node = collapsible_sample('', caption, block, ids=ids,
                              classes=['vn-sample'], literal_block=True)
    for made in (caption, node):
        made.source, made.line = block.source, block.line
    return node


def pieces(name):
    """``name`` cut where it may break."""
    return _BREAKS.split(name)


def visit_sample_html(translator, node):
    caption, block = node.children
    translator.body.append(translator.starttag(node, 'details', ''))
    translator.body.append('<summary>')
    for child in caption.children:
        child.walkabout(translator)
    translator.body.append('</summary>\n')
    # Sphinx's own literal block: highlighted in the theme's style.
    block.walkabout(translator)
    translator.body.append('</details>\n')
    raise nodes.SkipNode


def _breakable_visitor(separator):
    """A visitor writing the translator's own literal with ``separator``
    between the name's pieces. The pieces are written as plain text: HTML's
    ``span.pre`` (white-space: nowrap) around each word would take the
    break opportunities away; a name has no white space to protect."""

    def visit(translator, node):
        translator.visit_literal(node)
        translator.body.append(separator.join(
            map(translator.encode, pieces(node.astext()))))
        translator.depart_literal(node)
        raise nodes.SkipNode

    return visit


def register(app):
    app.add_node(collapsible_sample, html=(visit_sample_html, None))
    app.add_node(breakable_name,
                 html=(_breakable_visitor('<wbr>'), None),
                 latex=(_breakable_visitor(r'\allowbreak{}'), None))
