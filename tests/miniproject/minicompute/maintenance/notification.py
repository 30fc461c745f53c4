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

"""The host maintenance notifications, registered lazily, as Nova and
Watcher register theirs; their payload is in another submodule."""

from oslo_versionedobjects import fields

from minicompute import notification_base as base
from minicompute import objects


@base.notification_sample('host-maintenance-start.json')
@base.notification_sample('host-maintenance-error.json')
@objects.MiniComputeObjectRegistry.register_notification
class HostMaintenanceNotification(base.ComputeNotificationBase):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(base.ComputeNotificationBase.fields,
                  payload=fields.ObjectField('HostMaintenancePayload'))
