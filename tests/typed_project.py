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

"""Test-only notification projects, for the generator's tests.

oslo.versionedobjects keeps one process-wide registry keyed by class name,
so every class here has a ``Typed`` or ``Drift`` prefix and its own serial
namespace: registering them never replaces a Watcher class. The generator
reaches them only through the :class:`NotificationProject` values below,
as it would reach another service's notifications.

Constructors take required arguments, as real payloads do, and raise when
called without them: type-derived data must not need them.
"""

import dataclasses
import uuid

from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields

from versioned_notifications.project import NotificationProject
from versioned_notifications.watcher import fields


class TypedRegistry(ovo_base.VersionedObjectRegistry):
    pass


class TypedObject(ovo_base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'typed_object'
    OBJ_PROJECT_NAMESPACE = 'typed'


class TypedPayloadBase(TypedObject):
    """Base of the payloads; its constructor needs no argument and records
    that it ran."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.base_initialised = True


@TypedRegistry.register
class TypedHostPayload(TypedPayloadBase):
    VERSION = '1.0'

    fields = {
        'name': ovo_fields.StringField(),
        'address': ovo_fields.IPV4AddressField(),
        'cores': ovo_fields.IntegerField(),
    }

    def __init__(self, host, **kwargs):
        super().__init__(**kwargs)
        self.name = host['name']
        self.address = host['address']
        self.cores = host['cores']


@TypedRegistry.register
class TypedVolumePayload(TypedPayloadBase):
    VERSION = '1.0'

    fields = {
        'uuid': fields.UUIDField(),
        'size': ovo_fields.NonNegativeIntegerField(),
        'bootable': ovo_fields.BooleanField(),
    }

    def __init__(self, volume, **kwargs):
        super().__init__(**kwargs)
        self.uuid = volume['uuid']
        self.size = volume['size']
        self.bootable = volume['bootable']


@TypedRegistry.register
class TypedServerPayload(TypedPayloadBase):
    """Every field type the Watcher catalog uses, and oslo's own list,
    dict and enum fields."""

    # Version 1.3: The field types of this test project (recorded from
    #              here on)
    VERSION = '1.3'

    fields = {
        # The catalog's types.
        'uuid': fields.UUIDField(),
        'name': fields.StringField(),
        'state': fields.NotificationPhaseField(),
        'created_at': fields.DateTimeField(),
        'deleted_at': fields.DateTimeField(nullable=True),
        'interval': fields.IntegerField(nullable=True),
        'locked': fields.BooleanField(),
        'parameters': fields.FlexibleDictField(nullable=True),
        'scope': fields.FlexibleListOfDictField(nullable=True),
        'parents': fields.ListOfUUIDsField(),
        'host': fields.ObjectField('TypedHostPayload'),
        'fault': fields.ObjectField('TypedHostPayload', nullable=True),
        'volumes': fields.ListOfObjectsField('TypedVolumePayload'),
        # oslo.versionedobjects' own compound and enum fields.
        'power': ovo_fields.EnumField(['on', 'off']),
        'metadata': ovo_fields.DictOfStringsField(),
        'tags': ovo_fields.ListOfStringsField(),
        'ratio': ovo_fields.FloatField(nullable=True),
    }

    def __init__(self, server, host, volumes, **kwargs):
        super().__init__(**kwargs)
        raise AssertionError('type-derived data must not call this')


@TypedRegistry.register
class TypedEventType(TypedObject):
    VERSION = '1.0'

    fields = {
        'object': ovo_fields.StringField(),
        'action': ovo_fields.EnumField(['update', 'delete']),
    }


@TypedRegistry.register_if(False)
class TypedNotificationBase(TypedObject):
    VERSION = '1.0'

    fields = {
        'priority': fields.NotificationPriorityField(),
        'event_type': ovo_fields.ObjectField('TypedEventType'),
        'publisher': ovo_fields.StringField(),
    }

    def __init__(self, priority, event_type, publisher, payload, **kwargs):
        super().__init__(**kwargs)
        raise AssertionError('type-derived data must not call this')


def sample(*names):
    def wrap(cls):
        cls.samples = list(names)
        return cls
    return wrap


@sample('typed_server-update.json', 'typed_server-delete.json')
@TypedRegistry.register
class TypedServerNotification(TypedNotificationBase):
    VERSION = '1.0'

    fields = dict(TypedNotificationBase.fields,
                  payload=ovo_fields.ObjectField('TypedServerPayload'))


@sample('typed_volume-update.json')
@TypedRegistry.register
class TypedVolumeNotification(TypedNotificationBase):
    VERSION = '1.0'

    fields = dict(TypedNotificationBase.fields,
                  payload=ovo_fields.ObjectField('TypedVolumePayload'))


TYPED = NotificationProject(
    registry='tests.typed_project:TypedRegistry',
    notification_base='tests.typed_project:TypedNotificationBase',
    modules=['tests.typed_project'],
    event_types={
        'typed_server-update.json': 'server.update',
        'typed_server-delete.json': 'server.delete',
        'typed_volume-update.json': 'volume.update',
    },
)


# A project whose payload gains a field during a test.

class DriftObject(ovo_base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'drift_object'
    OBJ_PROJECT_NAMESPACE = 'drift'


@TypedRegistry.register
class DriftPayload(DriftObject):
    VERSION = '1.0'

    fields = {
        'uuid': fields.UUIDField(),
        'name': fields.StringField(),
    }


@TypedRegistry.register_if(False)
class DriftNotificationBase(DriftObject):
    VERSION = '1.0'


@sample('drift-update.json')
@TypedRegistry.register
class DriftNotification(DriftNotificationBase):
    VERSION = '1.0'

    fields = {'payload': ovo_fields.ObjectField('DriftPayload')}


DRIFT = NotificationProject(
    registry='tests.typed_project:TypedRegistry',
    notification_base='tests.typed_project:DriftNotificationBase',
    modules=['tests.typed_project'],
    event_types={'drift-update.json': 'drift.update'},
)


# Examples that go wrong, each in its own way.

def _raises(context):
    raise RuntimeError('the database is gone')


def _sends_nothing(context):
    pass


def troubled_examples():
    return {
        'typed_server-update.json': _raises,
        'typed_volume-update.json': _sends_nothing,
        # Hand-written field values instead of a send function.
        'typed_server-delete.json': {'payload': {'name': 'web-1'}},
        'typed_nobody.json': _sends_nothing,
    }


# A project whose field type describes itself wrongly: its get_schema()
# promises an object, its coerce() makes text.

class TypedText(ovo_fields.FieldType):
    """Sends text, whatever it is given."""

    @staticmethod
    def coerce(obj, attr, value):
        return str(value)

    def get_schema(self):
        return {'type': ['object']}


class TypedTextField(ovo_fields.AutoTypedField):
    AUTO_TYPE = TypedText()


class LiarObject(ovo_base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'liar_object'
    OBJ_PROJECT_NAMESPACE = 'liar'


@TypedRegistry.register
class LiarPayload(LiarObject):
    VERSION = '1.0'

    fields = {
        'uuid': fields.UUIDField(),
        'note': TypedTextField(),
        'notes': ovo_fields.ListOfStringsField(),
    }


@TypedRegistry.register_if(False)
class LiarNotificationBase(LiarObject):
    VERSION = '1.0'


@sample('liar-update.json')
@TypedRegistry.register
class LiarNotification(LiarNotificationBase):
    VERSION = '1.0'

    fields = {'payload': ovo_fields.ObjectField('LiarPayload')}


LIAR = NotificationProject(
    registry='tests.typed_project:TypedRegistry',
    notification_base='tests.typed_project:LiarNotificationBase',
    modules=['tests.typed_project'],
    event_types={'liar-update.json': 'liar.update'},
)

# The same, declaring what the type sends; and declaring it wrongly.
LIAR_DECLARED = dataclasses.replace(LIAR, field_types={
    'tests.typed_project:TypedText': {'schema': {'type': 'string'},
                                      'example': 'a note'}})
LIAR_MISDECLARED = dataclasses.replace(LIAR, field_types={
    'tests.typed_project:TypedText': {'schema': {'type': 'integer'},
                                      'example': 'a note'}})
# A declared schema that is no JSON Schema: "text" is not a JSON type.
LIAR_UNUSABLE = dataclasses.replace(LIAR, field_types={
    'tests.typed_project:TypedText': {'schema': {'type': 'text'},
                                      'example': 'a note'}})


# A service's own UUID types, as real services write them: a String whose
# coerce() validates, and a bare FieldType with no get_schema(). Neither
# takes its field's name.

class IdentUUID(ovo_fields.String):
    @staticmethod
    def coerce(obj, attr, value):
        return str(uuid.UUID(str(value)))


class IdentUUIDField(ovo_fields.AutoTypedField):
    AUTO_TYPE = IdentUUID()


class IdentKey(ovo_fields.FieldType):
    """A UUID, undescribed."""

    @staticmethod
    def coerce(obj, attr, value):
        if not isinstance(value, str):
            raise ValueError('%s must be a UUID string' % attr)
        return str(uuid.UUID(value))


class IdentObject(ovo_base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'ident_object'
    OBJ_PROJECT_NAMESPACE = 'ident'


@TypedRegistry.register
class IdentPayload(IdentObject):
    VERSION = '1.0'

    fields = {
        'id': IdentUUIDField(),
        'key': ovo_fields.Field(IdentKey()),
        'keys': ovo_fields.Field(ovo_fields.List(IdentKey()),
                                 nullable=True),
        # Plain strings whose names say more than their type.
        'image_uuid': ovo_fields.StringField(),
        'created_at': ovo_fields.StringField(),
        'host': ovo_fields.StringField(),
        'name': ovo_fields.StringField(),
    }


@TypedRegistry.register_if(False)
class IdentNotificationBase(IdentObject):
    VERSION = '1.0'


@sample('ident-update.json', 'ident-delete.json')
@TypedRegistry.register
class IdentNotification(IdentNotificationBase):
    VERSION = '1.0'

    fields = {'payload': ovo_fields.ObjectField('IdentPayload')}


IDENT = NotificationProject(
    registry='tests.typed_project:TypedRegistry',
    notification_base='tests.typed_project:IdentNotificationBase',
    modules=['tests.typed_project'],
    event_types={'ident-update.json': 'ident.update',
                 'ident-delete.json': 'ident.delete'},
)


# A field type that refuses every value derived for it, in two fields
# (one a list of it) of a payload two samples carry.

class RefusedBlob(ovo_fields.FieldType):
    """Bytes only: no JSON value is one."""

    @staticmethod
    def coerce(obj, attr, value):
        if not isinstance(value, bytes):
            raise ValueError('%s must be bytes' % attr)
        return value


class RefusedObject(ovo_base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'refused_object'
    OBJ_PROJECT_NAMESPACE = 'refused'


@TypedRegistry.register
class RefusedPayload(RefusedObject):
    VERSION = '1.0'

    fields = {
        'blob': ovo_fields.Field(RefusedBlob()),
        'blobs': ovo_fields.Field(ovo_fields.List(RefusedBlob())),
        # Null: a nullable field of such a type is sent as null.
        'spare': ovo_fields.Field(RefusedBlob(), nullable=True),
        'name': ovo_fields.StringField(),
    }


@TypedRegistry.register_if(False)
class RefusedNotificationBase(RefusedObject):
    VERSION = '1.0'


@sample('refused-update.json', 'refused-delete.json')
@TypedRegistry.register
class RefusedNotification(RefusedNotificationBase):
    VERSION = '1.0'

    fields = {'payload': ovo_fields.ObjectField('RefusedPayload')}


REFUSED = NotificationProject(
    registry='tests.typed_project:TypedRegistry',
    notification_base='tests.typed_project:RefusedNotificationBase',
    modules=['tests.typed_project'],
    event_types={'refused-update.json': 'refused.update',
                 'refused-delete.json': 'refused.delete'},
)


# A payload of one field, of any type: tests/test_derived.py registers a
# new HypoPayload for each field it tries, replacing this one.

class HypoObject(ovo_base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'hypo_object'
    OBJ_PROJECT_NAMESPACE = 'hypo'


@TypedRegistry.register
class HypoPayload(HypoObject):
    VERSION = '1.0'

    fields = {'name': ovo_fields.StringField()}


@TypedRegistry.register_if(False)
class HypoNotificationBase(HypoObject):
    VERSION = '1.0'


@sample('hypo-update.json')
@TypedRegistry.register
class HypoNotification(HypoNotificationBase):
    VERSION = '1.0'

    fields = {'payload': ovo_fields.ObjectField('HypoPayload')}


HYPO = NotificationProject(
    registry='tests.typed_project:TypedRegistry',
    notification_base='tests.typed_project:HypoNotificationBase',
    modules=['tests.typed_project'],
    event_types={'hypo-update.json': 'hypo.update'},
)


# A project whose samples put "_" for the dots of their event types, a class
# that names no samples and one without a payload field: the events
# declared in the project file (NotificationProject.events).

class EventsObject(ovo_base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'events_object'
    OBJ_PROJECT_NAMESPACE = 'events'


@TypedRegistry.register
class EventsPayload(EventsObject):
    VERSION = '1.0'

    fields = {
        'uuid': fields.UUIDField(),
        'name': fields.StringField(),
    }


@TypedRegistry.register_if(False)
class EventsNotificationBase(EventsObject):
    VERSION = '1.0'


@sample('events_thing_update.json')
@TypedRegistry.register
class EventsThingNotification(EventsNotificationBase):
    VERSION = '1.0'

    fields = {'payload': ovo_fields.ObjectField('EventsPayload')}


@TypedRegistry.register
class EventsQuietNotification(EventsNotificationBase):
    VERSION = '1.0'

    fields = {'payload': ovo_fields.ObjectField('EventsPayload')}


@TypedRegistry.register
class EventsNoPayloadNotification(EventsNotificationBase):
    VERSION = '1.0'

    fields = {'name': ovo_fields.StringField()}


EVENTS = NotificationProject(
    registry='tests.typed_project:TypedRegistry',
    notification_base='tests.typed_project:EventsNotificationBase',
    modules=['tests.typed_project'],
    event_types={'events_thing_update.json': 'events_thing.update'},
    publisher_id='events-conductor:host-1',
    events={
        'events_thing.{create,delete}.{start,error}':
            'EventsQuietNotification',
        # More events of a class that names a sample.
        'events_thing.rename.progress': {
            'notification': 'EventsThingNotification',
            'priority': 'warning', 'publisher': 'events-api:host-2'},
    },
)
