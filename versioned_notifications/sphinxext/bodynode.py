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

"""A section body of the reference, held as data in one node.

Built as ordinary docutils nodes, an event's body (facts, a field table of
nine rows, version history) is some 270 nodes, and every transform, the
reference resolver, the writer and the search indexer walks each of them:
the benchmark showed the reference building seven times slower than the
same samples as plain code blocks. A :class:`reference_body` carries that
content as plain, picklable data instead, so the tree holds a handful of
nodes per event:

* HTML builders write the whole body in one go
  (:mod:`~versioned_notifications.sphinxext.htmlbody`);
* every other builder (latex, text, man, texinfo, single-page HTML, ...)
  gets ordinary docutils nodes, made by a post-transform
  (:mod:`~versioned_notifications.sphinxext.plainnodes`).

``node['blocks']`` is a list of blocks, each a tuple whose first item is
its kind:

``(RUBRIC, parts)``
    A rubric (an informal heading).
``(FACTS, ((label, parts), ...))``
    A field list.
``(FIELDS, (row, ...))``
    A payload's field table, with the header :data:`COLUMNS`; a row is a
    tuple of five cells, each a parts tuple (empty: an empty cell).
``(HISTORY, ((term parts or None, (entry parts, ...)), ...))``
    Version history: a definition list of bullet lists, or, when the only
    term is None, the bullet list alone.
``(SAMPLE, caption parts, child index)``
    A sample: the child is its literal block.

A parts tuple is inline content; each part is plain text (a ``str``,
already typographically quoted where Sphinx would have done it) or a
tuple:

``(LITERAL, text)``
    Inline literal text.
``(PAYLOAD, name)``
    A link to a payload's anchor (the ``notifications`` domain resolves it
    when writing).
``(SCHEMA, file name)``
    A JSON Schema file, named relative to the sample directory: a link to
    its copy in HTML builds, the name elsewhere
    (:mod:`~versioned_notifications.sphinxext.schemafiles`).
``(CHILD, child index)``
    A whole cell that needed reStructuredText parsing (a field description
    with markup): the child is its paragraph. It is the only part of its
    cell.

Child indexes count the node's element children (see :func:`parts_of`),
not the first child, a text node holding the body's words so that the
HTML search index finds field names and descriptions.
"""

from docutils import nodes

from versioned_notifications.sphinxext import fieldtable

RUBRIC = 'rubric'
FACTS = 'facts'
FIELDS = 'fields'
HISTORY = 'history'
SAMPLE = 'sample'

# The same as in a type in words, which is used as parts as it is.
LITERAL = fieldtable.LITERAL
PAYLOAD = fieldtable.PAYLOAD
SCHEMA = 'schema'
CHILD = 'child'

COLUMNS = (('Field', 20), ('Type', 25), ('Nullable', 10), ('Default', 10),
           ('Description', 35))
TABLE_CLASS = 'versioned-notification-fields'


class reference_body(nodes.General, nodes.Element):
    """The body of an event type's or a nested payload's section, as data
    (see the module documentation)."""


def parts_of(node):
    """The element children that blocks and parts refer to by index.

    System messages from parsing a description are kept in the tree (they
    were reported when made) but are not part of the content.
    """
    return [child for child in node.children
            if isinstance(child, nodes.Element)
            and not isinstance(child, nodes.system_message)]

