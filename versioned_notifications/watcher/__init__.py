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

"""The infra-optim (Watcher) service's action plan cancel notifications.

Everything a service or a consumer needs is importable from here::

    from versioned_notifications.watcher import (
        ActionPlanCancelNotification, send_cancel_notification)
"""

from versioned_notifications.watcher.base import NotificationObject
from versioned_notifications.watcher.base import WatcherObject
from versioned_notifications.watcher.base import WatcherObjectRegistry
from versioned_notifications.watcher.exception import ActionAbortError
from versioned_notifications.watcher.exception import ActionPlanCancelError
from versioned_notifications.watcher.exception import WatcherException
from versioned_notifications.watcher.fields import NotificationAction
from versioned_notifications.watcher.fields import NotificationPhase
from versioned_notifications.watcher.fields import NotificationPriority
from versioned_notifications.watcher.notification import EventType
from versioned_notifications.watcher.notification import notification_sample
from versioned_notifications.watcher.notification import NotificationBase
from versioned_notifications.watcher.notification import (
    NotificationPayloadBase,
)
from versioned_notifications.watcher.notification import NotificationPublisher
from versioned_notifications.watcher.notification import PayloadNotPopulated
from versioned_notifications.watcher.notifications import (
    ActionCancelNotification,
)
from versioned_notifications.watcher.notifications import (
    ActionPlanCancelNotification,
)
from versioned_notifications.watcher.notifications import (
    send_action_cancel_notification,
)
from versioned_notifications.watcher.notifications import (
    send_cancel_notification,
)
from versioned_notifications.watcher.objects import Action
from versioned_notifications.watcher.objects import ActionPlan
from versioned_notifications.watcher.objects import Audit
from versioned_notifications.watcher.objects import State
from versioned_notifications.watcher.objects import Strategy
from versioned_notifications.watcher.payloads import ActionCancelPayload
from versioned_notifications.watcher.payloads import ActionPlanCancelPayload
from versioned_notifications.watcher.payloads import ExceptionPayload
from versioned_notifications.watcher.payloads import StrategyPayload
from versioned_notifications.watcher.payloads import TerseActionPlanPayload
from versioned_notifications.watcher.payloads import TerseAuditPayload

__all__ = [
    'Action', 'ActionAbortError', 'ActionCancelNotification',
    'ActionCancelPayload', 'ActionPlan', 'ActionPlanCancelError',
    'ActionPlanCancelNotification', 'ActionPlanCancelPayload', 'Audit',
    'EventType', 'ExceptionPayload', 'NotificationAction',
    'NotificationBase', 'NotificationObject', 'NotificationPayloadBase',
    'NotificationPhase', 'NotificationPriority', 'NotificationPublisher',
    'PayloadNotPopulated', 'State', 'Strategy', 'StrategyPayload',
    'TerseActionPlanPayload', 'TerseAuditPayload', 'WatcherException',
    'WatcherObject', 'WatcherObjectRegistry', 'notification_sample',
    'send_action_cancel_notification', 'send_cancel_notification',
]
