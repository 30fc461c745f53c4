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

"""The notification framework: event type, publisher, payload base,
notification base and the ``notification_sample`` decorator.

A notification class is documented by the sample files named in its
``samples`` attribute. The generic sample generator and Sphinx extension
read that attribute, so any project whose decorator sets it (Nova's and
Watcher's do) is documented the same way.
"""

from versioned_notifications.watcher import base
from versioned_notifications.watcher import emission
from versioned_notifications.watcher import fields


class PayloadNotPopulated(Exception):
    """A payload was emitted, or populated, without the data it carries."""


@base.WatcherObjectRegistry.register_if(False)
class NotificationPayloadBase(base.NotificationObject):
    """Base of every notification payload.

    A payload copies its data from the service's own objects. ``SCHEMA`` maps
    each payload field to ``(source, source_field)``; ``populate_schema()``
    takes the sources by keyword and fills the fields.
    """

    # payload field name -> (source keyword, field of that source). It is
    # part of each payload's fingerprint: changing what a payload copies is
    # an interface change that needs a version bump.
    SCHEMA = {}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # A payload without a SCHEMA has nothing to populate.
        self.populated = not self.SCHEMA

    def populate_schema(self, **sources):
        """Fill the SCHEMA's fields from the named source objects.

        A field that is not set on its source leaves the payload field
        unset, so that ``emit()`` reports it rather than sending a payload
        without it.
        """
        wanted = sorted({source for source, _ in self.SCHEMA.values()})
        missing = [name for name in wanted if sources.get(name) is None]
        if missing:
            raise PayloadNotPopulated(
                '%s.populate_schema() needs the source object(s) %s; got %s'
                % (self.obj_name(), ', '.join(missing),
                   ', '.join(sorted(sources)) or 'none'))
        for field, (source, source_field) in self.SCHEMA.items():
            obj = sources[source]
            if obj.obj_attr_is_set(source_field):
                setattr(self, field, getattr(obj, source_field))
        self.populated = True
        self.obj_reset_changes(recursive=False)

    def unset_fields(self):
        """Fields that would be missing from the primitive, nested ones
        as ``field.inner``."""
        unset = []
        for name in sorted(self.fields):
            if not self.obj_attr_is_set(name):
                unset.append(name)
                continue
            value = getattr(self, name)
            if isinstance(value, NotificationPayloadBase):
                if not value.populated:
                    unset.append('%s (SCHEMA not populated)' % name)
                unset.extend('%s.%s' % (name, inner)
                             for inner in value.unset_fields())
        return unset


@base.WatcherObjectRegistry.register
class EventType(base.NotificationObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'object': fields.StringField(nullable=False),
        'action': fields.NotificationActionField(nullable=False),
        'phase': fields.NotificationPhaseField(nullable=True),
    }

    def to_notification_event_type_field(self):
        """The wire form: ``object.action.phase``, or ``object.action``
        for an event without phases."""
        parts = [self.object, self.action]
        if self.obj_attr_is_set('phase') and self.phase is not None:
            parts.append(self.phase)
        return '.'.join(parts)


@base.WatcherObjectRegistry.register
class NotificationPublisher(base.NotificationObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'host': fields.StringField(nullable=False),
        'binary': fields.StringField(nullable=False),
    }

    @property
    def publisher_id(self):
        return '%s:%s' % (self.binary, self.host)


@base.WatcherObjectRegistry.register_if(False)
class NotificationBase(base.NotificationObject):
    """Base of every notification: what is sent, by whom, at which priority.

    Subclasses override the ``payload`` field with their own payload class.
    """

    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'priority': fields.NotificationPriorityField(),
        'event_type': fields.ObjectField('EventType'),
        'publisher': fields.ObjectField('NotificationPublisher'),
    }

    def _check_payload(self):
        payload = self.payload
        if not payload.populated:
            raise PayloadNotPopulated(
                '%s: the payload %s was not populated; call '
                'populate_schema() with the sources of its SCHEMA (%s) '
                'before emit()'
                % (self.obj_name(), payload.obj_name(),
                   ', '.join(sorted({s for s, _ in
                                     payload.SCHEMA.values()}))))
        unset = payload.unset_fields()
        if unset:
            raise PayloadNotPopulated(
                '%s: the payload %s has no value for %s; set them (None '
                'for a nullable field) before emit()'
                % (self.obj_name(), payload.obj_name(), ', '.join(unset)))

    def emit(self, context):
        """Send this notification through the configured notifier.

        A payload without all its data raises ``PayloadNotPopulated``: that
        is a bug in the caller. A bus that cannot take the message does not
        raise; the failure is logged with the event type.
        """
        if not emission.level_allows(self.priority):
            return
        self._check_payload()
        emission.send(
            context,
            priority=self.priority,
            event_type=self.event_type.to_notification_event_type_field(),
            publisher_id=self.publisher.publisher_id,
            payload=self.payload.obj_to_primitive())


def notification_sample(*sample_files, event_type=None, priority=None):
    """Record which sample file(s) document a notification class.

    The files are named relative to the sample directory, for example
    ``@notification_sample('action_plan-cancel-start.json')``. A sample no
    send path makes may declare the ``event_type`` and ``priority`` it
    shows (``sample_envelopes``, read by the catalog).
    """

    def wrap(cls):
        if not sample_files:
            raise TypeError('%s: notification_sample() needs at least one '
                            'sample file name' % cls.__name__)
        # A subclass documents its own samples, not its parent's too.
        cls.samples = list(cls.__dict__.get('samples', [])) + list(
            sample_files)
        declared = {key: value for key, value in (
            ('event_type', event_type), ('priority', priority)) if value}
        if declared:
            envelopes = dict(cls.__dict__.get('sample_envelopes', {}))
            envelopes.update({name: declared for name in sample_files})
            cls.sample_envelopes = envelopes
        return cls

    return wrap
