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

:class:`name_break`: where a long name may break (after a dot or an
underscore, before an inner capital): ``<wbr>`` in HTML,
``\\allowbreak{}`` in LaTeX, nothing elsewhere.
"""

import re

from docutils import nodes

__all__ = ['breakable', 'collapsible_sample', 'name_break', 'register',
           'sample', 'skip', 'visit_break_html', 'visit_break_latex',
           'visit_sample_html']

# After a dot, an underscore or a hyphen followed by more of the name, and
# between a lower-case letter or digit and a capital
# (TerseActionPlan|Payload): monospaced names are not hyphenated.
_BREAKS = re.compile(
    r'(?<=[A-Za-z0-9][._-])(?=[A-Za-z0-9])|(?<=[a-z0-9])(?=[A-Z])')


class collapsible_sample(nodes.container):
    """A sample: ``[caption, literal_block]`` (see the module)."""


class name_break(nodes.inline):
    """A break opportunity inside a name (see the module)."""


def sample(block, caption_children, ids):
    """The collapsible sample of ``block`` (a literal block)."""
    caption = nodes.caption('', '', *caption_children)
    node = collapsible_sample('', caption, block, ids=ids,
                              classes=['vn-sample'], literal_block=True)
    for made in (caption, node):
        made.source, made.line = block.source, block.line
    return node


def breakable(name):
    """Inline nodes of ``name`` with a :class:`name_break` where it may
    break."""
    pieces = _BREAKS.split(name)
    result = [nodes.Text(pieces[0])]
    for piece in pieces[1:]:
        result.append(name_break())
        result.append(nodes.Text(piece))
    return result


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


def visit_break_html(translator, node):
    translator.body.append('<wbr>')
    raise nodes.SkipNode


def visit_break_latex(translator, node):
    translator.body.append(r'\allowbreak{}')
    raise nodes.SkipNode


def skip(translator, node):
    raise nodes.SkipNode


def register(app):
    app.add_node(collapsible_sample, html=(visit_sample_html, None))
    app.add_node(name_break, html=(visit_break_html, None),
                 latex=(visit_break_latex, None), text=(skip, None),
                 man=(skip, None), texinfo=(skip, None))
