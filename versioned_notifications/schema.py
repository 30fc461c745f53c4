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

Every schema starts from what oslo.versionedobjects says about the class:
``to_json_schema()`` for the object and each field's ``get_schema()`` for
its fields. On top of that:

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
* oslo's ``readonly`` becomes JSON Schema's ``readOnly``; a nullable enum
  also lists ``null`` among its values (oslo only adds it to ``type``, so
  its schema rejects the null it allows).

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

import inspect
import re

from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields

DRAFT = 'http://json-schema.org/draft-07/schema#'
PAYLOAD_DIR = 'payloads'
MESSAGE_DIR = 'notifications'

# The priorities oslo.messaging's Notifier writes into the message: its
# methods audit, debug, info, warn (and warning), error, critical and
# sample each send their name in upper case, WARN for both warn methods.
WIRE_PRIORITIES = ('AUDIT', 'CRITICAL', 'DEBUG', 'ERROR', 'INFO', 'SAMPLE',
                   'WARN')

# oslo.messaging stamps a message with str(timeutils.utcnow()), which
# leaves the fraction out when the microseconds are 0.
TIMESTAMP_PATTERN = r'^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$'


class SchemaError(Exception):
    """A schema cannot be built; the message names the class and field."""


def definitions_ref(obj_name):
    """Where a schema file keeps the schema of a nested object."""
    return '#/definitions/%s' % obj_name


def payload_path(obj_name):
    return '%s/%s.json' % (PAYLOAD_DIR, obj_name)


def message_path(event_type):
    return '%s/%s.json' % (MESSAGE_DIR, event_type)


def registered_class(obj_name, wanted_by):
    """The newest registered version of ``obj_name``, which is also what
    oslo's ``Object.get_schema()`` describes."""
    versions = ovo_base.VersionedObjectRegistry.obj_classes().get(obj_name)
    if not versions:
        raise SchemaError('%s names the object %s, which is not registered; '
                          'import the module that registers it'
                          % (wanted_by, obj_name))
    return versions[0]


def _object_names(field_type):
    """The names of the objects a field type holds, however deeply."""
    if isinstance(field_type, ovo_fields.Object):
        return [field_type._obj_name]
    if isinstance(field_type, ovo_fields.CompoundFieldType):
        # A compound type wraps its element type in a Field.
        return _object_names(field_type._element_type._type)
    return []


def nested_classes(cls):
    """The classes of the objects ``cls``'s fields hold, by name."""
    found = {}
    for name, field in sorted(cls.fields.items()):
        for obj_name in _object_names(field._type):
            found[obj_name] = registered_class(
                obj_name, '%s.%s' % (cls.obj_name(), name))
    return [found[name] for name in sorted(found)]


def object_closure(classes):
    """``classes`` and every object nested in them, sorted by name."""
    found = {}
    pending = list(classes)
    while pending:
        cls = pending.pop()
        if cls.obj_name() in found:
            continue
        found[cls.obj_name()] = cls
        pending.extend(nested_classes(cls))
    return [found[name] for name in sorted(found)]


def _referenced(field, schema, ref):
    """``schema`` (oslo's, for ``field``) with each inlined object replaced
    by a reference to its own schema."""
    field_type = field._type
    if isinstance(field_type, ovo_fields.Object):
        reference = {'$ref': ref(field_type._obj_name)}
        extras = {key: schema[key] for key in ('default', 'readonly')
                  if schema.get(key) not in (None, False)}
        # Keywords next to $ref are ignored in draft-07: wrap it.
        if field.nullable:
            reference = {'anyOf': [reference, {'type': 'null'}]}
        elif extras:
            reference = {'allOf': [reference]}
        reference.update(extras)
        return reference
    if isinstance(field_type, ovo_fields.CompoundFieldType):
        schema = dict(schema)
        for key in ('items', 'additionalProperties'):
            if isinstance(schema.get(key), dict):
                schema[key] = _referenced(field_type._element_type,
                                          schema[key], ref)
    return schema


def _repaired(schema):
    """oslo's ``readonly`` as ``readOnly``, and null among a nullable
    enum's values, at every level of ``schema``."""
    schema = {key: _repaired(value) if isinstance(value, dict) else value
              for key, value in schema.items()}
    if schema.pop('readonly', False):
        schema['readOnly'] = True
    if 'enum' in schema and 'null' in schema.get('type', ()) and (
            None not in schema['enum']):
        schema['enum'] = list(schema['enum']) + [None]
    return schema


def field_schema(field, ref=definitions_ref):
    """The schema of one field: oslo's ``get_schema()``, with nested
    objects referenced and the repairs the module docstring lists."""
    schema = field.get_schema()
    if _object_names(field._type):
        schema = _referenced(field, schema, ref)
    return _repaired(schema)


def _summary(cls):
    """The first paragraph of the class's own docstring, on one line."""
    doc = cls.__dict__.get('__doc__')
    if not doc:
        return None
    paragraph = inspect.cleandoc(doc).split('\n\n')[0]
    return ' '.join(paragraph.split())


def object_schema(cls, ref=definitions_ref):
    """The schema of the primitive of ``cls`` (the newest registered
    version of its name), nested objects as ``{'$ref': ref(name)}``."""
    name = cls.obj_name()
    for field_name, field in sorted(cls.fields.items()):
        for obj_name in _object_names(field._type):
            registered_class(obj_name, '%s.%s' % (name, field_name))
    try:
        schema = cls.to_json_schema()
    except RecursionError:
        raise SchemaError(
            '%s: oslo.versionedobjects cannot describe an object that '
            'contains itself' % name) from None
    key = cls._obj_primitive_key
    major = cls.VERSION.split('.')[0]
    properties = schema['properties']
    properties[key('name')] = {'type': 'string', 'const': name}
    properties[key('namespace')] = {
        'type': 'string', 'const': cls.OBJ_PROJECT_NAMESPACE}
    properties[key('version')] = {
        'type': 'string',
        'pattern': r'^%s\.[0-9]+$' % re.escape(major),
        'examples': [cls.VERSION],
    }
    properties[key('data')]['properties'] = {
        field_name: field_schema(field, ref)
        for field_name, field in cls.fields.items()}
    schema['$schema'] = DRAFT
    schema['$comment'] = ('%s %s (%s.%s); generated by '
                          'versioned-notifications, do not edit'
                          % (name, cls.VERSION, cls.__module__,
                             cls.__qualname__))
    summary = _summary(cls)
    if summary:
        schema['description'] = summary
    return schema


def _document(schema, classes, top=None):
    """``schema`` made self-contained: the objects it reaches become its
    ``definitions``, except ``top``, which is the document itself."""
    definitions = {
        cls.obj_name(): object_schema(cls, lambda name: _file_ref(name, top))
        for cls in classes if cls.obj_name() != top}
    for nested in definitions.values():
        del nested['$schema']
    if definitions:
        schema['definitions'] = definitions
    return schema


def _file_ref(obj_name, top):
    return '#' if obj_name == top else definitions_ref(obj_name)


def payload_document(cls):
    """The self-contained schema file of one object class."""
    name = cls.obj_name()
    schema = object_schema(cls, lambda obj_name: _file_ref(obj_name, name))
    return _document(schema, object_closure([cls]), top=name)


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
        'required': ['event_type', 'message_id', 'payload', 'priority',
                     'publisher_id', 'timestamp'],
        'properties': {
            'event_type': {'type': 'string', 'const': event_type},
            'priority': {
                'type': 'string', 'enum': list(WIRE_PRIORITIES),
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


def message_document(event_type, notification_classes, payload_classes):
    """The self-contained schema file of one event type's message."""
    schema = message_schema(event_type, notification_classes,
                            payload_classes)
    return _document(schema, object_closure(payload_classes))


def schema_documents(samples):
    """Every schema file the samples call for, as {relative path:
    schema}, sorted by path.

    ``samples`` are the generator's samples, or anything with their
    ``event_type``, ``notification_class`` and ``payload_class``.
    """
    groups = event_groups(samples)
    payload_classes = {}
    documents = {}
    for event_type, (notifications, payloads) in groups.items():
        documents[message_path(event_type)] = message_document(
            event_type, notifications, payloads)
        for cls in payloads:
            payload_classes[cls.obj_name()] = cls
    for cls in object_closure(payload_classes.values()):
        documents[payload_path(cls.obj_name())] = payload_document(cls)
    return dict(sorted(documents.items()))
