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

"""What a field type is on the wire, for any field type.

oslo.versionedobjects' own types describe themselves (``get_schema()``);
a project's own types often only have ``coerce()`` (Watcher's
``FlexibleDict``, ``FlexibleListOfDict``, ``Json``, ``Numeric``, a
``Dict`` of the bare ``FieldType``). :meth:`Describer.describe` gives every
type a JSON Schema, and where it can an example value, in this order:

1. **declared**: the project's ``field_types`` setting describes that
   exact class (``'module:Class' -> {'schema': ..., 'example': ...}``);
2. **its own get_schema()**, or that of the nearest oslo.versionedobjects
   class in its MRO whose ``get_schema()`` works (a subclass of
   ``fields.Dict`` whose own raises is described as a Dict; IPAddress and
   IPNetwork, whose oslo ``get_schema()`` raises, by the IPv4 and IPv6
   types that accept the same values);
3. **inferred from coerce()**: :data:`CANDIDATES` are offered to
   ``coerce()`` in order; the first one accepted, whose coerced value
   serializes (``to_primitive()``) to JSON, is the example, and the schema
   is inferred from that primitive (``FlexibleListOfDict`` → an array of
   objects, ``Json`` → a string, since it sends JSON text; a type that
   refuses ``"value"`` but takes a UUID → a string of format ``uuid``);
4. **any JSON value**: a type that accepts every candidate, whatever its
   shape (the bare ``FieldType``), or none of them. The schema is ``{}``
   with a note; the example is ``"value"`` when ``coerce()`` accepts it,
   otherwise there is none (a nullable field is then null, any other
   needs hand-written data).

The schema builders (:mod:`.schema`) and the sample values
(:mod:`.typedata`) both ask this module, so a sample and its schema never
disagree on what a type is. Probing is cached per field-type class: it
runs once per class, however many fields use it.

A :class:`Describer` also carries the project's ``complete_payloads``
contract, which decides which payload fields a schema requires (see
:attr:`Describer.complete_payloads`).
"""

import copy
import dataclasses
import functools
import json
import uuid

from oslo_versionedobjects import fields as ovo_fields

from versioned_notifications import errors
from versioned_notifications import fieldshape
from versioned_notifications import project as vn_project

__all__ = ['ANY_EXAMPLE', 'ANY_VALUE', 'CANDIDATES', 'DECLARED', 'DEFAULT',
           'Describer', 'Description', 'DescriptionError', 'INFERRED',
           'NOTE_KEY', 'NO_EXAMPLE', 'OWN_SCHEMA', 'PROBE_UUID', 'declaration',
           'dedupe_enum', 'description_words', 'infer_schema', 'probe',
           'schema_words', 'type_name', 'type_spec']

DECLARED = 'declared by the project'
OWN_SCHEMA = 'its own get_schema()'
INFERRED = 'inferred from coerce()'
ANY_VALUE = 'any JSON value'

# A UUID offered to coerce(): a project's own UUID type often has no
# get_schema() and refuses any other string.
PROBE_UUID = str(uuid.uuid5(uuid.NAMESPACE_URL,
                            'versioned-notifications:fieldtypes'))

# Offered to coerce() in this order, the most specific shape first: a
# list of objects before an object (FlexibleListOfDict's list() would
# turn an object into the list of its keys), an object before a plain
# list, any string before a UUID (a type taking only the UUID is a UUID
# type), and 1.5 before 1 (a type that keeps fractions is a number; one
# that truncates them still shows an integer in its primitive).
CANDIDATES = (
    [{'key': 'value'}],
    {'key': 'value'},
    ['value'],
    'value',
    PROBE_UUID,
    1.5,
    1,
    True,
)

# The JSON kinds a type must accept all of to be "any JSON value" rather
# than the first of them it accepts.
_ALL_KINDS = frozenset(('object', 'array', 'string', 'number', 'boolean'))

# The example value of an "any JSON value" type, when it accepts it.
ANY_EXAMPLE = 'value'

# Key of the note saying how a schema was arrived at, when the type did
# not describe itself; AsyncAPI allows x- keys in its schemas.
NOTE_KEY = 'x-versioned-notifications-described-by'


class _NoExample:
    def __repr__(self):
        return 'NO_EXAMPLE'


# The description has no example: derive one from the schema, or give
# hand-written data.
NO_EXAMPLE = _NoExample()


class DescriptionError(errors.VersionedNotificationsError):
    """A field type cannot be described; the message says why."""


@dataclasses.dataclass(frozen=True)
class Description:
    # JSON Schema of the type's primitive; copy before changing it.
    schema: dict
    # A value the type accepts, or NO_EXAMPLE.
    example: object
    # DECLARED, OWN_SCHEMA, 'as oslo <Class>', INFERRED or ANY_VALUE.
    how: str

    @property
    def is_fallback(self):
        """Whether the type did not describe itself (worth a note)."""
        return self.how in (INFERRED, ANY_VALUE)


def type_name(field_type):
    return type(field_type).__name__


def type_spec(field_type):
    """``'module:Class'`` of a field type, as ``field_types`` names it."""
    return '%s:%s' % (type(field_type).__module__,
                      type(field_type).__qualname__)


def declaration(field_type):
    """How a project declares what ``field_type`` sends."""
    return ('NotificationProject(field_types={%r: {"schema": <JSON Schema '
            'of what it sends>, "example": <a value it sends>}})'
            % type_spec(field_type))


def _json_kind(value):
    if value is None:
        return 'null'
    if isinstance(value, bool):
        return 'boolean'
    if isinstance(value, int):
        return 'integer'
    if isinstance(value, float):
        return 'number'
    if isinstance(value, str):
        return 'string'
    if isinstance(value, (list, tuple)):
        return 'array'
    return 'object'


def infer_schema(value):
    """The JSON Schema of the shape of the JSON value ``value``."""
    kind = _json_kind(value)
    schema = {'type': [kind]}
    if kind == 'array' and value:
        schema['items'] = infer_schema(value[0])
    return schema


def _primitive(field_type, value):
    """The JSON form ``field_type`` sends ``value`` as, or raises."""
    coerced = field_type.coerce(None, 'value', copy.deepcopy(value))
    primitive = field_type.to_primitive(None, 'value', coerced)
    # Through JSON and back: what a consumer would see, or an error for a
    # value that has no JSON form.
    return json.loads(json.dumps(primitive, allow_nan=False))


@functools.cache
def probe(type_class):
    """What an instance of ``type_class`` accepts, found through its
    ``coerce()``: a :class:`Description` (INFERRED or ANY_VALUE).

    Cached per class: every candidate is offered once per class.
    """
    try:
        field_type = type_class()
    except Exception:
        # Types whose constructor needs arguments are probed by instance
        # (see Describer.describe), uncached.
        return None
    return _probe_instance(field_type)


def _probe_instance(field_type):
    accepted = []
    for candidate in CANDIDATES:
        try:
            primitive = _primitive(field_type, candidate)
        except Exception:  # noqa: S112 - a refusal is the answer sought
            continue
        accepted.append((candidate, primitive))
    name = type_name(field_type)
    kinds = {_json_kind(primitive) for _, primitive in accepted}
    kinds = {'number' if kind == 'integer' else kind for kind in kinds}
    if accepted and not kinds >= _ALL_KINDS:
        candidate, primitive = accepted[0]
        schema = infer_schema(primitive)
        if candidate == PROBE_UUID:
            # Any other string refused: what it takes is a UUID.
            schema['format'] = 'uuid'
        schema['$comment'] = (
            '%s has no get_schema(); its shape is inferred from what its '
            'coerce() accepts' % name)
        schema[NOTE_KEY] = INFERRED
        return Description(schema=schema, example=copy.deepcopy(candidate),
                           how=INFERRED)
    example = NO_EXAMPLE
    if any(candidate == ANY_EXAMPLE for candidate, _ in accepted):
        example = ANY_EXAMPLE
    schema = {
        'description': ('Any JSON value: the field type %s does not '
                        'describe itself.' % name),
        NOTE_KEY: ANY_VALUE,
    }
    return Description(schema=schema, example=example, how=ANY_VALUE)


# oslo field types whose get_schema() raises ("has no pattern"), described
# by the oslo types that accept the same values.
_EQUIVALENTS = {
    ovo_fields.IPAddress: (ovo_fields.IPV4Address, ovo_fields.IPV6Address),
    ovo_fields.IPNetwork: (ovo_fields.IPV4Network, ovo_fields.IPV6Network),
}


def _own_schema(field_type):
    """(schema, how) from the type's own ``get_schema()``, else from the
    nearest oslo.versionedobjects class in its MRO whose one works; or
    None."""
    own = True
    for klass in type(field_type).__mro__:
        equivalents = _EQUIVALENTS.get(klass)
        if equivalents:
            return ({'anyOf': [kind().get_schema() for kind in equivalents]},
                    OWN_SCHEMA if klass is type(field_type)
                    else 'as oslo %s' % klass.__name__)
        method = klass.__dict__.get('get_schema')
        if method is None:
            continue
        # Past the type's own get_schema(), only oslo's classes are known
        # to describe what their subclasses send.
        if own or klass.__module__ == ovo_fields.__name__:
            try:
                schema = method(field_type)
                # Plain JSON from here on: oslo gives enum values as a
                # tuple.
                schema = json.loads(json.dumps(schema))
            except Exception:  # noqa: S112 - NotImplementedError mostly
                schema = None
            if isinstance(schema, dict):
                return schema, (OWN_SCHEMA if own
                                else 'as oslo %s' % klass.__name__)
        own = False
    return None


def dedupe_enum(schema):
    """``schema`` with its enum values each listed once, first-seen order
    kept: JSON Schema (and AsyncAPI's check of it) wants them unique, and
    some projects list a value twice (Nova's power states, '_unused')."""
    values = schema.get('enum')
    if not isinstance(values, list):
        return schema
    unique = []
    for value in values:
        if value not in unique:
            unique.append(value)
    if len(unique) != len(values):
        schema = dict(schema, enum=unique)
    return schema


class Describer:
    """Describes field types for one project: its declared ``field_types``
    first, then the rules of this module. Use :meth:`for_project`."""

    def __init__(self, field_types=None, complete_payloads=False):
        # type class -> Description, from the project's declarations.
        self._declared = dict(field_types or {})
        # Whether every field of a payload (nested objects included) is
        # always sent: True only when the project's emit() refuses a
        # payload with an unset field. oslo.versionedobjects itself sends
        # only the fields that are set, so by default a schema requires
        # none of them.
        self.complete_payloads = bool(complete_payloads)

    @classmethod
    def for_project(cls, project):
        """The describer of a NotificationProject (or None: the default).

        Raises ProjectError for an unusable ``field_types`` entry.
        """
        if project is None:
            return DEFAULT
        declared = {}
        for spec, entry in getattr(project, 'field_types', ()):
            what = 'field_types[%r]' % (spec,)
            type_class = vn_project.resolve(spec, what)
            if not isinstance(type_class, type) or not issubclass(
                    type_class, ovo_fields.AbstractFieldType):
                raise vn_project.ProjectError(
                    '%s: %r is not an oslo.versionedobjects field type '
                    'class' % (what, type_class))
            declared[type_class] = _declared_description(what, entry)
        return cls(declared, getattr(project, 'complete_payloads', False))

    def declared(self, field_type):
        """The project's description of exactly this type, or None."""
        return self._declared.get(type(field_type))

    def describe(self, field_type):
        """The :class:`Description` of a field type (never raises)."""
        declared = self.declared(field_type)
        if declared is not None:
            return declared
        own = _own_schema(field_type)
        if own is not None:
            schema, how = own
            return Description(schema=dedupe_enum(schema),
                               example=NO_EXAMPLE, how=how)
        found = probe(type(field_type))
        if found is None:
            found = _probe_instance(field_type)
        return found

    def schema(self, field_type):
        """The type's JSON Schema, the caller's to change."""
        description = self.describe(field_type)
        if description.how in _SHARED:
            # Declared and probed descriptions are shared; own schemas
            # are made afresh by every describe().
            return json.loads(json.dumps(description.schema))
        return description.schema

    def fallback_notes(self, cls):
        """[(path, type name, how)] of the fields of versioned object
        class ``cls`` (their elements too, ``field[]``) whose type did not
        describe itself, sorted by path."""
        return [(path, type_name(field_type), description.how)
                for path, field_type, description
                in self.fallback_descriptions(cls)]

    def fallback_descriptions(self, cls):
        """[(path, field type, Description)] behind
        :meth:`fallback_notes`."""
        notes = []
        for name, field in sorted(cls.fields.items()):
            leaf, depth = fieldshape.of(field, self).leaf()
            if leaf.kind == fieldshape.OBJECT:
                continue
            description = self.describe(leaf.field_type)
            if description.is_fallback:
                path = '%s.%s%s' % (cls.obj_name(), name, '[]' * depth)
                notes.append((path, leaf.field_type, description))
        return notes


def _declared_description(what, entry):
    if isinstance(entry, str):
        # NotificationProject keeps each entry as JSON text.
        try:
            entry = json.loads(entry)
        except ValueError:
            pass
    if not isinstance(entry, dict):
        raise vn_project.ProjectError(
            '%s must be a dict with "schema" and "example", not %r'
            % (what, entry))
    unknown = sorted(set(entry) - {'schema', 'example'})
    if unknown:
        raise vn_project.ProjectError(
            '%s: unknown key(s) %s; the keys are "schema" and "example"'
            % (what, ', '.join(unknown)))
    schema = entry.get('schema')
    if not isinstance(schema, dict):
        raise vn_project.ProjectError(
            '%s: "schema" must be a JSON Schema (a dict), not %r'
            % (what, schema))
    try:
        schema = json.loads(json.dumps(schema))
        example = json.loads(json.dumps(entry.get('example')))
    except (TypeError, ValueError) as exc:
        raise vn_project.ProjectError('%s is not plain JSON: %s'
                                      % (what, exc)) from None
    if 'example' not in entry:
        example = NO_EXAMPLE
    return Description(schema=dedupe_enum(schema), example=example,
                       how=DECLARED)


# The descriptions describe() hands out again and again.
_SHARED = frozenset((DECLARED, INFERRED, ANY_VALUE))

# The describer of a project that declares nothing.
DEFAULT = Describer()


def schema_words(schema):
    """A JSON Schema's shape in a few words ("list of objects")."""
    types = schema.get('type')
    if isinstance(types, str):
        types = [types]
    types = [kind for kind in types or () if kind != 'null']
    if len(types) != 1:
        return ANY_VALUE
    kind = types[0]
    if kind == 'array':
        items = schema.get('items')
        if isinstance(items, dict) and items.get('type'):
            return 'list of %ss' % schema_words(items)
        return 'list'
    return {'object': 'object', 'string': 'string', 'integer': 'integer',
            'number': 'number', 'boolean': 'boolean'}.get(kind, kind)


def description_words(description):
    """A :class:`Description`'s shape in a few words."""
    if description.how == ANY_VALUE:
        return ANY_VALUE
    return schema_words(description.schema)
