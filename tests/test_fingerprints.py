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

"""Fingerprints of what the recorded contracts do not see.

The fields of every notification class, payload and nested object (type,
nullability, enum values, element types, nested objects and versions) are
recorded in samples/schemas/history/ and compared by ``versioned-
notifications check``, which names each change and the bump it needs
(versioned_notifications.evolution). The fingerprints here catch the rest,
without a bump:

* for those classes, what a contract does not hold: a payload's
  ``SCHEMA`` (which attribute of which source object fills a field), a
  field's default and read-only flag, and the signatures of remotable
  methods; their fields are left to the contracts, which say what changed;
* every other registered Watcher class (the service's own objects Action,
  ActionPlan, Audit and Strategy, and EventType and NotificationPublisher,
  which build the envelope and are never sent as objects): oslo's whole
  fingerprint (fields, remotable methods) with each field's description.

Neither sees what ``obj_make_compatible()`` does.
"""

import hashlib
import inspect
import pathlib

from oslo_versionedobjects import fields as ovo_fields
from oslo_versionedobjects import fixture

from versioned_notifications import catalog as vn_catalog
from versioned_notifications import evolution
from versioned_notifications.watcher import base
from versioned_notifications.watcher.project import PROJECT

SAMPLES = pathlib.Path(__file__).resolve().parent.parent / 'samples'

# Name: 'VERSION-fingerprint'. Update an entry only together with a
# version bump of that class.
BEYOND_CONTRACT = {
    'ActionCancelNotification': '1.0-49fab1cf2c896d291ee3425772338a93',
    'ActionCancelPayload': '1.0-15e8de1bf7cec341999620b72733a2b7',
    'ActionPlanCancelNotification': '1.0-49fab1cf2c896d291ee3425772338a93',
    'ActionPlanCancelPayload': '1.0-e66222602b089c4a4a3d40b953c12029',
    'ExceptionPayload': '1.0-49fab1cf2c896d291ee3425772338a93',
    'StrategyPayload': '1.0-3c76bae399d8fa6380d9bfc2db6fabae',
    'TerseActionPlanPayload': '1.0-e66222602b089c4a4a3d40b953c12029',
    'TerseAuditPayload': '1.0-cae1501e98f67cfa27ef6e0bb83b57b1',
}
OSLO = {
    'Action': '1.0-c71d6f48a64dccf203de37e5eb07f603',
    'ActionPlan': '1.0-09744ecfa9d6abc5203213110ae0610a',
    'Audit': '1.0-e62b1d550adef9dd8ad3989bed95224f',
    'EventType': '1.0-9ac70935555ce642a0e7924e4665b45b',
    'NotificationPublisher': '1.0-e218c110dbbd0d3647b1adea08a40f76',
    'Strategy': '1.0-35ffaf812555d4a022e2e96309f5dd70',
}


def watcher_classes():
    return {name: classes
            for name, classes in base.WatcherObjectRegistry.obj_classes(
            ).items()
            if classes[0].OBJ_PROJECT_NAMESPACE == 'watcher'}


def contract_classes():
    """The classes whose fields the recorded contracts cover, by name."""
    catalog = vn_catalog.load(PROJECT)
    return {cls.obj_name(): cls
            for cls in list(catalog.notifications) + list(catalog.objects)}


def beyond_contract(cls):
    """What a class's recorded contract does not hold."""
    schema = sorted(getattr(cls, 'SCHEMA', {}).items())
    # Only the fields that have either: adding a plain field is the
    # contract's to report.
    flags = sorted(
        (name, field.read_only, repr(field.default))
        for name, field in cls.fields.items()
        if field.read_only
        or field.default is not ovo_fields.UnspecifiedDefault)
    remotable = sorted(
        (name, str(inspect.signature(getattr(method, 'original_fn',
                                             method))))
        for name, method in inspect.getmembers(cls, callable)
        if getattr(method, 'remotable', False))
    return schema, flags, remotable


def fingerprint(cls):
    digest = hashlib.md5(repr(beyond_contract(cls)).encode(),
                         usedforsecurity=False).hexdigest()
    return '%s-%s' % (cls.VERSION, digest)


def interface_extras(cls):
    # oslo's fingerprint hashes each field's repr, which omits the class of
    # an ObjectField, and knows nothing of a SCHEMA.
    described = sorted((name, field.describe())
                       for name, field in cls.fields.items())
    schema = sorted(getattr(cls, 'SCHEMA', {}).items())
    return (described, schema)


def _changed(expected, actual, what):
    lines = ['  %s: recorded %s, now %s' % (name, expected.get(name),
                                             actual.get(name))
             for name in sorted(set(expected) | set(actual))
             if expected.get(name) != actual.get(name)]
    if lines:
        raise AssertionError(
            '%s of these classes changed:\n%s\nFor each: bump VERSION, add '
            'a "# Version X.Y: what changed" line above it, make '
            'obj_make_compatible() drop the new data for older versions, '
            'put the new fingerprint in %s, and regenerate the samples.'
            % (what, '\n'.join(lines), __file__))


def test_what_the_contracts_do_not_see_is_unchanged():
    _changed(BEYOND_CONTRACT, {name: fingerprint(cls) for name, cls
                               in contract_classes().items()},
             'The SCHEMA, field defaults, read-only flags or remotable '
             'methods')


def test_the_other_classes_fingerprints_match_their_versions():
    checker = fixture.ObjectVersionChecker(obj_classes={
        name: classes for name, classes in watcher_classes().items()
        if name in OSLO})
    _changed(OSLO, checker.get_hashes(extra_data_func=interface_extras),
             'The interface')


def test_every_watcher_class_is_fingerprinted_once():
    assert sorted(BEYOND_CONTRACT) == sorted(contract_classes())
    assert not set(BEYOND_CONTRACT) & set(OSLO)
    assert sorted(set(BEYOND_CONTRACT) | set(OSLO)) == sorted(
        watcher_classes())


def test_a_schema_change_alone_changes_the_fingerprint(monkeypatch):
    from versioned_notifications.watcher import TerseAuditPayload
    changed = dict(TerseAuditPayload.SCHEMA, state=('audit', 'audit_type'))
    monkeypatch.setattr(TerseAuditPayload, 'SCHEMA', changed)
    assert fingerprint(TerseAuditPayload) != BEYOND_CONTRACT[
        'TerseAuditPayload']


def test_a_default_change_alone_changes_the_fingerprint(monkeypatch):
    from versioned_notifications.watcher import ExceptionPayload
    monkeypatch.setattr(ExceptionPayload, 'fields', dict(
        ExceptionPayload.fields,
        exception=ovo_fields.StringField(default='Exception')))
    assert fingerprint(ExceptionPayload) != BEYOND_CONTRACT[
        'ExceptionPayload']


def test_a_field_added_is_left_to_the_contract_check(monkeypatch):
    """The check names it with the bump it needs; the fingerprint would
    only say that a hash changed."""
    from versioned_notifications.watcher import StrategyPayload
    monkeypatch.setattr(StrategyPayload, 'fields', dict(
        StrategyPayload.fields, goal=ovo_fields.StringField()))
    assert fingerprint(StrategyPayload) == BEYOND_CONTRACT['StrategyPayload']
    problems = evolution.evaluate(PROJECT, SAMPLES).problems
    assert problems[-1].startswith(
        "StrategyPayload: field 'goal' (String, not nullable) added: bump "
        "VERSION 1.0 -> 1.1 (compatible change)")
