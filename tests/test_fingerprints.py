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

"""Object fingerprints: a change to a class's fields, remotable methods or
SCHEMA without a version bump fails here."""

from oslo_versionedobjects import fixture

from versioned_notifications.watcher import base

# Name: 'VERSION-fingerprint'. Update an entry only together with a
# version bump of that class.
EXPECTED = {
    'Action': '1.0-c71d6f48a64dccf203de37e5eb07f603',
    'ActionCancelNotification': '1.0-2a7ca92d599799d5e5e0ea0304887231',
    'ActionCancelPayload': '1.0-46d668fb1f25d37df043fb6279fbd0c3',
    'ActionPlan': '1.0-09744ecfa9d6abc5203213110ae0610a',
    'ActionPlanCancelNotification': '1.0-e1323caa6953a3b39915e9cbd53b72c3',
    'ActionPlanCancelPayload': '1.0-8a4fa3e442547faaafaf36ef0c3022bb',
    'Audit': '1.0-e62b1d550adef9dd8ad3989bed95224f',
    'EventType': '1.0-9ac70935555ce642a0e7924e4665b45b',
    'ExceptionPayload': '1.0-81a79471b07fa98c5ace8d518f75510d',
    'NotificationPublisher': '1.0-e218c110dbbd0d3647b1adea08a40f76',
    'Strategy': '1.0-35ffaf812555d4a022e2e96309f5dd70',
    'StrategyPayload': '1.0-afb695faf5591d848df3ebd4b17a21ab',
    'TerseActionPlanPayload': '1.0-726c635665e11939d55043b5a3e3e37b',
    'TerseAuditPayload': '1.0-7992cf50b306feaabc6eae2740350d6e',
}


def watcher_classes():
    return {name: classes
            for name, classes in base.WatcherObjectRegistry.obj_classes(
            ).items()
            if classes[0].OBJ_PROJECT_NAMESPACE == 'watcher'}


def interface_extras(cls):
    # oslo's fingerprint hashes each field's repr, which omits the class of
    # an ObjectField (every notification's payload field looks alike), and
    # knows nothing of a payload's SCHEMA. Both are part of the interface.
    described = sorted((name, field.describe())
                       for name, field in cls.fields.items())
    schema = sorted(getattr(cls, 'SCHEMA', {}).items())
    return (described, schema)


def test_fingerprints_match_versions():
    checker = fixture.ObjectVersionChecker(obj_classes=watcher_classes())
    expected, actual = checker.test_hashes(EXPECTED,
                                           extra_data_func=interface_extras)
    if expected != actual:
        lines = []
        for name in sorted(set(expected) | set(actual)):
            lines.append('  %s: recorded %s, now %s' % (
                name, expected.get(name), actual.get(name)))
        raise AssertionError(
            'The interface of these classes changed:\n%s\n'
            'For each: bump VERSION (minor for an added field, major for a '
            'removed or retyped one), add a "# Version X.Y: what changed" '
            'line above it, make obj_make_compatible() drop the new data '
            'for older versions, put the new hash in EXPECTED in %s, and '
            'regenerate the samples.' % ('\n'.join(lines), __file__))


def test_every_watcher_class_is_fingerprinted():
    assert sorted(EXPECTED) == sorted(watcher_classes())


def test_a_schema_change_alone_changes_the_fingerprint(monkeypatch):
    from versioned_notifications.watcher import TerseAuditPayload
    changed = dict(TerseAuditPayload.SCHEMA, state=('audit', 'audit_type'))
    monkeypatch.setattr(TerseAuditPayload, 'SCHEMA', changed)
    checker = fixture.ObjectVersionChecker(obj_classes=watcher_classes())
    expected, actual = checker.test_hashes(EXPECTED,
                                           extra_data_func=interface_extras)
    assert sorted(actual) == ['TerseAuditPayload']
