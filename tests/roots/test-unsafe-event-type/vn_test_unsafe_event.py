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

"""A project whose sample file says an event type that walks out of a
directory."""

from oslo_versionedobjects import base
from oslo_versionedobjects import fields

from versioned_notifications.project import NotificationProject


class UnsafeEventRegistry(base.VersionedObjectRegistry):
    pass


class UnsafeEventObject(base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'unsafe_object'
    OBJ_PROJECT_NAMESPACE = 'unsafe'


@UnsafeEventRegistry.register
class UnsafeEventPayload(UnsafeEventObject):
    """:field label: A label."""

    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {'label': fields.StringField()}


@UnsafeEventRegistry.register
class UnsafeEventNotification(UnsafeEventObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {'priority': fields.StringField(),
              'payload': fields.ObjectField('UnsafeEventPayload')}
    samples = ['unsafe-update.json']


PROJECT = NotificationProject(
    registry='vn_test_unsafe_event:UnsafeEventRegistry',
    notification_base='vn_test_unsafe_event:UnsafeEventObject',
    modules=['vn_test_unsafe_event'])
