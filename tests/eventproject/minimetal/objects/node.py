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

"""A bare metal node: part of the data model."""

from oslo_versionedobjects import fields

from minimetal.objects import base


@base.MiniMetalObjectRegistry.register
class Node(base.MiniMetalObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'uuid': fields.UUIDField(),
        'name': fields.StringField(nullable=True),
        'driver': fields.StringField(),
        'power_state': fields.StringField(nullable=True),
        'provision_state': fields.StringField(),
        'maintenance': fields.BooleanField(),
        'chassis': fields.ObjectField('Chassis', nullable=True),
    }
