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

"""How this project's notifications are documented: the configuration the
generic sample generator and Sphinx extension read."""

from versioned_notifications.project import NotificationProject

PROJECT = NotificationProject(
    registry='versioned_notifications.watcher.base:WatcherObjectRegistry',
    notification_base=(
        'versioned_notifications.watcher.notification:NotificationBase'),
    modules=['versioned_notifications.watcher.notifications'],
    sample_dir='samples',
    examples='versioned_notifications.watcher.sample_data:examples',
    capture='versioned_notifications.watcher.sample_data:capturing',
    # NotificationBase.emit() refuses a payload with an unset field, so
    # every field is always sent and its schemas may require them all.
    complete_payloads=True,
    asyncapi={
        'title': 'infra-optim notifications',
        'version': '1.0.0',
        'description': (
            'Versioned notifications of the infra-optim (Watcher) service: '
            'the action plan and action cancel operations.'),
    },
)
