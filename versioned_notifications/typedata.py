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

"""Deterministic data for a versioned object, derived from its fields.

A notification class without hand-written example data still gets a
sample: :func:`build` instantiates the real class and gives each field a
value a reader takes for an example, the first of its *candidates* that
the field's own ``coerce()`` accepts. A field's candidates, in order:

1. the example the project declares for its type (``field_types``), alone:
   a declared example the type refuses is an error naming the setting;
2. the rule of its exact oslo.versionedobjects type::

       UUID        uuid5 of "Class.field"  DateTime      FIXED_INSTANT
       String      the word (below)        Integer       1
       Enum        its first valid value   Boolean       True
       Float       1.5                     IPAddress     192.0.2.1
       MACAddress  52:54:00:12:34:56       IPV6Address   2001:db8::1

   (addresses from the documentation ranges, RFC 5737 and 3849);
3. the uuid5 when the type's class name says UUID (``MyUUID(String)``);
4. values of the type's JSON Schema (declared, its own ``get_schema()``
   or inferred from ``coerce()``; :mod:`versioned_notifications.fieldtypes`):
   its first ``enum`` value, a value of its ``format`` (uuid, date-time,
   ipv4, ipv6), the strings of 6. its ``pattern`` matches, else one of
   its ``type``;
5. the example :mod:`~versioned_notifications.fieldtypes` found through
   ``coerce()``, then the rule of the oslo type it derives from (a
   project's subclass says more of itself, by its name and schema, than
   the rule of its parent: ``MyUUID(String)`` is no name);
6. any of: the word, the field name, the uuid5, FIXED_INSTANT (as a
   datetime and as DateTime sends it), the documentation addresses, 1,
   1.5, True, ``{"key": "value"}``, ``["value"]``,
   ``[{"key": "value"}]``, ``"value"``.

The *word* of a field whose type says only "string" is its name, unless
the name says more: ``uuid`` and ``*_uuid`` (``*_uuids`` in a list) give
the uuid5, ``*_at`` the instant as DateTime sends it, ``host``, ``hosts``
and ``*_host`` the host name :data:`HOST`. Objects are built the same way,
recursively; lists and sets hold one element, dicts one entry
(``{"key": element}``); a nullable field gets a value, not null, unless
its type refuses every candidate. A field whose type refuses every
candidate is a :class:`Refusal`, naming the field, the values tried and
how to declare the type. Hand-written values, given as ``overrides``,
replace derived ones field by field. Every field that cannot be given a
value is reported at once.

Nothing here reads the clock or a random source: the same classes give the
same objects in every process.
"""

from collections.abc import Mapping
import copy
import dataclasses
import datetime
import functools
import inspect
import json
import re
import uuid

from oslo_serialization import jsonutils
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields

from versioned_notifications import catalog as vn_catalog
from versioned_notifications import errors
from versioned_notifications import fieldshape
from versioned_notifications import fieldtypes

__all__ = ['ADDRESSES', 'DICT_KEY', 'FIXED_INSTANT', 'FIXED_INSTANT_TEXT',
           'HOST', 'IPV4_ADDRESS', 'IPV4_NETWORK', 'IPV6_ADDRESS',
           'IPV6_NETWORK', 'MAC_ADDRESS', 'PCI_ADDRESS', 'Refusal',
           'TypeDataError', 'UUID_NAMESPACE', 'build', 'derived_primitive',
           'derived_uuid', 'example_word', 'new_object', 'registered_class']

# The instant every derived DateTime field holds.
FIXED_INSTANT = datetime.datetime(2016, 10, 18, 9, 52, 5,
                                  tzinfo=datetime.timezone.utc)
# The same instant as oslo's DateTime sends it.
FIXED_INSTANT_TEXT = FIXED_INSTANT.strftime('%Y-%m-%dT%H:%M:%SZ')

# Namespace of the UUIDs derived from "Class.field"; changing it changes
# every derived UUID in every sample.
UUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL,
                            'versioned-notifications:typedata')

# The key of the one entry of a derived dict.
DICT_KEY = 'key'

# The host name of a string field named host: a name, not a placeholder,
# and no service's in particular.
HOST = 'host-1'

# Addresses from the ranges reserved for documentation (RFC 5737, RFC
# 3849; a MAC address of QEMU's locally administered prefix, a PCI
# address of the first slot).
IPV4_ADDRESS = '192.0.2.1'
IPV6_ADDRESS = '2001:db8::1'
IPV4_NETWORK = '192.0.2.0/24'
IPV6_NETWORK = '2001:db8::/64'
MAC_ADDRESS = '52:54:00:12:34:56'
PCI_ADDRESS = '0000:00:01.0'
ADDRESSES = (IPV4_ADDRESS, IPV6_ADDRESS, IPV4_NETWORK, IPV6_NETWORK,
             MAC_ADDRESS, PCI_ADDRESS)


@dataclasses.dataclass(frozen=True)
class Refusal:
    """A field whose type's ``coerce()`` refuses every value derived for
    it."""

    # Where in the object built: 'Notification.payload.uuid'.
    where: str
    # The class and field: 'Payload.uuid'.
    field: str
    # The field type that refused (a compound's element type).
    field_type: object
    # The values offered, in order.
    tried: tuple

    @property
    def spec(self):
        """``'module:Class'`` of the type, as ``field_types`` names it."""
        return fieldtypes.type_spec(self.field_type)

    def tried_shown(self):
        return ', '.join(_shown(value) for value in self.tried)

    def __str__(self):
        return ('%s: cannot derive a value: its type %s refuses every value '
                'derived for it (tried %s); declare what it sends: %s, or '
                'give hand-written data for it'
                % (self.where, self.spec, self.tried_shown(),
                   fieldtypes.declaration(self.field_type)))


def _shown(value):
    if isinstance(value, datetime.datetime):
        return 'datetime %s' % value.isoformat()
    try:
        return json.dumps(value, sort_keys=True)
    except (TypeError, ValueError):
        return repr(value)


class TypeDataError(errors.VersionedNotificationsError):
    """A value cannot be derived or is refused; the message names the
    object and field (``Payload.audit.uuid``) and says what to do.

    ``problems`` lists each failing field's own message; ``refusals`` the
    :class:`Refusal` among them.
    """

    def __init__(self, message, problems=None, refusals=()):
        super().__init__(message)
        self.problems = list(problems or [message])
        self.refusals = list(refusals)

    @property
    def other_problems(self):
        """The messages of the problems that are no refusal."""
        refused = {str(refusal) for refusal in self.refusals}
        return [problem for problem in self.problems
                if problem not in refused]


def _problems_error(cls, problems, refusals):
    if len(problems) == 1:
        return TypeDataError(problems[0], refusals=refusals)
    return TypeDataError(
        '%d fields of %s cannot be given a value:\n  %s'
        % (len(problems), cls.obj_name(), '\n  '.join(problems)), problems,
        refusals)


def derived_uuid(obj_name, field_name):
    """The stable UUID of field ``field_name`` of class ``obj_name``."""
    return str(uuid.uuid5(UUID_NAMESPACE, '%s.%s' % (obj_name, field_name)))


def example_word(obj_name, field_name):
    """The value of a field whose type says only "string": its name,
    unless the name says more."""
    name = field_name.lower()
    if name in ('uuid', 'uuids') or name.endswith(('_uuid', '_uuids')):
        return derived_uuid(obj_name, field_name)
    if name.endswith('_at'):
        return FIXED_INSTANT_TEXT
    if name in ('host', 'hosts') or name.endswith(('_host', '_hosts')):
        return HOST
    return field_name


def _scalar_rules():
    # Most specific first: Enum is a String, the IPv6 types are IP types.
    return (
        (fields.Enum, lambda ftype, owner, name: list(
            ftype._valid_values)[0]),
        (fields.VersionPredicate, lambda ftype, owner, name: '>=1.0'),
        (fields.String, lambda ftype, owner, name: example_word(
            owner, name)),
        (fields.UUID, lambda ftype, owner, name: derived_uuid(owner, name)),
        (fields.MACAddress, lambda ftype, owner, name: MAC_ADDRESS),
        (fields.PCIAddress, lambda ftype, owner, name: PCI_ADDRESS),
        (fields.IPV6Network, lambda ftype, owner, name: IPV6_NETWORK),
        (fields.IPNetwork, lambda ftype, owner, name: IPV4_NETWORK),
        (fields.IPV6Address, lambda ftype, owner, name: IPV6_ADDRESS),
        (fields.IPAddress, lambda ftype, owner, name: IPV4_ADDRESS),
        (fields.Boolean, lambda ftype, owner, name: True),
        (fields.Integer, lambda ftype, owner, name: 1),
        (fields.NonNegativeInteger, lambda ftype, owner, name: 1),
        (fields.Float, lambda ftype, owner, name: 1.5),
        (fields.NonNegativeFloat, lambda ftype, owner, name: 1.5),
        (fields.DateTime, lambda ftype, owner, name: FIXED_INSTANT),
    )


_SCALAR_RULES = _scalar_rules()


def _rule(ftype, exact):
    """The rule of ``ftype``'s own class (``exact``), or of the nearest
    class it derives from; or None."""
    for kind, rule in _SCALAR_RULES:
        if type(ftype) is kind if exact else isinstance(ftype, kind):
            return rule
    return None


def _within(number, schema):
    low, high = schema.get('minimum'), schema.get('maximum')
    if isinstance(low, (int, float)) and number < low:
        return low
    if isinstance(high, (int, float)) and number > high:
        return high
    return number


def _texts(schema, owner, name):
    """Strings for a JSON Schema of type string."""
    by_format = {
        'uuid': [derived_uuid(owner, name)],
        'date-time': [FIXED_INSTANT_TEXT, FIXED_INSTANT],
        'ipv4': [IPV4_ADDRESS],
        'ipv6': [IPV6_ADDRESS],
    }.get(schema.get('format'))
    if by_format:
        return by_format
    pattern = schema.get('pattern')
    if not isinstance(pattern, str):
        return [example_word(owner, name)]
    try:
        matches = re.compile(pattern).search
    except re.error:
        return []
    return [text for text in (example_word(owner, name), name,
                              derived_uuid(owner, name), FIXED_INSTANT_TEXT,
                              *ADDRESSES) if matches(text)]


def _schema_values(schema, owner, name):
    """Values a JSON Schema fragment describes, most telling first; none
    for a schema that names no type."""
    if not isinstance(schema, dict):
        return []
    if isinstance(schema.get('enum'), list) and schema['enum']:
        return [schema['enum'][0]]
    values = []
    for key in ('anyOf', 'oneOf'):
        for branch in schema.get(key) or ():
            values += _schema_values(branch, owner, name)
    kinds = schema.get('type', [])
    for kind in [kinds] if isinstance(kinds, str) else kinds:
        if kind == 'object':
            inner = _schema_values(schema.get('additionalProperties'),
                                   owner, name)
            values += [{DICT_KEY: value} for value in inner or ['value']]
        elif kind == 'array':
            inner = _schema_values(schema.get('items'), owner, name)
            values += [[value] for value in inner or ['value']]
        elif kind == 'string':
            values += _texts(schema, owner, name)
        elif kind == 'integer':
            values.append(_within(1, schema))
        elif kind == 'number':
            values.append(_within(1.5, schema))
        elif kind == 'boolean':
            values.append(True)
    return values


def _any_values(owner, name):
    """The candidates of last resort, the same for every type."""
    return [example_word(owner, name), name, derived_uuid(owner, name),
            FIXED_INSTANT, FIXED_INSTANT_TEXT, *ADDRESSES, 1, 1.5, True,
            {DICT_KEY: 'value'}, ['value'], [{DICT_KEY: 'value'}], 'value']


def _same(one, other):
    # 1 == True == 1.0, yet each is another candidate.
    return type(one) is type(other) and one == other


@functools.cache
def _constructor(cls):
    """The first ``__init__`` along the class's MRO that needs no
    argument.

    Payload classes often require the service objects they copy
    (``Payload(action_plan, audit)``); their parents' constructors, which
    set up the object's own state, usually do not. Calling the nearest one
    that can be called is what ``super().__init__()`` would have done.
    """
    for klass in cls.__mro__:
        init = klass.__dict__.get('__init__')
        if init is None:
            continue
        try:
            signature = inspect.signature(init)
        except (TypeError, ValueError):
            continue
        required = [
            p for p in list(signature.parameters.values())[1:]
            if p.default is p.empty
            and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
        if not required:
            return init
    return ovo_base.VersionedObject.__init__


def new_object(cls):
    """An instance of ``cls`` with no field set, made without calling a
    constructor that needs arguments."""
    obj = cls.__new__(cls)
    init = _constructor(cls)
    try:
        init(obj)
    except Exception as exc:
        raise TypeDataError(
            '%s: %s.__init__() without arguments failed: %s: %s'
            % (cls.obj_name(), init.__qualname__.split('.')[0],
               type(exc).__name__, exc)) from exc
    return obj


def registered_class(obj_name):
    """The newest registered version of the object named ``obj_name``."""
    try:
        return vn_catalog.newest(obj_name)
    except vn_catalog.CatalogError as exc:
        raise TypeDataError(str(exc)) from None


# The value of a compound of oslo's, made of one derived element.
_MADE = {
    fieldshape.LIST: lambda element: [element],
    fieldshape.SET: lambda element: {element},
    fieldshape.DICT: lambda element: {DICT_KEY: element},
}


class _Builder:
    def __init__(self, describer):
        self.describer = describer
        # Names of the objects being built, outermost first: a reference
        # back to one of them would recurse forever.
        self.stack = []

    def build(self, cls, overrides, path):
        if not isinstance(overrides, Mapping):
            raise TypeDataError('%s: hand-written data must be a dict of '
                                'field values, not %r' % (path, overrides))
        unknown = sorted(set(overrides) - set(cls.fields))
        if unknown:
            raise TypeDataError(
                '%s: hand-written data names %s, which %s has no field for'
                % (path, ', '.join(unknown), cls.obj_name()))
        obj = new_object(cls)
        self.stack.append(cls.obj_name())
        # Every field is tried, so that one run names all that fail.
        problems, refusals = [], []
        try:
            for name in sorted(cls.fields):
                try:
                    self.set_field(obj, cls, name, overrides, path)
                except TypeDataError as exc:
                    problems.extend(exc.problems)
                    refusals.extend(exc.refusals)
        finally:
            self.stack.pop()
        if problems:
            raise _problems_error(cls, problems, refusals)
        # Emitted notification objects are snapshots with no pending
        # changes; without this, plain oslo objects would list every field
        # under "<namespace>.changes". Nested objects built here were reset
        # by their own build().
        obj.obj_reset_changes()
        return obj

    def set_field(self, obj, cls, name, overrides, path):
        field = cls.fields[name]
        where = '%s.%s' % (path, name)
        if name in overrides:
            value, origin = self.override(field, overrides[name],
                                          where), 'hand-written'
        else:
            value, origin = self.value(field, obj, name, where), 'derived'
        try:
            setattr(obj, name, value)
        except Exception as exc:
            raise TypeDataError(
                '%s: the %s value %r is refused by %s: %s'
                % (where, origin, value, field.describe(), exc)) from exc

    def override(self, field, value, where):
        shape = fieldshape.of(field)
        if shape.kind == fieldshape.OBJECT and isinstance(value, Mapping):
            return self.build(registered_class(shape.obj_name), value, where)
        return value

    def value(self, field, obj, attr, where):
        """A value of ``field``, attribute ``attr`` of ``obj``, that the
        field's own ``coerce()`` accepts."""
        return self._shape_value(fieldshape.of(field, self.describer), obj,
                                 attr, where)

    def _shape_value(self, shape, obj, attr, where):
        # attr is name[0] for a list's element.
        field, ftype = shape.field, shape.field_type
        if shape.declared:
            declared = self.describer.declared(ftype)
            if declared.example is fieldtypes.NO_EXAMPLE:
                return self.accepted(field, obj, attr, where)
            example = copy.deepcopy(declared.example)
            try:
                field.coerce(obj, attr, copy.deepcopy(example))
            except Exception as exc:
                raise TypeDataError(
                    '%s: the example the project declares for %s, %s, is '
                    'refused by its coerce(): %s; correct field_types[%r]'
                    % (where, fieldtypes.type_name(ftype), _shown(example),
                       exc, fieldtypes.type_spec(ftype))) from exc
            return example
        if shape.kind == fieldshape.OBJECT:
            if shape.obj_name in self.stack:
                if field.nullable:
                    return None
                raise TypeDataError(
                    '%s: %s contains itself through non-nullable object '
                    'fields; give hand-written data for this field'
                    % (where, shape.obj_name))
            return self.build(registered_class(shape.obj_name), {}, where)
        if shape.kind not in _MADE:
            return self.accepted(field, obj, attr, where)
        inner = shape.element
        if (shape.kind == fieldshape.LIST
                and inner.kind == fieldshape.OBJECT
                and inner.obj_name in self.stack):
            return []
        key = DICT_KEY if shape.kind == fieldshape.DICT else 0
        try:
            element = self._shape_value(inner, obj, '%s[%s]' % (attr, key),
                                        '%s[%s]' % (where, key))
        except _Refused:
            # As a scalar field of a type refusing everything.
            if field.nullable:
                return None
            raise
        return _MADE[shape.kind](element)

    def candidates(self, ftype, owner, name):
        """The values to offer a field ``name`` of class ``owner`` whose
        type is ``ftype``, most telling first (see the module's
        docstring); repeats included."""
        declared = self.describer.declared(ftype)
        rule = None if declared else _rule(ftype, exact=True)
        if rule:
            yield rule(ftype, owner, name)
        if 'uuid' in type(ftype).__name__.lower():
            yield derived_uuid(owner, name)
        description = declared or self.describer.describe(ftype)
        yield from _schema_values(description.schema, owner, name)
        if description.example is not fieldtypes.NO_EXAMPLE:
            yield copy.deepcopy(description.example)
        rule = _rule(ftype, exact=False)
        if rule:
            yield rule(ftype, owner, name)
        yield from _any_values(owner, name)

    def accepted(self, field, obj, attr, where):
        """The first candidate the field's ``coerce()`` accepts; None for a
        nullable field that accepts none."""
        owner, name = type(obj).obj_name(), attr.split('[')[0]
        tried = []
        for candidate in self.candidates(field._type, owner, name):
            if any(_same(candidate, other) for other in tried):
                continue
            tried.append(candidate)
            try:
                field.coerce(obj, attr, copy.deepcopy(candidate))
            except Exception:  # noqa: S112 - a refusal is the answer sought
                continue
            return candidate
        if field.nullable:
            return None
        refusal = Refusal(where=where, field='%s.%s' % (owner, name),
                          field_type=field._type, tried=tuple(tried))
        raise _Refused(str(refusal), refusals=[refusal])


class _Refused(TypeDataError):
    """One field's type refuses every candidate."""


def build(cls, overrides=None, describer=None):
    """An instance of the versioned object class ``cls`` with every field
    set: hand-written ``overrides`` (field name -> value, a dict of nested
    overrides for an object field) where given, derived values elsewhere.

    ``describer`` is the project's :class:`fieldtypes.Describer` (default:
    one that knows no declared types).

    Raises one :class:`TypeDataError` naming every field whose value
    cannot be derived or is refused.
    """
    return _Builder(describer or fieldtypes.DEFAULT).build(
        cls, overrides or {}, cls.obj_name())


def derived_primitive(cls, describer=None):
    """The JSON primitive of :func:`build`'s object of ``cls``: what a
    derived sample of it sends."""
    return jsonutils.to_primitive(
        build(cls, describer=describer).obj_to_primitive(),
        convert_instances=True)
