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

"""What ``versioned-notifications watch`` costs on the bus.

For each transport (``fake://`` always, RabbitMQ on 127.0.0.1 when one
answers: ``VN_RABBIT_URL``), N messages (the six committed cancel samples
in turn) are sent to a topic of the run's own, then read by ``watch``'s
listener (:func:`versioned_notifications.watchbus.listen`, started as
``watch`` starts it: a threading executor of ``watchbus.WORKERS``
threads) whose handler either only counts them (the bare listener, the
baseline) or checks, counts and tallies them as ``watch`` does
(:class:`versioned_notifications.watchbus.Session`). Each is timed from
the listener's start to the N-th message, the best of a few rounds taken
in turn, and the ratio of the two rates printed: ``watch`` aims at least
half the bare listener's rate.

Then memory: 100,000 messages through ``watch``'s session on ``fake://``,
sent a thousand at a time (the queue stays short: what grows is the
watcher), with the peak resident set size at 10,000 and at 100,000::

    python benchmarks/bench_watch.py [--messages N] [--rounds R]
"""

import argparse
import json
import os
import pathlib
import resource
import socket
import threading
import time
import urllib.parse
import uuid
import warnings

warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')

from oslo_config import cfg  # noqa: E402
import oslo_messaging  # noqa: E402
from oslo_messaging import opts as messaging_opts  # noqa: E402

from versioned_notifications import listener  # noqa: E402
from versioned_notifications import project as vn_project  # noqa: E402
from versioned_notifications import watch  # noqa: E402
from versioned_notifications import watchbus  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
PROJECT = 'versioned_notifications.watcher.project:PROJECT'
RABBIT_URL = os.environ.get('VN_RABBIT_URL',
                            'rabbit://guest:guest@127.0.0.1:5672/')
WAIT = 600


def samples():
    return [json.loads(path.read_text('utf-8')) for path in
            sorted((ROOT / 'samples').glob('action*.json'))]


def rabbit_answers():
    parsed = urllib.parse.urlparse(RABBIT_URL)
    try:
        socket.create_connection((parsed.hostname, parsed.port or 5672),
                                 timeout=3).close()
    except OSError:
        return False
    return True


def transport_of(url):
    conf = cfg.ConfigOpts()
    conf([])
    for group, options in messaging_opts.list_opts():
        if group == 'oslo_messaging_rabbit':
            conf.register_opts(options, group=group)
    # A broker's queues of the run's own, gone with their consumers.
    conf.set_override('amqp_auto_delete', True,
                      group='oslo_messaging_rabbit')
    return oslo_messaging.get_notification_transport(conf, url=url)


def send(transport, topic, messages, count):
    notifiers = {}
    for index in range(count):
        message = messages[index % len(messages)]
        key = (message['publisher_id'], message['priority'])
        if key not in notifiers:
            notifiers[key] = getattr(oslo_messaging.Notifier(
                transport, publisher_id=message['publisher_id'],
                driver='messagingv2', topics=[topic]),
                message['priority'].lower())
        notifiers[key]({}, message['event_type'], message['payload'])


class Handler:
    """Stands for a watchbus.Session: what the listener calls."""

    def __init__(self, handle):
        self.handle = handle


class Counter:
    """The bare handler: counts, and acknowledges (the listener does)."""

    def __init__(self, count):
        self.count = count
        self.received = 0
        self.lock = threading.Lock()
        self.done = threading.Event()

    def handle(self, message):
        with self.lock:
            self.received += 1
            if self.received >= self.count:
                self.done.set()


def timed(transport, topic, handle, done):
    """Seconds from the listener's start until ``done``: watch's listener,
    started as watch starts it (its executor's threads), whatever the
    handler."""
    targets = [oslo_messaging.Target(topic=topic)]
    server = watchbus.listen(transport, targets, Handler(handle))
    start = time.perf_counter()
    watchbus.start(server)
    if not done.wait(WAIT):
        raise RuntimeError('the messages did not all arrive in %ds' % WAIT)
    seconds = time.perf_counter() - start
    server.stop()
    server.wait()
    return seconds


def rates(url, contracts, messages, count, rounds):
    """(bare listener's rate, watch's rate), in messages per second, the
    best of ``rounds`` rounds each."""
    transport = transport_of(url)
    best = {'bare': 0.0, 'watch': 0.0}
    try:
        for _ in range(rounds):
            for kind in ('bare', 'watch'):
                topic = 'vn-bench-%s' % uuid.uuid4().hex
                # Queues exist before the messages are sent.
                targets = [oslo_messaging.Target(topic=topic)]
                declare = listener.get_raw_listener(transport, targets,
                                                    lambda message: None)
                declare.start()
                declare.stop()
                declare.wait()
                send(transport, topic, messages,
                     count)
                if kind == 'bare':
                    counter = Counter(count)
                    handle, done = counter.handle, counter.done
                else:
                    session = watchbus.Session(watch.Checker(contracts),
                                               count=count)
                    handle, done = session.handle, session.done
                seconds = timed(transport, topic, handle, done)
                if kind == 'watch':
                    assert session.tally.valid == count, \
                        session.tally.table()
                best[kind] = max(best[kind], count / seconds)
    finally:
        transport.cleanup()
    return best['bare'], best['watch']


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory(contracts, messages, total=100_000, chunk=1000):
    """Peak RSS (MiB) after 10,000 and after ``total`` messages through
    watch's session on fake://."""
    transport = transport_of('fake://')
    topic = 'vn-bench-memory'
    session = watchbus.Session(watch.Checker(contracts))
    targets = [oslo_messaging.Target(topic=topic)]
    server = watchbus.listen(transport, targets, session)
    watchbus.start(server)
    marks = {}
    try:
        sent = 0
        while sent < total:
            send(transport, topic, messages, chunk)
            sent += chunk
            deadline = time.monotonic() + WAIT
            while session.tally.received < sent:
                if time.monotonic() > deadline:
                    raise RuntimeError('the watcher fell behind')
                time.sleep(0.005)
            if sent in (10_000, total):
                marks[sent] = peak_rss_mib()
    finally:
        server.stop()
        server.wait()
        transport.cleanup()
    assert session.tally.valid == total
    return marks


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--messages', type=int, default=5000)
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--no-memory', action='store_true')
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    contracts = watch.Contracts.load(vn_project.load_project(PROJECT),
                                     ROOT / 'samples')
    messages = samples()
    urls = ['fake://']
    if rabbit_answers():
        urls.append(RABBIT_URL)
    else:
        print('no RabbitMQ answers at %s: fake:// only' % RABBIT_URL)
    for url in urls:
        bare, checked = rates(url, contracts, messages, args.messages,
                              args.rounds)
        print('%-10s %d messages: bare listener %7.0f msg/s, watch %7.0f '
              'msg/s: %.2f of the bare rate'
              % (url.split(':')[0], args.messages, bare, checked,
                 checked / bare))
    if not args.no_memory:
        marks = memory(contracts, messages)
        print('memory: peak RSS %.1f MiB after 10,000 messages, %.1f MiB '
              'after 100,000 (+%.1f MiB)'
              % (marks[10_000], marks[100_000],
                 marks[100_000] - marks[10_000]))


if __name__ == '__main__':
    main()
