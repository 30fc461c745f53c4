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

"""The cancel workflow: states, notification order, concurrency, a bus
that is down. Every message is compared with its sample."""

import logging
import pathlib
import threading

import pytest

from versioned_notifications.testing import ANY
from versioned_notifications.testing import assert_notification_matches_sample
from versioned_notifications.watcher import abort
from versioned_notifications.watcher import emission
from versioned_notifications.watcher import exception
from versioned_notifications.watcher import objects
from versioned_notifications.watcher import sample_data
from versioned_notifications.watcher import workflow

S = objects.State
SAMPLES = pathlib.Path(__file__).parent.parent / 'samples'
# The fault's text and where it was raised are the run's own; its class
# is compared.
FAULT = {'fault.exception_message': ANY, 'fault.module_name': ANY,
         'fault.function_name': ANY}


def make_action(number, state, action_type='nop'):
    return objects.Action(
        uuid='00000000-0000-4000-8000-%012d' % number,
        action_type=action_type, input_parameters={'param1': 1, 'param2': 2},
        state=state, parents=[], action_plan_uuid=sample_data.ACTION_PLAN_UUID,
        action_plan=None, created_at=sample_data.CREATED_AT, updated_at=None,
        deleted_at=None)


class Refuse:
    def __init__(self):
        self.calls = []

    def __call__(self, context, action):
        self.calls.append(action.uuid)
        raise exception.ActionAbortError(uuid=action.uuid, reason='busy')


@pytest.fixture
def handlers():
    registry = abort.AbortHandlerRegistry(entry_point_group=None)
    registry.register('nop', abort.nop)
    registry.register('stuck', Refuse())
    return registry


def events(captured):
    return [m['event_type'] for m in captured.messages]


def check_samples(captured):
    """Every message is its sample apart from the action's identity and
    the fault."""
    for message in captured.messages:
        sample = message['event_type'].replace('.', '-') + '.json'
        ignore = []
        replace = {}
        if message['event_type'].startswith('action.'):
            ignore = ['uuid', 'action_type']
        if message['event_type'].endswith('.error'):
            replace = FAULT
        assert_notification_matches_sample(message, sample, ignore=ignore,
                                           replace=replace,
                                           sample_dir=SAMPLES)


def test_pending_plan_sends_start_and_end_only(captured, handlers):
    plan = sample_data.action_plan(S.PENDING)
    actions = [make_action(1, S.PENDING), make_action(2, S.PENDING)]

    result = workflow.cancel_action_plan({}, plan, actions, handlers)

    assert result == workflow.CancelResult(started=True, state=S.CANCELLED)
    assert events(captured) == ['action_plan.cancel.start',
                                'action_plan.cancel.end']
    assert [a.state for a in actions] == [S.CANCELLED, S.CANCELLED]
    check_samples(captured)


def test_ongoing_plan_aborts_each_ongoing_action(captured, handlers):
    plan = sample_data.action_plan(S.ONGOING)
    actions = [make_action(1, S.SUCCEEDED), make_action(2, S.ONGOING),
               make_action(3, S.PENDING), make_action(4, S.ONGOING)]

    result = workflow.cancel_action_plan({}, plan, actions, handlers)

    assert result.state == plan.state == S.CANCELLED
    assert events(captured) == [
        'action_plan.cancel.start',
        'action.cancel.start', 'action.cancel.end',
        'action.cancel.start', 'action.cancel.end',
        'action_plan.cancel.end']
    assert [m['payload']['watcher_object.data']['uuid']
            for m in captured.messages[1:5]] == [actions[1].uuid] * 2 + [
                actions[3].uuid] * 2
    assert [a.state for a in actions] == [S.SUCCEEDED, S.CANCELLED,
                                          S.CANCELLED, S.CANCELLED]
    check_samples(captured)


def test_a_failed_abort_fails_the_plan_cancellation(captured, handlers):
    plan = sample_data.action_plan(S.ONGOING)
    actions = [make_action(1, S.ONGOING, 'stuck'), make_action(2, S.ONGOING),
               make_action(3, S.PENDING)]

    result = workflow.cancel_action_plan({}, plan, actions, handlers)

    assert result == workflow.CancelResult(
        started=True, state=S.FAILED, failed_actions=(actions[0].uuid,))
    assert plan.state == S.FAILED
    assert [a.state for a in actions] == [S.FAILED, S.CANCELLED, S.CANCELLED]
    assert events(captured) == [
        'action_plan.cancel.start',
        'action.cancel.start', 'action.cancel.error',
        'action.cancel.start', 'action.cancel.end',
        'action_plan.cancel.error']
    assert [m['priority'] for m in captured.messages] == [
        'INFO', 'INFO', 'ERROR', 'INFO', 'INFO', 'ERROR']
    check_samples(captured)
    action_fault = captured.messages[2]['payload']['watcher_object.data'][
        'fault']['watcher_object.data']
    assert action_fault['exception'] == 'ActionAbortError'
    assert action_fault['function_name'] == '__call__'
    plan_fault = captured.messages[5]['payload']['watcher_object.data'][
        'fault']['watcher_object.data']
    assert plan_fault['exception'] == 'ActionPlanCancelError'
    assert actions[0].uuid in plan_fault['exception_message']
    # The error carries the state the cancellation failed in.
    assert captured.messages[5]['payload']['watcher_object.data'][
        'state'] == S.CANCELLING


@pytest.mark.parametrize('state', [S.SUCCEEDED, S.CANCELLED, S.FAILED,
                                   S.RECOMMENDED])
def test_a_plan_that_cannot_be_cancelled_raises_and_sends_nothing(
        captured, handlers, state):
    plan = sample_data.action_plan(state)
    actions = [make_action(1, S.PENDING)]
    with pytest.raises(exception.ActionPlanNotCancellable,
                       match='is %s and cannot be cancelled' % state):
        workflow.cancel_action_plan({}, plan, actions, handlers)
    assert captured.messages == []
    assert plan.state == state and actions[0].state == S.PENDING


def test_cancelling_twice_sends_no_second_start(captured, handlers):
    plan = sample_data.action_plan(S.PENDING)
    workflow.cancel_action_plan({}, plan, [], handlers)
    with pytest.raises(exception.ActionPlanNotCancellable):
        workflow.cancel_action_plan({}, plan, [], handlers)
    assert events(captured) == ['action_plan.cancel.start',
                                'action_plan.cancel.end']


def test_a_cancelling_plan_is_left_to_its_cancellation(captured, handlers):
    plan = sample_data.action_plan(S.CANCELLING)
    result = workflow.cancel_action_plan({}, plan, [], handlers)
    assert result == workflow.CancelResult(started=False,
                                           state=S.CANCELLING)
    assert captured.messages == []


def test_two_threads_give_one_cancellation(captured, handlers):
    aborting = threading.Event()
    release = threading.Event()

    def slow(context, action):
        aborting.set()
        assert release.wait(10)

    handlers.register('slow', slow)
    plan = sample_data.action_plan(S.ONGOING)
    # The second caller holds its own copy of the plan, as two API
    # requests would.
    copy = sample_data.action_plan(S.ONGOING)
    results = {}
    first = threading.Thread(target=lambda: results.__setitem__(
        'first', workflow.cancel_action_plan(
            {}, plan, [make_action(1, S.ONGOING, 'slow')], handlers)))
    first.start()
    assert aborting.wait(10)
    results['second'] = workflow.cancel_action_plan(
        {}, copy, [make_action(1, S.ONGOING, 'slow')], handlers)
    release.set()
    first.join(10)

    assert results['first'].started and results['first'].state == S.CANCELLED
    assert results['second'] == workflow.CancelResult(started=False,
                                                      state=S.ONGOING)
    assert events(captured).count('action_plan.cancel.start') == 1
    assert events(captured)[-1] == 'action_plan.cancel.end'


def test_an_ongoing_action_without_handler_changes_nothing(captured,
                                                           handlers):
    plan = sample_data.action_plan(S.ONGOING)
    actions = [make_action(1, S.ONGOING, 'resize')]
    with pytest.raises(exception.AbortHandlerNotFound,
                       match=r'type resize .*\(known: nop, stuck\)'):
        workflow.cancel_action_plan({}, plan, actions, handlers)
    assert captured.messages == []
    assert plan.state == S.ONGOING and actions[0].state == S.ONGOING


def test_an_action_of_another_plan_is_refused(captured, handlers):
    other = make_action(1, S.PENDING)
    other.action_plan_uuid = sample_data.AUDIT_UUID
    plan = sample_data.action_plan(S.PENDING)
    with pytest.raises(ValueError, match='belongs to action plan'):
        workflow.cancel_action_plan({}, plan, [other], handlers)
    assert captured.messages == [] and plan.state == S.PENDING


def test_entry_point_handlers_are_found(tmp_path, monkeypatch):
    dist = tmp_path / 'plugin-1.0.dist-info'
    dist.mkdir()
    (dist / 'METADATA').write_text('Name: plugin\nVersion: 1.0\n')
    (dist / 'entry_points.txt').write_text(
        '[%s]\nmigrate = plugin_aborts:stop\n' % abort.ENTRY_POINT_GROUP)
    (tmp_path / 'plugin_aborts.py').write_text(
        'def stop(context, action):\n    return "stopped"\n')
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = abort.AbortHandlerRegistry()
    assert 'migrate' in registry.known()
    assert registry.get(make_action(1, S.ONGOING, 'migrate'))(
        {}, None) == 'stopped'


def test_a_down_bus_never_stops_a_cancellation(notifier_conf, handlers,
                                               caplog):
    # A broker that refuses connections, asked to retry once.
    notifier_conf.set_override('driver', ['messagingv2'],
                               group='oslo_messaging_notifications')
    notifier_conf.set_override('transport_url',
                               'rabbit://guest:guest@127.0.0.1:1/',
                               group='oslo_messaging_notifications')
    notifier_conf.set_override('retry', 0,
                               group='oslo_messaging_notifications')
    emission.init(notifier_conf)
    plan = sample_data.action_plan(S.ONGOING)
    actions = [make_action(1, S.ONGOING, 'stuck'), make_action(2, S.ONGOING),
               make_action(3, S.PENDING)]

    with caplog.at_level(logging.ERROR, logger=emission.__name__):
        result = workflow.cancel_action_plan({}, plan, actions, handlers)

    assert result.state == plan.state == S.FAILED
    assert [a.state for a in actions] == [S.FAILED, S.CANCELLED, S.CANCELLED]
    failed = [r.getMessage() for r in caplog.records
              if r.name == emission.__name__]
    assert [line.split()[4] for line in failed] == [
        'action_plan.cancel.start', 'action.cancel.start',
        'action.cancel.error', 'action.cancel.start', 'action.cancel.end',
        'action_plan.cancel.error']
