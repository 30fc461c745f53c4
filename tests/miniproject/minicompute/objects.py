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

"""The service's versioned objects and their registry."""

import json

from oslo_versionedobjects import base
from oslo_versionedobjects import fields


class MiniComputeObjectRegistry(base.VersionedObjectRegistry):
    # Like Nova's and Watcher's registries: notification classes decorated
    # with register_notification wait here until the service starts and
    # calls register_notification_objects(); documentation tools must not
    # depend on that call having been made.
    notification_classes = []

    @classmethod
    def register_notification(cls, notification_cls):
        cls.register_if(False)(notification_cls)
        cls.notification_classes.append(notification_cls)
        return notification_cls

    @classmethod
    def register_notification_objects(cls):
        for notification_cls in cls.notification_classes:
            cls.register(notification_cls)


class MiniComputeObject(base.VersionedObject,
                        base.ComparableVersionedObject):
    # Prefix of every primitive key: minicompute_object.name, ...
    OBJ_SERIAL_NAMESPACE = 'minicompute_object'
    # Value of minicompute_object.namespace.
    OBJ_PROJECT_NAMESPACE = 'minicompute'


class PowerState(fields.Enum):
    ALL = ('running', 'shutdown', 'paused', 'crashed')

    def __init__(self):
        super().__init__(valid_values=self.ALL)


class PowerStateField(fields.BaseEnumField):
    AUTO_TYPE = PowerState()


class AggregateState(fields.Enum):
    # Like Nova's power states, a placeholder listed twice: the schemas
    # must still list each value once.
    ALL = ('active', '_unused', 'draining', '_unused')

    def __init__(self):
        super().__init__(valid_values=self.ALL)


class AggregateStateField(fields.BaseEnumField):
    AUTO_TYPE = AggregateState()


class FlexibleListOfDict(fields.FieldType):
    """A list of dicts, written like Watcher's: coerce() only, no
    get_schema(), so its schema is inferred from what coerce() accepts."""

    def coerce(self, obj, attr, value):
        if isinstance(value, str):
            value = json.loads(value)
        return [dict(item) for item in value]


class FlexibleListOfDictField(fields.AutoTypedField):
    AUTO_TYPE = FlexibleListOfDict()


@MiniComputeObjectRegistry.register
class Flavor(MiniComputeObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'flavorid': fields.StringField(),
        'name': fields.StringField(),
        'vcpus': fields.IntegerField(),
        'memory_mb': fields.IntegerField(),
        'extra_specs': fields.DictOfStringsField(),
    }


@MiniComputeObjectRegistry.register
class FixedIp(MiniComputeObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'address': fields.IPAddressField(),
        'mac': fields.MACAddressField(),
        'version': fields.IntegerField(),
    }


@MiniComputeObjectRegistry.register
class Server(MiniComputeObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'uuid': fields.UUIDField(),
        'display_name': fields.StringField(),
        'host': fields.StringField(nullable=True),
        'power_state': PowerStateField(),
        'launched_at': fields.DateTimeField(nullable=True),
        'flavor': fields.ObjectField('Flavor'),
        'fixed_ips': fields.ListOfObjectsField('FixedIp'),
        'tags': fields.ListOfStringsField(),
        'locked': fields.BooleanField(default=False),
    }


@MiniComputeObjectRegistry.register
class Keypair(MiniComputeObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'name': fields.StringField(),
        'user_id': fields.StringField(),
        'fingerprint': fields.StringField(),
        'type': fields.EnumField(valid_values=['ssh', 'x509']),
    }


@MiniComputeObjectRegistry.register
class ComputeService(MiniComputeObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'host': fields.StringField(),
        'binary': fields.StringField(),
        'disabled': fields.BooleanField(),
        'disabled_reason': fields.StringField(nullable=True),
        'version': fields.IntegerField(),
    }


@MiniComputeObjectRegistry.register
class HostAggregate(MiniComputeObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'uuid': fields.UUIDField(),
        'name': fields.StringField(),
        'hosts': fields.ListOfStringsField(),
        'metadata': fields.DictOfNullableStringsField(),
    }
