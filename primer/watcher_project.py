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

"""python-watcher's notifications, as the primer documents them.

Only what any project names: its registry, the base class of its
notifications and the package that defines them. Nothing here knows that
Watcher registers its notification classes lazily
(``@register_notification``); handling that is the library's job. The
primer passes the sample directory on the command line (``--output``) and
to Sphinx, so there is no ``sample_dir`` either.
"""

from versioned_notifications.project import NotificationProject

PROJECT = NotificationProject(
    registry='watcher.objects.base:WatcherObjectRegistry',
    notification_base='watcher.notifications.base:NotificationBase',
    modules=['watcher.notifications'],
)
