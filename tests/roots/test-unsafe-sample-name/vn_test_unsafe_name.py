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

"""A project whose notification class names a sample outside the sample
directory."""

from oslo_versionedobjects import base
from oslo_versionedobjects import fields

from versioned_notifications.project import NotificationProject


class UnsafeNameRegistry(base.VersionedObjectRegistry):
    pass


class UnsafeNameObject(base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'unsafe_name_object'
    OBJ_PROJECT_NAMESPACE = 'unsafe_name'


@UnsafeNameRegistry.register
class UnsafeNamePayload(UnsafeNameObject):
    """:field label: A label."""

    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {'label': fields.StringField()}


@UnsafeNameRegistry.register
class UnsafeNameNotification(UnsafeNameObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {'priority': fields.StringField(),
              'payload': fields.ObjectField('UnsafeNamePayload')}
    samples = ['../x.json']


PROJECT = NotificationProject(
    registry='vn_test_unsafe_name:UnsafeNameRegistry',
    notification_base='vn_test_unsafe_name:UnsafeNameObject',
    modules=['vn_test_unsafe_name'])
