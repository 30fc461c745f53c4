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

"""The reference's blocks made from the model when the page is written:
the summary table, each event's and nested payload's facts (a field list,
histories as bullet lists) and each payload's field table.

While the page is read, a block is docutils' own ``pending`` node: its
details carry the model (dataclasses of
:mod:`~versioned_notifications.sphinxext.model`), its children the field
descriptions, parsed then so that Sphinx's transforms treat them as any
text of the page. :class:`MakeBlocks`, a post-transform that every builder
runs before references are resolved, replaces it with standard nodes (a
table in LaTeX a longtable, after its column specification). These nodes,
nine tenths of the reference's, are then made once for the writer instead
of being walked by each of Sphinx's read transforms and pickled with the
document.
"""

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from versioned_notifications.sphinxext import domain as vn_domain
from versioned_notifications.sphinxext import fieldtable
from versioned_notifications.sphinxext import model
from versioned_notifications.sphinxext import pagenodes

__all__ = ['FACTS_CLASS', 'FIELDS_CLASS', 'MakeBlocks', 'SUMMARY_CLASS',
           'SUMMARY_COLUMNS', 'event_facts', 'fields', 'latex_columns',
           'literal', 'payload_facts', 'summary']

FACTS_CLASS = 'vn-facts'
FIELDS_CLASS = 'vn-fields'
SUMMARY_CLASS = 'vn-summary'
# (title, width): LaTeX paragraph columns (\X) of these fractions of the
# line; the text writer's characters (at least a column's longest word).
SUMMARY_COLUMNS = (('Event type', 26), ('Priority', 11), ('Notification', 23),
                   ('Payload', 22), ('Sample', 18))

# What a pending block is (its details' "kind").
_SUMMARY = 'summary'
_EVENT_FACTS = 'event-facts'
_PAYLOAD_FACTS = 'payload-facts'
_FIELDS = 'fields'

# Where the text writer may break a cell's line: at white space and after
# a hyphen (its TextWrapper's breaks).
_TEXT_BREAKS = re.compile(r'\s+|(?<=-)')


def literal(text):
    return nodes.literal(text, text)


def _para(*children):
    return nodes.paragraph('', '', *children)


def _ref(kind, target, docname, breakable=False):
    """A link to ``target`` of ``kind``, its name in monospace; one that
    may break (:class:`~versioned_notifications.sphinxext.pagenodes.
    breakable_name`) when ``breakable``."""
    make = pagenodes.breakable_name if breakable else nodes.literal
    return vn_domain.pending(kind, target, [
        make(target, target, classes=['xref', kind])], docname)


def latex_columns(shown):
    """The LaTeX column specification of ``shown`` columns."""
    total = sum(width for _, width in shown)
    return ''.join(r'\X{%d}{%d}' % (width, total) for _, width in shown)


def summary(rows, docname):
    """The summary of ``rows``, (event type, EventSample) each, to be made
    when the page is written."""
    return nodes.pending(MakeBlocks, {'kind': _SUMMARY, 'rows': rows,
                                      'docname': docname})


def event_facts(shown, schema, docname):
    """The facts of an event's sample ``shown`` (EventSample; ``schema``:
    the message's SchemaDoc or None), to be made when the page is
    written."""
    return nodes.pending(MakeBlocks, {'kind': _EVENT_FACTS, 'shown': shown,
                                      'schema': schema, 'docname': docname})


def payload_facts(payload, docname):
    """The facts of a nested payload (PayloadDoc), to be made when the
    page is written."""
    return nodes.pending(MakeBlocks, {'kind': _PAYLOAD_FACTS,
                                      'payload': payload,
                                      'docname': docname})


def fields(payload, docname, row_ids, table_id, descriptions):
    """The field table of ``payload`` (a PayloadDoc), to be made when the
    page is written: ``row_ids`` ({field: id}) and ``table_id`` (or None)
    are noted targets, ``descriptions`` ({field: paragraph}) parsed."""
    described = list(descriptions)
    node = nodes.pending(MakeBlocks, {
        'kind': _FIELDS, 'payload': payload, 'docname': docname,
        'row_ids': row_ids, 'table_id': table_id, 'described': described},
        '', *descriptions.values())
    node['ids'] = [*([table_id] if table_id else []), *row_ids.values()]
    return node


class MakeBlocks(SphinxPostTransform):
    """Makes each pending block (see the module) for every builder."""

    # Before the ReferencesResolver (10): the cells hold pending_xref.
    default_priority = 5

    def run(self, **kwargs):
        for node in list(self.document.findall(nodes.pending)):
            if node.transform is MakeBlocks:
                node.replace_self(_expand(node))


def _expand(node):
    details = node.details
    kind, docname = details['kind'], details['docname']
    if kind == _SUMMARY:
        return _summary_table(details['rows'], docname)
    if kind == _EVENT_FACTS:
        return _event_facts(details['shown'], details['schema'], docname)
    if kind == _PAYLOAD_FACTS:
        return _payload_facts(details['payload'], docname)
    descriptions = dict(zip(details['described'], node.children,
                            strict=True))
    return _field_table(details['payload'], docname, details['row_ids'],
                        details['table_id'], descriptions)


def _text_widths(widths, rows):
    """The text writer takes column widths as characters and cuts a longer
    word inside them (Sphinx 7.4 and 9.0 cut it at different places):
    each column at least as wide as its longest word, two more for the
    quotes the writer puts around an inline literal. HTML ignores them,
    LaTeX takes the column specification."""
    for row in rows:
        for column, entry in enumerate(row):
            longest = max(map(len, _TEXT_BREAKS.split(entry.astext())))
            widths[column] = max(widths[column], longest + 2)
    return widths


def _table(classes, shown, rows, ids=()):
    """A table of ``shown`` columns (title, width), preceded by its LaTeX
    column specification; in LaTeX a longtable, which breaks across pages
    and repeats its head."""
    table = nodes.table(classes=[*classes, 'longtable'], ids=list(ids))
    group = nodes.tgroup(cols=len(shown))
    table += group
    head = nodes.thead()
    head += _row([[_para(nodes.Text(title))] for title, _ in shown])
    body = nodes.tbody()
    body.extend(_row(cells) for cells in rows)
    widths = _text_widths([width for _, width in shown], [*head, *body])
    for width in widths:
        group += nodes.colspec(colwidth=width)
    group += head
    group += body
    return [addnodes.tabular_col_spec(spec=latex_columns(shown)), table]


def _row(cells):
    row = nodes.row()
    for content in cells:
        row += nodes.entry('', *content)
    return row


def _type_parts(parts, docname):
    result = []
    for part in parts:
        if isinstance(part, str):
            result.append(nodes.Text(part))
        elif part[0] == fieldtable.PAYLOAD:
            result.append(_ref(vn_domain.PAYLOAD, part[1], docname))
        else:
            result.append(literal(part[1]))
    return result


def _field_table(payload, docname, row_ids, table_id, descriptions):
    shown = fieldtable.columns(payload)
    titles = [title for title, _ in shown]
    rows = []
    for field in payload.fields:
        # A target of its own, not the row's id: LaTeX labels targets.
        anchor = nodes.target('', '', ids=[row_ids[field.name]])
        cells = {
            'Field': [_para(anchor, literal(field.name))],
            'Type': [_para(*_type_parts(field.type_parts, docname))],
            'Nullable': [_para(nodes.Text(
                'yes' if field.nullable else 'no'))],
            'Default': [_para(literal(field.default))]
            if field.default is not None else [],
            'Description': [descriptions[field.name]]
            if field.name in descriptions else []}
        rows.append([cells[title] for title in titles])
    return _table([FIELDS_CLASS], shown, rows,
                  [table_id] if table_id else ())


def _summary_table(rows, docname):
    cells = []
    for event_type, shown in rows:
        cells.append([
            [_para(_ref(vn_domain.NOTIFICATION, event_type, docname,
                        breakable=True))],
            [_para(nodes.Text(shown.priority))],
            [_para(pagenodes.breakable_name(shown.notification.name,
                                            shown.notification.name),
                  nodes.Text(' ' + shown.notification.version))],
            [_para(_ref(vn_domain.PAYLOAD, shown.payload.name, docname,
                        breakable=True),
                  nodes.Text(' ' + shown.payload.version))],
            _sample_cell(shown.sample, docname)])
    return _table([SUMMARY_CLASS], SUMMARY_COLUMNS, cells)


def _sample_cell(sample, docname):
    link = _ref(vn_domain.SAMPLE, sample.name, docname, breakable=True)
    if sample.variant:
        return [_para(link, nodes.Text(' (variant)'))]
    return [_para(link)]


def _history_list(cls):
    items = nodes.bullet_list(bullet='*')
    for version, text in cls.history:
        line = model.history_line(version, text)
        item = nodes.list_item('', nodes.paragraph(line, line))
        changes = cls.changes.get(version)
        if changes:
            item += nodes.bullet_list(
                '', *(nodes.list_item('', _para(nodes.Text(change)))
                      for change in changes),
                bullet='-', classes=['vn-changes'])
        items += item
    if not cls.history:
        items += nodes.list_item('', _para(
            nodes.Text('No '), literal('# Version'),
            nodes.Text(' history in the class source.')))
    return items


def _facts(pairs):
    field_list = nodes.field_list(classes=[FACTS_CLASS])
    for label, value in pairs:
        # Inline nodes, or a block (a history list).
        body = value if isinstance(value, nodes.Body) else _para(*value)
        field_list += nodes.field(
            '', nodes.field_name(label, label), nodes.field_body('', body))
    return field_list


def _event_facts(shown, schema, docname):
    pairs = [
        ('Priority', [literal(shown.priority)]),
        ('Notification', [literal(shown.notification.name),
                          nodes.Text(' ' + shown.notification.version)]),
        ('Payload', [_ref(vn_domain.PAYLOAD, shown.payload.name, docname),
                     nodes.Text(' ' + shown.payload.version)]),
    ]
    if schema is not None:
        pairs.append(('Message schema',
                      [_ref(vn_domain.SCHEMA, schema.name, docname)]))
    if shown.payload.schema is not None:
        pairs.append(('Payload schema',
                      [_ref(vn_domain.SCHEMA, shown.payload.schema.name,
                            docname)]))
    pairs.append(('Notification history',
                  _history_list(shown.notification)))
    if shown.shows_fields:
        pairs.append(('Payload history', _history_list(shown.payload)))
    else:
        pairs.append(('Fields', [nodes.Text('see '),
                                 _ref(vn_domain.PAYLOAD, shown.payload.name,
                                      docname)]))
    return _facts(pairs)


def _payload_facts(payload, docname):
    pairs = [('Version', [nodes.Text(payload.version)])]
    if payload.schema is not None:
        pairs.append(('Schema', [_ref(vn_domain.SCHEMA, payload.schema.name,
                                      docname)]))
    pairs.append(('History', _history_list(payload)))
    return _facts(pairs)
