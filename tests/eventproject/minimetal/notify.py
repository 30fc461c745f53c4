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

"""How the API and the conductor send node notifications, as Ironic's
``notify_utils``: the event type is made from the action and its status
when the notification is sent."""

from minimetal.notifications import base
from minimetal.notifications import node as node_notifications

API = 'minimetal-api'
CONDUCTOR = 'minimetal-conductor'


def _emit(context, notification_cls, payload, service, host, action,
          status, level=None):
    notification_cls(
        level=level or ('error' if status == 'error' else 'info'),
        event_type=base.MetalEventType(object='node', action=action,
                                       status=status),
        publisher=base.MetalPublisher(service=service, host=host),
        payload=payload).emit(context)


def power_set(context, node, to_power, status, host):
    """The conductor sets a node's power state."""
    _emit(context, node_notifications.NodeSetPowerStateNotification,
          node_notifications.NodeSetPowerStatePayload(node, to_power),
          CONDUCTOR, host, 'power_set', status)


def power_state_corrected(context, node, from_power, host):
    """The conductor found the node in another power state than
    recorded."""
    _emit(context, node_notifications.NodeCorrectedPowerStateNotification,
          node_notifications.NodeCorrectedPowerStatePayload(node,
                                                            from_power),
          CONDUCTOR, host, 'power_state_corrected', 'success')


def provision_set(context, node, previous, event, status, host):
    """The conductor moves a node through its provisioning states;
    ``success`` when the node reached a stable state."""
    _emit(context, node_notifications.NodeSetProvisionStateNotification,
          node_notifications.NodeSetProvisionStatePayload(node, previous,
                                                          event),
          CONDUCTOR, host, 'provision_set', status)


def crud(context, node, chassis, action, status, host):
    """The API creates or deletes a node."""
    _emit(context, node_notifications.NodeCRUDNotification,
          node_notifications.NodeCRUDPayload(node, chassis), API, host,
          action, status)
