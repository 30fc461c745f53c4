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

"""A payload whose field descriptions try what a description must not do:
live script links, block markup that reads a local file, raw HTML, a
download of a local file."""

from oslo_versionedobjects import base
from oslo_versionedobjects import fields

from versioned_notifications.project import NotificationProject


class UnsafeDescriptionRegistry(base.VersionedObjectRegistry):
    pass


class UnsafeDescriptionObject(base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'unsafe_description_object'
    OBJ_PROJECT_NAMESPACE = 'unsafe_description'


@UnsafeDescriptionRegistry.register
class UnsafeDescriptionPayload(UnsafeDescriptionObject):
    """Descriptions beyond inline markup.

    :field attach: Notes: :download:`notes <secret.txt>`.
    :field include: .. literalinclude:: secret.txt
    :field link: See `the docs <javascript:alert(1)>`_, `ok
        <https://example.org/ok>`_ and JavaScript:alert(2).
    :field markup: :raw-html:`<script>alert(3)</script>` and *emphasis*.
    """

    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {name: fields.StringField() for name in (
        'attach', 'include', 'link', 'markup')}


@UnsafeDescriptionRegistry.register
class UnsafeDescriptionNotification(UnsafeDescriptionObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {'priority': fields.StringField(),
              'payload': fields.ObjectField('UnsafeDescriptionPayload')}
    samples = ['unsafe-description.json']


PROJECT = NotificationProject(
    registry='vn_test_unsafe_descriptions:UnsafeDescriptionRegistry',
    notification_base='vn_test_unsafe_descriptions:UnsafeDescriptionObject',
    modules=['vn_test_unsafe_descriptions'],
    event_types={'unsafe-description.json': 'unsafe.description'})
