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

"""The specification's example data: the objects its samples describe.

The sample generator builds the committed samples from these, and the
tests check that what the real code emits for them is the specification's
sample.
"""

import contextlib
import datetime

from versioned_notifications import capture
from versioned_notifications.watcher import emission
from versioned_notifications.watcher import exception
from versioned_notifications.watcher import fields
from versioned_notifications.watcher import notifications
from versioned_notifications.watcher import objects
from versioned_notifications.watcher import workflow

CREATED_AT = datetime.datetime(2016, 10, 18, 9, 52, 5,
                               tzinfo=datetime.timezone.utc)
HOST = 'node0'

AUDIT_UUID = '10a47dd1-4874-4298-91cf-eff046dbdb8d'
GOAL_UUID = 'bc830f84-8ae3-4fc6-8bc6-e3dd15e8b49a'
AUDIT_STRATEGY_UUID = '75234dfe-87e3-4f11-a0e0-3c3305d86a39'
STRATEGY_UUID = 'cb3d0b58-4415-4d90-b75b-1e96878730e3'
ACTION_PLAN_UUID = '76be87bd-3422-43f9-93a0-e85a577e3061'
# The specification's action reuses the audit's UUID; kept as it is.
ACTION_UUID = '10a47dd1-4874-4298-91cf-eff046dbdb8d'


def _timestamps():
    return {'created_at': CREATED_AT, 'updated_at': None,
            'deleted_at': None}


def audit():
    return objects.Audit(
        uuid=AUDIT_UUID, audit_type='ONESHOT',
        state=objects.State.SUCCEEDED, parameters={}, interval=None,
        scope=[], goal_uuid=GOAL_UUID, strategy_uuid=AUDIT_STRATEGY_UUID,
        **_timestamps())


def strategy():
    return objects.Strategy(
        uuid=STRATEGY_UUID, name='TEST', display_name='test strategy',
        goal_uuid=GOAL_UUID, parameters_spec={}, **_timestamps())


def action_plan(state=objects.State.CANCELLING):
    return objects.ActionPlan(
        uuid=ACTION_PLAN_UUID, state=state, global_efficacy={},
        audit_uuid=AUDIT_UUID, strategy_uuid=STRATEGY_UUID,
        audit=audit(), strategy=strategy(), **_timestamps())


def action(state=objects.State.CANCELLING,
           plan_state=objects.State.CANCELLING):
    return objects.Action(
        uuid=ACTION_UUID, action_type='nop',
        input_parameters={'param1': 1, 'param2': 2}, state=state,
        parents=[], action_plan_uuid=ACTION_PLAN_UUID,
        action_plan=action_plan(plan_state), **_timestamps())


@contextlib.contextmanager
def capturing():
    """Route the notifier to oslo.messaging's in-memory driver, as the
    specification's node ``node0``."""
    conf = emission.private_conf(capture.CAPTURE_DRIVER, HOST)
    conf.set_override('notification_level',
                      fields.NotificationPriority.DEBUG,
                      group='notifications')
    with emission.using(conf):
        yield


def _abort_action(action):
    raise exception.ActionAbortError(uuid=action.uuid,
                                     reason='the nop action refused to stop')


def _cancel_action_plan(action_plan):
    # The error the cancel workflow raises when an abort failed, so that
    # the sample's fault is what listeners receive.
    workflow.fail_cancellation(action_plan, (ACTION_UUID,))


def _example(send, make, fail, phase):
    """emit(context) sending ``make()`` in ``phase``; in the error phase
    from the except block of ``fail``, as the service does."""
    def emit(context):
        obj = make()
        if phase != fields.NotificationPhase.ERROR:
            send(context, obj, phase)
            return
        try:
            fail(obj)
        except exception.WatcherException:
            send(context, obj, phase,
                 priority=fields.NotificationPriority.ERROR)
    return emit


def _send_plan(state, phase):
    return _example(notifications.send_cancel_notification,
                    lambda: action_plan(state), _cancel_action_plan, phase)


def _send_action(state, phase):
    return _example(notifications.send_action_cancel_notification,
                    lambda: action(state), _abort_action, phase)


def examples():
    """The specification's six samples: sample file -> emit(context),
    each sending through the service's own send functions."""
    S = objects.State
    P = fields.NotificationPhase
    return {
        'action_plan-cancel-start.json': _send_plan(S.CANCELLING, P.START),
        'action_plan-cancel-end.json': _send_plan(S.CANCELLED, P.END),
        'action_plan-cancel-error.json': _send_plan(S.CANCELLING, P.ERROR),
        'action-cancel-start.json': _send_action(S.CANCELLING, P.START),
        'action-cancel-end.json': _send_action(S.CANCELLED, P.END),
        'action-cancel-error.json': _send_action(S.FAILED, P.ERROR),
    }
