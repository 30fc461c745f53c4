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

"""The action plan and action cancel notifications, and the functions the
service calls to send them."""

from versioned_notifications.watcher import base
from versioned_notifications.watcher import emission
from versioned_notifications.watcher import fields
from versioned_notifications.watcher import notification
from versioned_notifications.watcher import payloads

DEFAULT_SERVICE = 'infra-optim'


@notification.notification_sample('action_plan-cancel-start.json',
                                  'action_plan-cancel-end.json',
                                  'action_plan-cancel-error.json')
@base.WatcherObjectRegistry.register
class ActionPlanCancelNotification(notification.NotificationBase):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(notification.NotificationBase.fields, **{
        'payload': fields.ObjectField('ActionPlanCancelPayload'),
    })


@notification.notification_sample('action-cancel-start.json',
                                  'action-cancel-end.json',
                                  'action-cancel-error.json')
@base.WatcherObjectRegistry.register
class ActionCancelNotification(notification.NotificationBase):
    # Version 1.0: Initial version
    VERSION = '1.0'

    fields = dict(notification.NotificationBase.fields, **{
        'payload': fields.ObjectField('ActionCancelPayload'),
    })


def _fault_for(phase):
    if phase != fields.NotificationPhase.ERROR:
        return None
    return payloads.ExceptionPayload.from_exception()


def _publisher(service, host):
    if host is None:
        conf = emission.current_conf()
        host = conf.host
    return notification.NotificationPublisher(host=host, binary=service)


def _send(context, notification_cls, payload, obj, phase, priority,
          service, host):
    notification_cls(
        priority=priority,
        event_type=notification.EventType(
            object=obj, action=fields.NotificationAction.CANCEL,
            phase=phase),
        publisher=_publisher(service, host),
        payload=payload).emit(context)


def send_cancel_notification(context, action_plan, phase,
                             priority=fields.NotificationPriority.INFO,
                             service=DEFAULT_SERVICE, host=None):
    """Send ``action_plan.cancel.<phase>`` for ``action_plan``.

    The action plan must carry its ``audit`` and ``strategy``. In the
    ``error`` phase call it from the ``except`` block that handles the
    failure: the exception being handled becomes the payload's fault.
    """
    payload = payloads.ActionPlanCancelPayload(
        action_plan=action_plan, fault=_fault_for(phase))
    _send(context, ActionPlanCancelNotification, payload, 'action_plan',
          phase, priority, service, host)


def send_action_cancel_notification(context, action, phase,
                                    priority=fields.NotificationPriority.INFO,
                                    service=DEFAULT_SERVICE, host=None):
    """Send ``action.cancel.<phase>`` for ``action``.

    The action must carry its ``action_plan``. In the ``error`` phase call
    it from the ``except`` block that handles the failure.
    """
    payload = payloads.ActionCancelPayload(
        action=action, fault=_fault_for(phase))
    _send(context, ActionCancelNotification, payload, 'action', phase,
          priority, service, host)
