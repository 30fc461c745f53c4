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

"""``versioned-notifications demo``: cancel an action plan and watch.

Cancels a demo action plan of three actions: an ONGOING ``nop`` (its abort
succeeds), an ONGOING ``migrate`` (its abort fails) and a PENDING ``nop``
(cancelled without an abort). A listener on the same transport collects
the notifications; the demo prints them in the order they were sent (by
their timestamp), then in the order the listener received them, which may
differ: info and error notifications travel in different queues, and the
listener's threads may run callbacks at once. The default transport is
oslo.messaging's in-process ``fake://``: nothing to install or start.
"""

import argparse
import logging
import socket
import sys
import threading

import oslo_messaging

from versioned_notifications import cli
from versioned_notifications.watcher import abort
from versioned_notifications.watcher import cancel_listener
from versioned_notifications.watcher import emission
from versioned_notifications.watcher import exception
from versioned_notifications.watcher import objects
from versioned_notifications.watcher import sample_data
from versioned_notifications.watcher import workflow

DEMO_HOST = 'demo-node'
ACTION_UUIDS = ('a1b2c3d4-0000-4000-8000-000000000001',
                'a1b2c3d4-0000-4000-8000-000000000002',
                'a1b2c3d4-0000-4000-8000-000000000003')


def demo_plan():
    """The demo's ONGOING action plan and its three actions."""
    plan = sample_data.action_plan(objects.State.ONGOING)
    kinds = (('nop', objects.State.ONGOING),
             ('migrate', objects.State.ONGOING),
             ('nop', objects.State.PENDING))
    actions = [
        objects.Action(
            uuid=uuid, action_type=action_type,
            input_parameters={'step': index}, state=state,
            parents=list(ACTION_UUIDS[:index][-1:]),
            action_plan_uuid=plan.uuid, action_plan=plan,
            created_at=sample_data.CREATED_AT, updated_at=None,
            deleted_at=None)
        for index, (uuid, (action_type, state)) in enumerate(
            zip(ACTION_UUIDS, kinds, strict=True))]
    return plan, actions


def demo_handlers():
    """Abort handlers of the demo: ``nop`` stops, ``migrate`` cannot."""
    handlers = abort.AbortHandlerRegistry(entry_point_group=None)
    handlers.register('nop', abort.nop)

    @handlers.register('migrate')
    def refuse(context, action):
        raise exception.ActionAbortError(
            uuid=action.uuid,
            reason='the instance is past the point of no return')

    return handlers


def expected_count(actions):
    """Notifications the cancellation sends: the plan's start and last
    one, and two for each ONGOING action."""
    ongoing = sum(a.state == objects.State.ONGOING for a in actions)
    return 2 + 2 * ongoing


def unreachable(conf, transport_url):
    """Why no broker of ``transport_url`` answers, or None. A listener
    would otherwise retry its connection for ever."""
    hosts = oslo_messaging.TransportURL.parse(conf, transport_url).hosts
    problems = []
    for host in hosts:
        if not host.hostname:
            continue
        try:
            socket.create_connection((host.hostname, host.port or 5672),
                                     timeout=3).close()
            return None
        except OSError as exc:
            problems.append('%s:%s (%s)' % (host.hostname,
                                            host.port or 5672, exc))
    return ('no broker answers at %s' % ', '.join(problems)
            if problems else None)


def run(transport_url, topic, timeout, out):
    """Cancel the demo plan over ``transport_url``; 0 when every
    notification arrived within ``timeout`` seconds."""
    conf = emission.private_conf(
        'messagingv2', DEMO_HOST, transport_url=transport_url,
        topics=[topic], project='versioned-notifications-demo')
    problem = unreachable(conf, transport_url)
    if problem:
        print('versioned-notifications demo: %s; start the broker or leave '
              'out --transport-url to use the in-process fake:// transport'
              % problem, file=sys.stderr)
        return 1
    plan, actions = demo_plan()
    wanted = expected_count(actions)
    received = []
    all_in = threading.Event()
    lock = threading.Lock()

    def on_notification(event_type, payload, metadata):
        with lock:
            received.append((metadata['timestamp'], event_type, payload,
                             metadata))
            if len(received) >= wanted:
                all_in.set()

    # One transport for both ends: fake:// delivers only inside it.
    transport = oslo_messaging.get_notification_transport(conf)
    server = cancel_listener.start_cancel_listener(
        transport, on_notification, topics=[topic],
        pool='versioned-notifications-demo')
    try:
        print('Cancelling action plan %s (%s) over %s'
              % (plan.uuid, plan.state, transport_url.split('@')[-1]),
              file=out, flush=True)
        with emission.using(conf, transport):
            # A store of its own: the demo plan exists only in this run,
            # and the process-wide one would remember an earlier run's
            # plan (same UUID) as cancelled.
            result = workflow.cancel_action_plan(
                {}, plan, actions, handlers=demo_handlers(),
                store=workflow.InMemoryStateStore())
        arrived = all_in.wait(timeout)
    finally:
        server.stop()
        server.wait()
        transport.cleanup()
    # The order sent first: it is the workflow's, what the demo shows;
    # the arrival order depends on the transport's queues and threads.
    # (sorted() is stable: notifications of one timestamp keep their
    # arrival order.)
    with lock:
        arrivals = list(received)
    for title, notifications in (
            ('In the order sent:', sorted(arrivals, key=lambda r: r[0])),
            ('As the listener received them (info and error notifications '
             'travel in different queues):', arrivals)):
        print(title, file=out)
        for _, event_type, payload, metadata in notifications:
            print('  ' + cancel_listener.describe(event_type, payload,
                                                  metadata), file=out)
    print('Action plan %s is %s; actions: %s'
          % (plan.uuid, result.state,
             ', '.join('%s %s' % (a.action_type, a.state) for a in actions)),
          file=out)
    if not arrived:
        print('Only %d of %d notifications arrived within %ss'
              % (len(received), wanted, timeout), file=sys.stderr)
        return 1
    return 0


def build_parser(parser=None):
    parser = parser or argparse.ArgumentParser(
        prog='versioned-notifications demo', description=__doc__.split(
            '\n\n')[0])
    parser.add_argument(
        '--transport-url', default='fake://',
        help='oslo.messaging transport URL, e.g. '
             'rabbit://guest:guest@127.0.0.1:5672/ (default: the in-process '
             'fake:// transport)')
    parser.add_argument(
        '--topic', default='versioned_notifications_demo',
        help='notification topic to send and listen on (default: '
             '%(default)s)')
    parser.add_argument(
        '--timeout', type=float, default=30.0,
        help='seconds to wait for the notifications (default: %(default)s)')
    return parser


def _run_args(args, out):
    # The workflow logs each failed abort; say where the lines come from.
    logging.basicConfig(level=logging.WARNING,
                        format='%(levelname)s %(name)s: %(message)s')
    return run(args.transport_url, args.topic, args.timeout,
               sys.stdout if out is None else out)


class DemoCommand(cli.Command):
    """``versioned-notifications demo`` (an entry point of this project)."""

    name = 'demo'
    help = ('cancel a demo action plan and print its notifications in the '
            'order sent and as a listener received them')

    def add_arguments(self, parser):
        build_parser(parser)

    def run(self, invocation):
        return _run_args(invocation.args, invocation.out)


def main(argv=None, out=None):
    """Run the demo alone: ``python -m versioned_notifications.watcher.demo
    [--transport-url URL]``."""
    return _run_args(build_parser().parse_args(argv), out)


if __name__ == '__main__':
    sys.exit(main())
