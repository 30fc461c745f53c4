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

"""What a regenerated sample keeps of the file it replaces.

A committed sample carries real data (a plan's ``state`` of
``CANCELLING``, a fault's exception, the UUID that another sample's
``action_plan_uuid`` repeats) that readers rely on; data derived from the
field types knows none of it. :func:`keep` therefore takes, value by
value, what the existing file says wherever the contract allows it, and
the generated value only where it must:

* the object names, namespaces and versions are the classes' (the
  contract);
* a field the class no longer has is dropped, a field the file lacks gets
  the generated (new) data;
* a value the field still accepts is kept verbatim: its type reads it
  without an error, as a consumer's ``obj_from_primitive`` would, and its
  JSON Schema holds it; one the type reads but sends in another form now
  is kept in that form (the same data); a value it refuses gets the
  generated one;
* objects, lists and dicts of objects are kept the same way, item by item
  (a list keeps the file's items);
* ``message_id`` and ``timestamp``, which differ in every message, are the
  file's.

A ``<name>_uuid`` field given new data repeats the ``uuid`` of the object
field ``<name>`` beside it. The precedence is: data the project's code
supplies (``examples``, and the fields of hand-written example data),
then the existing file, then derived data. Keeping is idempotent: a file
regenerated from itself is the same file, so ``check`` stays
byte-exact.
"""

from collections.abc import Mapping
import dataclasses
import json
import re

import jsonschema

from versioned_notifications import catalog as vn_catalog
from versioned_notifications import fieldshape
from versioned_notifications import fieldtypes
from versioned_notifications import schema
from versioned_notifications import shortrepr
from versioned_notifications import typedata

__all__ = ['RUN_DEPENDENT', 'Keeper', 'Replacement']

# Envelope keys whose value differs in every message: a file's are kept
# whoever made the rest.
RUN_DEPENDENT = ('message_id', 'timestamp')


@dataclasses.dataclass(frozen=True)
class Replacement:
    """A value of an existing file that is not kept as it is: refused by
    its field (replaced by the generated one) or, ``converted``, read by
    its type as another value that the contract takes."""

    # The sample or fragment file.
    sample: str
    # JSON keys from the file's top down to the value.
    place: tuple
    # 'Class.field' the value belongs to.
    field: str
    old: object
    new: object
    converted: bool = False

    @property
    def detail(self) -> str:
        """Place, field, the old and the new value, without the file."""
        return '%s (%s): %s %s %s' % (
            '.'.join(str(step) for step in self.place), self.field,
            shortrepr.shown(self.old),
            'is read by the field as' if self.converted else
            'is refused by the field, replaced by', shortrepr.shown(self.new))

    def __str__(self):
        return '%s: %s' % (self.sample, self.detail)




class Keeper:
    """Keeps existing samples' data for one run of the generator;
    ``describer`` is the project's
    :class:`~versioned_notifications.fieldtypes.Describer`, whose JSON
    Schema of each field judges a kept value with the field's type.
    :attr:`replaced` lists what could not be kept."""

    def __init__(self, describer: fieldtypes.Describer) -> None:
        self.describer = describer
        self.replaced: list[Replacement] = []
        # (class, field name) -> compiled validator of its JSON Schema, or
        # None when it has none that can judge a value.
        self._validators = {}

    def keep(self, sample: str, generated: dict, existing: object,
             payload_cls: type, fixed: object = None,
             derived: bool = True) -> dict:
        """The message ``generated`` of ``sample`` with what ``existing``
        (the file's message, ``$ref`` resolved) may keep: the
        run-dependent envelope keys always; with ``derived`` (the payload
        was derived from the types, not sent by the project's code) the
        publisher and the payload's values too, except those ``fixed``
        holds (hand-written field values, as the payload's overrides: a
        dict of field names, nested for objects)."""
        if not isinstance(existing, Mapping):
            return generated
        message = dict(generated)
        keys = RUN_DEPENDENT + (('publisher_id',) if derived else ())
        for key in keys:
            value = _envelope_value(key, existing.get(key))
            if value is not None:
                message[key] = value
            if key in existing and value != existing[key]:
                self.replaced.append(Replacement(
                    sample, (key,), 'the envelope', existing[key],
                    message.get(key), converted=value is not None))
        if derived and 'payload' in existing:
            message['payload'] = self.keep_object(
                sample, ('payload',), generated['payload'],
                existing['payload'], payload_cls, fixed)
        return message

    def keep_object(self, sample: str, place: tuple, generated: object,
                    existing: object, base: type,
                    fixed: object = None) -> object:
        """The object primitive ``generated`` (at ``place`` in
        ``sample``) with the values of ``existing`` (a primitive of the
        same class) that its fields still accept; ``base`` gives the
        serial namespace."""
        key = base._obj_primitive_key
        if not (isinstance(generated, Mapping)
                and isinstance(existing, Mapping)
                and existing.get(key('name')) == generated.get(key('name'))
                and isinstance(existing.get(key('data')), Mapping)
                and isinstance(generated.get(key('data')), Mapping)):
            return generated
        try:
            cls = vn_catalog.newest(generated[key('name')])
        except vn_catalog.CatalogError:
            return generated
        fixed = fixed if isinstance(fixed, Mapping) else {}
        old = existing[key('data')]
        data, kept = {}, set()
        for name, value in generated[key('data')].items():
            field = cls.fields.get(name)
            if field is None or name not in old or (
                    name in fixed and not isinstance(fixed[name], Mapping)):
                data[name] = value
                continue
            where = place + (key('data'), name)
            data[name] = self._keep_value(sample, where, field, cls, name,
                                          value, old[name], base,
                                          fixed.get(name))
            if data[name] is old[name]:
                kept.add(name)
            elif data[name] is value or not fieldshape.of(
                    field).object_names():
                self.replaced.append(Replacement(
                    sample, where, '%s.%s' % (cls.obj_name(), name),
                    old[name], data[name],
                    converted=data[name] is not value))
        _agree(data, kept, key)
        result = dict(generated, **{key('data'): data})
        changes = existing.get(key('changes'))
        if isinstance(changes, list) and all(isinstance(item, str)
                                             for item in changes):
            # What the file said changed, of the fields still sent.
            result[key('changes')] = [item for item in changes
                                      if item in data]
        return result

    def _keep_value(self, sample, place, field, cls, name, generated,
                    existing, base, fixed):
        """The value of field ``name`` of ``cls``: ``existing`` (itself,
        the very object) if the field accepts it, ``generated`` (itself)
        if it refuses it; objects are kept field by field."""
        shape = fieldshape.of(field)
        if existing is None:
            return existing if field.nullable else generated
        if shape.kind == fieldshape.OBJECT:
            kept = self.keep_object(sample, place, generated, existing, base,
                                    fixed)
            return existing if kept == existing else kept
        if shape.object_names():
            return self._keep_objects(sample, place, shape, generated,
                                      existing, base)
        kept = self.reading(field, cls, name, existing)
        return generated if kept is _REFUSED else kept

    def _keep_objects(self, sample, place, shape, generated, existing,
                      base):
        """A list or dict of objects: the file's items, each kept over the
        generated item (the type's template), when each is a primitive of
        the template's class; else the generated value."""
        key = base._obj_primitive_key('name')

        def alike(item, template):
            return isinstance(item, Mapping) and isinstance(
                template, Mapping) and item.get(key) == template.get(key)

        if shape.kind not in (fieldshape.LIST, fieldshape.DICT) or (
                shape.element.kind != fieldshape.OBJECT):
            return generated
        # The generated item, or (an empty list: a class that contains
        # itself) the class's derived one.
        items = list(generated.values() if isinstance(generated, Mapping)
                     else generated or [])
        try:
            template = items[0] if items else typedata.derived_primitive(
                vn_catalog.newest(shape.element.obj_name), self.describer)
        except (vn_catalog.CatalogError, typedata.TypeDataError):
            return generated
        if shape.kind == fieldshape.LIST and isinstance(existing, list):
            if all(alike(item, template) for item in existing):
                return [self.keep_object(sample, place + (index,), template,
                                         item, base)
                        for index, item in enumerate(existing)]
        elif shape.kind == fieldshape.DICT and isinstance(existing, Mapping):
            if all(alike(item, template) for item in existing.values()):
                return {item_key: self.keep_object(
                    sample, place + (item_key,), template, item, base)
                    for item_key, item in existing.items()}
        return generated

    def reading(self, field, cls, name, value):
        """``value`` itself if field ``name`` of ``cls`` takes it as sent:
        its type reads it without an error (oslo's ``from_primitive`` and
        ``coerce``, as a consumer's ``obj_from_primitive`` does) and its
        JSON Schema holds it. Else what the type makes of it, when that
        holds (Watcher's FlexibleListOfDict reads its old ``{}`` as
        ``[]``: the same data, in the form it sends now). Else
        ``_REFUSED``."""
        obj = typedata.new_object(cls)
        try:
            read = field.coerce(obj, name,
                                field.from_primitive(obj, name, value))
        except Exception:
            # Whatever the type raises, it refuses the value.
            return _REFUSED
        validator = self._validator(cls, name, field)
        if validator is None or validator.is_valid(value):
            return value
        try:
            sent = json.loads(json.dumps(field.to_primitive(obj, name,
                                                            read)))
        except Exception:
            return _REFUSED
        return sent if validator.is_valid(sent) else _REFUSED

    def _validator(self, cls, name, field):
        if (cls, name) not in self._validators:
            try:
                self._validators[cls, name] = jsonschema.Draft7Validator(
                    schema.field_schema(field, describer=self.describer))
            except Exception:
                # No schema to judge with (the schema files report why):
                # the type's own reading decides.
                self._validators[cls, name] = None
        return self._validators[cls, name]


_TIMESTAMP = re.compile(schema.TIMESTAMP_PATTERN)
_REFUSED = object()


def _envelope_value(key, value):
    """``value`` as the message schema takes it for the envelope's
    ``key``, or None. A timestamp is taken without the spaces around it
    (python-watcher's audit-create.json ends one with three): the same
    instant, in the form every consumer's parser reads."""
    if not isinstance(value, str):
        return None
    if key != 'timestamp':
        return value
    return value.strip() if _TIMESTAMP.match(value.strip()) else None


def _agree(data, kept, key):
    """A ``<name>_uuid`` field whose value was not kept repeats the uuid of
    the object field ``<name>`` beside it (Watcher's ``action_plan_uuid``
    and ``action_plan``): a reader compares the two."""
    for name in list(data):
        sibling = data.get(name[:-len('_uuid')]) if name.endswith(
            '_uuid') and name not in kept else None
        if isinstance(sibling, Mapping) and isinstance(
                sibling.get(key('data')), Mapping):
            uuid = sibling[key('data')].get('uuid')
            if isinstance(uuid, str) and isinstance(data[name], str):
                data[name] = uuid
