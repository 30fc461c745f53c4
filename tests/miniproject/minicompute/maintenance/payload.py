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

"""The payload of the host maintenance notifications."""

from oslo_versionedobjects import fields

from minicompute import notification_base as base
from minicompute import objects


@objects.MiniComputeObjectRegistry.register_notification
class HostMaintenancePayload(base.ComputePayloadBase):
    """A host entering or leaving maintenance.

    :field host: Name of the compute host.
    :field reason: Why the operator asked for maintenance.
    :field instances: UUIDs of the servers still on the host.
    """

    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'host': fields.StringField(),
        'reason': fields.StringField(nullable=True),
        'instances': fields.ListOfUUIDField(),
    }

    def __init__(self, host, reason=None):
        super().__init__()
        self.host = host
        self.reason = reason
        self.instances = []
