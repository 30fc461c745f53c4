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

import collections
from importlib import metadata
import logging
import pathlib
import random
import signal
import sqlite3
import threading
import time

from oslo_utils import uuidutils
import pytest

from versioned_notifications.testing import ANY
from versioned_notifications.testing import assert_notification_matches_sample
from versioned_notifications.watcher import abort
from versioned_notifications.watcher import emission
from versioned_notifications.watcher import exception
from versioned_notifications.watcher import notification
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


def check_samples(captured, any_fault=False):
    """Every message is its sample apart from the action's identity and
    the fault (its class too when ``any_fault``)."""
    for message in captured.messages:
        sample = message['event_type'].replace('.', '-') + '.json'
        ignore = []
        replace = {}
        if message['event_type'].startswith('action.'):
            ignore = ['uuid', 'action_type']
        if message['event_type'].endswith('.error'):
            replace = dict(FAULT, **{'fault.exception': ANY}) \
                if any_fault else FAULT
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


@pytest.mark.parametrize('state', [S.SUCCEEDED, S.FAILED, S.RECOMMENDED])
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
    # Cancelling is idempotent: a racing caller that reads the plan after
    # the first cancellation ended is told so, not refused.
    assert workflow.cancel_action_plan({}, plan, [], handlers) == \
        workflow.CancelResult(started=False, state=S.CANCELLED)
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
    # The state the plan is in, not the one of the caller's stale copy.
    assert results['second'] == workflow.CancelResult(started=False,
                                                      state=S.CANCELLING)
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


def data(message):
    return message['payload']['watcher_object.data']


def fault(message):
    return data(message)['fault']['watcher_object.data']


# Nothing changes unless the cancellation can finish.

@pytest.mark.parametrize('owner, field, value', [
    ('plan', 'created_at', sample_data.CREATED_AT),
    ('plan', 'global_efficacy', {}),
    ('audit', 'created_at', sample_data.CREATED_AT),
    ('strategy', 'updated_at', None),
])
def test_a_plan_missing_a_field_is_refused_unchanged(captured, handlers,
                                                     state_store, owner,
                                                     field, value):
    plan = sample_data.action_plan(S.ONGOING)
    obj = {'plan': plan, 'audit': plan.audit, 'strategy': plan.strategy}[
        owner]
    delattr(obj, field)
    actions = [make_action(1, S.ONGOING), make_action(2, S.PENDING)]

    with pytest.raises(notification.PayloadNotPopulated,
                       match=r'not set: %s %s: %s\. Load them'
                       % (obj.obj_name(), obj.uuid, field)):
        workflow.cancel_action_plan({}, plan, actions, handlers)

    assert captured.messages == []
    assert plan.state == S.ONGOING
    assert [a.state for a in actions] == [S.ONGOING, S.PENDING]
    assert actions[0].action_plan is None
    assert state_store.state(plan.uuid) is None
    # Not stuck: once the field is loaded, the plan is cancelled.
    setattr(obj, field, value)
    result = workflow.cancel_action_plan({}, plan, actions, handlers)
    assert result == workflow.CancelResult(started=True, state=S.CANCELLED)
    check_samples(captured)


def test_an_action_missing_a_field_is_refused_unchanged(captured, handlers):
    aborted = []
    handlers.register('watched', lambda context, action: aborted.append(
        action.uuid))
    plan = sample_data.action_plan(S.ONGOING)
    del plan.created_at
    actions = [make_action(1, S.ONGOING),
               make_action(2, S.ONGOING, 'watched')]
    del actions[1].input_parameters

    # Every missing field is named, of every object, at once.
    with pytest.raises(
            notification.PayloadNotPopulated,
            match=r'not set: ActionPlan %s: created_at; Action %s: '
                  r'input_parameters\. Load them'
            % (plan.uuid, actions[1].uuid)):
        workflow.cancel_action_plan({}, plan, actions, handlers)

    assert captured.messages == [] and aborted == []
    assert plan.state == S.ONGOING
    assert [a.state for a in actions] == [S.ONGOING, S.ONGOING]
    plan.created_at = sample_data.CREATED_AT
    actions[1].input_parameters = {}
    result = workflow.cancel_action_plan({}, plan, actions, handlers)
    assert result.state == S.CANCELLED and aborted == [actions[1].uuid]
    assert [a.state for a in actions] == [S.CANCELLED, S.CANCELLED]


# Once action_plan.cancel.start is sent, everything ends.

@pytest.mark.parametrize('interrupt', [SystemExit(3), KeyboardInterrupt()],
                         ids=['SystemExit', 'KeyboardInterrupt'])
def test_an_abort_stopping_the_process_still_ends_the_cancellation(
        captured, handlers, state_store, interrupt):
    def stop_process(context, action):
        raise interrupt

    handlers.register('exit', stop_process)
    plan = sample_data.action_plan(S.ONGOING)
    actions = [make_action(1, S.ONGOING), make_action(2, S.ONGOING, 'exit'),
               make_action(3, S.ONGOING), make_action(4, S.PENDING)]

    # Raised again, so that the process still stops...
    with pytest.raises(type(interrupt)):
        workflow.cancel_action_plan({}, plan, actions, handlers)

    # ... once the plan and every action are final, each notified.
    assert plan.state == S.FAILED
    assert state_store.state(plan.uuid) == S.FAILED
    assert [a.state for a in actions] == [S.CANCELLED, S.FAILED, S.FAILED,
                                          S.CANCELLED]
    assert events(captured) == [
        'action_plan.cancel.start',
        'action.cancel.start', 'action.cancel.end',
        'action.cancel.start', 'action.cancel.error',
        # The process is stopping: the next abort is not attempted.
        'action.cancel.start', 'action.cancel.error',
        'action_plan.cancel.error']
    check_samples(captured, any_fault=True)
    assert fault(captured.messages[4])['exception'] == \
        type(interrupt).__name__
    assert fault(captured.messages[4])['function_name'] == 'stop_process'
    assert fault(captured.messages[6])['exception'] == 'ActionAbortError'
    assert 'not attempted' in fault(captured.messages[6])[
        'exception_message']
    plan_fault = fault(captured.messages[7])
    assert plan_fault['exception'] == 'ActionPlanCancelError'
    assert '%s, %s failed (the cancellation was interrupted by %s)' % (
        actions[1].uuid, actions[2].uuid, type(interrupt).__name__) in \
        plan_fault['exception_message']


@pytest.mark.skipif(
    threading.current_thread() is not threading.main_thread()
    or signal.getsignal(signal.SIGINT) is not signal.default_int_handler,
    reason='needs the main thread and the default SIGINT handler')
def test_ctrl_c_while_an_abort_runs_still_ends_the_cancellation(
        captured, handlers, state_store):
    release = threading.Event()

    def slow(context, action):
        time.sleep(0.1)
        # Ctrl-C: SIGINT to the main thread, where the cancellation runs.
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
        release.wait(10)

    handlers.register('slow', slow)
    plan = sample_data.action_plan(S.ONGOING)
    actions = [make_action(1, S.ONGOING, 'slow'), make_action(2, S.ONGOING)]
    try:
        with pytest.raises(KeyboardInterrupt):
            workflow.cancel_action_plan({}, plan, actions, handlers)
    finally:
        release.set()

    assert plan.state == S.FAILED
    assert state_store.state(plan.uuid) == S.FAILED
    assert [a.state for a in actions] == [S.FAILED, S.FAILED]
    assert events(captured) == [
        'action_plan.cancel.start',
        'action.cancel.start', 'action.cancel.error',
        'action.cancel.start', 'action.cancel.error',
        'action_plan.cancel.error']
    assert fault(captured.messages[2])['exception'] == 'KeyboardInterrupt'


# A hanging abort is bounded by [watcher_cancel] abort_timeout.

def test_a_hanging_abort_times_out(captured, notifier_conf, handlers,
                                   state_store, caplog):
    workflow.register_opts(notifier_conf)
    notifier_conf.set_override('abort_timeout', 0.2, group='watcher_cancel')
    release = threading.Event()

    def hang(context, action):
        # Bounded only so that, without a timeout, this test fails rather
        # than hangs.
        release.wait(10)

    handlers.register('hang', hang)
    plan = sample_data.action_plan(S.ONGOING)
    actions = [make_action(1, S.ONGOING, 'hang'), make_action(2, S.ONGOING),
               make_action(3, S.PENDING)]

    began = time.monotonic()
    result = workflow.cancel_action_plan({}, plan, actions, handlers)
    took = time.monotonic() - began

    assert took < 2, took
    assert result == workflow.CancelResult(
        started=True, state=S.FAILED, failed_actions=(actions[0].uuid,))
    # The plan's claim in the store is released: it holds the final state.
    assert plan.state == S.FAILED
    assert state_store.state(plan.uuid) == S.FAILED
    assert [a.state for a in actions] == [S.FAILED, S.CANCELLED, S.CANCELLED]
    assert events(captured) == [
        'action_plan.cancel.start',
        'action.cancel.start', 'action.cancel.error',
        'action.cancel.start', 'action.cancel.end',
        'action_plan.cancel.error']
    check_samples(captured, any_fault=True)
    timeout_fault = fault(captured.messages[2])
    assert timeout_fault['exception'] == 'ActionAbortTimeout'
    assert 'did not finish within 0.2 s' in timeout_fault['exception_message']
    assert fault(captured.messages[5])['exception'] == 'ActionPlanCancelError'

    # The abandoned handler goes on in a daemon thread; when it returns
    # it is logged, and changes nothing.
    worker = [thread for thread in threading.enumerate()
              if thread.name == 'abort-%s' % actions[0].uuid]
    assert [thread.daemon for thread in worker] == [True]
    with caplog.at_level(logging.WARNING, logger=workflow.__name__):
        release.set()
        worker[0].join(5)
    assert 'returned after it was abandoned' in caplog.text
    assert actions[0].state == S.FAILED and len(captured.messages) == 6


def test_abort_timeout_is_an_option_for_the_config_generator(notifier_conf):
    assert workflow.abort_timeout(notifier_conf) == 60.0
    ((group, opts),) = workflow.list_opts()
    assert (group, [opt.name for opt in opts]) == ('watcher_cancel',
                                                   ['abort_timeout'])
    entry_points = {ep.name: ep for ep in
                    metadata.entry_points(group='oslo.config.opts')}
    assert entry_points['versioned_notifications.watcher.workflow'] \
        .load() is workflow.list_opts


# One cancellation per plan, across callers and copies.

TRIALS = 200
THREADS = 8


def race(handlers, setup, trials=TRIALS, store=None):
    """For each trial, THREADS threads cancel at once the plan that
    ``setup()`` makes: it returns (plan UUID, make), ``make()`` giving each
    thread its (plan, actions). Return {plan UUID: outcomes}, an outcome
    being 'started', the state of a call that did not start, or the name
    of the exception it raised."""
    outcomes = {}
    options = {} if store is None else {'store': store}
    for _ in range(trials):
        uuid, make = setup()
        barrier = threading.Barrier(THREADS)
        got = outcomes[uuid] = []

        def run(make=make, barrier=barrier, got=got):
            plan, actions = make()
            barrier.wait()
            # Spread the callers over the cancellation, as requests are:
            # some come before it, some during, some after it.
            time.sleep(random.random() * 0.003)
            try:
                result = workflow.cancel_action_plan({}, plan, actions,
                                                     handlers, **options)
            except Exception as exc:
                got.append(type(exc).__name__)
            else:
                got.append('started' if result.started else result.state)

        threads = [threading.Thread(target=run) for _ in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
    return outcomes


def copies():
    """A plan every thread reads from storage, as API workers do: each
    its own copy of the plan and of its ONGOING action."""
    uuid = uuidutils.generate_uuid()

    def make():
        plan = sample_data.action_plan(S.ONGOING)
        plan.uuid = uuid
        action = make_action(1, S.ONGOING)
        action.action_plan_uuid = uuid
        return plan, [action]

    return uuid, make


def starts(captured, event='action_plan.cancel.start'):
    return collections.Counter(
        data(m)['action_plan']['watcher_object.data']['uuid']
        if m['event_type'].startswith('action.') else data(m)['uuid']
        for m in captured.messages if m['event_type'] == event)


def test_callers_holding_copies_start_one_cancellation(captured, handlers):
    outcomes = race(handlers, copies)

    sent = starts(captured)
    assert collections.Counter(sent[uuid] for uuid in outcomes) == {
        1: TRIALS}
    assert collections.Counter(starts(captured, 'action.cancel.start')
                               .values()) == {1: TRIALS}
    assert [got.count('started') for got in outcomes.values()] == \
        [1] * TRIALS
    assert {o for got in outcomes.values() for o in got} <= {
        'started', S.CANCELLING, S.CANCELLED}


def test_callers_sharing_one_object_start_one_cancellation(captured,
                                                           handlers):
    def shared():
        plan = sample_data.action_plan(S.ONGOING)
        plan.uuid = uuidutils.generate_uuid()
        action = make_action(1, S.ONGOING)
        action.action_plan_uuid = plan.uuid
        return plan.uuid, lambda: (plan, [action])

    outcomes = race(handlers, shared)

    assert collections.Counter(starts(captured).values()) == {1: TRIALS}
    refused = [o for got in outcomes.values() for o in got
               if o not in ('started', S.CANCELLING, S.CANCELLED)]
    assert refused == []
    assert [got.count('started') for got in outcomes.values()] == \
        [1] * TRIALS


def test_a_copy_read_before_an_ended_cancellation_starts_nothing(
        captured, handlers):
    first, stale = copies()[1](), None
    stale = sample_data.action_plan(S.ONGOING)
    stale.uuid = first[0].uuid
    stale_action = make_action(1, S.ONGOING)
    stale_action.action_plan_uuid = stale.uuid
    assert workflow.cancel_action_plan({}, *first, handlers).started

    result = workflow.cancel_action_plan({}, stale, [stale_action], handlers)

    assert result == workflow.CancelResult(started=False, state=S.CANCELLED)
    assert events(captured).count('action_plan.cancel.start') == 1
    # A call that did not start changes nothing, not even the copy.
    assert stale.state == stale_action.state == S.ONGOING


def test_a_copy_read_pending_of_a_plan_now_ongoing_is_refused(
        captured, handlers, state_store):
    plan = sample_data.action_plan(S.PENDING)
    # The applier started the plan after this caller read it and its
    # actions: they are stale too.
    assert state_store.compare_and_set(plan.uuid, S.PENDING,
                                       S.ONGOING) == S.PENDING
    with pytest.raises(exception.ActionPlanChanged,
                       match='was read PENDING but is now ONGOING'):
        workflow.cancel_action_plan({}, plan, [make_action(1, S.PENDING)],
                                    handlers)
    assert captured.messages == [] and plan.state == S.PENDING
    assert state_store.state(plan.uuid) == S.ONGOING


class SqliteStateStore(workflow.StateStore):
    """A StateStore the way a service's database implements it."""

    def __init__(self, path):
        self.path = path
        self._run('CREATE TABLE action_plans (uuid TEXT PRIMARY KEY, '
                  'state TEXT NOT NULL)')

    def _run(self, sql, *args):
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            cursor = db.execute(sql, args)
            return cursor.rowcount, cursor.fetchone()
        finally:
            db.close()

    def add(self, uuid, state):
        self._run('INSERT INTO action_plans VALUES (?, ?)', uuid, state)

    def compare_and_set(self, uuid, expected, new):
        changed, _ = self._run(
            'UPDATE action_plans SET state = ? WHERE uuid = ? AND state = ?',
            new, uuid, expected)
        if changed:
            return expected
        return self._run('SELECT state FROM action_plans WHERE uuid = ?',
                         uuid)[1][0]


def test_a_database_store_gives_one_cancellation(captured, handlers,
                                                  tmp_path):
    store = SqliteStateStore(str(tmp_path / 'watcher.sqlite'))

    def stored():
        uuid, make = copies()
        store.add(uuid, S.ONGOING)
        return uuid, make

    outcomes = race(handlers, stored, trials=20, store=store)

    assert collections.Counter(starts(captured).values()) == {1: 20}
    assert [got.count('started') for got in outcomes.values()] == [1] * 20
    assert {store.compare_and_set(uuid, S.CANCELLED, S.CANCELLED)
            for uuid in outcomes} == {S.CANCELLED}
