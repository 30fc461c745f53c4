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
stable value of its type, set through the class's own field coercion::

    UUID        uuid5 of "Class.field"      DateTime   FIXED_INSTANT
    String      the field's name            Integer    1
    Enum        its first valid value       Boolean    True
    Object      built the same way          List, Set  one element
    Dict        {"key": one element}        nullable   a value, not null

Types this module does not know (a project's own field types) get the
value :mod:`versioned_notifications.fieldtypes` finds for them: the
project's declared example, a value of the JSON Schema they describe
themselves with (``get_schema()``), or one their ``coerce()`` accepts;
nullable fields of a type that accepts nothing known are null.
Hand-written values, given as ``overrides``, replace derived ones field by
field. Every field that cannot be given a value is reported at once.

Nothing here reads the clock or a random source: the same classes give the
same objects in every process.
"""

from collections.abc import Mapping
import copy
import datetime
import functools
import inspect
import json
import uuid

from oslo_serialization import jsonutils
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields

from versioned_notifications import catalog as vn_catalog
from versioned_notifications import fieldtypes

# The instant every derived DateTime field holds.
FIXED_INSTANT = datetime.datetime(2016, 10, 18, 9, 52, 5,
                                  tzinfo=datetime.timezone.utc)

# Namespace of the UUIDs derived from "Class.field"; changing it changes
# every derived UUID in every sample.
UUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL,
                            'versioned-notifications:typedata')

# The key of the one entry of a derived dict.
DICT_KEY = 'key'


class TypeDataError(Exception):
    """A value cannot be derived or is refused; the message names the
    object and field (``Payload.audit.uuid``) and says what to do.

    ``problems`` lists each failing field's own message.
    """

    def __init__(self, message, problems=None):
        super().__init__(message)
        self.problems = list(problems or [message])


def _problems_error(cls, problems):
    if len(problems) == 1:
        return TypeDataError(problems[0])
    return TypeDataError(
        '%d fields of %s cannot be given a value:\n  %s'
        % (len(problems), cls.obj_name(), '\n  '.join(problems)), problems)


def derived_uuid(obj_name, field_name):
    """The stable UUID of field ``field_name`` of class ``obj_name``."""
    return str(uuid.uuid5(UUID_NAMESPACE, '%s.%s' % (obj_name, field_name)))


def _scalar_rules():
    # Most specific first: Enum is a String, the IPv6 types are IP types.
    return (
        (fields.Enum, lambda ftype, owner, name: list(
            ftype._valid_values)[0]),
        (fields.VersionPredicate, lambda ftype, owner, name: '>=1.0'),
        (fields.String, lambda ftype, owner, name: name),
        (fields.UUID, lambda ftype, owner, name: derived_uuid(owner, name)),
        (fields.MACAddress, lambda ftype, owner, name: '52:54:00:12:34:56'),
        (fields.PCIAddress, lambda ftype, owner, name: '0000:00:01.0'),
        (fields.IPV6Network, lambda ftype, owner, name: '2001:db8::/64'),
        (fields.IPNetwork, lambda ftype, owner, name: '192.0.2.0/24'),
        (fields.IPV6Address, lambda ftype, owner, name: '2001:db8::1'),
        (fields.IPAddress, lambda ftype, owner, name: '192.0.2.1'),
        (fields.Boolean, lambda ftype, owner, name: True),
        (fields.Integer, lambda ftype, owner, name: 1),
        (fields.NonNegativeInteger, lambda ftype, owner, name: 1),
        (fields.Float, lambda ftype, owner, name: 1.5),
        (fields.NonNegativeFloat, lambda ftype, owner, name: 1.5),
        (fields.DateTime, lambda ftype, owner, name: FIXED_INSTANT),
    )


_SCALAR_RULES = _scalar_rules()


def _from_schema(schema, owner, name):
    """A value matching a JSON Schema fragment, for field types that only
    describe themselves."""
    if schema.get('enum'):
        return list(schema['enum'])[0]
    types = schema.get('type', [])
    if isinstance(types, str):
        types = [types]
    types = [t for t in types if t != 'null']
    if not types:
        raise TypeDataError('its JSON Schema %r names no type' % (schema,))
    kind = types[0]
    if kind == 'object':
        inner = schema.get('additionalProperties')
        return {DICT_KEY: _from_schema(inner, owner, name)
                if isinstance(inner, dict) else 'value'}
    if kind == 'array':
        items = schema.get('items')
        return [_from_schema(items, owner, name)
                if isinstance(items, dict) else 'value']
    if kind == 'string':
        if schema.get('format') == 'uuid':
            return derived_uuid(owner, name)
        if schema.get('format') == 'date-time':
            return FIXED_INSTANT
        return name
    if kind == 'integer':
        return 1
    if kind == 'number':
        return 1.5
    if kind == 'boolean':
        return True
    raise TypeDataError('its JSON Schema type %r is not supported' % kind)


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
        problems = []
        try:
            for name in sorted(cls.fields):
                try:
                    self.set_field(obj, cls, name, overrides, path)
                except TypeDataError as exc:
                    problems.extend(exc.problems)
        finally:
            self.stack.pop()
        if problems:
            raise _problems_error(cls, problems)
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
            value, origin = self.value(field, cls.obj_name(), name,
                                       where), 'derived'
        try:
            setattr(obj, name, value)
        except Exception as exc:
            raise TypeDataError(
                '%s: the %s value %r is refused by %s: %s'
                % (where, origin, value, field.describe(), exc)) from exc

    def override(self, field, value, where):
        obj_name = getattr(field._type, '_obj_name', None)
        if obj_name is not None and isinstance(value, Mapping):
            return self.build(registered_class(obj_name), value, where)
        return value

    def value(self, field, owner, name, where):
        ftype = field._type
        declared = self.describer.declared(ftype)
        if declared is not None:
            return self.described(field, declared, owner, name, where)
        if isinstance(ftype, fields.Object):
            if ftype._obj_name in self.stack:
                if field.nullable:
                    return None
                raise TypeDataError(
                    '%s: %s contains itself through non-nullable object '
                    'fields; give hand-written data for this field'
                    % (where, ftype._obj_name))
            return self.build(registered_class(ftype._obj_name), {}, where)
        if isinstance(ftype, fields.List):
            inner = ftype._element_type
            if (isinstance(inner._type, fields.Object)
                    and inner._type._obj_name in self.stack):
                return []
            return [self.value(inner, owner, name, where + '[0]')]
        if isinstance(ftype, fields.Set):
            return {self.value(ftype._element_type, owner, name,
                               where + '[0]')}
        if isinstance(ftype, fields.Dict):
            return {DICT_KEY: self.value(ftype._element_type, owner, name,
                                         '%s[%s]' % (where, DICT_KEY))}
        for kind, rule in _SCALAR_RULES:
            if isinstance(ftype, kind):
                return rule(ftype, owner, name)
        return self.described(field, self.describer.describe(ftype), owner,
                              name, where)

    def described(self, field, description, owner, name, where):
        """A value of a field type by its :class:`fieldtypes.Description`.
        """
        if description.example is not fieldtypes.NO_EXAMPLE:
            return copy.deepcopy(description.example)
        if description.how != fieldtypes.ANY_VALUE:
            try:
                return _from_schema(description.schema, owner, name)
            except TypeDataError as exc:
                problem = '%s (%s)' % (exc, description.how)
        else:
            problem = ('it does not describe itself (get_schema()) and its '
                       'coerce() accepts none of %s'
                       % ', '.join(json.dumps(c)
                                   for c in fieldtypes.CANDIDATES))
        if field.nullable:
            return None
        raise TypeDataError(
            '%s: cannot derive a value of type %s: %s; give hand-written '
            'data for it or declare the type in the project\'s field_types'
            % (where, field.describe(), problem))


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
