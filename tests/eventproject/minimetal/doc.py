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

"""How minimetal documents its notifications with versioned-notifications.

No class names a sample, and the event types exist only when a
notification is sent: the project declares them, with the class sending
each. Samples are named after their event types; the error phase gives
ERROR, the others INFO; the conductor is the publisher unless an event
says otherwise.
"""

from versioned_notifications.project import NotificationProject

PROJECT = NotificationProject(
    registry='minimetal.objects.base:MiniMetalObjectRegistry',
    notification_base='minimetal.notifications.base:NotificationBase',
    modules=['minimetal.notifications'],
    publisher_id='minimetal-conductor:conductor-1',
    events={
        'baremetal.node.power_set.{start,end,error}':
            'NodeSetPowerStateNotification',
        'baremetal.node.power_state_corrected.success': {
            'notification': 'NodeCorrectedPowerStateNotification',
            'sample': 'baremetal-node-power_corrected.json',
        },
        'baremetal.node.provision_set.{start,end,success,error}':
            'NodeSetProvisionStateNotification',
        'baremetal.node.{create,delete}.{start,end,error}': {
            'notification': 'NodeCRUDNotification',
            'publisher': 'minimetal-api:api-1',
        },
    },
)
