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

"""End to end over a real RabbitMQ on 127.0.0.1: the service cancels action
plans through the ``messagingv2`` driver, and the user guide's listener
receives every notification.

``.ci/run`` starts the broker (``.ci/rabbitmq``). Elsewhere the test skips
when no broker answers, saying so; with ``CI=true`` it fails instead.
"""

import os
import pathlib
import socket
import threading
import time
import urllib.parse

import jsonschema
import oslo_messaging
from oslo_messaging import opts as messaging_opts
from oslo_utils import uuidutils
import pytest

from versioned_notifications.testing import ANY
from versioned_notifications.testing import assert_notification_matches_sample
from versioned_notifications.watcher import abort
from versioned_notifications.watcher import cancel_listener
from versioned_notifications.watcher import emission
from versioned_notifications.watcher import exception
from versioned_notifications.watcher import objects
from versioned_notifications.watcher import sample_data
from versioned_notifications.watcher import workflow

S = objects.State
URL = os.environ.get('VN_RABBIT_URL', 'rabbit://guest:guest@127.0.0.1:5672/')
SAMPLE_DIR = pathlib.Path(__file__).parent.parent / 'samples'
# The fault's text and where it was raised depend on the run; its class
# is compared.
FAULT_TEXT = {'fault.exception_message': ANY, 'fault.module_name': ANY,
              'fault.function_name': ANY}
WAIT = 30


def broker_address():
    parsed = urllib.parse.urlparse(URL)
    host, port = parsed.hostname, parsed.port or 5672
    # Broker traffic stays on this machine.
    assert host in ('127.0.0.1', 'localhost', '::1'), (
        'VN_RABBIT_URL must name a loopback broker, not %s' % host)
    return host, port


@pytest.fixture(scope='module')
def broker():
    host, port = broker_address()
    try:
        socket.create_connection((host, port), timeout=3).close()
    except OSError as exc:
        why = ('no RabbitMQ broker answers at %s:%s (%s); start one with '
               '"sudo bash .ci/rabbitmq" or set VN_RABBIT_URL'
               % (host, port, exc))
        if os.environ.get('CI') == 'true':
            pytest.fail('CI=true needs the broker: ' + why)
        pytest.skip(why)
    return URL


def make_conf(url, topic):
    conf = emission.private_conf('messagingv2', sample_data.HOST,
                                 transport_url=url, topics=[topic])
    for group, opts in messaging_opts.list_opts():
        if group in ('oslo_messaging_rabbit', None, 'DEFAULT'):
            conf.register_opts(opts, group=group)
    # An exchange and queues of the test's own, which disappear with their
    # consumers.
    conf.set_override('control_exchange', 'versioned_notifications_e2e')
    conf.set_override('amqp_auto_delete', True,
                      group='oslo_messaging_rabbit')
    return conf


class RawMessages:
    """A plain oslo.messaging endpoint of its own pool: every message as it
    came off the wire, to compare with the samples."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    def _keep(self, priority):
        def handle(ctxt, publisher_id, event_type, payload, metadata):
            with self.lock:
                self.messages.append(dict(
                    metadata, event_type=event_type, payload=payload,
                    publisher_id=publisher_id, priority=priority.upper()))
        return handle

    def __getattr__(self, priority):
        if priority in ('info', 'error'):
            return self._keep(priority)
        raise AttributeError(priority)


def refusing_nop_handlers(stuck_uuid):
    """``nop`` actions stop, except ``stuck_uuid``, whose abort fails."""
    handlers = abort.AbortHandlerRegistry(entry_point_group=None)

    @handlers.register('nop')
    def stop(context, action):
        if action.uuid == stuck_uuid:
            raise exception.ActionAbortError(uuid=action.uuid,
                                             reason='device busy')

    return handlers


def nop_action(plan, state):
    return objects.Action(
        uuid=uuidutils.generate_uuid(), action_type='nop',
        input_parameters={'param1': 1, 'param2': 2}, state=state,
        parents=[], action_plan_uuid=plan.uuid, action_plan=plan,
        created_at=sample_data.CREATED_AT, updated_at=None, deleted_at=None)


def wait_for(items, count):
    deadline = time.monotonic() + WAIT
    while len(items) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    # Nothing more than expected arrives.
    time.sleep(0.5)
    return list(items)


def sample_name(event_type):
    return event_type.replace('.', '-') + '.json'


def test_listener_receives_every_cancel_notification(broker):
    topic = 'vn-e2e-' + uuidutils.generate_uuid()
    conf = make_conf(broker, topic)
    # The listener has a connection of its own, like a plugin in another
    # process; the service sends through emission's notifier.
    listen_transport = oslo_messaging.get_notification_transport(conf)
    received = []
    example = cancel_listener.start_cancel_listener(
        listen_transport, lambda *args: received.append(args),
        topics=[topic])
    raw = RawMessages()
    raw_server = oslo_messaging.get_notification_listener(
        listen_transport, [oslo_messaging.Target(topic=topic)], [raw],
        executor='threading', pool='raw')
    raw_server.start()

    ongoing = sample_data.action_plan(S.ONGOING)
    actions = [nop_action(ongoing, S.ONGOING), nop_action(ongoing, S.ONGOING),
               nop_action(ongoing, S.PENDING)]
    pending = sample_data.action_plan(S.PENDING)
    pending.uuid = uuidutils.generate_uuid()
    started = time.monotonic()
    try:
        with emission.using(conf):
            failed = workflow.cancel_action_plan(
                {}, ongoing, actions, refusing_nop_handlers(actions[1].uuid))
            cancelled = workflow.cancel_action_plan(
                {}, pending, [nop_action(pending, S.PENDING)])
        got = wait_for(received, 8)
        wire = wait_for(raw.messages, 8)
    finally:
        for server in (example, raw_server):
            server.stop()
            server.wait()
        listen_transport.cleanup()
    print('e2e: 2 cancellations, %d notifications received in %.2fs'
          % (len(got), time.monotonic() - started))

    assert (failed.state, cancelled.state) == (S.FAILED, S.CANCELLED)
    assert [a.state for a in actions] == [S.CANCELLED, S.FAILED, S.CANCELLED]

    # Order, as sent (the timestamps): the listener may run callbacks
    # concurrently and takes each priority from its own queue.
    by_time = sorted(got, key=lambda g: g[2]['timestamp'])
    assert [(e, p.uuid, p.state) for e, p, _ in by_time] == [
        ('action_plan.cancel.start', ongoing.uuid, S.CANCELLING),
        ('action.cancel.start', actions[0].uuid, S.CANCELLING),
        ('action.cancel.end', actions[0].uuid, S.CANCELLED),
        ('action.cancel.start', actions[1].uuid, S.CANCELLING),
        ('action.cancel.error', actions[1].uuid, S.FAILED),
        ('action_plan.cancel.error', ongoing.uuid, S.CANCELLING),
        ('action_plan.cancel.start', pending.uuid, S.CANCELLING),
        ('action_plan.cancel.end', pending.uuid, S.CANCELLED),
    ]
    assert [m['priority'] for _, _, m in by_time] == [
        'INFO', 'INFO', 'INFO', 'INFO', 'ERROR', 'ERROR', 'INFO', 'INFO']
    assert len({m['timestamp'] for _, _, m in got}) == 8
    assert [p.action_plan.state for e, p, _ in by_time
            if e.startswith('action.')] == [S.CANCELLING] * 4
    assert {type(p).__name__ for e, p, _ in got} == {
        'ActionPlanCancelPayload', 'ActionCancelPayload'}

    # What went over the wire is what the listener handed over, valid
    # against its payload's schema, and the committed sample.
    assert sorted(m['message_id'] for m in wire) == sorted(
        m['message_id'] for _, _, m in got)
    objects_by_id = {m['message_id']: p for _, p, m in got}
    for message in wire:
        payload = objects_by_id[message['message_id']]
        assert message['payload'] == payload.obj_to_primitive()
        jsonschema.validate(message['payload'], type(payload).to_json_schema())
        event_type = message['event_type']
        ignore = ['uuid'] if (event_type.startswith('action.')
                              or payload.uuid == pending.uuid) else []
        assert_notification_matches_sample(
            message, sample_name(event_type), ignore=ignore,
            replace=FAULT_TEXT if event_type.endswith('.error') else {},
            sample_dir=SAMPLE_DIR)



def test_the_user_guide_shows_the_listener_this_test_runs():
    guide = pathlib.Path(__file__).parent.parent / 'doc' / 'source' / 'user'
    text = (guide / 'listening.rst').read_text('utf-8')
    include = text.split('.. literalinclude:: ', 1)[1].splitlines()
    shown = (guide / include[0]).resolve()
    assert shown == pathlib.Path(cancel_listener.__file__).resolve()
    start_at = include[2].split(':start-at: ', 1)[1]
    assert start_at in shown.read_text('utf-8')
