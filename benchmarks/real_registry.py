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

"""Version history comments and the listener against a real project.

Not a timing: it runs ``versioncomments.read()`` over every class of
an installed project's registry (counting the classes the reference would
warn about) and delivers each of the project's hand-written samples to a
``NotificationEndpoint`` (counting those that reach the callback and
those whose object gives back the identical primitive). For
python-watcher, in an environment where it is installed::

    python benchmarks/real_registry.py \\
        path/to/python-watcher/doc/notification_samples
"""

import argparse
import importlib
import json
import pathlib

from oslo_versionedobjects import base as ovo_base

from versioned_notifications import listener
from versioned_notifications import versioncomments


def watcher():
    """(object base, registry) of python-watcher, every class loaded."""
    importlib.import_module('watcher.notifications')
    objects = importlib.import_module('watcher.objects')
    base = importlib.import_module('watcher.objects.base')
    objects.register_all()
    # Notification classes are only registered on demand (doc builds).
    base.WatcherObjectRegistry.register_notification_objects()
    return base.WatcherObject, base.WatcherObjectRegistry


def history_warnings():
    classes = {cls for versions in
               ovo_base.VersionedObjectRegistry.obj_classes().values()
               for cls in versions}
    warned = []
    for cls in sorted(classes, key=lambda c: c.obj_name()):
        entries = versioncomments.read(cls)
        if entries and entries[-1][0] != cls.VERSION:
            warned.append((cls.obj_name(), cls.VERSION, entries[-1][0]))
    return len(classes), warned


def listener_reads(object_base, registry, sample_dir):
    got = []
    endpoint = listener.NotificationEndpoint(
        object_base, registry,
        lambda event_type, payload, metadata: got.append(payload))
    key = object_base._obj_primitive_key
    known = identical = 0
    for path in sorted(pathlib.Path(sample_dir).glob('*.json')):
        sample = json.loads(path.read_text())
        payload = sample['payload']
        if payload.get(key('name')) not in registry.obj_classes():
            continue
        known += 1
        before = len(got)
        getattr(endpoint, sample['priority'].lower())(
            {}, sample['publisher_id'], sample['event_type'], payload,
            {'message_id': path.name})
        if len(got) > before and got[-1].obj_to_primitive() == payload:
            identical += 1
    return known, len(got), identical


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('sample_dir')
    args = parser.parse_args()
    object_base, registry = watcher()
    total, warned = history_warnings()
    print('%d classes, %d would warn about their history' % (
        total, len(warned)))
    for name, version, last in warned:
        print('  %s: VERSION %s, last "# Version" %s' % (name, version, last))
    known, read, identical = listener_reads(object_base, registry,
                                            args.sample_dir)
    print('%d samples of known classes, %d reached the callback, %d gave '
          'back the identical primitive' % (known, read, identical))


if __name__ == '__main__':
    main()
