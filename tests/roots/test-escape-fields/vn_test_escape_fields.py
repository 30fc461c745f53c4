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

"""A payload whose descriptions, default and enum values hold HTML and
quotes, which the reference must show as text."""

from oslo_versionedobjects import base
from oslo_versionedobjects import fields

from versioned_notifications.project import NotificationProject


class EscapeRegistry(base.VersionedObjectRegistry):
    pass


class EscapeObject(base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'escape_object'
    OBJ_PROJECT_NAMESPACE = 'escape'


class EscapeNotificationBase(EscapeObject):
    fields = {'priority': fields.StringField()}


@EscapeRegistry.register
class EscapePayload(EscapeObject):
    """A payload that tries to inject HTML.

    :field label: Tom & Jerry's "show" -- plain text.
    :field markup: Parsed: <script>alert(1)</script> and ``<b>code</b>``.
    :field state: One of the states.
    """

    # Version 1.0: Initial version with <em>markup</em> & "quotes"
    VERSION = '1.0'

    fields = {
        'label': fields.StringField(default='<i>x</i> & y'),
        'markup': fields.StringField(nullable=True),
        'state': fields.EnumField(['<a>', 'b&c']),
    }


@EscapeRegistry.register
class EscapeNotification(EscapeNotificationBase):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(EscapeNotificationBase.fields,
                  payload=fields.ObjectField('EscapePayload'))
    samples = ['escape-update.json']


PROJECT = NotificationProject(
    registry='vn_test_escape_fields:EscapeRegistry',
    notification_base='vn_test_escape_fields:EscapeNotificationBase',
    modules=['vn_test_escape_fields'],
    sample_dir='samples',
    event_types={'escape-update.json': 'escape.update'})
