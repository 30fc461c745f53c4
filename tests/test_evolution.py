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

"""Contract evolution: copies of this project's and minicompute's payloads,
changed in each way, compared with the contracts recorded in their sample
directories; each with the message a person acts on."""

import dataclasses
import importlib
import json
import os
import pathlib
import shutil
import subprocess

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields
import pytest

from versioned_notifications import cli
from versioned_notifications import evolution
from versioned_notifications import historyfile
from versioned_notifications import project as vn_project
from versioned_notifications import sampledir
from versioned_notifications.watcher import fields
from versioned_notifications.watcher import payloads
from versioned_notifications.watcher.project import PROJECT as WATCHER

REPO = pathlib.Path(__file__).resolve().parent.parent
SAMPLES = REPO / 'samples'
MINIPROJECT = REPO / 'tests' / 'miniproject'
MINI_SAMPLES = MINIPROJECT / 'samples'
MINI = 'minicompute.doc:PROJECT'
WATCHER_SPEC = 'versioned_notifications.watcher.project:PROJECT'

# The message of the issue, word for word.
NAME_ADDED = (
    "TerseAuditPayload: field 'name' (String, not nullable) added: bump "
    "VERSION 1.0 -> 1.1 (compatible change); ActionPlanCancelPayload "
    "embeds TerseAuditPayload: bump 1.0 -> 1.1")


@pytest.fixture
def swap(monkeypatch):
    """swap(original, version=..., add={...}, drop=(...), **attributes):
    a copy of the registered class ``original``, changed so, registered as
    the only version of its name for the test (and, with ``module``, put
    in its place there, so that the code that builds it builds the copy).
    """
    restore = []

    def swap(original, version=None, add=None, drop=(), module=None,
             **attributes):
        if version is not None:
            attributes['VERSION'] = version
        # Without a VERSION of its own, the copy's "# Version" comments
        # are those of the class it copies (the class setting VERSION).
        copy = type(original.__name__, (original,), dict(
            attributes, fields=dict(original.fields, **(add or {}))))
        versions = ovo_base.VersionedObjectRegistry.obj_classes()[
            original.obj_name()]
        restore.append((versions, list(versions)))
        ovo_base.VersionedObjectRegistry.register(copy)
        versions[:] = [copy]
        # Registering gives a class the fields of its bases too: dropped
        # from its own copy of them afterwards.
        for name in drop:
            del copy.fields[name]
        if module is not None:
            monkeypatch.setattr(module, original.__name__, copy)
        return copy

    yield swap
    for versions, saved in reversed(restore):
        versions[:] = saved


@pytest.fixture
def mini(monkeypatch):
    """minicompute's notifications module, importable."""
    monkeypatch.syspath_prepend(str(MINIPROJECT))
    return importlib.import_module('minicompute.notifications')


def problems(project=WATCHER, directory=SAMPLES):
    return evolution.evaluate(project, directory).problems


# The committed contracts.

@pytest.mark.parametrize('project, directory', [(WATCHER, SAMPLES),
                                                (MINI, MINI_SAMPLES)])
def test_the_committed_contracts_match_the_classes(mini, project,
                                                   directory):
    evaluation = evolution.evaluate(project, directory)
    assert evaluation.problems == []
    assert evaluation.unrecorded == [] and evaluation.recorded == []
    for generated in evaluation.files:
        assert (directory / generated.name).read_text('utf-8') == (
            generated.text)


def test_every_class_of_the_catalog_is_recorded_notifications_too():
    evaluation = evolution.evaluate(WATCHER, SAMPLES)
    names = sorted(pathlib.PurePosixPath(f.name).stem
                   for f in evaluation.files)
    assert names == [
        'ActionCancelNotification', 'ActionCancelPayload',
        'ActionPlanCancelNotification', 'ActionPlanCancelPayload',
        'ExceptionPayload', 'StrategyPayload', 'TerseActionPlanPayload',
        'TerseAuditPayload']


def test_a_notification_records_its_objects_by_name_only():
    [(version, recorded)] = historyfile.read(
        SAMPLES, 'ActionCancelNotification').versions
    assert version == '1.0'
    assert recorded['payload'] == {'type': 'Object', 'nullable': False,
                                   'object': 'ActionCancelPayload'}
    assert recorded['priority']['enum'] == [
        'debug', 'info', 'warning', 'error', 'critical']


def test_a_payload_records_nested_versions_elements_and_descriptions(mini):
    [(_, server)] = historyfile.read(MINI_SAMPLES, 'ServerPayload').versions
    assert server['flavor'] == {'type': 'Object', 'nullable': False,
                                'object': 'FlavorPayload', 'version': '1.1'}
    assert server['ip_addresses'] == {
        'type': 'List', 'nullable': False,
        'element': {'type': 'Object', 'nullable': False,
                    'object': 'IpPayload', 'version': '1.0'}}
    assert server['uuid']['schema']['type'] == ['string']
    assert 'pattern' in server['uuid']['schema']
    # Placeholders listed twice are one value, as in the schemas.
    [(_, aggregate)] = historyfile.read(
        MINI_SAMPLES, 'AggregatePayload').versions[1:]
    assert aggregate['state']['enum'] == ['active', '_unused', 'draining']
    # A type that does not describe itself: its inferred schema, without
    # the note saying so.
    assert aggregate['placement_rules']['schema'] == {
        'type': ['array'], 'items': {'type': ['object']}}


# Each change, its message.

WATCHER_CHANGES = {
    'added': (
        dict(add={'name': fields.StringField()}), [NAME_ADDED]),
    'removed': (
        dict(drop=['scope']),
        ["TerseAuditPayload: field 'scope' (FlexibleListOfDict, nullable) "
         "removed: bump VERSION 1.0 -> 2.0 (incompatible change); "
         "ActionPlanCancelPayload embeds TerseAuditPayload: bump 1.0 -> "
         "2.0"]),
    'renamed': (
        dict(drop=['interval'],
             add={'period': fields.IntegerField(nullable=True)}),
        ["TerseAuditPayload: field 'interval' (Integer, nullable) removed; "
         "field 'period' (Integer, nullable) added: bump VERSION 1.0 -> 2.0 "
         "(incompatible change); ActionPlanCancelPayload embeds "
         "TerseAuditPayload: bump 1.0 -> 2.0"]),
    # What Watcher did to TerseAuditPayload.interval within 1.x.
    'retyped': (
        dict(add={'interval': fields.StringField(nullable=True)}),
        ["TerseAuditPayload: field 'interval' retyped: Integer -> String: "
         "bump VERSION 1.0 -> 2.0 (incompatible change); "
         "ActionPlanCancelPayload embeds TerseAuditPayload: bump 1.0 -> "
         "2.0"]),
    'made nullable': (
        dict(add={'state': fields.StringField(nullable=True)}),
        ["TerseAuditPayload: field 'state' made nullable: bump VERSION 1.0 "
         "-> 1.1 (compatible change); ActionPlanCancelPayload embeds "
         "TerseAuditPayload: bump 1.0 -> 1.1"]),
    'made not nullable': (
        dict(add={'strategy_uuid': fields.UUIDField()}),
        ["TerseAuditPayload: field 'strategy_uuid' made not nullable: bump "
         "VERSION 1.0 -> 2.0 (incompatible change); ActionPlanCancelPayload "
         "embeds TerseAuditPayload: bump 1.0 -> 2.0"]),
    'a minor bump where a major one is needed': (
        dict(version='1.1', drop=['scope']),
        ["TerseAuditPayload: field 'scope' (FlexibleListOfDict, nullable) "
         "removed: bump VERSION 1.1 -> 2.0 (incompatible change); "
         "ActionPlanCancelPayload embeds TerseAuditPayload: bump 1.0 -> "
         "2.0"]),
    'a minor bump made, the embedding payload not bumped': (
        dict(version='1.1', add={'name': fields.StringField()}),
        ["ActionPlanCancelPayload: field 'audit': TerseAuditPayload bumped "
         "1.0 -> 1.1: bump VERSION 1.0 -> 1.1 (compatible change)"]),
    'a major bump made, the embedding payload not bumped': (
        dict(version='2.0', drop=['scope']),
        ["ActionPlanCancelPayload: field 'audit': TerseAuditPayload bumped "
         "1.0 -> 2.0: bump VERSION 1.0 -> 2.0 (incompatible change)"]),
    'several changes, one message': (
        dict(drop=['scope'], add={'name': fields.StringField(),
                                  'state': fields.StringField(
                                      nullable=True)}),
        ["TerseAuditPayload: field 'name' (String, not nullable) added; "
         "field 'scope' (FlexibleListOfDict, nullable) removed; field "
         "'state' made nullable: bump VERSION 1.0 -> 2.0 (incompatible "
         "change); ActionPlanCancelPayload embeds TerseAuditPayload: bump "
         "1.0 -> 2.0"]),
}


@pytest.mark.parametrize('change', sorted(WATCHER_CHANGES))
def test_a_changed_terse_audit_payload_gets_its_message(swap, change):
    how, expected = WATCHER_CHANGES[change]
    swap(payloads.TerseAuditPayload, **how)
    assert problems() == expected


def test_a_list_element_retyped_is_incompatible_and_a_notification_is_not_in_the_cascade(  # noqa: E501
        swap):
    swap(payloads.ActionCancelPayload,
         add={'parents': ovo_fields.ListOfStringsField()})
    # ActionCancelNotification carries it, but is never sent whole.
    assert problems() == [
        "ActionCancelPayload: field 'parents[]' retyped: UUID -> String: "
        "bump VERSION 1.0 -> 2.0 (incompatible change)"]


def test_a_nested_major_bump_needs_a_major_bump_of_what_embeds_it(swap):
    swap(payloads.TerseAuditPayload, version='2.0', drop=['scope'])
    swap(payloads.ActionPlanCancelPayload, version='1.1')
    assert problems() == [
        "ActionPlanCancelPayload: field 'audit': TerseAuditPayload bumped "
        "1.0 -> 2.0: bump VERSION 1.1 -> 2.0 (incompatible change)"]


def test_the_bumps_made_record_the_new_versions(swap):
    swap(payloads.TerseAuditPayload, version='1.1',
         add={'name': fields.StringField()})
    swap(payloads.ActionPlanCancelPayload, version='1.1')
    evaluation = evolution.evaluate(WATCHER, SAMPLES)
    assert evaluation.problems == []
    assert evaluation.recorded == [('ActionPlanCancelPayload', '1.1'),
                                   ('TerseAuditPayload', '1.1')]


def test_a_bump_without_a_contract_change_is_accepted(swap):
    # What a field means may change where its type does not.
    swap(payloads.ActionCancelPayload, version='1.1')
    evaluation = evolution.evaluate(WATCHER, SAMPLES)
    assert (evaluation.problems, evaluation.recorded) == (
        [], [('ActionCancelPayload', '1.1')])


def test_a_major_bump_for_a_compatible_change_is_accepted(swap):
    swap(payloads.ActionCancelPayload, version='2.0',
         add={'reason': fields.StringField()})
    assert problems() == []


def test_a_version_is_never_reused(swap, mini):
    swap(mini.AggregatePayload, version='1.0')
    assert problems(MINI, MINI_SAMPLES) == [
        'AggregatePayload: VERSION 1.0 is older than 1.1, its last recorded '
        'version (schemas/history/AggregatePayload.json): a version is never '
        'reused; set VERSION to 1.2']


def test_a_version_that_is_not_major_minor_is_named(swap):
    swap(payloads.ActionCancelPayload, version='1.0.1')
    assert problems() == [
        "ActionCancelPayload: VERSION '1.0.1' is not a \"MAJOR.MINOR\" "
        "version such as 1.10; set it to one"]


def test_an_enum_value_added_is_compatible_by_default(swap, mini):
    swap(mini.KeypairPayload, add={'type': ovo_fields.EnumField(
        valid_values=['ssh', 'x509', 'ed25519'])})
    assert problems(MINI, MINI_SAMPLES) == [
        "KeypairPayload: field 'type': enum value 'ed25519' added: bump "
        "VERSION 1.0 -> 1.1 (compatible change)"]


def test_a_project_may_call_an_added_enum_value_incompatible(swap, mini):
    swap(mini.KeypairPayload, add={'type': ovo_fields.EnumField(
        valid_values=['ssh', 'x509', 'ed25519', 'ecdsa'])})
    strict = dataclasses.replace(vn_project.load_project(MINI),
                                 enum_value_added='incompatible')
    assert problems(strict, MINI_SAMPLES) == [
        "KeypairPayload: field 'type': enum values 'ed25519', 'ecdsa' added: "
        "bump VERSION 1.0 -> 2.0 (incompatible change)"]


def test_enum_value_added_accepts_only_its_two_values():
    with pytest.raises(vn_project.ProjectError) as raised:
        dataclasses.replace(WATCHER, enum_value_added='minor')
    assert str(raised.value) == ('enum_value_added must be "compatible" or '
                                 '"incompatible", not \'minor\'')


def test_an_enum_value_removed_is_incompatible(swap, mini):
    class PowerState(mini.objects.PowerState):
        ALL = ('running', 'shutdown', 'paused')

    class PowerStateField(ovo_fields.BaseEnumField):
        AUTO_TYPE = PowerState()

    swap(mini.ServerPayload, add={'power_state': PowerStateField()})
    assert problems(MINI, MINI_SAMPLES) == [
        "ServerPayload: field 'power_state': enum value 'crashed' removed: "
        "bump VERSION 1.0 -> 2.0 (incompatible change)"]


def test_a_dict_value_made_not_nullable_is_incompatible(swap, mini):
    swap(mini.AggregatePayload,
         add={'metadata': ovo_fields.DictOfStringsField()})
    assert problems(MINI, MINI_SAMPLES) == [
        "AggregatePayload: field 'metadata[]' made not nullable: bump VERSION "
        "1.1 -> 2.0 (incompatible change)"]


def test_an_object_in_a_list_names_every_payload_embedding_it(swap, mini):
    swap(mini.IpPayload, add={'gateway': ovo_fields.IPAddressField(
        nullable=True)})
    assert problems(MINI, MINI_SAMPLES) == [
        "IpPayload: field 'gateway' (IPAddress, nullable) added: bump VERSION "
        "1.0 -> 1.1 (compatible change); ServerActionPayload embeds "
        "IpPayload: bump 1.0 -> 1.1; ServerPayload embeds IpPayload: bump "
        "1.0 -> 1.1; ServerUpdatePayload embeds IpPayload: bump 1.0 -> 1.1; "
        "VolumeAttachPayload embeds IpPayload: bump 1.0 -> 1.1"]


def test_once_the_object_is_bumped_each_embedding_payload_says_so(swap,
                                                                  mini):
    swap(mini.IpPayload, version='1.1', add={
        'gateway': ovo_fields.IPAddressField(nullable=True)})
    swap(mini.ServerUpdatePayload, version='1.1')
    assert problems(MINI, MINI_SAMPLES) == [
        "%s: field 'ip_addresses[]': IpPayload bumped 1.0 -> 1.1: bump "
        "VERSION 1.0 -> 1.1 (compatible change)" % name
        for name in ('ServerActionPayload', 'ServerPayload',
                     'VolumeAttachPayload')]


def test_a_field_removed_from_a_recorded_1_1_needs_2_0(swap, mini):
    swap(mini.FlavorPayload, drop=['extra_specs'])
    assert problems(MINI, MINI_SAMPLES) == [
        "FlavorPayload: field 'extra_specs' (Dict of String, not nullable) "
        "removed: bump VERSION 1.1 -> 2.0 (incompatible change); "
        "ServerActionPayload embeds FlavorPayload: bump 1.0 -> 2.0; "
        "ServerPayload embeds FlavorPayload: bump 1.0 -> 2.0; "
        "ServerUpdatePayload embeds FlavorPayload: bump 1.0 -> 2.0; "
        "VolumeAttachPayload embeds FlavorPayload: bump 1.0 -> 2.0"]


# A cascade deeper than one level: real classes of a registry of their own.

class DeepRegistry(ovo_base.VersionedObjectRegistry):
    pass


class DeepObject(ovo_base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'deep_object'
    OBJ_PROJECT_NAMESPACE = 'deep'


@DeepRegistry.register
class DeepInnerPayload(DeepObject):
    VERSION = '1.0'
    fields = {'uuid': fields.UUIDField()}


@DeepRegistry.register
class DeepMiddlePayload(DeepObject):
    VERSION = '1.0'
    fields = {'inner': fields.ObjectField('DeepInnerPayload')}


@DeepRegistry.register
class DeepOuterPayload(DeepObject):
    VERSION = '1.3'
    fields = {'middles': fields.ListOfObjectsField('DeepMiddlePayload'),
              'tag': fields.StringField()}


class DeepNotificationBase(DeepObject):
    VERSION = '1.0'
    fields = {}


@DeepRegistry.register
class DeepNotification(DeepNotificationBase):
    VERSION = '1.0'
    samples = ['deep-update.json']
    fields = {'payload': fields.ObjectField('DeepOuterPayload')}


DEEP = vn_project.NotificationProject(
    registry='tests.test_evolution:DeepRegistry',
    notification_base='tests.test_evolution:DeepNotificationBase',
    event_types={'deep-update.json': 'deep.update'})


def record(project, directory):
    """Record the current contracts in ``directory``, as generate does."""
    evaluation = evolution.evaluate(project, directory)
    assert evaluation.ok, evaluation.problems
    sampledir.write_files(evaluation.files, directory)
    return evaluation


def test_the_cascade_runs_up_every_level(tmp_path, swap):
    assert record(DEEP, tmp_path).first_run
    swap(DeepInnerPayload, add={'name': fields.StringField()})
    assert problems(DEEP, tmp_path) == [
        "DeepInnerPayload: field 'name' (String, not nullable) added: bump "
        "VERSION 1.0 -> 1.1 (compatible change); DeepMiddlePayload embeds "
        "DeepInnerPayload: bump 1.0 -> 1.1; DeepOuterPayload embeds "
        "DeepMiddlePayload: bump 1.3 -> 1.4"]


def test_a_cascade_takes_the_larger_bump_the_embedding_class_needs(
        tmp_path, swap):
    record(DEEP, tmp_path)
    swap(DeepInnerPayload, add={'name': fields.StringField()})
    swap(DeepOuterPayload, drop=['tag'])
    assert problems(DEEP, tmp_path) == [
        "DeepInnerPayload: field 'name' (String, not nullable) added: bump "
        "VERSION 1.0 -> 1.1 (compatible change); DeepMiddlePayload embeds "
        "DeepInnerPayload: bump 1.0 -> 1.1; DeepOuterPayload embeds "
        "DeepMiddlePayload: bump 1.3 -> 2.0",
        "DeepOuterPayload: field 'tag' (String, not nullable) removed: bump "
        "VERSION 1.3 -> 2.0 (incompatible change)"]


def test_an_embedding_class_bumped_enough_ends_the_cascade(tmp_path, swap):
    record(DEEP, tmp_path)
    swap(DeepInnerPayload, add={'name': fields.StringField()})
    swap(DeepMiddlePayload, version='1.1')
    # What embeds the middle payload sees its new version.
    assert problems(DEEP, tmp_path) == [
        "DeepInnerPayload: field 'name' (String, not nullable) added: bump "
        "VERSION 1.0 -> 1.1 (compatible change)",
        "DeepOuterPayload: field 'middles[]': DeepMiddlePayload bumped 1.0 "
        "-> 1.1: bump VERSION 1.3 -> 1.4 (compatible change)"]


# The history the reference shows.

def test_minicompute_aggregate_payload_history(mini):
    assert evolution.history(MINI_SAMPLES, 'AggregatePayload') == [
        ('1.0', []),
        ('1.1', [
            evolution.Change(evolution.ADDED, 'placement_rules',
                             evolution.MINOR, None,
                             'FlexibleListOfDict, not nullable'),
            evolution.Change(evolution.ADDED, 'state', evolution.MINOR,
                             None, 'AggregateState, nullable')])]


def test_history_of_successive_bumps(tmp_path, swap):
    record(DEEP, tmp_path)
    swap(DeepInnerPayload, version='1.1', add={'name': fields.StringField(
        nullable=True)})
    swap(DeepMiddlePayload, version='1.1')
    swap(DeepOuterPayload, version='2.0', drop=['tag'])
    assert [(n, v) for n, v in record(DEEP, tmp_path).recorded] == [
        ('DeepInnerPayload', '1.1'), ('DeepMiddlePayload', '1.1'),
        ('DeepOuterPayload', '2.0')]
    history = evolution.history(tmp_path, 'DeepOuterPayload')
    assert [(version, [change.text for change in changes])
            for version, changes in history] == [
        ('1.3', []),
        ('2.0', ["field 'middles[]': DeepMiddlePayload bumped 1.0 -> 1.1",
                 "field 'tag' (String, not nullable) removed"])]
    [nested, removed] = history[1][1]
    assert (nested.kind, nested.obj, nested.old_version, nested.new_version,
            nested.compatible) == (evolution.NESTED, 'DeepMiddlePayload',
                                   '1.0', '1.1', True)
    assert (removed.kind, removed.before, removed.after,
            removed.compatible) == (evolution.REMOVED,
                                    'String, not nullable', None, False)


def test_a_recorded_version_is_never_rewritten(tmp_path, swap):
    record(DEEP, tmp_path)
    path = tmp_path / 'schemas' / 'history' / 'DeepInnerPayload.json'
    before = historyfile.read(tmp_path, 'DeepInnerPayload').versions
    swap(DeepInnerPayload, version='1.1', add={'name': fields.StringField()})
    swap(DeepMiddlePayload, version='1.1')
    swap(DeepOuterPayload, version='1.4')
    record(DEEP, tmp_path)
    after = historyfile.read(tmp_path, 'DeepInnerPayload').versions
    assert after[:1] == before and [v for v, _ in after] == ['1.0', '1.1']
    assert path.read_text('utf-8').count('"version": "1.0"') == 1


def test_history_without_a_recorded_contract_is_empty(tmp_path):
    assert evolution.history(tmp_path, 'TerseAuditPayload') == []


# The command: check and generate, in-process.

def run(capsys, *argv):
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def tree(directory):
    return {path.relative_to(directory).as_posix(): path.read_bytes()
            for path in sorted(pathlib.Path(directory).rglob('*'))
            if path.is_file()}


@pytest.fixture
def watcher_copy(tmp_path):
    """A copy of this project's committed samples, and the arguments that
    check or generate it."""
    directory = tmp_path / 'samples'
    shutil.copytree(SAMPLES, directory)
    return directory, ('--project', WATCHER_SPEC)


def command(name, directory, project_args, *more):
    return (*project_args, name, '--output', str(directory), *more)


def test_a_field_added_without_a_bump_fails_check_and_generate_writes_nothing(
        capsys, swap, watcher_copy):
    directory, project = watcher_copy
    # Sent by the real send path, whose payload fills the new field.
    swap(payloads.TerseAuditPayload, add={'name': fields.StringField()},
         SCHEMA=dict(payloads.TerseAuditPayload.SCHEMA,
                     name=('audit', 'state')), module=payloads)
    status, out, _ = run(capsys, *command('check', directory, project))
    assert status == 1
    assert NAME_ADDED in out.splitlines()
    assert out.splitlines()[-1] == (
        '1 class changed without the version bump they need: bump each '
        'VERSION as said above (with its "# Version X.Y: ..." line), then '
        'run "versioned-notifications generate", which records the new '
        'versions')

    before = tree(directory)
    status, out, err = run(capsys, *command('generate', directory, project,
                                            '--prune'))
    assert status == 2
    assert out.splitlines() == [NAME_ADDED]
    assert err == (
        'versioned-notifications: error: 1 class changed without the '
        'version bump they need (above): nothing written; bump each VERSION '
        '(with its "# Version X.Y: ..." line) and run generate again\n')
    assert tree(directory) == before


# Bumped classes, as their source reads: the "# Version" comments belong
# to the class that sets VERSION.

class Commented:
    class TerseAuditPayload(payloads.TerseAuditPayload):
        # Version 1.0: Initial version
        # Version 1.1: Added name
        VERSION = '1.1'

    class ActionPlanCancelPayload(payloads.ActionPlanCancelPayload):
        # Version 1.0: Initial version
        # Version 1.1: TerseAuditPayload 1.1
        VERSION = '1.1'


class Uncommented:
    class TerseAuditPayload(payloads.TerseAuditPayload):
        # Version 1.0: Initial version
        VERSION = '1.1'

    class ActionPlanCancelPayload(payloads.ActionPlanCancelPayload):
        # Version 1.0: Initial version
        VERSION = '1.1'


class Skipped:
    class ActionPlanCancelPayload(payloads.ActionPlanCancelPayload):
        # Version 1.0: Initial version
        # Version 1.1: Added nothing
        # Version 1.2: Added nothing either
        VERSION = '1.2'


def test_with_the_bumps_made_generate_records_them_and_check_passes(
        capsys, swap, watcher_copy):
    directory, project = watcher_copy
    swap(Commented.TerseAuditPayload, add={'name': fields.StringField()},
         SCHEMA=dict(payloads.TerseAuditPayload.SCHEMA,
                     name=('audit', 'state')), module=payloads)
    swap(Commented.ActionPlanCancelPayload, module=payloads)
    status, out, _ = run(capsys, *command('check', directory, project))
    assert status == 1
    assert 'stale %s' % (directory / 'schemas' / 'history' /
                         'TerseAuditPayload.json') in out.splitlines()

    recorded_1_0 = historyfile.read(directory, 'TerseAuditPayload').versions
    status, out, _ = run(capsys, *command('generate', directory, project))
    assert status == 0
    assert [line for line in out.splitlines()
            if line.startswith('recorded ')] == [
        'recorded ActionPlanCancelPayload 1.1',
        'recorded TerseAuditPayload 1.1']
    status, out, _ = run(capsys, *command('check', directory, project))
    assert status == 0, out
    assert 'contracts of 8 classes match their recorded versions' in out
    recorded = historyfile.read(directory, 'TerseAuditPayload').versions
    assert recorded[:1] == recorded_1_0
    assert [(version, [change.text for change in changes]) for
            version, changes in evolution.history(
                directory, 'TerseAuditPayload')] == [
        ('1.0', []), ('1.1', ["field 'name' (String, not nullable) added"])]
    # The sample shows the new version and field, as the code sends them.
    sample = json.loads((directory / 'action_plan-cancel-end.json')
                        .read_text('utf-8'))
    audit = sample['payload']['watcher_object.data']['audit']
    assert audit['watcher_object.version'] == '1.1'
    # (SCHEMA fills it from the audit's state.)
    assert audit['watcher_object.data']['name'] == 'SUCCEEDED'


def test_a_bump_without_its_version_comment_fails_check_as_the_reference(
        capsys, swap, watcher_copy):
    directory, project = watcher_copy
    # A bump with nothing the contract shows changed is accepted; its
    # "# Version 1.1" line is still missing.
    swap(Uncommented.TerseAuditPayload, module=payloads)
    swap(Uncommented.ActionPlanCancelPayload, module=payloads)
    status, out, _ = run(capsys, *command('generate', directory, project))
    assert status == 0, out
    status, out, _ = run(capsys, *command('check', directory, project))
    assert status == 1, out
    lines = out.splitlines()
    for name in ('ActionPlanCancelPayload', 'TerseAuditPayload'):
        assert ('%s: VERSION is 1.1 but the last "# Version" comment says '
                '1.0; add a "# Version 1.1: <what changed>" line above '
                'VERSION' % name) in lines
        assert ('%s: the recorded contracts have version 1.1, which no '
                '"# Version 1.1: <what changed>" comment above VERSION '
                'describes; add one' % name) in lines
    assert lines[-1] == (
        '"# Version" comments of 2 classes disagree with their versions: '
        'correct them as said above (the reference warns of the same)')


def test_a_comment_problem_is_one_per_class_and_names_what_to_do(
        swap):
    swap(Skipped.ActionPlanCancelPayload, module=payloads)
    found = evolution.evaluate(WATCHER, SAMPLES).comment_problems
    # The committed history records 1.0; 1.2 is what generate records.
    assert [str(problem) for problem in found] == [
        'ActionPlanCancelPayload: "# Version 1.1" is not among the recorded '
        'contracts (1.0, 1.2), so the changes shown for 1.2 include its '
        'own; if 1.1 was never released, fold its line into "# Version '
        '1.2"']
    assert found[0].name == 'ActionPlanCancelPayload'


def test_the_committed_classes_comments_agree_with_their_versions(mini):
    for project, directory in ((WATCHER, SAMPLES), (MINI, MINI_SAMPLES)):
        assert evolution.evaluate(project,
                                  directory).comment_problems == []


def test_a_first_run_records_every_class_and_says_so(capsys, watcher_copy):
    directory, project = watcher_copy
    shutil.rmtree(directory / 'schemas' / 'history')
    status, out, _ = run(capsys, *command('check', directory, project))
    assert status == 1
    lines = out.splitlines()
    assert ('note: no recorded contracts in %s yet (a first run): generate '
            'records the 8 classes at their current versions'
            % (directory / 'schemas' / 'history')) in lines
    assert 'missing %s' % (directory / 'schemas' / 'history' /
                           'TerseAuditPayload.json') in lines
    status, out, _ = run(capsys, *command('generate', directory, project))
    assert status == 0
    assert ('note: no recorded contracts in %s yet (a first run): recording '
            'the 8 classes at their current versions'
            % (directory / 'schemas' / 'history')) in out.splitlines()
    assert tree(directory) == tree(SAMPLES)
    assert run(capsys, *command('check', directory, project))[0] == 0


def test_a_class_without_a_recorded_contract_is_named(capsys, watcher_copy):
    directory, project = watcher_copy
    (directory / 'schemas' / 'history' / 'StrategyPayload.json').unlink()
    status, out, _ = run(capsys, *command('check', directory, project))
    assert status == 1
    assert ('note: StrategyPayload has no recorded contract yet (a new '
            'class): generate records it') in out.splitlines()


HOSTILE = {
    'not JSON': (b'{"format": 1,', 'is not valid JSON: line 1, column 14: '
                 'Expecting property name enclosed in double quotes'),
    'not UTF-8': (b'\xff\xfe{}', 'is not UTF-8 text'),
    'a list': (b'[]\n', ': is not a JSON object'),
    'another class': (
        b'{"format": 1, "name": "StrategyPayload", "versions": []}',
        ": \"name\" is 'StrategyPayload', not 'TerseAuditPayload', the "
        "class the file is named after"),
    'a newer format': (
        b'{"format": 2, "name": "TerseAuditPayload", "versions": []}',
        ': "format" is 2, not 1: the file was not written by this version '
        'of versioned-notifications (upgrade it if it is newer)'),
    'versions out of order': (
        b'{"format": 1, "name": "TerseAuditPayload", "versions": ['
        b'{"version": "1.1", "fields": {}}, {"version": "1.0", "fields": {}}'
        b']}',
        ': versions[1].version 1.0 does not come after 1.1: versions are '
        'recorded oldest first, each once'),
    'a field without a kind': (
        b'{"format": 1, "name": "TerseAuditPayload", "versions": [{"version":'
        b' "1.0", "fields": {"uuid": {"type": "UUID", "nullable": false}}}]}',
        ': versions[0].fields.uuid must have one of "object", "element" and '
        '"schema"'),
    'nested too deep': (b'[' * 150 + b']' * 150,
                        'is not valid JSON: nested more than 100 arrays or '
                        'objects deep'),
}


@pytest.mark.parametrize('case', sorted(HOSTILE))
def test_an_unusable_history_file_is_named_and_nothing_is_written(
        capsys, watcher_copy, case):
    directory, project = watcher_copy
    data, expected = HOSTILE[case]
    path = directory / 'schemas' / 'history' / 'TerseAuditPayload.json'
    path.write_bytes(data)
    before = tree(directory)
    for name in ('check', 'generate'):
        status, out, err = run(capsys, *command(name, directory, project))
        assert status == 2
        [message] = [line for line in err.splitlines()
                     if str(path) in line]
        assert message.startswith('versioned-notifications: error: %s'
                                  % path)
        assert expected in message
        assert message.endswith(
            '; restore it from version control (a recorded contract cannot '
            'be made again), or delete it to record the current version '
            'only')
        assert 'Traceback' not in out + err
    assert tree(directory) == before


def test_a_fifo_where_a_history_file_goes_is_never_opened(capsys,
                                                          watcher_copy):
    directory, project = watcher_copy
    path = directory / 'schemas' / 'history' / 'TerseAuditPayload.json'
    path.unlink()
    os.mkfifo(path)
    status, _, err = run(capsys, *command('check', directory, project))
    assert status == 2
    assert '%s is a FIFO, not a file' % path in err


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20)
VALID = json.loads((SAMPLES / 'schemas' / 'history' /
                    'ActionPlanCancelPayload.json').read_text('utf-8'))


def _places(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _places(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _places(child, (*path, index))


PLACES = list(_places(VALID))


def _replaced(document, path, value):
    document = json.loads(json.dumps(document))
    if not path:
        return value
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return document


def _accepted_or_named(data):
    try:
        found = historyfile.loads(data, 'ActionPlanCancelPayload',
                                  'somewhere/History.json')
    except historyfile.HistoryError as exc:
        assert str(exc).startswith('somewhere/History.json')
        return None
    # What is accepted can be compared with anything else accepted.
    for _, fields_of in found.versions:
        evolution.compare(fields_of, VALID['versions'][0]['fields'])
        evolution.compare(VALID['versions'][0]['fields'], fields_of)
    return found


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_are_a_history_or_a_named_error(data):
    _accepted_or_named(data)


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(PLACES), JSON_VALUES)
def test_a_recorded_history_changed_anywhere_is_a_history_or_a_named_error(
        place, value):
    _accepted_or_named(json.dumps(_replaced(VALID, place, value)).encode())


# --against GIT_REF.

def git(directory, *args):
    subprocess.run(['git', '-C', str(directory), *args], check=True,
                   capture_output=True)


@pytest.fixture
def repository(tmp_path, monkeypatch):
    """A git repository holding a copy of the committed samples."""
    monkeypatch.setenv('GIT_CEILING_DIRECTORIES', str(tmp_path))
    root = tmp_path / 'repo'
    shutil.copytree(SAMPLES, root / 'doc' / 'samples')
    git(root, 'init', '-q')
    git(root, 'add', '.')
    git(root, '-c', 'user.name=t', '-c', 'user.email=t@example.com',
        'commit', '-qm', 'samples')
    return root / 'doc' / 'samples', ('--project', WATCHER_SPEC)


def test_check_against_a_revision_that_recorded_the_same(capsys,
                                                         repository):
    directory, project = repository
    status, out, _ = run(capsys, *command('check', directory, project,
                                          '--against', 'HEAD'))
    assert status == 0, out
    assert ('contracts of 8 classes match their recorded versions and those '
            'recorded at HEAD') in out.splitlines()


def test_a_rewritten_recorded_version_is_found_against_the_revision(
        capsys, swap, repository):
    directory, project = repository
    changed = swap(payloads.TerseAuditPayload,
                   add={'name': fields.StringField()})
    # The recorded 1.0 rewritten to say the field was always there.
    (directory / 'schemas' / 'history' / 'TerseAuditPayload.json').write_text(
        historyfile.history_text('TerseAuditPayload', [
            ('1.0', evolution.class_contract(changed))]), 'utf-8')
    assert evolution.evaluate(WATCHER, directory).problems == []
    status, out, err = run(capsys, *command('check', directory, project,
                                            '--against', 'HEAD'))
    # 2, not 1: the unchanged send path builds the audit without the field
    # the changed class's schema requires, which is an invalid sample.
    assert status == 2
    assert ("action_plan-cancel-start.json: the code sends what its JSON "
            "Schema refuses: payload.watcher_object.data.audit.watcher_object"
            ".data (TerseAuditPayload): ") in err
    assert (
        "TerseAuditPayload: the contract of 1.0 recorded at HEAD differs "
        "from the one in schemas/history/TerseAuditPayload.json: a recorded "
        "version is never rewritten; restore it (git checkout HEAD -- "
        "<sample directory>/schemas/history/TerseAuditPayload.json); "
        "TerseAuditPayload: field 'name' (String, not nullable) added since "
        "HEAD: bump VERSION 1.0 -> 1.1 (compatible change); "
        "ActionPlanCancelPayload embeds TerseAuditPayload: bump 1.0 -> 1.1"
    ) in out.splitlines()


def test_versions_recorded_since_the_revision_are_judged_against_it(
        capsys, swap, repository):
    directory, project = repository
    swap(payloads.TerseAuditPayload, version='1.1',
         add={'name': fields.StringField()})
    swap(payloads.ActionPlanCancelPayload, version='1.1')
    record(WATCHER, directory)
    # Then a field removed without the major bump, and recorded as 1.1 by
    # hand: only the revision tells.
    changed = swap(payloads.TerseAuditPayload, version='1.1',
                   add={'name': fields.StringField()}, drop=['scope'])
    versions = historyfile.read(directory, 'TerseAuditPayload').versions
    (directory / 'schemas' / 'history' / 'TerseAuditPayload.json').write_text(
        historyfile.history_text('TerseAuditPayload', [
            versions[0], ('1.1', evolution.class_contract(changed))]),
        'utf-8')
    assert evolution.evaluate(WATCHER, directory).problems == []
    status, out, err = run(capsys, *command('check', directory, project,
                                            '--against', 'HEAD'))
    # 2, not 1: the unchanged send path builds the audit without the field
    # the changed class's schema requires, which is an invalid sample.
    assert status == 2
    assert "(TerseAuditPayload): " in err
    assert (
        "TerseAuditPayload: field 'name' (String, not nullable) added; field "
        "'scope' (FlexibleListOfDict, nullable) removed since HEAD: bump "
        "VERSION 1.1 -> 2.0 (incompatible change); ActionPlanCancelPayload "
        "embeds TerseAuditPayload: bump 1.1 -> 2.0") in out.splitlines()


def test_a_revision_before_any_recorded_contract_is_noted(capsys,
                                                         repository):
    directory, project = repository
    git(directory, 'rm', '-rq', 'schemas/history')
    git(directory, '-c', 'user.name=t', '-c', 'user.email=t@example.com',
        'commit', '-qm', 'no history')
    git(directory, 'checkout', '-q', 'HEAD~1', '--', 'schemas/history')
    status, out, _ = run(capsys, *command('check', directory, project,
                                          '--against', 'HEAD'))
    assert status == 0, out
    assert ("note: HEAD recorded no contract of 8 classes (ActionCancel"
            "Notification, ActionCancelPayload, ActionPlanCancelNotification,"
            " ActionPlanCancelPayload, ExceptionPayload, StrategyPayload, "
            "TerseActionPlanPayload, TerseAuditPayload): compared with the "
            "working tree's only") in out.splitlines()


@pytest.mark.parametrize('revision, expected', [
    ('no-such-branch', '--against: no-such-branch is not a commit of the git '
                       'repository of %s; name a branch, tag or commit'),
    ('-x', "--against: '-x' is not a git revision"),
])
def test_an_unknown_revision_is_named(capsys, repository, revision,
                                      expected):
    directory, project = repository
    status, _, err = run(capsys, *command('check', directory, project,
                                          '--against=%s' % revision))
    assert status == 2
    assert err == 'versioned-notifications: error: %s\n' % (
        expected % directory if '%s' in expected else expected)


def test_against_outside_a_git_repository_says_so(capsys, watcher_copy,
                                                  monkeypatch, tmp_path):
    monkeypatch.setenv('GIT_CEILING_DIRECTORIES', str(tmp_path))
    directory, project = watcher_copy
    status, _, err = run(capsys, *command('check', directory, project,
                                          '--against', 'main'))
    assert status == 2
    assert err.startswith('versioned-notifications: error: --against main: '
                          '%s is not in a git repository (git says: '
                          % directory)
