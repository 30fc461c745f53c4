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
A newer minor version is read as the newest known one: minor versions
only add fields, which are dropped.

A consumer that needs what a minor version added states, per class, the
oldest version it reads: ``minimum_versions={'FlavorPayload': '1.1'}``.
An object of that class older than its minimum is skipped (as below, its
warning naming the class, the version received and the minimum). The
minimum holds wherever an object of the class is: as the payload or
nested in one, in a field, a list or a dict; a nested object older than
its minimum skips the whole notification, since the callback only ever
gets whole objects and the consumer said it cannot read that one. The
option is checked when the endpoint is made: every name must be a class
of the endpoint's namespace the registry knows, every minimum a string
``'X.Y'`` no newer than the newest version known (a newer one would skip
every message today and read tomorrow's as the version known, without the
fields the consumer asked for); anything else raises ``ValueError``
naming the class or value.

A payload that cannot be read is skipped: it never reaches the callback,
it is logged with exactly one warning naming the event type and why, the
message is acknowledged and the next one is read. That is a payload of
another namespace, of a class the registry does not know, of a version
older than the consumer's minimum for its class or of a major version
newer than the newest known, and any malformed one: not an object
primitive, a name or version that is not a string, data or changes of the
wrong type, a field value its field refuses, lists and dicts nested more
than :data:`MAX_DEPTH` deep, and a payload object with no field set (its
data missing or empty): a notification that says nothing of its object
is not one the sender's code can produce. Nested objects may have no
field set (Nova's ImageMetaPropsPayload sets only the properties an
image has, so an image without any gives one with none).

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

:func:`get_raw_listener` is the listener of ``versioned-notifications
watch``: every message of every priority, as received (not turned into
objects, whatever its shape), to one handler, and acknowledged.
"""

import collections.abc
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
import difflib
import fnmatch
import logging
from typing import Any

import oslo_messaging
from oslo_messaging.notify import dispatcher as notify_dispatcher
from oslo_messaging.notify import listener as notify_listener
from oslo_versionedobjects import base as ovo_base

from versioned_notifications import catalog as vn_catalog
from versioned_notifications import errors
from versioned_notifications import fieldshape
from versioned_notifications import samplefile
from versioned_notifications import shortrepr
from versioned_notifications import typedata
from versioned_notifications import versions as vn_versions

__all__ = ['MAX_DEPTH', 'NotificationEndpoint', 'SkipNotification',
           'event_type_filter', 'get_listener', 'get_raw_listener']

LOG = logging.getLogger(__name__)

# Levels of lists and dicts a payload may nest (an object is two: its
# primitive and its data): the sample reader's limit, so that every sample
# it reads a listener reads too. Real payloads nest fewer than ten; deeper
# ones are refused before anything recurses into them.
MAX_DEPTH = samplefile.MAX_DEPTH

# Bounded reprs of what a malformed payload holds, for the log line.


def _text(value):
    """``value`` for a log line: a string as it is, shortened; anything
    else as a bounded repr."""
    if isinstance(value, str):
        return value if len(value) <= 80 else value[:77] + '...'
    return shortrepr.shown(value)


def _what(value):
    """What a JSON value is, for a log line: ``a str ('abc')``."""
    if value is None:
        return 'null'
    kind = type(value).__name__
    return '%s %s (%s)' % ('an' if kind[0] in 'aeiou' else 'a', kind,
                           shortrepr.shown(value))


_MINIMUMS_EXAMPLE = "{'SomePayload': '1.1'}"


def _namespace_classes(object_base):
    """The names of the registered classes of ``object_base``'s project
    namespace."""
    namespace = object_base.OBJ_PROJECT_NAMESPACE
    return sorted(name for name, versions in
                  ovo_base.VersionedObjectRegistry.obj_classes().items()
                  if getattr(versions[0], 'OBJ_PROJECT_NAMESPACE',
                             None) == namespace)


def _minimum_class(name, object_base):
    """The class a ``minimum_versions`` key names; ``ValueError`` says
    what to do when it names none of this endpoint's."""
    if not isinstance(name, str):
        raise ValueError('minimum_versions: a key is %s, not a class '
                         'name; key it by class name, such as %s'
                         % (_what(name), _MINIMUMS_EXAMPLE))
    namespace = object_base.OBJ_PROJECT_NAMESPACE
    try:
        cls = vn_catalog.newest(name)
    except vn_catalog.CatalogError:
        close = difflib.get_close_matches(
            name, _namespace_classes(object_base), n=1)
        raise ValueError(
            'minimum_versions: %s is not a class the registry knows%s; name '
            'a registered %s class, importing the module that registers it '
            'before making the endpoint'
            % (_text(name), ' (did you mean %s?)' % close[0] if close else '',
               namespace)) from None
    theirs = getattr(cls, 'OBJ_PROJECT_NAMESPACE', None)
    if theirs != namespace:
        raise ValueError(
            'minimum_versions: %s is a class of the namespace %r, not %r: '
            'this endpoint never receives it; give its minimum to an '
            'endpoint of its project' % (name, theirs, namespace))
    return cls


def _minimum_versions(minimums, object_base):
    """``minimums`` checked: class name to the version tuple it gives;
    ``ValueError`` names the first class or value that is wrong."""
    if minimums is None:
        return {}
    if not isinstance(minimums, collections.abc.Mapping):
        raise ValueError('minimum_versions is %s, not a mapping of class '
                         'names to versions such as %s'
                         % (_what(minimums), _MINIMUMS_EXAMPLE))
    checked = {}
    for name, version in minimums.items():
        cls = _minimum_class(name, object_base)
        where = 'minimum_versions[%r]' % name
        if not isinstance(version, str):
            raise ValueError('%s is %s, not a version; write it as a string '
                             "'X.Y', such as '%s'"
                             % (where, _what(version), cls.VERSION))
        try:
            minimum = vn_versions.parse(version)
        except vn_versions.VersionError as exc:
            raise ValueError('%s: %s; %s is at %s here'
                             % (where, exc, name, cls.VERSION)) from None
        newest = vn_versions.parse(cls.VERSION)
        if minimum > newest:
            raise ValueError(
                '%s is %s, newer than the newest version of %s known here '
                '(%s): messages of %s would be read as %s, without what it '
                'added; upgrade the package that defines %s, or state %s or '
                'older' % (where, version, name, cls.VERSION, version,
                           cls.VERSION, name, cls.VERSION))
        checked[name] = minimum
    return checked


class SkipNotification(errors.VersionedNotificationsError):
    """A payload this listener cannot turn into an object.

    When a field refuses its value, ``field`` is ``'Class.field'``,
    ``path`` the JSON keys from the payload down to the value (``('payload',
    'nova_object.data', 'uuid')``), ``value`` the value as received and
    ``reason`` what the field said; otherwise they are None.
    """

    def __init__(self, message, field=None, path=None, value=None,
                 reason=None):
        super().__init__(message)
        self.field = field
        self.path = path
        self.value = value
        self.reason = reason


def event_type_filter(
        patterns: str | Iterable[str]) -> oslo_messaging.NotificationFilter:
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
    :param minimum_versions: the oldest version read of each class that
        has one, by class name (``{'FlavorPayload': '1.1'}``); an object
        older than its class's minimum, the payload or one nested in it,
        skips the notification.
    :raises ValueError: a ``minimum_versions`` class the registry does not
        know or of another namespace, or a minimum that is not a string
        ``'X.Y'`` or is newer than the newest version known.
    """

    def __init__(self, object_base: type, registry: type,
                 callback: Callable[[str, Any, dict], None],
                 event_types: str | Iterable[str] = ('*',),
                 minimum_versions: Mapping[str, str] | None = None) -> None:
        self.object_base = object_base
        self.registry = registry
        # A consumer imports the producer's modules but never starts it:
        # classes its registry registers only at service start (Nova's and
        # Watcher's register_notification) must be readable here too.
        vn_catalog.register_pending(registry)
        self._minimums = _minimum_versions(minimum_versions, object_base)
        self.minimum_versions = {
            name: '%d.%d' % minimum
            for name, minimum in sorted(self._minimums.items())}
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

    def receive(self, priority: str, publisher_id: str, event_type: str,
                payload: Any, metadata: dict) -> None:
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
        if not isinstance(name, str):
            # Not even a dict key: the registry look-up would raise.
            raise SkipNotification('%s: %s is %s, not a class name'
                                   % (where, self._key('name'),
                                      _what(name)))
        # The name and version as the log line shows them.
        shown, shown_version = _text(name), _text(version)
        if namespace != self.object_base.OBJ_PROJECT_NAMESPACE:
            raise SkipNotification(
                '%s %s is of namespace %s, not %r'
                % (where, shown, shortrepr.shown(namespace),
                   self.object_base.OBJ_PROJECT_NAMESPACE))
        try:
            cls = vn_catalog.newest(name)
        except vn_catalog.CatalogError:
            raise SkipNotification('%s: payload class %s %s is unknown here'
                                   % (where, shown, shown_version)) from None
        newest = cls.VERSION
        try:
            theirs = vn_versions.parse(version)
        except vn_versions.VersionError:
            raise SkipNotification('%s %s: %s is %s, not a version'
                                   % (where, shown, self._key('version'),
                                      _what(version))) from None
        minimum = self._minimums.get(name)
        if minimum is not None and theirs < minimum:
            raise SkipNotification(
                '%s %s %s is older than the minimum version read here (%s)'
                % (where, shown, shown_version, self.minimum_versions[name]))
        ours = vn_versions.parse(newest)
        if theirs[0] > ours[0]:
            raise SkipNotification(
                '%s %s %s is of a newer major version than the newest known '
                '(%s); upgrade to read it' % (where, shown, shown_version,
                                              newest))
        primitive = dict(primitive)
        data = primitive.get(self._key('data'), {})
        if not isinstance(data, dict):
            raise SkipNotification('%s %s: %s is %s, not an object of '
                                   'fields' % (where, shown, self._key('data'),
                                               _what(data)))
        data = dict(data)
        changes = primitive.get(self._key('changes'), [])
        if not (isinstance(changes, list)
                and all(isinstance(x, str) for x in changes)):
            raise SkipNotification('%s %s: %s is %s, not a list of field '
                                   'names' % (where, shown,
                                              self._key('changes'),
                                              _what(changes)))
        if theirs[0] == ours[0] and theirs > ours:
            # Read as ours: the fields a newer minor version added are
            # not ours to interpret.
            data = {k: v for k, v in data.items() if k in cls.fields}
            primitive[self._key('version')] = newest
            primitive.pop(self._key('changes'), None)
        for field_name, value in data.items():
            if field_name in cls.fields:
                data[field_name] = self._nested(
                    value, fieldshape.of(cls.fields[field_name]),
                    '%s.%s' % (shown, _text(field_name)))
        primitive[self._key('data')] = data
        return primitive

    def _nested(self, value, shape, where):
        """``value``, of ``shape``, with the objects it holds (itself, or
        in its lists, sets and dicts) checked by :meth:`_known`."""
        if shape.kind == fieldshape.OBJECT:
            if isinstance(value, dict) and self._key('name') in value:
                return self._known(value, where)
            # Not a primitive: the field's from_primitive says so.
            return value
        items = shape.items(value) if shape.object_names() else []
        if not items:
            return value
        if isinstance(value, dict):
            return {key: self._nested(item, shape.element, '%s[%s]' % (
                where, shortrepr.shown(key))) for key, item in items}
        return [self._nested(item, shape.element, '%s[%d]' % (where, index))
                for index, item in items]

    def _build(self, primitive, context=None, path=('payload',)):
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
            where = path + (self._key('data'), field_name)
            value = self._hydrate(data[field_name], fieldshape.of(field),
                                  context, where)
            try:
                setattr(obj, field_name,
                        field.from_primitive(obj, field_name, value))
            except Exception as exc:
                reason = '%s: %s' % (type(exc).__name__, _text(str(exc)))
                raise SkipNotification(
                    '%s.%s (version %s) cannot be read: %s'
                    % (name, _text(field_name), version, reason),
                    field='%s.%s' % (name, field_name), path=where,
                    value=data[field_name], reason=reason) from exc
        # What a constructor marked as changed is not what the sender did.
        obj.obj_reset_changes()
        changes = primitive.get(self._key('changes'), [])
        obj._changed_fields = {x for x in changes if x in obj.fields}
        return obj

    def _hydrate(self, value, shape, context, path):
        """``value``, of ``shape``, with the object primitives it holds
        (:meth:`_nested` checked them) made objects."""
        if shape.kind == fieldshape.OBJECT:
            if isinstance(value, dict) and self._key('name') in value:
                return self._build(value, context, path)
            return value
        items = shape.items(value) if shape.object_names() else []
        if not items:
            return value
        if isinstance(value, dict):
            return {key: self._hydrate(item, shape.element, context,
                                       path + (key,)) for key, item in items}
        return [self._hydrate(item, shape.element, context, path + (index,))
                for index, item in items]

    def to_object(self, payload: dict) -> Any:
        """The versioned object a payload primitive was made from;
        ``SkipNotification`` says why it cannot be read, and is all it
        raises."""
        if samplefile.deeper_than(payload, MAX_DEPTH):
            raise SkipNotification('payload nests lists and objects more '
                                   'than %d deep' % MAX_DEPTH)
        try:
            obj = self._build(self._known(payload, 'payload'))
        except SkipNotification:
            raise
        except Exception as exc:
            # What the checks above did not foresee still only skips the
            # message.
            name = payload.get(self._key('name')) if isinstance(
                payload, dict) else None
            raise SkipNotification('payload %s cannot be read: %s: %s'
                                   % (_text(name), type(exc).__name__,
                                      _text(str(exc)))) from exc
        if obj.fields and not any(obj.obj_attr_is_set(field_name)
                                  for field_name in obj.fields):
            raise SkipNotification(
                'payload %s %s has no field set (%s is missing or empty)'
                % (obj.obj_name(), obj.VERSION, self._key('data')))
        return obj


def get_listener(transport: oslo_messaging.Transport,
                 topics: str | Iterable[str], endpoint: object,
                 pool: str | None = None, executor: str = 'threading',
                 allow_requeue: bool = True) -> Any:
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


class _EveryPriority:
    """An endpoint with a method per priority oslo.messaging sends: a
    listener subscribes to the queue of each priority its endpoints
    handle."""

    def __init__(self):
        for priority in vn_catalog.WIRE_PRIORITIES:
            setattr(self, priority.lower(), None)


class _RawDispatcher(notify_dispatcher.NotificationDispatcher):
    """Hands every message, whole, to ``handle(message)``, whatever its
    priority or shape: oslo's dispatcher drops a message of an unknown
    priority with a log line, and never shows the envelope."""

    def __init__(self, handle):
        super().__init__([_EveryPriority()], None)
        self.handle = handle

    def dispatch(self, incoming):
        try:
            self.handle(incoming.message)
        except Exception:
            # Requeueing a message the handler fails on would bring it
            # back for ever.
            LOG.exception('The handler failed on a message; the message '
                          'is acknowledged')
        return oslo_messaging.NotificationResult.HANDLED


def get_raw_listener(transport: oslo_messaging.Transport,
                     targets: Iterable[oslo_messaging.Target],
                     handle: Callable[[dict], None],
                     pool: str | None = None,
                     executor: str = 'threading') -> Any:
    """An oslo.messaging notification listener (not started) that calls
    ``handle(message)`` with every message of every priority sent to
    ``targets`` (``oslo_messaging.Target``), the envelope as received
    (``event_type``, ``priority``, ``publisher_id``, ``message_id``,
    ``timestamp``, ``payload``), and acknowledges it, whatever ``handle``
    does: it never requeues. ``handle`` may be called from several
    threads at once."""
    return notify_listener.NotificationServer(
        transport, list(targets), _RawDispatcher(handle), executor,
        allow_requeue=False, pool=pool)
