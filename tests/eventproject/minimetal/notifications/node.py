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

"""The notifications about nodes, sent by the API and by the conductor."""

from oslo_versionedobjects import fields

from minimetal.notifications import base
from minimetal.objects import base as objects_base

register = objects_base.MiniMetalObjectRegistry.register


@register
class NodePayload(base.NotificationPayloadBase):
    """A node as notifications describe it.

    :field uuid: The node's UUID.
    :field name: The node's name, if it has one.
    :field driver: The hardware type managing the node.
    :field power_state: The node's power state.
    :field provision_state: Where the node is in its provisioning.
    :field maintenance: Whether the node is in maintenance.
    """

    # Version 1.0: Initial version
    VERSION = '1.0'

    SCHEMA = {name: ('node', name) for name in (
        'uuid', 'name', 'driver', 'power_state', 'provision_state',
        'maintenance')}

    fields = {
        'uuid': fields.UUIDField(),
        'name': fields.StringField(nullable=True),
        'driver': fields.StringField(),
        'power_state': fields.StringField(nullable=True),
        'provision_state': fields.StringField(),
        'maintenance': fields.BooleanField(),
    }

    def __init__(self, node, **kwargs):
        super().__init__(**kwargs)
        self.populate_schema(node=node)


@register
class NodeSetPowerStatePayload(NodePayload):
    """:field to_power: The power state asked for."""

    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(NodePayload.fields,
                  to_power=fields.StringField(nullable=True))

    def __init__(self, node, to_power, **kwargs):
        super().__init__(node, **kwargs)
        self.to_power = to_power


@register
class NodeCorrectedPowerStatePayload(NodePayload):
    """:field from_power: The power state the conductor had recorded."""

    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(NodePayload.fields,
                  from_power=fields.StringField(nullable=True))

    def __init__(self, node, from_power, **kwargs):
        super().__init__(node, **kwargs)
        self.from_power = from_power


@register
class NodeSetProvisionStatePayload(NodePayload):
    """:field previous_provision_state: The state before the change.
    :field event: The provisioning event that caused it.
    """

    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(NodePayload.fields,
                  previous_provision_state=fields.StringField(),
                  event=fields.StringField(nullable=True))

    def __init__(self, node, previous_provision_state, event, **kwargs):
        super().__init__(node, **kwargs)
        self.previous_provision_state = previous_provision_state
        self.event = event


@register
class NodeCRUDPayload(NodePayload):
    """:field chassis: The chassis the node sits in, as the data model has
        it.
    """

    # Version 1.0: Initial version
    VERSION = '1.0'

    # An object of the data model, which only
    # minimetal.objects.register_all() registers.
    fields = dict(NodePayload.fields,
                  chassis=fields.ObjectField('Chassis', nullable=True))

    def __init__(self, node, chassis, **kwargs):
        super().__init__(node, **kwargs)
        self.chassis = chassis


@register
class NodeSetPowerStateNotification(base.NotificationBase):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.NotificationBase.fields,
                  payload=fields.ObjectField('NodeSetPowerStatePayload'))


@register
class NodeCorrectedPowerStateNotification(base.NotificationBase):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.NotificationBase.fields,
                  payload=fields.ObjectField(
                      'NodeCorrectedPowerStatePayload'))


@register
class NodeSetProvisionStateNotification(base.NotificationBase):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.NotificationBase.fields,
                  payload=fields.ObjectField('NodeSetProvisionStatePayload'))


@register
class NodeCRUDNotification(base.NotificationBase):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.NotificationBase.fields,
                  payload=fields.ObjectField('NodeCRUDPayload'))
