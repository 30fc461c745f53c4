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

import datetime

from versioned_notifications.watcher import objects

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
