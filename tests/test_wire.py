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

"""What the real notifier emits for the specification's data is the
specification's sample, for each of the six events."""

import datetime
import uuid

import pytest

from tests.conftest import load_fixture
from versioned_notifications.watcher import sample_data
from versioned_notifications.watcher import send_action_cancel_notification
from versioned_notifications.watcher import send_cancel_notification
from versioned_notifications.watcher import State
from versioned_notifications.watcher import WatcherException

# (sample, send function, object factory, priority)
EVENTS = [
    ('action_plan-cancel-start.json', send_cancel_notification,
     lambda: sample_data.action_plan(State.CANCELLING), 'info'),
    ('action_plan-cancel-end.json', send_cancel_notification,
     lambda: sample_data.action_plan(State.CANCELLED), 'info'),
    ('action_plan-cancel-error.json', send_cancel_notification,
     lambda: sample_data.action_plan(State.CANCELLING), 'error'),
    ('action-cancel-start.json', send_action_cancel_notification,
     lambda: sample_data.action(State.CANCELLING), 'info'),
    ('action-cancel-end.json', send_action_cancel_notification,
     lambda: sample_data.action(State.CANCELLED), 'info'),
    ('action-cancel-error.json', send_action_cancel_notification,
     lambda: sample_data.action(State.FAILED), 'error'),
]


def failing_operation():
    raise WatcherException('TEST')


def emit(send, obj, phase, priority):
    if phase != 'error':
        send({}, obj, phase, priority=priority)
        return
    try:
        failing_operation()
    except WatcherException:
        send({}, obj, phase, priority=priority)


@pytest.mark.parametrize('sample, send, make, priority', EVENTS,
                         ids=[event[0] for event in EVENTS])
def test_emitted_message_is_the_seed_sample(captured, sample, send, make,
                                             priority):
    phase = sample.rsplit('-', 1)[1][:-len('.json')]
    emit(send, make(), phase, priority)

    [message] = captured.messages
    expected = load_fixture('seed', sample)
    fault = expected['payload']['watcher_object.data']['fault']
    if fault is not None:
        # Erratum 4: the fault names the function that really raised.
        fault['watcher_object.data'].update(
            module_name=__name__, function_name='failing_operation')

    for key in ('event_type', 'priority', 'publisher_id', 'payload'):
        assert message[key] == expected[key], key
    # The run-dependent envelope keys are oslo.messaging's own.
    assert set(message) == set(expected)
    uuid.UUID(message['message_id'])
    datetime.datetime.strptime(message['timestamp'],
                               '%Y-%m-%d %H:%M:%S.%f')


def test_no_changes_key_anywhere(captured):
    send_cancel_notification({}, sample_data.action_plan(), 'start')
    [message] = captured.messages
    assert 'watcher_object.changes' not in repr(message)


def test_host_defaults_to_the_configured_host(captured, notifier_conf):
    notifier_conf.set_override('host', 'compute-7')
    send_cancel_notification({}, sample_data.action_plan(), 'start')
    assert captured.messages[0]['publisher_id'] == 'infra-optim:compute-7'


def test_service_names_the_publisher(captured):
    send_action_cancel_notification({}, sample_data.action(), 'end',
                                    service='watcher-applier', host='n1')
    assert captured.messages[0]['publisher_id'] == 'watcher-applier:n1'
