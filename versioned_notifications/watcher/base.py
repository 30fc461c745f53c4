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

"""Object registry and base classes of the infra-optim notifications.

Every primitive these classes produce reads
``watcher_object.name/namespace/version/data``: that prefix and the
``watcher`` namespace are the wire contract of the service's notifications.
"""

from oslo_versionedobjects import base as ovo_base


class WatcherObjectRegistry(ovo_base.VersionedObjectRegistry):
    """Registry of the infra-optim service's versioned objects."""


class WatcherObject(ovo_base.VersionedObject,
                    ovo_base.ComparableVersionedObject):
    """Base of every infra-optim versioned object."""

    # Prefix of the primitive's keys: ``watcher_object.name`` and so on.
    OBJ_SERIAL_NAMESPACE = 'watcher_object'
    # Value of ``watcher_object.namespace``; a consumer refuses primitives
    # from another namespace.
    OBJ_PROJECT_NAMESPACE = 'watcher'


class NotificationObject(WatcherObject):
    """Base of the objects that travel inside a notification.

    Notifications are snapshots, not objects to be saved, so their primitive
    never carries the ``watcher_object.changes`` key that oslo.versionedobjects
    adds for changed fields.
    """

    def obj_to_primitive(self, target_version=None, version_manifest=None):
        primitive = super().obj_to_primitive(
            target_version=target_version, version_manifest=version_manifest)
        primitive.pop(self._obj_primitive_key('changes'), None)
        return primitive
