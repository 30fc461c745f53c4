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

"""Another registry and namespace, whose payload's VERSION is ahead of its
"# Version" comments."""

from oslo_versionedobjects import base
from oslo_versionedobjects import fields

from versioned_notifications.project import NotificationProject


class HistoryRegistry(base.VersionedObjectRegistry):
    pass


class HistoryObject(base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'history_object'
    OBJ_PROJECT_NAMESPACE = 'history'


class HistoryNotificationBase(HistoryObject):
    fields = {'priority': fields.StringField()}


@HistoryRegistry.register
class HistoryThingPart(HistoryObject):
    """:field size: Size of the part."""

    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {'size': fields.IntegerField()}


@HistoryRegistry.register
class HistoryThingPayload(HistoryObject):
    """A thing.

    :field parts: The thing's parts.
    """

    # Version 1.0: Initial version
    VERSION = '1.1'

    fields = {'parts': fields.ListOfObjectsField('HistoryThingPart')}


@HistoryRegistry.register
class HistoryThingNotification(HistoryNotificationBase):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(HistoryNotificationBase.fields,
                  payload=fields.ObjectField('HistoryThingPayload'))
    samples = ['thing-update.json']


PROJECT = NotificationProject(
    registry='vn_test_history:HistoryRegistry',
    notification_base='vn_test_history:HistoryNotificationBase',
    modules=['vn_test_history'])
