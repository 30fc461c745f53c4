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

"""Payloads of the action plan and action cancel notifications.

Field names, types and nullability are the wire contract documented by the
samples; every change needs a version bump (the fingerprint test says so).
"""

import sys

from versioned_notifications.watcher import base
from versioned_notifications.watcher import fields
from versioned_notifications.watcher import notification


class TimestampedPayload(notification.NotificationPayloadBase):
    """Base of the payloads that copy a service object's timestamps.

    :field created_at: When the object was created (UTC).
    :field updated_at: When the object was last updated (UTC), or null.
    :field deleted_at: When the object was soft-deleted (UTC), or null.
    """

    fields = {
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
        'deleted_at': fields.DateTimeField(nullable=True),
    }


def _timestamps_from(source):
    return {name: (source, name)
            for name in ('created_at', 'updated_at', 'deleted_at')}


@base.WatcherObjectRegistry.register
class ExceptionPayload(notification.NotificationPayloadBase):
    """The fault of an ``error`` notification.

    :field module_name: Module of the function that raised.
    :field function_name: Function that raised.
    :field exception: Class name of the exception.
    :field exception_message: The exception's message.
    """

    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = {
        'module_name': fields.StringField(),
        'function_name': fields.StringField(),
        'exception': fields.StringField(),
        'exception_message': fields.StringField(),
    }

    @classmethod
    def from_exception(cls, fault=None):
        """Describe ``fault``, or the exception being handled.

        The module and function are those of the innermost frame of the
        exception's traceback: where it was raised. An exception that was
        never raised has no traceback; its module and function are then
        reported as ``unknown``.
        """
        if fault is None:
            fault = sys.exc_info()[1]
        if fault is None:
            raise ValueError(
                'ExceptionPayload.from_exception() needs an exception: call '
                'it inside an except block or pass the exception')
        module_name = function_name = 'unknown'
        trace = fault.__traceback__
        if trace is not None:
            while trace.tb_next is not None:
                trace = trace.tb_next
            frame = trace.tb_frame
            module_name = frame.f_globals.get('__name__', 'unknown')
            function_name = frame.f_code.co_name
        return cls(module_name=module_name,
                   function_name=function_name,
                   exception=type(fault).__name__,
                   exception_message=str(fault))


@base.WatcherObjectRegistry.register
class TerseAuditPayload(TimestampedPayload):
    """The audit that produced the action plan.

    :field uuid: UUID of the audit.
    :field audit_type: ``ONESHOT``, ``CONTINUOUS`` or ``EVENT``.
    :field state: State of the audit.
    :field parameters: Parameters given to the audit's strategy.
    :field interval: Seconds between two runs of a continuous audit, or null.
    :field scope: The part of the cloud the audit looked at.
    :field goal_uuid: UUID of the goal the audit optimises for.
    :field strategy_uuid: UUID of the strategy the audit asked for, or null
        to let the service choose.
    """

    # Version 1.0: Initial version
    VERSION = '1.0'

    SCHEMA = dict(_timestamps_from('audit'), **{
        'uuid': ('audit', 'uuid'),
        'audit_type': ('audit', 'audit_type'),
        'state': ('audit', 'state'),
        'parameters': ('audit', 'parameters'),
        'interval': ('audit', 'interval'),
        'scope': ('audit', 'scope'),
        'goal_uuid': ('audit', 'goal_uuid'),
        'strategy_uuid': ('audit', 'strategy_uuid'),
    })

    fields = dict(TimestampedPayload.fields, **{
        'uuid': fields.UUIDField(),
        'audit_type': fields.StringField(),
        'state': fields.StringField(),
        'parameters': fields.FlexibleDictField(nullable=True),
        'interval': fields.IntegerField(nullable=True),
        'scope': fields.FlexibleListOfDictField(nullable=True),
        'goal_uuid': fields.UUIDField(),
        'strategy_uuid': fields.UUIDField(nullable=True),
    })

    def __init__(self, audit=None, **kwargs):
        super().__init__(**kwargs)
        if audit is not None:
            self.populate_schema(audit=audit)


@base.WatcherObjectRegistry.register
class StrategyPayload(TimestampedPayload):
    """The strategy that computed the action plan.

    :field uuid: UUID of the strategy.
    :field name: Name of the strategy.
    :field display_name: Human-readable name of the strategy.
    :field parameters_spec: JSON Schema of the strategy's parameters.
    """

    # Version 1.0: Initial version
    VERSION = '1.0'

    SCHEMA = dict(_timestamps_from('strategy'), **{
        'uuid': ('strategy', 'uuid'),
        'name': ('strategy', 'name'),
        'display_name': ('strategy', 'display_name'),
        'parameters_spec': ('strategy', 'parameters_spec'),
    })

    fields = dict(TimestampedPayload.fields, **{
        'uuid': fields.UUIDField(),
        'name': fields.StringField(),
        'display_name': fields.StringField(),
        'parameters_spec': fields.FlexibleDictField(nullable=True),
    })

    def __init__(self, strategy=None, **kwargs):
        super().__init__(**kwargs)
        if strategy is not None:
            self.populate_schema(strategy=strategy)


class _ActionPlanFieldsMixin:
    """Fields every action plan payload shares.

    :field uuid: UUID of the action plan.
    :field state: State of the action plan when the notification was sent.
    :field global_efficacy: Efficacy indicators of the whole plan.
    :field audit_uuid: UUID of the audit that produced the plan.
    :field strategy_uuid: UUID of the strategy that computed the plan, or
        null.
    """

    SCHEMA = dict(_timestamps_from('action_plan'), **{
        'uuid': ('action_plan', 'uuid'),
        'state': ('action_plan', 'state'),
        'global_efficacy': ('action_plan', 'global_efficacy'),
        'audit_uuid': ('action_plan', 'audit_uuid'),
        'strategy_uuid': ('action_plan', 'strategy_uuid'),
    })

    fields = dict(TimestampedPayload.fields, **{
        'uuid': fields.UUIDField(),
        'state': fields.StringField(),
        'global_efficacy': fields.FlexibleDictField(nullable=True),
        'audit_uuid': fields.UUIDField(),
        'strategy_uuid': fields.UUIDField(nullable=True),
    })


@base.WatcherObjectRegistry.register
class TerseActionPlanPayload(_ActionPlanFieldsMixin, TimestampedPayload):
    """The action plan an action belongs to, without its audit and
    strategy."""

    # Version 1.0: Initial version
    VERSION = '1.0'

    def __init__(self, action_plan=None, **kwargs):
        super().__init__(**kwargs)
        if action_plan is not None:
            self.populate_schema(action_plan=action_plan)


def _required_source(owner, source, attr):
    value = getattr(source, attr) if source.obj_attr_is_set(attr) else None
    if value is None:
        raise notification.PayloadNotPopulated(
            '%s needs %s.%s (%s %s): load it before notifying'
            % (owner, source.obj_name(), attr, source.obj_name(),
               getattr(source, 'uuid', '?')))
    return value


@base.WatcherObjectRegistry.register
class ActionPlanCancelPayload(_ActionPlanFieldsMixin, TimestampedPayload):
    """An action plan whose cancellation started, ended or failed.

    :field audit: The audit that produced the plan.
    :field strategy: The strategy that computed the plan.
    :field fault: Why the cancellation failed; null unless the phase is
        ``error``.
    """

    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(_ActionPlanFieldsMixin.fields, **{
        'audit': fields.ObjectField('TerseAuditPayload'),
        'strategy': fields.ObjectField('StrategyPayload'),
        'fault': fields.ObjectField('ExceptionPayload', nullable=True),
    })

    def __init__(self, action_plan=None, fault=None, **kwargs):
        super().__init__(**kwargs)
        if action_plan is not None:
            name = self.obj_name()
            self.audit = TerseAuditPayload(
                audit=_required_source(name, action_plan, 'audit'))
            self.strategy = StrategyPayload(
                strategy=_required_source(name, action_plan, 'strategy'))
            self.fault = fault
            self.populate_schema(action_plan=action_plan)


@base.WatcherObjectRegistry.register
class ActionCancelPayload(TimestampedPayload):
    """An action whose abort started, ended or failed.

    :field uuid: UUID of the action.
    :field action_type: The action's plugin, for example ``nop`` or
        ``migrate``.
    :field input_parameters: Parameters the action was given.
    :field state: State of the action when the notification was sent.
    :field parents: UUIDs of the actions that run before this one.
    :field action_plan: The action plan the action belongs to.
    :field fault: Why the abort failed; null unless the phase is ``error``.
    """

    # Version 1.0: Initial version
    VERSION = '1.0'

    SCHEMA = dict(_timestamps_from('action'), **{
        'uuid': ('action', 'uuid'),
        'action_type': ('action', 'action_type'),
        'input_parameters': ('action', 'input_parameters'),
        'state': ('action', 'state'),
        'parents': ('action', 'parents'),
    })

    fields = dict(TimestampedPayload.fields, **{
        'uuid': fields.UUIDField(),
        'action_type': fields.StringField(),
        'input_parameters': fields.FlexibleDictField(nullable=True),
        'state': fields.StringField(),
        'parents': fields.ListOfUUIDsField(),
        'action_plan': fields.ObjectField('TerseActionPlanPayload'),
        'fault': fields.ObjectField('ExceptionPayload', nullable=True),
    })

    def __init__(self, action=None, fault=None, **kwargs):
        super().__init__(**kwargs)
        if action is not None:
            self.action_plan = TerseActionPlanPayload(
                action_plan=_required_source(
                    self.obj_name(), action, 'action_plan'))
            self.fault = fault
            self.populate_schema(action=action)
