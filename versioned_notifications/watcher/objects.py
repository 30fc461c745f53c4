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

"""The service objects that cancel notifications are populated from.

They hold the fields the payloads' SCHEMAs read; an action plan carries its
audit and strategy, and an action its action plan, the way the service loads
them eagerly before it notifies. There is no database behind them here.
"""

from oslo_versionedobjects import base as ovo_base

from versioned_notifications.watcher import base
from versioned_notifications.watcher import fields


class State:
    """States shared by action plans and actions."""

    RECOMMENDED = 'RECOMMENDED'
    PENDING = 'PENDING'
    ONGOING = 'ONGOING'
    FAILED = 'FAILED'
    SUCCEEDED = 'SUCCEEDED'
    DELETED = 'DELETED'
    CANCELLED = 'CANCELLED'
    CANCELLING = 'CANCELLING'
    SUPERSEDED = 'SUPERSEDED'


class TimestampedWatcherObject(base.WatcherObject,
                               ovo_base.TimestampedObject):
    fields = {
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
        'deleted_at': fields.DateTimeField(nullable=True),
    }


@base.WatcherObjectRegistry.register
class Strategy(TimestampedWatcherObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(TimestampedWatcherObject.fields, **{
        'uuid': fields.UUIDField(),
        'name': fields.StringField(),
        'display_name': fields.StringField(),
        'goal_uuid': fields.UUIDField(nullable=True),
        'parameters_spec': fields.FlexibleDictField(nullable=True),
    })


@base.WatcherObjectRegistry.register
class Audit(TimestampedWatcherObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(TimestampedWatcherObject.fields, **{
        'uuid': fields.UUIDField(),
        'audit_type': fields.StringField(),
        'state': fields.StringField(),
        'parameters': fields.FlexibleDictField(nullable=True),
        'interval': fields.IntegerField(nullable=True),
        'scope': fields.FlexibleListOfDictField(nullable=True),
        'goal_uuid': fields.UUIDField(),
        'strategy_uuid': fields.UUIDField(nullable=True),
    })


@base.WatcherObjectRegistry.register
class ActionPlan(TimestampedWatcherObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(TimestampedWatcherObject.fields, **{
        'uuid': fields.UUIDField(),
        'state': fields.StringField(),
        'global_efficacy': fields.FlexibleDictField(nullable=True),
        'audit_uuid': fields.UUIDField(),
        'strategy_uuid': fields.UUIDField(nullable=True),
        'audit': fields.ObjectField('Audit', nullable=True),
        'strategy': fields.ObjectField('Strategy', nullable=True),
    })


@base.WatcherObjectRegistry.register
class Action(TimestampedWatcherObject):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(TimestampedWatcherObject.fields, **{
        'uuid': fields.UUIDField(),
        'action_type': fields.StringField(),
        'input_parameters': fields.FlexibleDictField(nullable=True),
        'state': fields.StringField(),
        'parents': fields.ListOfUUIDsField(),
        'action_plan_uuid': fields.UUIDField(),
        'action_plan': fields.ObjectField('ActionPlan', nullable=True),
    })
