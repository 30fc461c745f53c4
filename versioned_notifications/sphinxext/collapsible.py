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

"""Collapsible samples in HTML, without JavaScript.

A sample is a plain captioned code-block, which every builder renders
(latex, text, man show the sample in full): in the templates' output, and
in a reference body once made into docutils nodes
(:mod:`~versioned_notifications.sphinxext.plainnodes`; HTML builders that
write a body in one go write its ``<details>`` themselves). For HTML
builders only, a post-transform moves each sample's literal block into a
``<details>`` element whose ``<summary>`` is the caption. The visitors
write nothing but the two tags: the sample itself is still a literal block
that the HTML writer highlights and escapes.
"""

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from versioned_notifications.sphinxext import bodynode

SAMPLE_CLASS = 'versioned-notification-sample'


class sample_details(nodes.General, nodes.Element):
    """``<details>`` around a sample (HTML builders only)."""


class sample_summary(nodes.General, nodes.TextElement):
    """``<summary>`` of a :class:`sample_details`."""


def _is_sample(node):
    # A sample inside a reference body that is still one is written as
    # <details> by the body's own HTML visitor.
    return (isinstance(node, nodes.literal_block)
            and SAMPLE_CLASS in node['classes']
            and not isinstance(node.parent, bodynode.reference_body))


class CollapseSamples(SphinxPostTransform):
    """Wraps each sample literal block in :class:`sample_details`."""

    default_priority = 200
    formats = ('html',)

    def run(self, **kwargs):
        for block in list(self.document.findall(_is_sample)):
            outer = block
            caption = None
            if (isinstance(block.parent, nodes.container)
                    and block.parent.get('literal_block')):
                outer = block.parent
                caption = next(iter(outer.findall(nodes.caption)), None)
            summary = sample_summary()
            if caption is not None:
                summary.extend(child.deepcopy() for child in caption.children)
            else:
                summary += nodes.Text('Sample')
            ids = list(outer['ids'])
            details = sample_details()
            outer.replace_self(details)
            # replace_self() copied the replaced node's ids and classes.
            details['ids'] = ids
            details['classes'] = [SAMPLE_CLASS]
            if outer is block:
                block['ids'] = []
            else:
                outer.remove(block)
            details += summary
            details += block


def visit_details_html(self, node):
    self.body.append(self.starttag(node, 'details'))


def depart_details_html(self, node):
    self.body.append('</details>\n')


def visit_summary_html(self, node):
    self.body.append(self.starttag(node, 'summary', suffix=''))


def depart_summary_html(self, node):
    self.body.append('</summary>\n')
