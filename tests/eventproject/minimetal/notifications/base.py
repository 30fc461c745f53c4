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

"""The notification framework, as Ironic's ``objects/notification.py``.

The event type is an object made when the notification is sent,
``MetalEventType(object='node', action='power_set', status='start')``, and
no class says which event types it sends: nothing here names a sample.
The classes carry a ``Metal`` prefix because oslo.versionedobjects keeps
one registry of class names per process, which Watcher's ``EventType``
already holds in this package's tests.
"""

import contextlib

from oslo_config import cfg
import oslo_messaging
from oslo_versionedobjects import fields

from minimetal.objects import base

NOTIFIER = None


def init(conf):
    global NOTIFIER
    transport = oslo_messaging.get_notification_transport(conf)
    NOTIFIER = oslo_messaging.Notifier(
        transport, serializer=oslo_messaging.JsonPayloadSerializer())


@contextlib.contextmanager
def capturing():
    """Send to oslo.messaging's in-memory 'test' driver inside the block."""
    global NOTIFIER
    saved = NOTIFIER
    conf = cfg.ConfigOpts()
    conf([])
    init(conf)  # registers oslo.messaging's notifier options
    conf.set_override('driver', ['test'],
                      group='oslo_messaging_notifications')
    init(conf)
    try:
        yield
    finally:
        NOTIFIER = saved


class NotificationLevel(fields.Enum):
    ALL = ('debug', 'info', 'warning', 'error', 'critical')

    def __init__(self):
        super().__init__(valid_values=self.ALL)


class NotificationLevelField(fields.BaseEnumField):
    AUTO_TYPE = NotificationLevel()


class NotificationStatus(fields.Enum):
    ALL = ('start', 'end', 'error', 'success')

    def __init__(self):
        super().__init__(valid_values=self.ALL)


class NotificationStatusField(fields.BaseEnumField):
    AUTO_TYPE = NotificationStatus()


class NotificationObject(base.MiniMetalObject):
    def obj_to_primitive(self, target_version=None, version_manifest=None):
        primitive = super().obj_to_primitive(target_version,
                                             version_manifest)
        primitive.pop(self._obj_primitive_key('changes'), None)
        return primitive


@base.MiniMetalObjectRegistry.register
class MetalEventType(NotificationObject):
    # Version 1.0: Initial version
    # Version 1.1: Added the "success" status
    VERSION = '1.1'

    fields = {
        'object': fields.StringField(),
        'action': fields.StringField(),
        'status': NotificationStatusField(),
    }

    def to_event_type_field(self):
        return '.'.join(('baremetal', self.object, self.action, self.status))


@base.MiniMetalObjectRegistry.register
class MetalPublisher(NotificationObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'service': fields.StringField(),
        'host': fields.StringField(),
    }


class NotificationPayloadBase(NotificationObject):
    # payload field -> (source argument, source field)
    SCHEMA = {}

    def populate_schema(self, **sources):
        for field, (source, source_field) in self.SCHEMA.items():
            setattr(self, field, getattr(sources[source], source_field))


class NotificationBase(NotificationObject):
    """Every notification: a level, an event type made at run time, a
    publisher and, in each subclass, a payload."""

    fields = {
        'level': NotificationLevelField(),
        'event_type': fields.ObjectField('MetalEventType'),
        'publisher': fields.ObjectField('MetalPublisher'),
    }

    def emit(self, context):
        notifier = NOTIFIER.prepare(publisher_id='%s:%s' % (
            self.publisher.service, self.publisher.host))
        getattr(notifier, self.level)(
            context, self.event_type.to_event_type_field(),
            self.payload.obj_to_primitive())
