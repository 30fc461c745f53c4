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

"""JSON Schemas of a project's payloads and notification messages.

Every field is described by its type's own ``get_schema()``, and every
object has the shape of oslo.versionedobjects' ``to_json_schema()`` (the
tests hold the two equal where oslo's works). What differs from oslo's:

* ``$schema`` is JSON Schema draft-07 (oslo says draft-04, but nothing in its
  output differs between the two), because draft-07 is what AsyncAPI 3.0
  payloads are written in, so the same schemas serve both.
* A nested object is a ``$ref`` to that object's own schema instead of a
  copy inlined at every use. In a schema file the referenced schemas are
  in the file's ``definitions``, so each file validates on its own without
  fetching others; in the AsyncAPI document they are its
  ``components/schemas``.
* The primitive's ``<namespace>.name`` and ``<namespace>.namespace`` are
  ``const`` (taken from the class, whatever its serial namespace), and
  ``<namespace>.version`` accepts any minor version of the documented major
  version. The field data does not forbid unknown fields. A consumer that
  validates against the 1.0 schema therefore accepts the 1.1 payload that
  only added a field, as oslo.versionedobjects' compatibility rules
  promise.
* oslo's slips are repaired: a nullable enum also lists ``null`` among its
  values; an enum lists each value once; ``readonly`` is JSON Schema's
  ``readOnly``; IPAddress and IPNetwork, whose ``get_schema()`` raises,
  are described by the IPv4 and IPv6 types that accept the same values; a
  ``oneOf`` that only a format check could decide is an ``anyOf``.
* A field type that does not describe itself is described anyway, by the
  project's declaration, the nearest oslo type it derives from, what its
  ``coerce()`` accepts, or as any JSON value
  (:mod:`versioned_notifications.fieldtypes`).
* Each field says what it means: its ``description`` is the class's
  ``:field name: text`` docstring entry as plain text
  (:mod:`versioned_notifications.fielddescriptions`), followed by what
  its type says of its values where the type says something.
* ``required`` lists only the fields that are always sent.
  oslo.versionedobjects' ``obj_to_primitive()`` leaves out every field
  that is not set, whether nullable or not, so by default no data field
  is required. A project whose emit refuses a payload with an unset field
  says so with ``complete_payloads = True``; then every field of a payload
  and of the objects nested in it is required (a nullable one is sent as
  null, but it is sent).

Schema files, relative to the schema directory (``samples/schemas``):

``payloads/<ObjectName>.json``
    Each payload class a sample carries and every object nested in one.
``notifications/<event_type>.json``
    The oslo.messaging message of each event type: ``event_type``,
    ``priority``, ``publisher_id``, ``message_id``, ``timestamp`` and the
    payload.

Everything here is a pure function of the classes; the result is
deterministic once serialized with sorted keys.
"""

import copy
import inspect
import json

from oslo_versionedobjects import fields as ovo_fields

from versioned_notifications import catalog as vn_catalog
from versioned_notifications import errors
from versioned_notifications import fielddescriptions
from versioned_notifications import fieldshape
from versioned_notifications import fieldtypes
from versioned_notifications import versions as vn_versions

__all__ = ['DRAFT', 'MESSAGE_DIR', 'PAYLOAD_DIR', 'SchemaError',
           'TIMESTAMP_PATTERN', 'definitions_ref', 'event_groups',
           'field_schema', 'message_document', 'message_path',
           'message_schema', 'object_schema', 'payload_document',
           'payload_path', 'registered_class', 'schema_documents',
           'type_schema']

DRAFT = 'http://json-schema.org/draft-07/schema#'
PAYLOAD_DIR = 'payloads'
MESSAGE_DIR = 'notifications'

# oslo.messaging stamps a message with str(timeutils.utcnow()), which
# leaves the fraction out when the microseconds are 0.
TIMESTAMP_PATTERN = r'^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$'


class SchemaError(errors.VersionedNotificationsError):
    """A schema cannot be built; the message names the class and field.

    ``problems`` lists each problem found (one per failing field).
    """

    def __init__(self, message, problems=None):
        super().__init__(message)
        self.problems = list(problems or [message])


def definitions_ref(obj_name):
    """Where a schema file keeps the schema of a nested object."""
    return '#/definitions/%s' % obj_name


def payload_path(obj_name):
    return '%s/%s.json' % (PAYLOAD_DIR, obj_name)


def message_path(event_type):
    return '%s/%s.json' % (MESSAGE_DIR, event_type)


def registered_class(obj_name, wanted_by):
    """The newest registered version of ``obj_name`` (what oslo's
    ``Object.get_schema()`` describes), or a SchemaError naming where."""
    try:
        return vn_catalog.newest(obj_name, wanted_by)
    except vn_catalog.CatalogError as exc:
        raise SchemaError(str(exc)) from None


def type_schema(field_type, describer):
    """What the field type is, by :meth:`fieldtypes.Describer.describe`:
    its own ``get_schema()`` or, when it has none, the best substitute."""
    schema = describer.schema(field_type)
    return fieldtypes.dedupe_enum(_formats_either(schema))


def _formats_either(schema):
    """A ``oneOf`` whose branches differ only in ``format`` as ``anyOf``
    (oslo's IPV4AndV6Address): a validator that does not assert formats,
    the draft-07 default, finds every branch valid, so ``oneOf`` would
    reject every value."""
    branches = schema.get('oneOf')
    if branches and len({repr(sorted((k, v) for k, v in branch.items()
                                     if k != 'format'))
                         for branch in branches}) == 1:
        schema = dict(schema)
        schema['anyOf'] = schema.pop('oneOf')
    return schema


class _ElementSlot(ovo_fields.FieldType):
    """Stands for a compound type's element while the compound describes
    itself, so that its element is described by :func:`field_schema`."""

    MARK = 'x-versioned-notifications-element'

    def get_schema(self):
        return {'type': [], self.MARK: True}


def _compound_schema(shape, ref, where, describer):
    """A List, Set or Dict as its own ``get_schema()`` shapes it, with its
    element (which oslo would inline, objects and all) described here."""
    shell = copy.copy(shape.field_type)
    shell._element_type = ovo_fields.Field(_ElementSlot())
    schema = dict(type_schema(shell, describer))
    for key, value in schema.items():
        if isinstance(value, dict) and value.get(_ElementSlot.MARK):
            schema[key] = _shape_schema(shape.element, ref,
                                        '%s element' % where, describer)
    return schema


def _is_any_value(schema):
    return schema.get(fieldtypes.NOTE_KEY) == fieldtypes.ANY_VALUE


def field_schema(field, ref=definitions_ref, where='field', describer=None,
                 description=None):
    """The schema of one field (or of a compound field's element).

    The type's own ``get_schema()`` says what a value is; nullability,
    default and read-only are added as oslo's ``Field.get_schema()`` adds
    them, without its slips (a nullable type without ``type``, a nullable
    enum without null). Objects become ``{'$ref': ref(name)}``. Types are
    described by ``describer`` (default: :data:`fieldtypes.DEFAULT`).
    ``description`` (plain text) says what the field means.
    """
    describer = describer or fieldtypes.DEFAULT
    return _shape_schema(fieldshape.of(field, describer), ref, where,
                         describer, description)


def _shape_schema(shape, ref, where, describer, description=None):
    field = shape.field
    if shape.kind == fieldshape.OBJECT:
        schema = {'$ref': ref(shape.obj_name)}
    elif shape.is_compound:
        schema = _compound_schema(shape, ref, where, describer)
    else:
        schema = dict(type_schema(shape.field_type, describer))
    extras = {}
    if field.read_only:
        extras['readOnly'] = True
    if field.default is not ovo_fields.UnspecifiedDefault:
        extras['default'] = _default(field, where)
    if description:
        extras['description'] = description
    if field.nullable and _is_any_value(schema):
        # null is already a JSON value.
        pass
    elif field.nullable:
        if isinstance(schema.get('type'), list):
            schema['type'] = schema['type'] + ['null']
            if 'enum' in schema and None not in schema['enum']:
                schema['enum'] = list(schema['enum']) + [None]
        else:
            schema = {'anyOf': [schema, {'type': 'null'}]}
    elif '$ref' in schema and extras:
        # Keywords next to $ref are ignored in draft-07.
        schema = {'allOf': [schema]}
    if 'description' in extras and 'description' in schema:
        # What the field means, then what its type says of its values.
        extras['description'] += ' ' + schema['description']
    schema.update(extras)
    return schema


def _default(field, where):
    try:
        value = field.to_primitive(None, where, field.default)
        value = json.loads(json.dumps(value))
    except Exception as exc:
        raise SchemaError('%s: the default %r has no JSON form (%s)'
                          % (where, field.default, exc)) from None
    return value


def _summary(cls):
    """The first paragraph of the class's own docstring, on one line."""
    doc = cls.__dict__.get('__doc__')
    if not doc:
        return None
    paragraph = inspect.cleandoc(doc).split('\n\n')[0]
    return ' '.join(paragraph.split())


def _problems_error(problems):
    """One SchemaError listing every problem found."""
    if len(problems) == 1:
        return SchemaError(problems[0])
    return SchemaError('%d fields cannot be described:\n  %s'
                       % (len(problems), '\n  '.join(problems)), problems)


def object_schema(cls, ref=definitions_ref, describer=None):
    """The schema of the primitive of ``cls``, nested objects as
    ``{'$ref': ref(name)}``.

    The primitive's shape is that of oslo's ``to_json_schema()`` (which
    the tests hold it to), assembled here because oslo's raises for a
    class with an IP address field and inlines every nested object. Only
    ``required`` differs: see the module's documentation.

    Raises one :class:`SchemaError` naming every field of ``cls`` that
    cannot be described.
    """
    describer = describer or fieldtypes.DEFAULT
    name = cls.obj_name()
    key = cls._obj_primitive_key
    properties = {}
    problems = []
    descriptions = fielddescriptions.read(cls)
    for field_name, field in sorted(cls.fields.items()):
        where = '%s.%s' % (name, field_name)
        try:
            for obj_name in fieldshape.of(field).object_names():
                registered_class(obj_name, where)
            properties[field_name] = field_schema(
                field, ref, where, describer,
                fielddescriptions.plain(descriptions.get(field_name, '')))
        except SchemaError as exc:
            problems.extend(exc.problems)
    if problems:
        raise _problems_error(problems)
    data = {
        'type': 'object',
        'description': 'fields of %s' % name,
        'properties': properties,
    }
    # oslo sends the fields that are set: only a project that refuses to
    # emit an unset field promises any (see the module documentation).
    if describer.complete_payloads and properties:
        data['required'] = sorted(properties)
    try:
        major = vn_versions.parse(cls.VERSION)[0]
    except vn_versions.VersionError as exc:
        raise SchemaError('%s: VERSION %s' % (name, exc)) from None
    schema = {
        '$schema': DRAFT,
        '$comment': ('%s %s (%s.%s); generated by versioned-notifications, '
                     'do not edit' % (name, cls.VERSION, cls.__module__,
                                      cls.__qualname__)),
        'title': name,
        'type': ['object'],
        'properties': {
            key('namespace'): {'type': 'string',
                               'const': cls.OBJ_PROJECT_NAMESPACE},
            key('name'): {'type': 'string', 'const': name},
            key('version'): {
                'type': 'string',
                'pattern': r'^%d\.[0-9]+$' % major,
                'examples': [cls.VERSION],
            },
            key('changes'): {'type': 'array', 'items': {'type': 'string'}},
            key('data'): data,
        },
        'required': [key('namespace'), key('name'), key('version'),
                     key('data')],
    }
    summary = _summary(cls)
    if summary:
        schema['description'] = summary
    return schema


def _document(schema, classes, top=None, describer=None, made=None):
    """``schema`` made self-contained: the objects it reaches become its
    ``definitions``, except ``top``, which is the document itself.
    ``made`` ({class: definition}) keeps the definitions of a document
    without ``top`` for the next one."""
    definitions = {}
    for cls in classes:
        name = cls.obj_name()
        if name == top:
            continue
        nested = made.get(cls) if made is not None else None
        if nested is None:
            nested = object_schema(cls, lambda obj_name: _file_ref(obj_name,
                                                                   top),
                                   describer)
            del nested['$schema']
            if made is not None:
                made[cls] = nested
        definitions[name] = nested
    if definitions:
        schema['definitions'] = definitions
    return schema


def _file_ref(obj_name, top):
    return '#' if obj_name == top else definitions_ref(obj_name)


def payload_document(cls, describer=None):
    """The self-contained schema file of one object class."""
    name = cls.obj_name()
    schema = object_schema(cls, lambda obj_name: _file_ref(obj_name, name),
                           describer)
    return _document(schema, vn_catalog.object_closure([cls]), top=name,
                     describer=describer)


def event_groups(samples):
    """event type -> (notification classes, payload classes), sorted."""
    groups = {}
    for sample in samples:
        event_type = getattr(sample, 'event_type', None)
        if not event_type:
            raise SchemaError('sample %s has no event type; a message '
                              'schema is made per event type'
                              % getattr(sample, 'name', sample))
        notifications, payloads = groups.setdefault(event_type, ({}, {}))
        notifications[sample.notification_class.obj_name()] = (
            sample.notification_class)
        payloads[sample.payload_class.obj_name()] = sample.payload_class
    return {
        event_type: ([n[k] for k in sorted(n)], [p[k] for k in sorted(p)])
        for event_type, (n, p) in sorted(groups.items())}


def _class_list(classes):
    return ', '.join('%s %s' % (cls.obj_name(), cls.VERSION)
                     for cls in classes)


def message_schema(event_type, notification_classes, payload_classes,
                   ref=definitions_ref):
    """The schema of the oslo.messaging message of one event type, its
    payload a reference to the payload class's schema."""
    payloads = [{'$ref': ref(cls.obj_name())} for cls in payload_classes]
    uuid = ovo_fields.UUID().get_schema()
    return {
        '$schema': DRAFT,
        'title': event_type,
        'description': (
            'The %s notification as oslo.messaging sends it: %s, carrying '
            '%s.' % (event_type, _class_list(notification_classes),
                     _class_list(payload_classes))),
        'type': 'object',
        'required': list(vn_catalog.ENVELOPE_KEYS),
        'properties': {
            'event_type': {'type': 'string', 'const': event_type},
            'priority': {
                'type': 'string', 'enum': list(vn_catalog.WIRE_PRIORITIES),
                'description': 'Severity; also the last part of the '
                               'topic, in lower case.'},
            'publisher_id': {
                'type': 'string',
                'description': 'Service and host that sent the '
                               'notification, "<service>:<host>".'},
            'message_id': dict(uuid, type='string',
                               description='Unique ID of this message.'),
            'timestamp': {
                'type': 'string', 'pattern': TIMESTAMP_PATTERN,
                'description': 'When the message was sent (UTC), '
                               '"YYYY-MM-DD hh:mm:ss[.ffffff]".'},
            'payload': (payloads[0] if len(payloads) == 1
                        else {'anyOf': payloads}),
        },
    }


def message_document(event_type, notification_classes, payload_classes,
                     describer=None, made=None):
    """The self-contained schema file of one event type's message.

    ``made`` is a dict the caller keeps for documents of the same
    ``describer``: the object schemas made for one are reused, shared and
    not copied, by the next (read them, never change them).
    """
    schema = message_schema(event_type, notification_classes,
                            payload_classes)
    return _document(schema, vn_catalog.object_closure(payload_classes),
                     describer=describer, made=made)


def schema_documents(samples, describer=None):
    """Every schema file the samples call for, as {relative path:
    schema}, sorted by path.

    ``samples`` are the generator's samples, or anything with their
    ``event_type``, ``notification_class`` and ``payload_class``;
    ``describer`` is the project's :class:`fieldtypes.Describer`.

    Raises one :class:`SchemaError` naming every field of every class
    that cannot be described.
    """
    groups = event_groups(samples)
    payload_classes = {}
    for _, payloads in groups.values():
        for cls in payloads:
            payload_classes[cls.obj_name()] = cls
    documents = {}
    # Each class's own file first, so that one run reports every field
    # that cannot be described, not only the first class's.
    problems = []
    for cls in vn_catalog.object_closure(payload_classes.values()):
        try:
            documents[payload_path(cls.obj_name())] = payload_document(
                cls, describer)
        except SchemaError as exc:
            problems.extend(problem for problem in exc.problems
                            if problem not in problems)
    if problems:
        raise _problems_error(problems)
    for event_type, (notifications, payloads) in groups.items():
        documents[message_path(event_type)] = message_document(
            event_type, notifications, payloads, describer)
    return dict(sorted(documents.items()))
