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

"""The catalog: discovery on registries shaped like real ones, and the
envelope of samples no send path makes."""

import dataclasses
import os
import subprocess
import sys
import textwrap

import pytest

from tests.test_miniproject import MINI
from versioned_notifications import catalog as vn_catalog
from versioned_notifications import cli
from versioned_notifications import versions as vn_versions
from versioned_notifications.watcher import project as watcher_project

WATCHER = watcher_project.PROJECT


def run_python(code):
    env = dict(os.environ, PYTHONPATH=str(MINI))
    return subprocess.run([sys.executable, '-c', textwrap.dedent(code)],
                          cwd=MINI, env=env, capture_output=True, text=True,
                          timeout=120)


def test_lazily_registered_classes_in_a_package_of_submodules_are_found():
    # minicompute.maintenance imports none of its submodules, and its
    # classes wait in the registry's notification_classes until
    # register_notification_objects() runs, as Nova's and Watcher's do.
    result = run_python('''
        import sys
        from oslo_versionedobjects import base
        from minicompute.doc import PROJECT
        from versioned_notifications import catalog
        assert 'minicompute.maintenance.payload' not in sys.modules
        catalog_ = catalog.load(PROJECT)
        assert 'minicompute.maintenance.payload' in sys.modules
        entries = {e.sample: e for e in catalog_.entries}
        entry = entries['host-maintenance-error.json']
        print(entry.notification.__name__, entry.payload.__name__)
        print('HostMaintenanceNotification' in base.VersionedObjectRegistry
              .obj_classes())
        print(len(catalog_.notifications), len(catalog_.entries))
    ''')
    assert result.returncode == 0, result.stderr
    assert result.stdout.split('\n')[:3] == [
        'HostMaintenanceNotification HostMaintenancePayload', 'True',
        '9 14']


def test_without_a_notification_the_project_is_an_error():
    project = dict(registry='tests.typed_project:TypedRegistry',
                   notification_base='tests.typed_project:TypedPayloadBase',
                   modules=['tests.typed_project'])
    with pytest.raises(vn_catalog.CatalogError) as raised:
        vn_catalog.load(project)
    assert str(raised.value) == (
        'no notification found: no class derived from '
        'tests.typed_project:TypedPayloadBase names a sample '
        '(@notification_sample) after importing tests.typed_project, and '
        'the project declares no events; check notification_base and '
        'modules, or declare the event types of classes that name no '
        'samples in events')


@pytest.mark.parametrize('setting, value, kind', [
    ('registry', 'tests.typed_project:TypedObject',
     'oslo_versionedobjects.base.VersionedObjectRegistry'),
    ('notification_base', 'tests.typed_project:TypedRegistry',
     'oslo_versionedobjects.base.VersionedObject'),
])
def test_a_registry_or_base_that_is_not_one_says_what_to_set(setting, value,
                                                             kind):
    project = dataclasses.replace(WATCHER, **{setting: value})
    with pytest.raises(vn_catalog.CatalogError) as raised:
        vn_catalog.load(project)
    assert str(raised.value).startswith('%s: %s is not a subclass of %s; '
                                        'set %s to "' % (setting, value,
                                                         kind, setting))


def test_a_module_that_cannot_be_imported_is_named():
    project = dataclasses.replace(WATCHER, modules=['no_such_module_here'])
    with pytest.raises(vn_catalog.CatalogError,
                       match='cannot import notification module '
                             'no_such_module_here: ModuleNotFoundError'):
        vn_catalog.load(project)


def entry(event_type=None, priority=None):
    catalog_ = vn_catalog.load(WATCHER)
    return catalog_, dataclasses.replace(catalog_.entries[0],
                                         event_type=event_type,
                                         priority=priority)


def test_an_error_phase_gives_error_priority_unless_configured():
    catalog_, error = entry('action.cancel.error')
    assert catalog_.envelope(error)[:2] == ('action.cancel.error', 'ERROR')
    assert catalog_.envelope(dataclasses.replace(
        error, event_type='action.cancel.end'))[1] == 'INFO'
    critical = dataclasses.replace(catalog_, project=dataclasses.replace(
        WATCHER, error_priority='critical'))
    assert critical.envelope(error)[1] == 'CRITICAL'


def test_what_the_code_declares_wins_then_the_existing_file():
    catalog_, declared = entry('a.b.error', 'warning')
    existing = {'event_type': 'x.y.end', 'priority': 'INFO',
                'publisher_id': 'infra-optim:node0'}
    assert catalog_.envelope(declared, existing) == (
        'a.b.error', 'WARN', 'infra-optim:node0')
    _, undeclared = entry()
    assert catalog_.envelope(undeclared, existing) == (
        'x.y.end', 'INFO', 'infra-optim:node0')


def test_publisher_from_the_project_then_the_examples_then_a_placeholder():
    catalog_, plain = entry('a.b')
    assert catalog_.envelope(plain)[2] == vn_catalog.PLACEHOLDER_PUBLISHER_ID
    assert catalog_.envelope(plain, publisher_id='api:h')[2] == 'api:h'
    configured = dataclasses.replace(catalog_, project=dataclasses.replace(
        WATCHER, publisher_id='infra-optim:node0'))
    assert configured.envelope(plain, publisher_id='api:h')[2] == (
        'infra-optim:node0')


def test_an_unknown_error_priority_is_refused():
    with pytest.raises(vn_catalog.CatalogError,
                       match="error_priority: 'LOUD' is not one of"):
        vn_catalog.load(dataclasses.replace(WATCHER, error_priority='LOUD'))


@pytest.mark.parametrize('name', [
    '../../../../evil', '/etc/passwd', '.hidden', 'a/b', '', 'a..b', None,
    'x y'])
def test_names_that_leave_a_directory_are_unsafe(name):
    assert not vn_catalog.is_safe_name(name)


@pytest.mark.parametrize('name', ['action_plan.cancel.start',
                                  'instance-delete-end_compute_down.json'])
def test_real_names_are_safe(name):
    assert vn_catalog.is_safe_name(name)


def test_one_order_for_the_nested_closure():
    catalog_ = vn_catalog.load(WATCHER)
    names = [cls.obj_name() for cls in catalog_.objects]
    assert names == sorted(names)
    assert {'ActionPlanCancelPayload', 'TerseAuditPayload',
            'ExceptionPayload'} <= set(names)


def test_an_event_type_that_would_leave_the_directory_is_refused(tmp_path):
    from tests import typed_project
    from versioned_notifications import generator
    from versioned_notifications import sampledir
    project = dataclasses.replace(typed_project.TYPED, event_types={
        'typed_server-update.json': '../../../../evil',
        'typed_server-delete.json': 'server.delete',
        'typed_volume-update.json': 'volume.update'})
    result = generator.generate(project, tmp_path)
    [error] = result.errors
    assert (error.notification_class, error.sample) == (
        'TypedServerNotification', 'typed_server-update.json')
    assert "its event type '../../../../evil' cannot name a file" in (
        error.cause)
    sampledir.write_samples(result, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        'typed_server-delete.json', 'typed_volume-update.json']
    assert not (tmp_path.parent.parent / 'evil.json').exists()


def test_a_consumer_reads_payloads_its_producer_registers_only_at_start():
    # A plugin imports the producer's notification modules but never runs
    # register_notification_objects(): the listener must still know them.
    result = run_python('''
        import json
        import minicompute.maintenance.notification  # noqa
        import minicompute.maintenance.payload  # noqa
        from oslo_versionedobjects import base
        from minicompute import objects
        from versioned_notifications import listener
        assert 'HostMaintenancePayload' not in (
            base.VersionedObjectRegistry.obj_classes())
        got = []
        endpoint = listener.NotificationEndpoint(
            objects.MiniComputeObject, objects.MiniComputeObjectRegistry,
            lambda *args: got.append(args))
        message = json.load(open('samples/host-maintenance-error.json'))
        endpoint.error({}, message['publisher_id'], message['event_type'],
                       message['payload'], {})
        [(event_type, payload, metadata)] = got
        print(event_type, type(payload).__name__, payload.host,
              metadata['priority'])
    ''')
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        'host.maintenance.error', 'HostMaintenancePayload', 'host-1', 'ERROR']


def test_variant_declarations_that_find_nothing_are_problems(tmp_path):
    (tmp_path / 'action-cancel-end_slow.json').write_text('{}')
    project = dataclasses.replace(WATCHER, variants={
        'ActionCancelNotification': ['action-cancel-end_*.json',
                                     'nothing-*.json', '../x.json'],
        'NoSuchNotification': ['a.json']})
    catalog_ = vn_catalog.load(project, tmp_path)
    assert [(e.sample, e.notification.__name__) for e in catalog_.entries
            if e.variant] == [('action-cancel-end_slow.json',
                               'ActionCancelNotification')]
    assert catalog_.variant_problems == [
        "variants: ActionCancelNotification: 'nothing-*.json' matches no "
        "file in %s; add the sample or correct the pattern" % tmp_path,
        "variants: ActionCancelNotification: '../x.json' is not a file name "
        "in the sample directory %s; variants live directly in it"
        % tmp_path,
        'variants: NoSuchNotification is not a notification class of the '
        'project that names samples; correct the name']
    # A declaration problem fails no sample.
    assert catalog_.problems == []


# Projects with one setting of the wrong kind, named by the command line
# test below as tests.test_catalog:<NAME>.
MODULES_STRING = dict(dataclasses.asdict(WATCHER),
                      modules='versioned_notifications.watcher.notifications')
SAMPLE_DIR_INT = dict(dataclasses.asdict(WATCHER), sample_dir=1)


@pytest.mark.parametrize('name, message', [
    ('MODULES_STRING', 'modules must be a list of module names'),
    ('SAMPLE_DIR_INT', 'sample_dir must be a directory path'),
])
def test_a_setting_of_the_wrong_kind_is_one_message_and_exit_2(
        capsys, name, message):
    # Refused when the project is made, whoever makes it: before, a string
    # of modules imported each of its characters.
    with pytest.raises(vn_catalog.vn_project.ProjectError, match=message):
        vn_catalog.load(globals()[name])
    status = cli.main(['--project', 'tests.test_catalog:%s' % name, 'check'])
    captured = capsys.readouterr()
    assert status == cli.EXIT_ERROR
    assert captured.err.count('error:') == 1, captured.err
    assert message in captured.err
    assert 'Traceback' not in captured.err


@pytest.mark.parametrize('setting, value, message', [
    ('registry', 'versioned_notifications.catalog:WIRE_PRIORITIES',
     'registry: versioned_notifications.catalog:WIRE_PRIORITIES is a tuple, '
     'not a class; set registry to'),
    ('notification_base', 'versioned_notifications.catalog:DEFAULT_PRIORITY',
     'notification_base: versioned_notifications.catalog:DEFAULT_PRIORITY '
     'is a str, not a class; set notification_base to'),
])
def test_a_class_setting_naming_no_class_says_what_to_set(
        setting, value, message):
    project = dict(dataclasses.asdict(WATCHER), **{setting: value})
    with pytest.raises(vn_catalog.CatalogError) as raised:
        vn_catalog.load(project)
    assert str(raised.value).startswith(message), raised.value


@pytest.mark.parametrize('version, expected', [
    ('1.0', (1, 0)), ('10.12', (10, 12)), ('0.9', (0, 9)),
    # Not "MAJOR.MINOR": each is refused, not half-read.
    ('1.0\n', None), ('01.0', None), ('1.00', None), ('1', None),
    ('1.0.0', None), (' 1.0', None), ('\u0661.\u0660', None), ('', None),
    (1.0, None), (None, None)])
def test_one_version_reader_reads_major_minor_only(version, expected):
    if expected is None:
        with pytest.raises(vn_versions.VersionError) as raised:
            vn_versions.parse(version)
        assert str(raised.value) == (
            '%r is not a "MAJOR.MINOR" version such as 1.10' % (version,))
        assert not vn_versions.is_version(version)
    else:
        assert vn_versions.parse(version) == expected
        assert vn_versions.is_version(version)


def test_versions_compare_as_versions_not_as_text():
    assert vn_versions.parse('1.10') > vn_versions.parse('1.9')
    assert sorted(['1.10', '2.0', '1.9', '0.9'], key=vn_versions.parse) == [
        '0.9', '1.9', '1.10', '2.0']


def object_packages(tmp_path, init):
    """A service whose data model object ``Gadget`` only its object
    package registers: ``gadgets/__init__.py`` is ``init``, the registry is
    in ``gadgets/base.py``, the object in ``gadgets/gadget.py``."""
    package = tmp_path / 'gadgets'
    package.mkdir()
    (package / '__init__.py').write_text(textwrap.dedent(init))
    (package / 'base.py').write_text(textwrap.dedent('''
        from oslo_versionedobjects import base
        class GadgetRegistry(base.VersionedObjectRegistry):
            pass
    '''))
    (package / 'gadget.py').write_text(textwrap.dedent('''
        from oslo_versionedobjects import base, fields
        from gadgets.base import GadgetRegistry
        @GadgetRegistry.register
        class Gadget(base.VersionedObject):
            fields = {'name': fields.StringField()}
    '''))
    return subprocess.run([sys.executable, '-c', textwrap.dedent('''
        import sys
        from oslo_versionedobjects import base
        from versioned_notifications import catalog
        from gadgets.base import GadgetRegistry
        print(catalog.object_package(GadgetRegistry))
        try:
            catalog.newest('Gadget', 'GadgetPayload.gadget')
        except catalog.CatalogError as exc:
            print('before:', exc)
        catalog.register_pending(GadgetRegistry)  # what load() calls
        try:
            print('found:', catalog.newest('Gadget').__module__)
        except catalog.CatalogError as exc:
            print('after:', exc)
        print('gadgets.gadget' in sys.modules)
    ''')], env=dict(os.environ, PYTHONPATH=str(tmp_path)),
        capture_output=True, text=True, timeout=120)


def test_an_object_only_register_all_registers_is_found(tmp_path):
    result = object_packages(tmp_path, '''
        CALLS = []
        def register_all():
            CALLS.append(1)
            __import__('gadgets.gadget')
    ''')
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        'gadgets',
        # A registry nobody named yet is not imported from.
        "before: GadgetPayload.gadget names the object Gadget, which is not "
        "registered; import the module that registers it (add it to the "
        "project's modules)",
        'found: gadgets.gadget', 'True']


def test_without_register_all_the_object_packages_submodules_are_imported(
        tmp_path):
    result = object_packages(tmp_path, '')
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[2:] == ['found: gadgets.gadget', 'True']


def test_a_failing_register_all_is_named_once_with_the_missing_object(
        tmp_path):
    result = object_packages(tmp_path, '''
        def register_all():
            raise RuntimeError('no database configured')
    ''')
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[2:] == [
        "after: a field names the object Gadget, which is not registered, "
        "also after importing gadgets; importing gadgets.register_all() (the "
        "object package of the registry GadgetRegistry) failed: "
        "RuntimeError: no database configured; import the module that "
        "registers it (add it to the project's modules)", 'False']
