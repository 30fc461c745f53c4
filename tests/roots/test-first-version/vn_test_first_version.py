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

"""A registry that writes no "# Version 1.0" comments: a class at its
first version needs none; a later version still does. Its contracts are
recorded in samples/schemas/history/ (1.0 of every class, then 1.1 of
the two bumped payloads)."""

from oslo_versionedobjects import base
from oslo_versionedobjects import fields

from versioned_notifications.project import NotificationProject


class FirstVersionRegistry(base.VersionedObjectRegistry):
    pass


class FirstVersionObject(base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'first_version_object'
    OBJ_PROJECT_NAMESPACE = 'first_version'


class FirstVersionNotificationBase(FirstVersionObject):
    pass


@FirstVersionRegistry.register
class FirstVersionPart(FirstVersionObject):
    VERSION = '1.0'

    fields = {'size': fields.IntegerField()}


@FirstVersionRegistry.register
class FirstVersionPayload(FirstVersionObject):
    VERSION = '1.0'

    fields = {'parts': fields.ListOfObjectsField('FirstVersionPart')}


@FirstVersionRegistry.register
class FirstVersionDescribedPayload(FirstVersionObject):
    # Version 1.1: Added 'colour'
    VERSION = '1.1'

    fields = {'name': fields.StringField(), 'colour': fields.StringField()}


@FirstVersionRegistry.register
class FirstVersionUndescribedPayload(FirstVersionObject):
    VERSION = '1.1'

    fields = {'name': fields.StringField(), 'colour': fields.StringField()}


@FirstVersionRegistry.register
class FirstVersionNotification(FirstVersionNotificationBase):
    VERSION = '1.0'

    fields = {'payload': fields.ObjectField('FirstVersionPayload')}
    samples = ['first-update.json']


@FirstVersionRegistry.register
class FirstVersionDescribedNotification(FirstVersionNotificationBase):
    VERSION = '1.0'

    fields = {'payload': fields.ObjectField('FirstVersionDescribedPayload')}
    samples = ['described-update.json']


@FirstVersionRegistry.register
class FirstVersionUndescribedNotification(FirstVersionNotificationBase):
    VERSION = '1.0'

    fields = {
        'payload': fields.ObjectField('FirstVersionUndescribedPayload')}
    samples = ['undescribed-update.json']


PROJECT = NotificationProject(
    registry='vn_test_first_version:FirstVersionRegistry',
    notification_base='vn_test_first_version:FirstVersionNotificationBase',
    modules=['vn_test_first_version'],
    event_types={'first-update.json': 'first.update',
                 'described-update.json': 'described.update',
                 'undescribed-update.json': 'undescribed.update'})
