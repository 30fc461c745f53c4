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

"""minicompute's notification base classes and notifier.

Written the way Nova writes its own: payloads copy their data from
service objects through a SCHEMA, and their constructors take those
objects as required arguments.
"""

import contextlib

from oslo_config import cfg
import oslo_messaging
from oslo_versionedobjects import fields

from minicompute import objects

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


class NotificationObject(objects.MiniComputeObject):
    def obj_to_primitive(self, target_version=None, version_manifest=None):
        primitive = super().obj_to_primitive(target_version,
                                             version_manifest)
        primitive.pop(self._obj_primitive_key('changes'), None)
        return primitive


class Phase(fields.Enum):
    ALL = ('start', 'end', 'error')

    def __init__(self):
        super().__init__(valid_values=self.ALL)


class PhaseField(fields.BaseEnumField):
    AUTO_TYPE = Phase()


class Priority(fields.Enum):
    ALL = ('debug', 'info', 'warn', 'error')

    def __init__(self):
        super().__init__(valid_values=self.ALL)


class PriorityField(fields.BaseEnumField):
    AUTO_TYPE = Priority()


@objects.MiniComputeObjectRegistry.register
class ComputeEventType(NotificationObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'object': fields.StringField(),
        'action': fields.StringField(),
        'phase': PhaseField(nullable=True),
    }

    def to_notification_event_type_field(self):
        parts = [self.object, self.action]
        if self.obj_attr_is_set('phase') and self.phase:
            parts.append(self.phase)
        return '.'.join(parts)


@objects.MiniComputeObjectRegistry.register
class ComputePublisher(NotificationObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'host': fields.StringField(),
        'source': fields.StringField(),
    }


class ComputePayloadBase(NotificationObject):
    # payload field -> (source argument, source field)
    SCHEMA = {}

    def populate_schema(self, **sources):
        for field, (source, source_field) in self.SCHEMA.items():
            setattr(self, field, getattr(sources[source], source_field))


@objects.MiniComputeObjectRegistry.register_if(False)
class ComputeNotificationBase(NotificationObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'priority': PriorityField(),
        'event_type': fields.ObjectField('ComputeEventType'),
        'publisher': fields.ObjectField('ComputePublisher'),
    }

    def emit(self, context):
        notifier = NOTIFIER.prepare(publisher_id='%s:%s' % (
            self.publisher.source, self.publisher.host))
        getattr(notifier, self.priority)(
            context,
            event_type=self.event_type.to_notification_event_type_field(),
            payload=self.payload.obj_to_primitive())


def notification_sample(sample):
    def wrap(cls):
        cls.samples = list(cls.__dict__.get('samples', [])) + [sample]
        return cls
    return wrap
