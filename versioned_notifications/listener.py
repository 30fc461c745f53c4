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

"""Receive versioned notifications as objects, for event-based plugins.

:class:`NotificationEndpoint` is an oslo.messaging notification endpoint:
it takes the notifications whose event type matches one of its patterns
(shell-style, ``action_plan.cancel.*``), turns each payload back into the
versioned object it was sent from, and calls ``callback(event_type,
payload, metadata)``. ``metadata`` is oslo.messaging's (``message_id``,
``timestamp``) plus the envelope's ``publisher_id`` and ``priority`` (upper
case, as on the wire).

It knows no project: it is given the project's object base class (whose
serial namespace the primitives' keys use) and registry. Objects are
rebuilt without calling their classes' constructors, which usually require
the service objects a payload was copied from; only fields are set, as
oslo's ``obj_from_primitive`` sets them.
A payload of another namespace, of a class the registry does not know, or
of a major version newer than the newest known is logged and skipped, and
the listener keeps running. A newer minor version is read as the newest
known one: minor versions only add fields, which are dropped.

Messages of different priorities travel in different queues
(``notifications.info``, ``notifications.error``), and oslo.messaging's
``threading`` executor may call the endpoint for several messages at once,
so the callback must be thread-safe and may see messages in another order
than they were sent; ``metadata['timestamp']`` gives the order of sending.
A callback returning ``oslo_messaging.NotificationResult.REQUEUE`` has the
message delivered again (:func:`get_listener` allows requeueing). An
exception from the callback is logged and the message dropped, not
requeued: a message the callback always fails on would otherwise come
back for ever.
"""

import fnmatch
import logging

import oslo_messaging
from oslo_utils import versionutils

from versioned_notifications import catalog as vn_catalog
from versioned_notifications import typedata

LOG = logging.getLogger(__name__)



class SkipNotification(Exception):
    """A payload this listener cannot turn into an object."""


def event_type_filter(patterns):
    """An oslo.messaging filter for the event types matching any of the
    shell-style ``patterns``."""
    if isinstance(patterns, str):
        patterns = [patterns]
    patterns = list(patterns)
    if not patterns:
        raise ValueError('at least one event type pattern is needed, for '
                         'example "action_plan.cancel.*"')
    return oslo_messaging.NotificationFilter(
        event_type='|'.join(fnmatch.translate(p) for p in patterns))


class NotificationEndpoint:
    """Hands matching notifications to ``callback`` as versioned objects.

    :param object_base: the project's versioned object base class, e.g.
        ``WatcherObject``; its serial namespace and project namespace are
        what payloads must carry.
    :param registry: the project's ``VersionedObjectRegistry`` subclass.
    :param callback: ``callback(event_type, payload, metadata)``; what it
        returns is returned to oslo.messaging (for example
        ``NotificationResult.REQUEUE``).
    :param event_types: shell-style patterns of the event types wanted.
    """

    def __init__(self, object_base, registry, callback, event_types=('*',)):
        self.object_base = object_base
        self.registry = registry
        # A consumer imports the producer's modules but never starts it:
        # classes its registry registers only at service start (Nova's and
        # Watcher's register_notification) must be readable here too.
        vn_catalog.register_pending(registry)
        self.callback = callback
        self.event_types = tuple([event_types] if isinstance(
            event_types, str) else event_types)
        # oslo.messaging screens every message with it before calling us.
        self.filter_rule = event_type_filter(self.event_types)
        for priority in (p.lower() for p in vn_catalog.WIRE_PRIORITIES):
            setattr(self, priority, self._make_handler(priority))

    def _make_handler(self, priority):
        def handle(ctxt, publisher_id, event_type, payload, metadata):
            return self.receive(priority, publisher_id, event_type, payload,
                                metadata)
        handle.__name__ = priority
        return handle

    def receive(self, priority, publisher_id, event_type, payload, metadata):
        try:
            obj = self.to_object(payload)
        except SkipNotification as exc:
            LOG.warning('Skipped notification %s (message %s) from %s: %s',
                        event_type, (metadata or {}).get('message_id'),
                        publisher_id, exc)
            return oslo_messaging.NotificationResult.HANDLED
        details = dict(metadata or {}, publisher_id=publisher_id,
                       priority=priority.upper())
        try:
            return self.callback(event_type, obj, details)
        except Exception:
            # oslo.messaging requeues a message whose endpoint raises, and
            # a callback failing on a message would get it back for ever;
            # requeueing is for the callback to ask, by returning REQUEUE.
            LOG.exception('The callback failed on notification %s (message '
                          '%s) from %s; the message is dropped',
                          event_type, (metadata or {}).get('message_id'),
                          publisher_id)
            return oslo_messaging.NotificationResult.HANDLED

    def _key(self, name):
        return self.object_base._obj_primitive_key(name)

    def _known(self, primitive, where):
        """Check one object primitive against the registry; make a newer
        minor version readable. Returns the primitive to deserialise."""
        if not isinstance(primitive, dict) or self._key('name') not in \
                primitive:
            raise SkipNotification('%s is not a %s object primitive'
                                   % (where, self._key('')[:-1]))
        namespace = primitive.get(self._key('namespace'))
        name = primitive[self._key('name')]
        version = primitive.get(self._key('version'), '')
        if namespace != self.object_base.OBJ_PROJECT_NAMESPACE:
            raise SkipNotification(
                '%s %s is of namespace %r, not %r'
                % (where, name, namespace,
                   self.object_base.OBJ_PROJECT_NAMESPACE))
        try:
            cls = vn_catalog.newest(name)
        except vn_catalog.CatalogError:
            raise SkipNotification('%s: payload class %s %s is unknown here'
                                   % (where, name, version)) from None
        newest = cls.VERSION
        try:
            theirs = versionutils.convert_version_to_tuple(version)
        except (ValueError, AttributeError):
            raise SkipNotification('%s %s has no valid version (%r)'
                                   % (where, name, version)) from None
        ours = versionutils.convert_version_to_tuple(newest)
        if theirs[0] > ours[0]:
            raise SkipNotification(
                '%s %s %s is of a newer major version than the newest known '
                '(%s); upgrade to read it' % (where, name, version, newest))
        primitive = dict(primitive)
        data = dict(primitive.get(self._key('data')) or {})
        if theirs[0] == ours[0] and theirs > ours:
            # Read as ours: the fields a newer minor version added are
            # not ours to interpret.
            data = {k: v for k, v in data.items() if k in cls.fields}
            primitive[self._key('version')] = newest
            primitive.pop(self._key('changes'), None)
        for field_name, value in data.items():
            data[field_name] = self._nested(value, '%s.%s' % (
                name, field_name))
        primitive[self._key('data')] = data
        return primitive

    def _nested(self, value, where):
        if isinstance(value, dict) and self._key('name') in value:
            return self._known(value, where)
        if isinstance(value, list):
            return [self._nested(item, '%s[%d]' % (where, index))
                    for index, item in enumerate(value)]
        if isinstance(value, dict):
            # A dict of objects (DictOfObjectsField) holds primitives too.
            return {key: self._nested(item, '%s[%r]' % (where, key))
                    for key, item in value.items()}
        return value

    def _build(self, primitive, context=None):
        """The object of a primitive ``_known`` accepted.

        oslo's ``obj_from_primitive`` makes the object with ``cls()``, and
        payload classes usually require the objects they copy from
        (``ActionCancelPayload(action, action_plan)``). This does what it
        does without that call: the object comes from
        ``typedata.new_object``, its nested objects are built first the
        same way, and oslo's field ``from_primitive`` passes objects
        through unchanged.
        """
        name = primitive[self._key('name')]
        version = primitive[self._key('version')]
        cls = self.object_base.obj_class_from_name(name, version)
        obj = typedata.new_object(cls)
        data = primitive.get(self._key('data')) or {}
        # As oslo's _obj_from_primitive: an older minor version keeps its
        # version number, and the fields it lacks stay unset.
        obj._context = context
        obj.VERSION = version
        for field_name, field in obj.fields.items():
            if field_name not in data:
                continue
            value = self._hydrate(data[field_name], context)
            try:
                setattr(obj, field_name,
                        field.from_primitive(obj, field_name, value))
            except Exception as exc:
                raise SkipNotification(
                    '%s.%s (version %s) cannot be read: %s: %s'
                    % (name, field_name, version, type(exc).__name__,
                       exc)) from exc
        # What a constructor marked as changed is not what the sender did.
        obj.obj_reset_changes()
        changes = primitive.get(self._key('changes')) or []
        obj._changed_fields = {x for x in changes if x in obj.fields}
        return obj

    def _hydrate(self, value, context):
        if isinstance(value, dict) and self._key('name') in value:
            return self._build(value, context)
        if isinstance(value, list):
            return [self._hydrate(item, context) for item in value]
        if isinstance(value, dict):
            return {key: self._hydrate(item, context)
                    for key, item in value.items()}
        return value

    def to_object(self, payload):
        """The versioned object a payload primitive was made from;
        ``SkipNotification`` says why it cannot be read."""
        primitive = self._known(payload, 'payload')
        try:
            return self._build(primitive)
        except SkipNotification:
            raise
        except Exception as exc:
            raise SkipNotification('payload %s cannot be read: %s: %s'
                                   % (primitive.get(self._key('name')),
                                      type(exc).__name__, exc)) from exc


def get_listener(transport, topics, endpoint, pool=None,
                 executor='threading', allow_requeue=True):
    """An oslo.messaging notification listener (not started) that hands
    ``topics``' notifications to ``endpoint``.

    A callback returning ``NotificationResult.REQUEUE`` has its message
    put back on the queue, to be delivered again (to this listener or
    another of its pool). oslo.messaging refuses to create the listener on
    a driver that cannot requeue; pass ``allow_requeue=False`` there, and
    REQUEUE is then taken as handled.
    """
    targets = [oslo_messaging.Target(topic=topic) for topic in topics]
    return oslo_messaging.get_notification_listener(
        transport, targets, [endpoint], executor=executor, pool=pool,
        allow_requeue=allow_requeue)
