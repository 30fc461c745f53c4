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

"""python-watcher's notifications, as the primer expects adopt to declare
them.

What any project names: its registry, the base class of its notifications
and the package that defines them; plus the three samples Watcher
commits but no class names: ``audit-planner-{start,end,error}.json``,
the events of the audit's planner phase (``audit.planner.*``), which
the decision engine sends (``do_schedule`` in
``watcher/decision_engine/audit/base.py``) with
``AuditActionNotification``, the class of ``audit-strategy-*.json``.
Each sample is named after its event type, as Watcher's are.

Nothing here knows that Watcher registers its notification classes
lazily (``@register_notification``); handling that is the library's job.
The primer compares this file with the ``doc/notification_project.py``
that ``versioned-notifications adopt`` writes in Watcher's tree; where
the samples are is adopt's to say, so there is no ``sample_dir``.
"""

from versioned_notifications.project import NotificationProject

PROJECT = NotificationProject(
    registry='watcher.objects.base:WatcherObjectRegistry',
    notification_base='watcher.notifications.base:NotificationBase',
    modules=['watcher.notifications'],
    events={
        'audit.planner.{start,end,error}': 'AuditActionNotification',
    },
)
