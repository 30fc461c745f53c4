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
    then becomes CANCELLED, or FAILED when its abort raises. Actions in
    any other state are left as they are.

Notifications, in this order
    ``action_plan.cancel.start``; for each ONGOING action
    ``action.cancel.start`` then ``action.cancel.end``, or
    ``action.cancel.error`` (priority ERROR, with the abort's exception as
    fault); last ``action_plan.cancel.end``, or ``action_plan.cancel.error``
    (priority ERROR) when the cancellation failed. PENDING actions are
    cancelled without notifications: the ``action.cancel`` events announce
    aborts.

A failed abort fails the plan's cancellation
    An action whose abort failed may still be running, so the plan is not
    reported CANCELLED: every other ONGOING action is still aborted, then
    ``action_plan.cancel.error`` is sent with an ``ActionPlanCancelError``
    fault naming the actions that could not be aborted, and the plan
    becomes FAILED. That notification's payload carries the state the
    cancellation failed in, CANCELLING (as the specification's sample
    does); the plan is FAILED once it has been sent.

Cancelling a plan again emits nothing: while a cancellation of the same
plan is under way in this process (a lock per plan UUID), or when the plan
is already CANCELLING, the call returns at once with ``started`` False.
A plan in a final state (SUCCEEDED, CANCELLED, FAILED), or in any state
other than PENDING and ONGOING, raises ``ActionPlanNotCancellable`` before
anything changes or is sent. A bus that is down does not stop a
cancellation: sending never raises (see
:mod:`~versioned_notifications.watcher.emission`), each failed send is
logged, and the states end up the same.
"""

import dataclasses
import logging
import threading
import weakref

from versioned_notifications.watcher import abort
from versioned_notifications.watcher import exception
from versioned_notifications.watcher import fields
from versioned_notifications.watcher import notifications
from versioned_notifications.watcher import objects
from versioned_notifications.watcher import payloads

LOG = logging.getLogger(__name__)

State = objects.State
Phase = fields.NotificationPhase
ERROR = fields.NotificationPriority.ERROR

CANCELLABLE_STATES = (State.PENDING, State.ONGOING)
FINAL_STATES = (State.SUCCEEDED, State.CANCELLED, State.FAILED)


@dataclasses.dataclass(frozen=True)
class CancelResult:
    """What one call of :func:`cancel_action_plan` did."""

    # False when another cancellation of the plan was under way: this call
    # changed nothing and sent nothing.
    started: bool
    # The action plan's state when the call returned.
    state: str
    # UUIDs of the actions whose abort failed, in the order given.
    failed_actions: tuple = ()


# One lock per action plan UUID, alive while some call holds it.
_locks = weakref.WeakValueDictionary()
_locks_guard = threading.Lock()


def _lock_for(uuid):
    with _locks_guard:
        lock = _locks.get(uuid)
        if lock is None:
            lock = _locks[uuid] = threading.Lock()
        return lock


def cancel_action_plan(context, action_plan, actions, handlers=None,
                       service=notifications.DEFAULT_SERVICE, host=None):
    """Cancel ``action_plan`` and its ``actions``, sending the cancel
    notifications; return a :class:`CancelResult`.

    ``action_plan`` carries its ``audit`` and ``strategy``; ``actions``
    are all of its actions (each is linked to ``action_plan`` so that its
    notifications carry the plan's current state). ``handlers`` is the
    :class:`~versioned_notifications.watcher.abort.AbortHandlerRegistry`
    to abort ONGOING actions with (default: ``abort.HANDLERS``).
    """
    lock = _lock_for(action_plan.uuid)
    if not lock.acquire(blocking=False):
        LOG.info('Action plan %s: a cancellation is already under way; '
                 'nothing to do', action_plan.uuid)
        return CancelResult(started=False, state=action_plan.state)
    try:
        return _cancel(context, action_plan, list(actions),
                       abort.HANDLERS if handlers is None else handlers,
                       dict(service=service, host=host))
    finally:
        lock.release()


def _aborters(action_plan, actions, handlers):
    """Check everything that could stop the cancellation half-way, before
    anything changes: return the handler of each ONGOING action."""
    # Raises PayloadNotPopulated, naming what is missing, when the plan
    # lacks its audit or strategy.
    payloads.ActionPlanCancelPayload(action_plan=action_plan)
    aborters = {}
    for action in actions:
        if action.action_plan_uuid != action_plan.uuid:
            raise ValueError(
                'Action %s belongs to action plan %s, not to %s: pass only '
                'the actions of the plan being cancelled'
                % (action.uuid, action.action_plan_uuid, action_plan.uuid))
        if action.state == State.ONGOING:
            aborters[action.uuid] = handlers.get(action)
    return aborters


def _cancel(context, action_plan, actions, handlers, sender):
    state = action_plan.state
    if state == State.CANCELLING:
        LOG.info('Action plan %s is already CANCELLING; nothing to do',
                 action_plan.uuid)
        return CancelResult(started=False, state=state)
    if state not in CANCELLABLE_STATES:
        raise exception.ActionPlanNotCancellable(uuid=action_plan.uuid,
                                                 state=state)
    aborters = _aborters(action_plan, actions, handlers)
    for action in actions:
        action.action_plan = action_plan

    action_plan.state = State.CANCELLING
    notifications.send_cancel_notification(
        context, action_plan, Phase.START, **sender)
    try:
        for action in actions:
            if action.state == State.PENDING:
                action.state = State.CANCELLED
        failed = tuple(
            action.uuid for action in actions
            if action.uuid in aborters and not _abort(
                context, action, aborters[action.uuid], sender))
        if failed:
            fail_cancellation(action_plan, failed)
    except Exception as exc:
        notifications.send_cancel_notification(
            context, action_plan, Phase.ERROR, priority=ERROR, **sender)
        action_plan.state = State.FAILED
        if not isinstance(exc, exception.ActionPlanCancelError):
            raise
        LOG.warning('%s', exc)
        return CancelResult(started=True, state=action_plan.state,
                            failed_actions=failed)
    action_plan.state = State.CANCELLED
    notifications.send_cancel_notification(
        context, action_plan, Phase.END, **sender)
    return CancelResult(started=True, state=action_plan.state)


def _abort(context, action, handler, sender):
    """Abort one ONGOING action; False when its handler raised."""
    action.state = State.CANCELLING
    notifications.send_action_cancel_notification(
        context, action, Phase.START, **sender)
    try:
        handler(context, action)
    except Exception as exc:
        action.state = State.FAILED
        LOG.warning('Aborting action %s (%s) failed: %s: %s', action.uuid,
                    action.action_type, type(exc).__name__, exc)
        notifications.send_action_cancel_notification(
            context, action, Phase.ERROR, priority=ERROR, **sender)
        return False
    action.state = State.CANCELLED
    notifications.send_action_cancel_notification(
        context, action, Phase.END, **sender)
    return True


def fail_cancellation(action_plan, failed):
    """Raise the error of a cancellation whose aborts of the ``failed``
    action UUIDs failed: the fault of ``action_plan.cancel.error``."""
    raise exception.ActionPlanCancelError(
        uuid=action_plan.uuid,
        reason='the abort of action(s) %s failed' % ', '.join(failed))
