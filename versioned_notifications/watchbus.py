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

"""A watch on a live bus: ``versioned-notifications watch``.

:func:`run` opens the transport, makes sure the broker answers (bounded:
oslo.messaging's drivers retry a connection for ever), listens with
:func:`versioned_notifications.listener.get_raw_listener` (threading
executor of :data:`WORKERS` threads; every message acknowledged, never
requeued) and hands each
message to a :class:`Session`, which checks it
(:class:`~versioned_notifications.watch.Checker`), counts it
(:class:`~versioned_notifications.watchreport.Tally`) and records it
(:class:`~versioned_notifications.watchrecord.Recorder`). It stops after
``count`` messages, ``duration`` seconds or Ctrl-C, and prints the report.

Without a pool, a listener reads the topic's own queues
(``notifications.info`` ...), which the other consumers of the topic read
too: each message goes to one of them. With a pool, it reads a queue of
the pool's own, bound to the same topic: every pool gets each message
once, and the watchers of one pool share them.
"""

import dataclasses
import logging
import socket
import sys
import threading
import time
import urllib.parse

from oslo_config import cfg
import oslo_messaging

from versioned_notifications import listener
from versioned_notifications import watch
from versioned_notifications import watchreport

__all__ = ['DEFAULT_CONNECT_TIMEOUT', 'Options', 'Session', 'run']

DEFAULT_CONNECT_TIMEOUT = 10.0
# Threads of the listener's executor. Checking is Python under the GIL:
# more threads only switch more (oslo's default is 64); a few keep a
# recorded sample's write from holding the checks up.
WORKERS = 4
DEFAULT_TOPIC = 'notifications'
# The ports of the drivers whose URL may leave them out.
_DEFAULT_PORTS = {'rabbit': 5672, 'amqp': 5672, 'kafka': 9092}
# How often the live line may change: on a terminal, and in a log.
TTY_INTERVAL = 0.2
PLAIN_INTERVAL = 1.0
EXIT_OK, EXIT_PROBLEMS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130


@dataclasses.dataclass(frozen=True)
class Options:
    """What ``watch`` was asked."""

    transport_url: str
    topics: tuple = (DEFAULT_TOPIC,)
    exchange: str | None = None
    pool: str | None = None
    count: int | None = None
    duration: float | None = None
    json: bool = False
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    config_file: str | None = None


class Session:
    """Checks, counts and records the messages of one watch; its
    :meth:`handle` is called from the listener's threads."""

    def __init__(self, checker, tally=None, recorder=None, count=None):
        self.checker = checker
        self.tally = tally or watchreport.Tally()
        self.recorder = recorder
        self.count = count
        # Set when ``count`` messages were received.
        self.done = threading.Event()

    def handle(self, message):
        verdict = self.checker.check(message)
        received = self.tally.add(verdict)
        if self.recorder is not None and verdict.held:
            name = self.recorder.offer(message, verdict)
            if name is not None:
                self.tally.note_recorded(name)
        if self.count is not None and received >= self.count:
            self.done.set()


def shown_url(url):
    """``url`` without its password."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return '<the transport URL>'
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(':%s@' % parts.password, ':***@', 1)
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def open_transport(options):
    """(conf, transport) of ``options``; a WatchError names what is
    wrong."""
    conf = cfg.ConfigOpts()
    try:
        conf([], project='versioned-notifications', default_config_files=(
            [options.config_file] if options.config_file else []))
    except cfg.Error as exc:
        raise watch.WatchError('--config-file: %s' % exc) from None
    try:
        transport = oslo_messaging.get_notification_transport(
            conf, url=options.transport_url)
    except (oslo_messaging.InvalidTransportURL,
            oslo_messaging.DriverLoadFailure, ValueError) as exc:
        raise watch.WatchError(
            '--transport-url %s cannot be used: %s; write it as '
            'rabbit://USER:PASSWORD@HOST:PORT/ (or kafka://, fake://)'
            % (shown_url(options.transport_url), exc)) from None
    return conf, transport


def probe(conf, url, timeout):
    """A WatchError unless a host of the transport URL accepts a TCP
    connection within ``timeout`` seconds."""
    parsed = oslo_messaging.TransportURL.parse(conf, url)
    port = _DEFAULT_PORTS.get(parsed.transport)
    hosts = [(host.hostname, host.port or port) for host in parsed.hosts
             if host.hostname and (host.port or port)]
    failures = []
    for address in hosts:
        try:
            socket.create_connection(address, timeout=timeout).close()
            return
        except OSError as exc:
            failures.append('%s:%s (%s)' % (address[0], address[1],
                                             exc.strerror or exc))
    if failures:
        raise watch.WatchError(
            'no broker answers at %s within %gs; start it, or correct '
            '--transport-url' % (', '.join(failures), timeout))


class _OneLineLog(logging.Handler):
    """oslo.messaging's warnings as one line each, without traceback;
    the last one kept to explain a listener that cannot start."""

    def __init__(self, err):
        super().__init__(logging.WARNING)
        self.err = err
        self.last = None

    def emit(self, record):
        try:
            self.last = ' '.join(record.getMessage().split())
        except Exception:  # noqa: BLE001 - a log line must not fail us
            return
        print('versioned-notifications: oslo.messaging: %s' % self.last,
              file=self.err)


class LiveLine:
    """The counts while running: one line rewritten in place on a
    terminal, else a line at most once a second when they change."""

    def __init__(self, stream):
        self.stream = stream
        isatty = getattr(stream, 'isatty', None)
        self.tty = bool(isatty and isatty())
        self.interval = TTY_INTERVAL if self.tty else PLAIN_INTERVAL
        self.shown = None
        self.last = 0.0

    def update(self, text):
        now = time.monotonic()
        if text == self.shown or now - self.last < self.interval:
            return
        self.shown, self.last = text, now
        if self.tty:
            self.stream.write('\r%s\x1b[K' % text)
        else:
            self.stream.write(text + '\n')
        self.stream.flush()

    def finish(self, text):
        """Show the final counts, and leave the line."""
        if self.tty:
            self.stream.write('\r%s\x1b[K\n' % text)
        elif text != self.shown:
            self.stream.write(text + '\n')
        self.stream.flush()


def listen(transport, targets, session, pool=None):
    """The listener (not started) of a watch: every message to
    ``session.handle``, acknowledged."""
    return listener.get_raw_listener(transport, targets, session.handle,
                                     pool=pool)


def start(server):
    """Start a watch's listener with its executor of WORKERS threads."""
    server.start(override_pool_size=WORKERS)


def _start(server, timeout, log):
    """Start the listener; a WatchError when it has not started within
    ``timeout`` seconds (a broker refusing the login, say: the driver
    would retry for ever)."""
    started, failed = threading.Event(), []

    def run():
        try:
            start(server)
        except Exception as exc:  # noqa: BLE001 - reported below
            failed.append(exc)
        started.set()

    # A daemon thread: when the driver retries for ever, the command
    # still ends.
    threading.Thread(target=run, name='watch-start', daemon=True).start()
    if not started.wait(timeout):
        raise watch.WatchError(
            'the listener did not start within %gs%s; check the transport '
            'URL\'s credentials and virtual host, or give --connect-timeout'
            % (timeout, ': %s' % log.last if log.last else ''))
    if failed:
        raise watch.WatchError('the listener cannot start: %s: %s'
                               % (type(failed[0]).__name__, failed[0]))


def run(options, contracts, out=None, err=None, recorder=None):
    """Watch the bus ``options`` name, checking against ``contracts``;
    print the report; returns the exit status (a WatchError when the
    watch cannot start)."""
    out = out or sys.stdout
    err = err or sys.stderr
    session = Session(watch.Checker(contracts), recorder=recorder,
                      count=options.count)
    log = _OneLineLog(err)
    oslo_log = logging.getLogger('oslo_messaging')
    oslo_log.addHandler(log)
    try:
        conf, transport = open_transport(options)
        try:
            probe(conf, options.transport_url, options.connect_timeout)
            exchange = options.exchange or conf.control_exchange
            targets = [oslo_messaging.Target(topic=topic, exchange=exchange)
                       for topic in options.topics]
            server = listen(transport, targets, session, options.pool)
            _start(server, options.connect_timeout, log)
            print('versioned-notifications: watching %s, exchange %s, '
                  'topic%s %s%s: %d documented event types%s'
                  % (shown_url(options.transport_url), exchange,
                     's' if len(options.topics) > 1 else '',
                     ', '.join(options.topics),
                     ', pool %s' % options.pool if options.pool else
                     ' (the topic\'s own queues, shared with its other '
                     'consumers: --pool NAME reads a copy)',
                     len(contracts.events),
                     '' if options.count or options.duration else
                     '; Ctrl-C stops and reports'), file=err)
            interrupted = _wait(session, options, LiveLine(err))
            server.stop()
            server.wait()
        finally:
            transport.cleanup()
    finally:
        oslo_log.removeHandler(log)
    return report(session, options, out, err, interrupted)


def _wait(session, options, live):
    """Wait for the end of the watch, showing the counts; whether Ctrl-C
    ended it."""
    deadline = (time.monotonic() + options.duration
                if options.duration else None)
    tally = session.tally
    try:
        while True:
            timeout = live.interval
            if deadline is not None:
                timeout = min(timeout, max(0.0, deadline - time.monotonic()))
            if session.done.wait(timeout):
                break
            live.update(tally.live_line())
            if deadline is not None and time.monotonic() >= deadline:
                break
        interrupted = False
    except KeyboardInterrupt:
        interrupted = True
    live.finish(tally.live_line())
    return interrupted


def report(session, options, out, err, interrupted=False):
    """Print the end report; the exit status."""
    tally = session.tally
    for line in tally.table():
        print(line, file=out)
    status = EXIT_OK if tally.held else EXIT_PROBLEMS
    if tally.received == 0:
        print('versioned-notifications: note: no message was received: '
              'nothing was checked', file=err)
    recorder = session.recorder
    if recorder is not None:
        for key in recorder.unmatched():
            print('versioned-notifications: note: --redact %s: no recorded '
                  'payload has that key' % key, file=err)
        for error in recorder.errors:
            print('versioned-notifications: error: %s' % error, file=err)
        if recorder.errors:
            status = EXIT_ERROR
    if interrupted:
        print('versioned-notifications: interrupted (Ctrl-C): the report '
              'covers the messages received until then', file=err)
        status = EXIT_INTERRUPTED
    if options.json:
        print(tally.json_line(), file=out)
    out.flush()
    return status
