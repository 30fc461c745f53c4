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

"""Cancelling an action plan: the states it goes through and the
notifications it sends.

States
    The action plan goes from PENDING or ONGOING to CANCELLING, then to
    CANCELLED, or to FAILED when its cancellation fails. Its PENDING
    actions become CANCELLED (they never ran: there is nothing to abort).
    Each ONGOING action becomes CANCELLING, is aborted by the handler
    registered for its type (:mod:`~versioned_notifications.watcher.abort`),
    then becomes CANCELLED, or FAILED when its abort raises or outlasts
    ``[watcher_cancel] abort_timeout``. Actions in any other state are left
    as they are.

Notifications, in this order
    ``action_plan.cancel.start``; for each ONGOING action
    ``action.cancel.start`` then ``action.cancel.end``, or
    ``action.cancel.error`` (priority ERROR, with the abort's exception as
    fault); last ``action_plan.cancel.end``, or ``action_plan.cancel.error``
    (priority ERROR) when the cancellation failed. PENDING actions are
    cancelled without notifications: the ``action.cancel`` events announce
    aborts.

Nothing changes unless the cancellation can finish
    Before the first state change the call checks the actions (they
    belong to the plan, each ONGOING one has an abort handler) and builds
    the payload of every notification the cancellation sends: a field the
    payload needs that is not set on the plan, its audit or strategy, or
    an ONGOING action raises ``PayloadNotPopulated`` naming the object
    and the field, with nothing changed or sent.

Once ``action_plan.cancel.start`` is sent, everything ends
    The plan and each of its PENDING and ONGOING actions reach a final
    state, with their end or error notification sent (logged when the bus
    is down), whatever happens:

    * An abort that fails (its handler raises) fails that action; an
      abort that outlasts ``[watcher_cancel] abort_timeout`` fails it too,
      with an ``ActionAbortTimeout`` fault. The handler runs in a daemon
      thread, abandoned (not stopped: Python cannot) when it times out.
    * An action whose abort failed may still be running, so the plan is
      not reported CANCELLED: every other ONGOING action is still aborted,
      then ``action_plan.cancel.error`` is sent with an
      ``ActionPlanCancelError`` fault naming the actions that could not be
      aborted, and the plan becomes FAILED. That notification's payload
      carries the state the cancellation failed in, CANCELLING (as the
      specification's sample does); the plan is FAILED once it has been
      sent.
    * A handler raising ``SystemExit`` or ``KeyboardInterrupt`` (or one
      arriving while a handler runs) fails its action as above; the
      ONGOING actions not aborted yet are not aborted (the process is
      stopping) but each gets ``action.cancel.start`` and
      ``action.cancel.error`` (``ActionAbortError``: not attempted) and
      becomes FAILED; the plan's cancellation fails as above; then the
      exception is raised again so that the process still stops.
    * Any other exception escaping the workflow itself fails the actions
      still being aborted and the plan the same way, with that exception
      as their fault, and is raised again.

One cancellation per plan, across callers and copies
    The transition to CANCELLING is a compare-and-set in a
    :class:`StateStore` every caller shares (by default
    :data:`STATE_STORE`, in memory, for the callers of this process; a
    service with a database gives one whose ``compare_and_set`` is an
    ``UPDATE ... WHERE state = ...``). Exactly one caller wins and
    cancels; any other, whether it holds the same object or a copy read
    before the cancellation began, sends nothing and gets ``started``
    False with the plan's state, CANCELLING or CANCELLED. Cancelling is
    thus idempotent: a CANCELLING or CANCELLED plan gives ``started``
    False. A plan in any other state than PENDING and ONGOING (SUCCEEDED,
    FAILED, RECOMMENDED...) raises ``ActionPlanNotCancellable`` before
    anything changes or is sent, and so does a plan read PENDING or
    ONGOING that the store finds in such a state (``ActionPlanChanged``
    when it is PENDING or ONGOING but not as read: its actions, read with
    it, may be stale too).

A bus that is down does not stop a cancellation: sending never raises
(see :mod:`~versioned_notifications.watcher.emission`), each failed send is
logged, and the states end up the same.
"""

import abc
import dataclasses
import logging
import threading

from oslo_config import cfg

from versioned_notifications.watcher import abort
from versioned_notifications.watcher import emission
from versioned_notifications.watcher import exception
from versioned_notifications.watcher import fields
from versioned_notifications.watcher import notification
from versioned_notifications.watcher import notifications
from versioned_notifications.watcher import objects
from versioned_notifications.watcher import payloads

LOG = logging.getLogger(__name__)

State = objects.State
Phase = fields.NotificationPhase
INFO = fields.NotificationPriority.INFO
ERROR = fields.NotificationPriority.ERROR

CANCELLABLE_STATES = (State.PENDING, State.ONGOING)
FINAL_STATES = (State.SUCCEEDED, State.CANCELLED, State.FAILED)
# A plan in one of these is, or has been, cancelled by another call.
CANCELLED_STATES = (State.CANCELLING, State.CANCELLED)

# A handler's job is to tell its action to stop and wait until it has:
# long enough for an abort that polls a service (a live migration's abort
# takes seconds to tens of seconds), short enough that a hung handler
# turns into a FAILED action within a minute rather than a plan stuck in
# CANCELLING. Aborts run one after the other, so a cancellation lasts at
# most about this much per ONGOING action.
DEFAULT_ABORT_TIMEOUT = 60.0

cancel_opts = [
    cfg.FloatOpt(
        'abort_timeout',
        default=DEFAULT_ABORT_TIMEOUT,
        min=0.01,
        help='Seconds the abort handler of an ONGOING action may take when '
             'its action plan is cancelled. A handler still running then '
             'is abandoned (it goes on in a daemon thread): the action '
             'becomes FAILED, action.cancel.error carries an '
             'ActionAbortTimeout fault, and the cancellation goes on, so '
             'the plan ends FAILED. ONGOING actions are aborted one after '
             'the other: a cancellation takes at most about this long per '
             'ONGOING action.'),
]


def register_opts(conf):
    """Register the ``[watcher_cancel]`` options on ``conf``."""
    conf.register_opts(cancel_opts, group='watcher_cancel')


def list_opts():
    """Options for oslo-config-generator."""
    return [('watcher_cancel', cancel_opts)]


def abort_timeout(conf=None):
    """``[watcher_cancel] abort_timeout`` of ``conf`` (default: the
    configuration the notifier is built from)."""
    conf = emission.current_conf() if conf is None else conf
    register_opts(conf)
    return conf.watcher_cancel.abort_timeout


class StateStore(abc.ABC):
    """The action plans' states as every caller that may cancel them sees
    them: where a cancellation is claimed, and where it ends.

    A service with a database implements :meth:`compare_and_set` as one
    statement, for example::

        UPDATE action_plans SET state = :new
         WHERE uuid = :uuid AND state = :expected

    returning ``expected`` when it changed a row and otherwise the state a
    ``SELECT`` then reads.
    """

    @abc.abstractmethod
    def compare_and_set(self, uuid, expected, new):
        """Atomically set action plan ``uuid``'s state to ``new`` if it is
        ``expected``; return the state it had (``expected`` exactly when
        it was set)."""


class InMemoryStateStore(StateStore):
    """A :class:`StateStore` shared by the callers of one process.

    It knows only the plans cancellations have gone through: a plan it has
    not seen is taken to be in the state its first caller read. It keeps
    one entry per such plan for the life of the process.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._states = {}

    def compare_and_set(self, uuid, expected, new):
        with self._lock:
            current = self._states.get(uuid, expected)
            if current == expected:
                self._states[uuid] = new
            return current

    def state(self, uuid):
        """The state held for ``uuid``, or None when it has none."""
        with self._lock:
            return self._states.get(uuid)


# The store cancel_action_plan uses unless it is given another.
STATE_STORE = InMemoryStateStore()


@dataclasses.dataclass(frozen=True)
class CancelResult:
    """What one call of :func:`cancel_action_plan` did."""

    # False when another call cancels, or has cancelled, the plan: this
    # call changed nothing and sent nothing.
    started: bool
    # The action plan's state when the call returned (when not started,
    # the state the store holds, which a copy the caller holds may lag).
    state: str
    # UUIDs of the actions whose abort failed, in the order given.
    failed_actions: tuple = ()


def cancel_action_plan(context, action_plan, actions, handlers=None,
                       service=notifications.DEFAULT_SERVICE, host=None,
                       store=None):
    """Cancel ``action_plan`` and its ``actions``, sending the cancel
    notifications; return a :class:`CancelResult`.

    ``action_plan`` carries its ``audit`` and ``strategy``; ``actions``
    are all of its actions (each is linked to ``action_plan`` so that its
    notifications carry the plan's current state). ``handlers`` is the
    :class:`~versioned_notifications.watcher.abort.AbortHandlerRegistry`
    to abort ONGOING actions with (default: ``abort.HANDLERS``); ``store``
    the :class:`StateStore` the cancellation is claimed in (default:
    :data:`STATE_STORE`).
    """
    actions = list(actions)
    handlers = abort.HANDLERS if handlers is None else handlers
    store = STATE_STORE if store is None else store
    # Read once: another thread may be changing this very object.
    seen = action_plan.state
    if seen not in CANCELLABLE_STATES:
        return _not_started(action_plan.uuid, seen)
    aborters = _check(action_plan, actions, handlers)
    timeout = abort_timeout()
    current = store.compare_and_set(action_plan.uuid, seen,
                                    State.CANCELLING)
    if current != seen:
        return _not_started(action_plan.uuid, current, seen)
    return _cancel(context, action_plan, actions, aborters, timeout, store,
                   dict(service=service, host=host))


def _not_started(uuid, state, seen=None):
    """The result of a call that may not cancel a plan in ``state``."""
    if state in CANCELLED_STATES:
        LOG.info('Action plan %s is %s: another cancellation has it; '
                 'nothing to do', uuid, state)
        return CancelResult(started=False, state=state)
    if state in CANCELLABLE_STATES:
        raise exception.ActionPlanChanged(uuid=uuid, seen=seen, state=state)
    raise exception.ActionPlanNotCancellable(uuid=uuid, state=state)


def _check(action_plan, actions, handlers):
    """Check everything that could stop the cancellation half-way, before
    anything changes: return the handler of each ONGOING action."""
    aborters = {}
    for action in actions:
        if action.action_plan_uuid != action_plan.uuid:
            raise ValueError(
                'Action %s belongs to action plan %s, not to %s: pass only '
                'the actions of the plan being cancelled'
                % (action.uuid, action.action_plan_uuid, action_plan.uuid))
        if action.state == State.ONGOING:
            aborters[action.uuid] = handlers.get(action)
    _check_payloads(action_plan,
                    [action for action in actions if action.uuid in aborters])
    return aborters


def _check_payloads(action_plan, ongoing):
    """Build the payloads the cancellation will send, for the plan and
    each ONGOING action: a field one needs that is not set would otherwise
    stop the cancellation at its first notification, after the state
    changed. Raise ``PayloadNotPopulated`` naming each object and field."""
    # Raises PayloadNotPopulated, naming what is missing, when the plan
    # lacks its audit or strategy.
    plan_payload = payloads.ActionPlanCancelPayload(action_plan=action_plan)
    missing = _unset(plan_payload, {'': action_plan,
                                    'audit': action_plan.audit,
                                    'strategy': action_plan.strategy})
    # Built as ActionCancelPayload(action=...) builds it, without linking
    # the action to the plan: nothing may change before the check passes.
    plan_of_action = payloads.TerseActionPlanPayload(action_plan=action_plan)
    for action in ongoing:
        payload = payloads.ActionCancelPayload()
        payload.action_plan = plan_of_action
        payload.fault = None
        payload.populate_schema(action=action)
        # The plan's own fields are reported once, above.
        missing += _unset(payload, {'': action})
    if missing:
        raise notification.PayloadNotPopulated(
            'Cannot cancel action plan %s: its cancel notifications need '
            'fields that are not set: %s. Load them (None where there is '
            'no value) before cancelling; nothing was changed or sent.'
            % (action_plan.uuid, '; '.join(missing)))


def _unset(payload, owners):
    """'<Object> <uuid>: <field>, ...' for each object of ``owners`` (by
    path in ``payload``) whose fields ``payload`` lacks."""
    fields_of = {}
    for path in payload.unset_fields():
        owner, _, name = path.rpartition('.')
        if owner in owners:
            fields_of.setdefault(owner, []).append(name)
    return ['%s %s: %s' % (owners[owner].obj_name(),
                           getattr(owners[owner], 'uuid', '?'),
                           ', '.join(names))
            for owner, names in fields_of.items()]


def _cancel(context, action_plan, actions, aborters, timeout, store, sender):
    """The cancellation, once this call has claimed it: whatever happens,
    the plan and its actions end in a final state, their end or error
    notification sent, and the store holds the plan's final state."""
    for action in actions:
        action.action_plan = action_plan
    action_plan.state = State.CANCELLING
    failed = []
    interrupt = None
    try:
        _notify_plan(context, action_plan, Phase.START, sender)
        for action in actions:
            if action.state == State.PENDING:
                action.state = State.CANCELLED
        for action in actions:
            if action.uuid not in aborters:
                continue
            if interrupt is None:
                stopped, interrupt = _abort(context, action,
                                            aborters[action.uuid], timeout,
                                            sender)
            else:
                stopped = _skip(context, action, interrupt, sender)
            if not stopped:
                failed.append(action.uuid)
    except BaseException:
        # Not a handler's failure (_abort handles those) but the
        # workflow's own, or an interrupt between two aborts: end what is
        # still under way as failed, with this exception as the fault.
        _fail_unfinished(context, actions, aborters, sender)
        _finish(context, action_plan, store, sender, failed=True)
        raise
    if not failed:
        _finish(context, action_plan, store, sender, failed=False)
        return CancelResult(started=True, state=action_plan.state)
    try:
        fail_cancellation(action_plan, failed, interrupt)
    except exception.ActionPlanCancelError as exc:
        LOG.warning('%s', exc)
        _finish(context, action_plan, store, sender, failed=True)
    if interrupt is not None:
        # The process is being stopped; now that the plan and its actions
        # are final, let it stop.
        raise interrupt
    return CancelResult(started=True, state=action_plan.state,
                        failed_actions=tuple(failed))


def _abort(context, action, handler, timeout, sender):
    """Abort one ONGOING action. Return whether it stopped, and the
    ``BaseException`` (``SystemExit``, ``KeyboardInterrupt``) to raise
    again once the cancellation has ended, or None."""
    action.state = State.CANCELLING
    _notify_action(context, action, Phase.START, sender)
    try:
        _run_handler(context, action, handler, timeout)
    except BaseException as exc:
        action.state = State.FAILED
        LOG.warning('Aborting action %s (%s) failed: %s: %s', action.uuid,
                    action.action_type, type(exc).__name__, exc)
        _notify_action(context, action, Phase.ERROR, sender)
        return False, (None if isinstance(exc, Exception) else exc)
    action.state = State.CANCELLED
    _notify_action(context, action, Phase.END, sender)
    return True, None


def _run_handler(context, action, handler, timeout):
    """Run ``handler(context, action)`` for at most ``timeout`` seconds;
    raise what it raised, or ``ActionAbortTimeout``.

    The handler runs in a daemon thread, so that one that never returns
    can be left behind without keeping the process alive.
    """
    raised = []
    done = threading.Event()
    guard = threading.Lock()
    late = []

    def run():
        try:
            handler(context, action)
        except BaseException as exc:
            # Handed to the cancelling thread: in this one SystemExit
            # would end the thread without a word.
            raised.append(exc)
        finally:
            with guard:
                done.set()
                abandoned = bool(late)
            if abandoned:
                LOG.warning('The abort handler of action %s (%s) returned '
                            'after it was abandoned; the action was '
                            'already reported FAILED', action.uuid,
                            action.action_type)

    worker = threading.Thread(target=run, daemon=True,
                              name='abort-%s' % action.uuid)
    worker.start()
    try:
        done.wait(timeout)
    finally:
        # Also when KeyboardInterrupt stops the wait: the handler goes on
        # alone.
        with guard:
            if not done.is_set():
                late.append(True)
    if late:
        raise exception.ActionAbortTimeout(
            uuid=action.uuid, action_type=action.action_type,
            timeout=timeout)
    if raised:
        raise raised[0]


def _skip(context, action, interrupt, sender):
    """Fail an ONGOING action whose abort is not attempted because
    ``interrupt`` is stopping the process; return False."""
    action.state = State.CANCELLING
    _notify_action(context, action, Phase.START, sender)
    try:
        raise exception.ActionAbortError(
            uuid=action.uuid,
            reason='not attempted: the cancellation was interrupted by %s'
            % type(interrupt).__name__)
    except exception.ActionAbortError:
        action.state = State.FAILED
        _notify_action(context, action, Phase.ERROR, sender)
    return False


def _fail_unfinished(context, actions, aborters, sender):
    """From an except block: end as FAILED each action still ONGOING or
    CANCELLING, with the exception being handled as its fault."""
    for action in actions:
        if action.state == State.PENDING:
            action.state = State.CANCELLED
        elif (action.uuid in aborters
              and action.state in (State.ONGOING, State.CANCELLING)):
            if action.state == State.ONGOING:
                action.state = State.CANCELLING
                _notify_action(context, action, Phase.START, sender)
            action.state = State.FAILED
            _notify_action(context, action, Phase.ERROR, sender)


def _finish(context, action_plan, store, sender, failed):
    """Send the plan's last notification (from an except block when
    ``failed``), make it CANCELLED or FAILED and record that in
    ``store``."""
    final = State.FAILED if failed else State.CANCELLED
    try:
        if failed:
            # The error shows the state the cancellation failed in.
            _notify_plan(context, action_plan, Phase.ERROR, sender)
        else:
            action_plan.state = State.CANCELLED
            _notify_plan(context, action_plan, Phase.END, sender)
    finally:
        action_plan.state = final
        try:
            current = store.compare_and_set(action_plan.uuid,
                                            State.CANCELLING, final)
        except Exception:
            LOG.exception('Could not record action plan %s as %s',
                          action_plan.uuid, final)
        else:
            if current != State.CANCELLING:
                LOG.warning('Action plan %s was %s, not CANCELLING, in the '
                            'state store when its cancellation ended %s; '
                            'left %s there', action_plan.uuid, current,
                            final, current)


def _notify_plan(context, action_plan, phase, sender):
    _notify(notifications.send_cancel_notification, 'action_plan', context,
            action_plan, phase, sender)


def _notify_action(context, action, phase, sender):
    _notify(notifications.send_action_cancel_notification, 'action', context,
            action, phase, sender)


def _notify(send, event, context, obj, phase, sender):
    """Send one notification of the cancellation; log, never raise."""
    try:
        send(context, obj, phase,
             priority=ERROR if phase == Phase.ERROR else INFO, **sender)
    except Exception:
        # Its payload was built before the cancellation began, so only a
        # handler that unset a field gets here; raising would leave the
        # plan or an action half-cancelled.
        LOG.exception('Could not send %s.cancel.%s for %s %s', event, phase,
                      obj.obj_name(), obj.uuid)


def fail_cancellation(action_plan, failed, interrupt=None):
    """Raise the error of a cancellation whose aborts of the ``failed``
    action UUIDs failed (or were not attempted because ``interrupt``
    stopped it): the fault of ``action_plan.cancel.error``."""
    reason = 'the abort of action(s) %s failed' % ', '.join(failed)
    if interrupt is not None:
        reason += (' (the cancellation was interrupted by %s)'
                   % type(interrupt).__name__)
    raise exception.ActionPlanCancelError(uuid=action_plan.uuid,
                                          reason=reason)
