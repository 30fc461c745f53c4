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

"""The reference's typed model, and the one node that carries it.

The directive describes every event type and payload as the dataclasses
below and puts each section body into one :class:`notification_body`
node, and the summary table that opens the reference into one more:
``node['kind']`` says what it shows (``'summary'``, ``'event'``,
``'payload'``), ``node['doc']`` holds the list of :class:`EventDoc`, the
:class:`EventDoc` or the :class:`PayloadDoc`.
The node's children are the texts that Sphinx's own transforms must see
(typographic quotes by SmartQuotes, search words, a description's inline
markup) and each sample's literal block (highlighted by the writer), each
child keyed by ``node['vn_key']`` (:func:`description_key`,
:func:`history_key`, :func:`sample_key`); its first child is a text node
holding the body's words, so that the HTML search index finds field
names.

HTML builders render the node through the ``versioned_notifications/
body.html`` template (:mod:`~versioned_notifications.sphinxext.htmlpage`);
every other builder receives plain docutils nodes
(:mod:`~versioned_notifications.sphinxext.plainnodes`).
"""

import dataclasses

from docutils import nodes

KEY = 'vn_key'


class notification_body(nodes.General, nodes.Element):
    """The body of an event type's or a payload's section (see the module
    documentation)."""


@dataclasses.dataclass(slots=True)
class ClassDoc:
    name: str
    version: str
    # [(version, text), ...], oldest first: the "# Version" comments, and
    # the versions only the recorded contracts know (text '').
    history: list
    # {version: [what changed, in words]} from the recorded contracts,
    # against the version recorded before it.
    changes: dict


@dataclasses.dataclass(slots=True)
class SchemaDoc:
    # The file relative to the sample directory, as the reference shows it.
    name: str


@dataclasses.dataclass(slots=True)
class PayloadDoc(ClassDoc):
    # fieldtable.FieldRow, sorted by name.
    fields: list
    # Names of the objects the fields carry.
    nested: list
    # None when schemas are not linked or the file is missing.
    schema: SchemaDoc | None = None


@dataclasses.dataclass(slots=True)
class SampleDoc:
    # The sample's text, $ref resolved, is the notification_body's literal
    # block (sample_key()), not kept twice.
    name: str
    path: str
    # A hand-written variant the project declares (``variants``).
    variant: bool = False

    @property
    def label(self):
        # A declared variant is hand-written, not generated: say so.
        return 'Variant sample' if self.variant else 'Sample'


@dataclasses.dataclass(slots=True)
class Variant:
    notification: ClassDoc
    payload: PayloadDoc
    priority: str
    sample: SampleDoc
    # Whether this section shows the payload's field table: the first
    # event of a payload that is not nested; the others link to it.
    shows_fields: bool = False


@dataclasses.dataclass(slots=True)
class EventDoc:
    event_type: str
    anchor: str
    variants: list
    # The message's schema; None when not linked or missing.
    schema: SchemaDoc | None = None


def sample_anchor(sample):
    """The id of a sample's ``<details>`` in HTML."""
    return 'sample-' + ''.join(c if c.isalnum() or c in '._-' else '-'
                               for c in sample).lower()


def history_line(version, text):
    """A history entry as the reference shows it."""
    return '%s: %s' % (version, text) if text else version


def description_key(payload, field):
    return 'description:%s.%s' % (payload, field)


def history_key(cls, index):
    return 'history:%s:%d' % (cls, index)


def sample_key(sample):
    return 'sample:%s' % sample


def keyed_children(node):
    """{key: child} of a notification_body."""
    return {child[KEY]: child for child in node.children
            if isinstance(child, nodes.Element) and KEY in child}
