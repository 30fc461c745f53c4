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

"""Nova's notifications, as the primer documents them.

What any project names: its registry, the base class of its notifications
and the package that defines them; plus, as Nova's samples need, the
variant samples: the six hand-written samples Nova's functional tests
(``nova/tests/functional/notification_sample_tests/test_instance.py``)
compare notifications with but no class names (``@notification_sample``).
Each is declared under the class that sends it:

* ``instance-delete-{start,end}_compute_down.json`` and
  ``..._not_scheduled.json`` (``instance.delete.*`` sent by nova-api's
  local delete, ``test_delete_server_while_compute_is_down`` and
  ``test_create_server_error``) and ``instance-lock-with-reason.json``
  (``instance.lock``, ``_test_lock_unlock_instance_with_reason``) are
  ``InstanceActionNotification``'s, like ``instance-delete-start.json``
  and ``instance-lock.json``;
* ``instance-update-tags-action.json`` (``instance.update`` after a boot
  with tags, ``test_create_delete_server``) is
  ``InstanceUpdateNotification``'s, like ``instance-update.json``.

Nothing here knows that Nova composes its samples from
``common_payloads/`` fragments (``$ref``): the library reads, regenerates
and keeps them composed. The primer passes the sample directory on the
command line (``--output``) and to Sphinx, so there is no ``sample_dir``.
"""

from versioned_notifications.project import NotificationProject

PROJECT = NotificationProject(
    registry='nova.objects.base:NovaObjectRegistry',
    notification_base='nova.notifications.objects.base:NotificationBase',
    modules=['nova.notifications.objects'],
    variants={
        'InstanceActionNotification': [
            'instance-delete-*_compute_down.json',
            'instance-delete-*_not_scheduled.json',
            'instance-lock-with-reason.json',
        ],
        'InstanceUpdateNotification': [
            'instance-update-tags-action.json',
        ],
    },
)
