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

"""minicompute's payloads and notifications: eight notification classes,
payloads with required constructor arguments, nested objects, lists of
objects and enums."""

from oslo_versionedobjects import fields

from minicompute import notification_base as base
from minicompute import objects

register = objects.MiniComputeObjectRegistry.register


@register
class FlavorPayload(base.ComputePayloadBase):
    """A server's flavor.

    :field flavorid: The flavor's ID.
    :field name: The flavor's name.
    :field vcpus: Number of virtual CPUs.
    :field memory_mb: Memory in MiB.
    :field extra_specs: Free-form scheduling hints.
    """

    # Version 1.0: Initial version
    #         1.1: Added extra_specs, free-form scheduling hints that
    #              consumers of 1.0 never see
    #
    # NOTE(minicompute): the history is in Nova's continuation style on
    #                    purpose: the reference must read two entries.
    VERSION = '1.1'

    SCHEMA = {name: ('flavor', name) for name in (
        'flavorid', 'name', 'vcpus', 'memory_mb', 'extra_specs')}

    fields = {
        'flavorid': fields.StringField(),
        'name': fields.StringField(),
        'vcpus': fields.IntegerField(),
        'memory_mb': fields.IntegerField(),
        'extra_specs': fields.DictOfStringsField(),
    }

    def __init__(self, flavor):
        super().__init__()
        self.populate_schema(flavor=flavor)


@register
class IpPayload(base.ComputePayloadBase):
    """One fixed IP address of a server.

    :field address: The address.
    :field mac: MAC address of the port.
    :field version: 4 or 6.
    """

    # Version 1.0: Initial version
    VERSION = '1.0'

    SCHEMA = {name: ('ip', name) for name in ('address', 'mac', 'version')}

    fields = {
        'address': fields.IPAddressField(),
        'mac': fields.MACAddressField(),
        'version': fields.IntegerField(),
    }

    def __init__(self, ip):
        super().__init__()
        self.populate_schema(ip=ip)


@register
class ServerPayload(base.ComputePayloadBase):
    """A server.

    :field uuid: The server's UUID.
    :field display_name: The name users gave it.
    :field host: The compute host it runs on, or null before scheduling.
    :field power_state: Whether it runs.
    :field launched_at: When it first booted, or null.
    :field flavor: Its flavor.
    :field ip_addresses: Its fixed IP addresses.
    :field tags: Its tags.
    :field locked: Whether an administrator locked it.
    """

    # Version 1.0: Initial version
    VERSION = '1.0'

    SCHEMA = {name: ('server', name) for name in (
        'uuid', 'display_name', 'host', 'power_state', 'launched_at',
        'tags', 'locked')}

    fields = {
        'uuid': fields.UUIDField(),
        'display_name': fields.StringField(),
        'host': fields.StringField(nullable=True),
        'power_state': objects.PowerStateField(),
        'launched_at': fields.DateTimeField(nullable=True),
        'flavor': fields.ObjectField('FlavorPayload'),
        'ip_addresses': fields.ListOfObjectsField('IpPayload'),
        'tags': fields.ListOfStringsField(),
        'locked': fields.BooleanField(),
    }

    def __init__(self, server):
        super().__init__()
        self.populate_schema(server=server)
        self.flavor = FlavorPayload(server.flavor)
        self.ip_addresses = [IpPayload(ip) for ip in server.fixed_ips]


@register
class ServerActionPayload(ServerPayload):
    """A server an action was taken on.

    :field action_initiator_user: The user who asked for the action.
    """

    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(ServerPayload.fields, **{
        'action_initiator_user': fields.StringField(),
    })

    def __init__(self, server, user):
        super().__init__(server)
        self.action_initiator_user = user


@register
class ServerUpdatePayload(ServerPayload):
    """A server whose attributes changed.

    :field old_display_name: The name before the update.
    :field state_update: The power state before and after the update.
    """

    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(ServerPayload.fields, **{
        'old_display_name': fields.StringField(nullable=True),
        'state_update': fields.DictOfStringsField(),
    })

    def __init__(self, server, old_display_name, old_power_state):
        super().__init__(server)
        self.old_display_name = old_display_name
        self.state_update = {'old': old_power_state,
                             'new': server.power_state}


@register
class ExceptionInfoPayload(base.ComputePayloadBase):
    """Why an operation failed.

    :field exception: Class name of the exception.
    :field message: Its message.
    """

    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'exception': fields.StringField(),
        'message': fields.StringField(),
    }

    def __init__(self, exc):
        super().__init__()
        self.exception = type(exc).__name__
        self.message = str(exc)


@register
class VolumeAttachPayload(ServerPayload):
    """A server a volume is attached to.

    :field volume_id: The volume.
    :field fault: Why attaching failed, or null.
    """

    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(ServerPayload.fields, **{
        'volume_id': fields.UUIDField(),
        'fault': fields.ObjectField('ExceptionInfoPayload', nullable=True),
    })

    def __init__(self, server, volume_id, fault=None):
        super().__init__(server)
        self.volume_id = volume_id
        self.fault = fault


@register
class KeypairPayload(base.ComputePayloadBase):
    """An SSH or X.509 key pair.

    :field name: Its name.
    :field user_id: Its owner.
    :field fingerprint: Fingerprint of the public key.
    :field type: ``ssh`` or ``x509``.
    """

    # Version 1.0: Initial version
    VERSION = '1.0'

    SCHEMA = {name: ('keypair', name) for name in (
        'name', 'user_id', 'fingerprint', 'type')}

    fields = {
        'name': fields.StringField(),
        'user_id': fields.StringField(),
        'fingerprint': fields.StringField(),
        'type': fields.EnumField(valid_values=['ssh', 'x509']),
    }

    def __init__(self, keypair):
        super().__init__()
        self.populate_schema(keypair=keypair)


@register
class ServiceStatusPayload(base.ComputePayloadBase):
    """A compute service whose status changed.

    :field host: Host the service runs on.
    :field binary: The service's program.
    :field disabled: Whether it takes new work.
    :field disabled_reason: Why it was disabled, or null.
    :field version: Its RPC version.
    """

    # Version 1.0: Initial version
    VERSION = '1.0'

    SCHEMA = {name: ('service', name) for name in (
        'host', 'binary', 'disabled', 'disabled_reason', 'version')}

    fields = {
        'host': fields.StringField(),
        'binary': fields.StringField(),
        'disabled': fields.BooleanField(),
        'disabled_reason': fields.StringField(nullable=True),
        'version': fields.IntegerField(),
    }

    def __init__(self, service):
        super().__init__()
        self.populate_schema(service=service)


@register
class AggregatePayload(base.ComputePayloadBase):
    """A host aggregate.

    :field uuid: Its UUID.
    :field name: Its name.
    :field hosts: The hosts in it.
    :field metadata: Its metadata.
    :field state: Whether it takes new hosts.
    :field placement_rules: Free-form rules, one dict each.
    """

    # Version 1.0: Initial version
    # Version 1.1: Added state and placement_rules
    VERSION = '1.1'

    SCHEMA = {name: ('aggregate', name) for name in (
        'uuid', 'name', 'hosts', 'metadata')}

    fields = {
        'uuid': fields.UUIDField(),
        'name': fields.StringField(),
        'hosts': fields.ListOfStringsField(),
        'metadata': fields.DictOfNullableStringsField(),
        'state': objects.AggregateStateField(nullable=True),
        'placement_rules': objects.FlexibleListOfDictField(),
    }

    def __init__(self, aggregate):
        super().__init__()
        self.populate_schema(aggregate=aggregate)


@base.notification_sample('server-create-start.json')
@base.notification_sample('server-create-end.json')
@register
class ServerCreateNotification(base.ComputeNotificationBase):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.ComputeNotificationBase.fields,
                  payload=fields.ObjectField('ServerPayload'))


# Like Nova's instance-power_on_share-start.json, a file name that does not
# spell the event type (server.power_on.start): it must not be guessed.
@base.notification_sample('server-power_on_share-start.json')
@base.notification_sample('server-power_on-end.json')
@register
class ServerActionNotification(base.ComputeNotificationBase):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.ComputeNotificationBase.fields,
                  payload=fields.ObjectField('ServerActionPayload'))


@base.notification_sample('server-update.json')
@register
class ServerUpdateNotification(base.ComputeNotificationBase):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.ComputeNotificationBase.fields,
                  payload=fields.ObjectField('ServerUpdatePayload'))


@base.notification_sample('server-volume_attach-error.json')
@register
class ServerVolumeAttachNotification(base.ComputeNotificationBase):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.ComputeNotificationBase.fields,
                  payload=fields.ObjectField('VolumeAttachPayload'))


@base.notification_sample('flavor-create.json')
@register
class FlavorCreateNotification(base.ComputeNotificationBase):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.ComputeNotificationBase.fields,
                  payload=fields.ObjectField('FlavorPayload'))


@base.notification_sample('keypair-create-start.json')
@base.notification_sample('keypair-create-end.json')
@register
class KeypairCreateNotification(base.ComputeNotificationBase):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.ComputeNotificationBase.fields,
                  payload=fields.ObjectField('KeypairPayload'))


@base.notification_sample('service-update.json')
@register
class ServiceUpdateNotification(base.ComputeNotificationBase):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.ComputeNotificationBase.fields,
                  payload=fields.ObjectField('ServiceStatusPayload'))


@base.notification_sample('aggregate-add_host-start.json')
@base.notification_sample('aggregate-add_host-end.json')
@register
class AggregateAddHostNotification(base.ComputeNotificationBase):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.ComputeNotificationBase.fields,
                  payload=fields.ObjectField('AggregatePayload'))
