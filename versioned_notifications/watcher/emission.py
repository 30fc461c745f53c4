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

"""Sending notifications through oslo.messaging.

The notifier is built from oslo.config: oslo.messaging's own
``[oslo_messaging_notifications]`` options (``driver``, ``topics``,
``transport_url``, ``retry``) and this project's
``[notifications] notification_level``, plus ``[DEFAULT] host``: the
service's own when it has one, ours otherwise (see ``register_opts``).

A bus that is down must never stop the operation that notifies, so no
failure to send reaches the caller: it is logged with the event type.
"""

import contextlib
import logging
import socket
import threading
import weakref

from oslo_config import cfg
import oslo_messaging
from oslo_messaging import opts as messaging_opts
from oslo_messaging.notify import notifier as messaging_notifier

from versioned_notifications.watcher import fields

LOG = logging.getLogger(__name__)

notification_opts = [
    cfg.StrOpt(
        'notification_level',
        choices=list(fields.NotificationPriority.ALL),
        default=fields.NotificationPriority.INFO,
        help='The least severe priority that is sent. Notifications of a '
             'lower priority are dropped before they reach the bus; the '
             'default sends info and above. Use the "noop" driver of '
             '[oslo_messaging_notifications] to send nothing.'),
]

host_opts = [
    cfg.StrOpt(
        'host',
        default=socket.gethostname(),
        sample_default='<hostname>',
        help='Name of this node; notifications are published as '
             '"<service>:<host>".'),
]

# Without a bound a down broker would block the notifying thread forever
# (oslo.messaging's default is -1, retry indefinitely).
DEFAULT_SEND_RETRY = 2

_lock = threading.Lock()
_conf = None
_notifier = None
# Whether _notifier's transport was made here, and is ours to clean up.
_owned = True


# The configurations register_opts has registered on, by id (a ConfigOpts
# is a Mapping, so unhashable: no WeakSet), each with a weak reference
# that tells it from a later object given the id of a dead one.
_registered = {}
_registered_lock = threading.Lock()


def register_opts(conf):
    """Register this project's options, and oslo.messaging's notifier
    options with a bounded default ``retry``, on ``conf``.

    Only the first call for a given ``conf`` registers anything; the
    notifier calls this on each notification, which must not redo (and
    re-default) the registration each time.

    ``[DEFAULT] host`` is the service's own when ``conf`` has one already,
    whatever its definition (Watcher's and Nova's differ from ours): both
    name the node, and registering a different definition beside it would
    raise ``DuplicateOptError``. Ours is registered only where there is
    none, so a service registers its options before calling this (or
    ``init``); Watcher and Nova do so when their configuration modules are
    imported.
    """
    key = id(conf)
    with _registered_lock:
        ref = _registered.get(key)
        if ref is not None and ref() is conf:
            return
        _register(conf)

        def forget(dead, key=key):
            # Only this conf's entry: a newer one may already have its id.
            if _registered.get(key) is dead:
                del _registered[key]

        _registered[key] = weakref.ref(conf, forget)


def _register(conf):
    conf.register_opts(notification_opts, group='notifications')
    try:
        conf.register_opts(host_opts)
    except cfg.DuplicateOptError:
        pass  # the service's own [DEFAULT] host (see register_opts)
    for group, opts in messaging_opts.list_opts():
        if group == 'oslo_messaging_notifications':
            conf.register_opts(opts, group=group)
    conf.set_default('retry', DEFAULT_SEND_RETRY,
                     group='oslo_messaging_notifications')


def list_opts():
    """Options for oslo-config-generator."""
    return [('notifications', notification_opts), ('DEFAULT', host_opts)]


def set_defaults():
    """Make oslo-config-generator document ``retry = 2``.

    The ``oslo.config.opts.defaults`` hook of this project's namespace:
    the generator calls it before it lists the options of every namespace
    it is given, and oslo.messaging lists copies of its own option objects,
    so the change has to be made on those. A running service gets the same
    default from ``register_opts``, on its configuration only; this
    function is for the generator's process: a configuration that has
    registered a copy of the option made before the change would refuse
    oslo.messaging's changed one (``DuplicateOptError``).
    """
    cfg.set_defaults(messaging_notifier._notifier_opts,
                     retry=DEFAULT_SEND_RETRY)


def private_conf(driver, host, transport_url=None, topics=None,
                 project='watcher'):
    """A configuration of its own (not the global CONF) whose notifier
    sends with ``driver`` as ``host``: for tests, the sample generator and
    the demo, which must not touch the service's settings."""
    conf = cfg.ConfigOpts()
    register_opts(conf)
    conf([], project=project)
    group = 'oslo_messaging_notifications'
    conf.set_override('driver', [driver], group=group)
    if transport_url is not None:
        conf.set_override('transport_url', transport_url, group=group)
    if topics is not None:
        conf.set_override('topics', list(topics), group=group)
    conf.set_override('host', host)
    return conf


def init(conf=None, transport=None):
    """Build the notifier from ``conf`` (default: the global CONF).

    ``transport`` sends through an existing oslo.messaging transport (for
    example the in-process ``fake://`` one a listener of the same process
    uses) instead of one made from ``transport_url``; its caller keeps it
    and cleans it up. Call ``init`` once at service start, and again after
    the configuration changes; ``cleanup()`` releases the transport.
    """
    global _conf, _notifier, _owned
    conf = cfg.CONF if conf is None else conf
    register_opts(conf)
    owned = transport is None
    options = {}
    if owned:
        transport = oslo_messaging.get_notification_transport(conf)
    else:
        # oslo.messaging reads driver, topics and retry from the
        # transport's configuration, which a given transport may not share.
        group = conf.oslo_messaging_notifications
        if len(group.driver) > 1:
            raise ValueError(
                'emission.init(): with a given transport, [oslo_messaging_'
                'notifications] driver names one driver, not %s'
                % ', '.join(group.driver))
        options = dict(driver=(group.driver or ['noop'])[0],
                       topics=group.topics, retry=group.retry)
    notifier = oslo_messaging.Notifier(
        transport, serializer=oslo_messaging.JsonPayloadSerializer(),
        **options)
    with _lock:
        old, old_owned = _notifier, _owned
        _conf, _notifier, _owned = conf, notifier, owned
    if old is not None and old_owned:
        old.transport.cleanup()


@contextlib.contextmanager
def using(conf, transport=None):
    """Send through a notifier built from ``conf`` (and ``transport``, see
    ``init``) inside the block, and restore the previous notifier after
    it."""
    global _conf, _notifier, _owned
    with _lock:
        saved = _conf, _notifier, _owned
        _conf = _notifier = None
    try:
        init(conf, transport)
        yield
    finally:
        cleanup()
        with _lock:
            _conf, _notifier, _owned = saved


def cleanup():
    global _conf, _notifier
    with _lock:
        old, owned, _conf, _notifier = _notifier, _owned, None, None
    if old is not None and owned:
        old.transport.cleanup()


def _current():
    with _lock:
        if _notifier is not None:
            return _conf, _notifier
    init()
    with _lock:
        return _conf, _notifier


def current_conf():
    """The configuration the notifier is (or will be) built from."""
    with _lock:
        conf = cfg.CONF if _conf is None else _conf
    register_opts(conf)
    return conf


def level_allows(priority):
    """Whether the configured notification level lets ``priority`` out."""
    conf = current_conf()
    order = fields.NotificationPriority.ALL
    return order.index(priority) >= order.index(
        conf.notifications.notification_level)


class _SendFailures(logging.Handler):
    """Collects the errors oslo.messaging logs, and swallows, while this
    thread sends one notification: the only sign that a driver failed."""

    # Parent of the notifier's and every driver's logger.
    LOGGER = 'oslo_messaging.notify'

    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.thread = threading.get_ident()
        self.problems = []

    def emit(self, record):
        if record.thread != self.thread:
            return
        problem = record.getMessage().split('. Payload=')[0]
        if record.exc_info and record.exc_info[1] is not None:
            problem += ' (%s)' % record.exc_info[1]
        self.problems.append(problem)


def send(context, priority, event_type, publisher_id, payload):
    """Send one notification; log, never raise, when it cannot be sent."""
    watcher = _SendFailures()
    oslo_log = logging.getLogger(_SendFailures.LOGGER)
    oslo_log.addHandler(watcher)
    try:
        _, notifier = _current()
        getattr(notifier.prepare(publisher_id=publisher_id), priority)(
            context, event_type, payload)
    except Exception as exc:
        watcher.problems.append('%s: %s' % (type(exc).__name__, exc))
    finally:
        oslo_log.removeHandler(watcher)
    for problem in watcher.problems:
        LOG.error('Could not send notification %s from %s: %s',
                  event_type, publisher_id, problem)
    return not watcher.problems
