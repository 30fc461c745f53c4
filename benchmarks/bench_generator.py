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

"""How the sample generator's cost grows with the number of notifications.

For N synthetic notification classes (each payload: 12 fields, one of them
a nested object of 4 fields) it times ``generator.generate()`` (type-derived
data, the real oslo.messaging notifier, serialization) and, as the floor,
``json.dumps`` of the same messages with the same options, in the same
process. Prints seconds per sample and the ratio of the two::

    python benchmarks/bench_generator.py [N ...]

Best of ``--repeat`` runs; the first (cold) run is printed too.
"""

import argparse
import json
import sys
import tempfile
import time
import types
import warnings

warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')

from oslo_versionedobjects import base as ovo_base  # noqa: E402
from oslo_versionedobjects import fields  # noqa: E402

from versioned_notifications import generator  # noqa: E402
from versioned_notifications.project import NotificationProject  # noqa: E402

MODULE = 'vn_bench_synthetic'


class BenchRegistry(ovo_base.VersionedObjectRegistry):
    pass


class BenchObject(ovo_base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'bench_object'
    OBJ_PROJECT_NAMESPACE = 'bench'


def payload_fields(prefix, index):
    return {
        'uuid': fields.UUIDField(),
        'name': fields.StringField(),
        'state': fields.EnumField(['ACTIVE', 'DELETED']),
        'count': fields.IntegerField(),
        'ratio': fields.FloatField(nullable=True),
        'enabled': fields.BooleanField(),
        'created_at': fields.DateTimeField(),
        'updated_at': fields.DateTimeField(nullable=True),
        'tags': fields.ListOfStringsField(),
        'metadata': fields.DictOfStringsField(nullable=True),
        'parent_uuid': fields.UUIDField(nullable=True),
        'owner': fields.ObjectField('%sOwner%d' % (prefix, index)),
    }


def register(name, parent, object_fields):
    return BenchRegistry.register(type(name, (parent,), {
        'VERSION': '1.0', 'fields': object_fields}))


def synthetic_project(n):
    """A project of ``n`` notification classes, registered under names of
    their own so that runs of different sizes do not mix."""
    prefix = 'Bench%d' % n
    module = types.ModuleType(MODULE + str(n))
    base = type(prefix + 'NotificationBase', (BenchObject,), {
        'VERSION': '1.0', 'fields': {}})
    module.NotificationBase = base
    event_types = {}
    for i in range(n):
        register('%sOwner%d' % (prefix, i), BenchObject, {
            'uuid': fields.UUIDField(),
            'name': fields.StringField(),
            'domain': fields.StringField(),
            'quota': fields.IntegerField()})
        register('%sPayload%d' % (prefix, i), BenchObject,
                 payload_fields(prefix, i))
        sample = 'bench%d_%d-update.json' % (n, i)
        notification = register('%sNotification%d' % (prefix, i), base, {
            'payload': fields.ObjectField('%sPayload%d' % (prefix, i))})
        notification.samples = [sample]
        event_types[sample] = 'bench%d.update' % i
    sys.modules[module.__name__] = module
    module.BenchRegistry = BenchRegistry
    return NotificationProject(
        registry='%s:BenchRegistry' % module.__name__,
        notification_base='%s:NotificationBase' % module.__name__,
        event_types=event_types)


def timed(function):
    start = time.perf_counter()
    value = function()
    return time.perf_counter() - start, value


def measure(n, repeat, directory):
    project = synthetic_project(n)
    runs = []
    for _ in range(repeat):
        seconds, result = timed(lambda: generator.generate(project,
                                                           directory))
        assert not result.errors, result.errors
        assert len(result.samples) == n
        runs.append(seconds)
    messages = [sample.message for sample in result.samples]
    floor = min(timed(lambda: [
        json.dumps(m, indent=4, sort_keys=True, ensure_ascii=False)
        for m in messages])[0] for _ in range(repeat))
    return runs[0], min(runs), floor


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('sizes', nargs='*', type=int,
                        default=[10, 100, 1000],
                        help='numbers of notification classes')
    parser.add_argument('--repeat', type=int, default=3,
                        help='runs per size; the best is reported')
    args = parser.parse_args(argv)
    print('%6s %10s %10s %14s %12s %8s' % (
        'N', 'cold s', 'best s', 'best s/sample', 'json.dumps s', 'ratio'))
    with tempfile.TemporaryDirectory() as directory:
        for n in args.sizes:
            cold, best, floor = measure(n, args.repeat, directory)
            print('%6d %10.4f %10.4f %14.6f %12.4f %8.1f' % (
                n, cold, best, best / n, floor, best / floor))
    return 0


if __name__ == '__main__':
    sys.exit(main())
