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

"""Where the contracts go: the project's contracts_dir (the JSON Schemas,
the AsyncAPI document and the recorded history) and exports (which of the
first two are written)."""

import dataclasses
import os

import pytest

from tests import typed_project
from versioned_notifications import cli
from versioned_notifications import contracts
from versioned_notifications import project as vn_project

SCHEMA_FILES = [
    'schemas/notifications/server.delete.json',
    'schemas/notifications/server.update.json',
    'schemas/notifications/volume.update.json',
    'schemas/payloads/TypedHostPayload.json',
    'schemas/payloads/TypedServerPayload.json',
    'schemas/payloads/TypedVolumePayload.json',
]
HISTORY_FILES = [
    'schemas/history/%s.json' % name for name in (
        'TypedHostPayload', 'TypedServerNotification', 'TypedServerPayload',
        'TypedVolumeNotification', 'TypedVolumePayload')]
SAMPLES = ['typed_server-delete.json', 'typed_server-update.json',
           'typed_volume-update.json']


def files(directory):
    return sorted(path.relative_to(directory).as_posix()
                  for path in directory.rglob('*') if path.is_file())


@pytest.fixture
def project(monkeypatch):
    """Name a variant of the TYPED project on the command line."""
    def name(**settings):
        monkeypatch.setattr(typed_project, 'PLACED', dataclasses.replace(
            typed_project.TYPED, **settings), raising=False)
        return 'tests.typed_project:PLACED'
    return name


def run(capsys, spec, *argv):
    status = cli.main(['--project', spec, *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_by_default_the_contracts_are_beside_the_samples(tmp_path, capsys,
                                                         project):
    spec = project()
    assert run(capsys, spec, 'generate', '--output', str(tmp_path))[0] == 0
    assert files(tmp_path) == sorted(
        SAMPLES + SCHEMA_FILES + HISTORY_FILES + ['asyncapi.json'])


def test_a_contract_directory_apart_holds_every_contract(tmp_path, capsys,
                                                         project):
    spec = project(contracts_dir='../contracts')
    samples, elsewhere = tmp_path / 'samples', tmp_path / 'contracts'
    status, out, err = run(capsys, spec, 'generate', '--output',
                           str(samples))
    assert (status, err) == (0, '')
    assert files(samples) == SAMPLES
    assert files(elsewhere) == sorted(
        SCHEMA_FILES + HISTORY_FILES + ['asyncapi.json'])
    assert 'wrote %s' % (elsewhere / 'asyncapi.json') in out
    assert ('note: no recorded contracts in %s yet'
            % (elsewhere / 'schemas' / 'history')) in out
    assert ('schemas and asyncapi.json in %s: 12 written, 0 unchanged, 0 '
            'deleted' % elsewhere) in out
    status, out, _ = run(capsys, spec, 'check', '--output', str(samples))
    assert status == 0, out
    assert 'schemas and asyncapi.json in %s current (12 files)' % (
        elsewhere) in out


def test_contracts_left_beside_the_samples_are_orphans_once_moved(
        tmp_path, capsys, project):
    samples = tmp_path / 'samples'
    assert run(capsys, project(), 'generate', '--output',
               str(samples))[0] == 0
    spec = project(contracts_dir='../contracts')
    assert run(capsys, spec, 'generate', '--output', str(samples))[0] == 0
    status, out, _ = run(capsys, spec, 'check', '--output', str(samples))
    assert status == 1
    assert 'orphan %s (nothing generates it)' % (
        samples / 'asyncapi.json') in out
    assert 'orphan %s (nothing generates it)' % (
        samples / 'schemas/history/TypedServerPayload.json') in out
    assert run(capsys, spec, 'generate', '--prune', '--output',
               str(samples))[0] == 0
    assert files(samples) == SAMPLES
    assert run(capsys, spec, 'check', '--output', str(samples))[0] == 0


def test_a_contract_directory_inside_the_sample_directory(tmp_path, capsys,
                                                          project):
    spec = project(contracts_dir='contracts')
    assert run(capsys, spec, 'generate', '--output', str(tmp_path))[0] == 0
    assert files(tmp_path) == sorted(
        SAMPLES + ['contracts/' + name for name in
                   SCHEMA_FILES + HISTORY_FILES + ['asyncapi.json']])
    # Its files are no samples: nothing is an orphan.
    status, out, _ = run(capsys, spec, 'check', '--output', str(tmp_path))
    assert status == 0, out
    assert 'orphan' not in out


@pytest.mark.parametrize('exports, written', [
    (('schemas',), SCHEMA_FILES),
    (['asyncapi'], ['asyncapi.json']),
    ((), []),
])
def test_an_export_turned_off_is_not_written_and_the_history_stays(
        tmp_path, capsys, project, exports, written):
    samples = tmp_path / 'samples'
    assert run(capsys, project(), 'generate', '--output',
               str(samples))[0] == 0
    spec = project(exports=exports)
    # What was exported before is an orphan now.
    status, out, _ = run(capsys, spec, 'check', '--output', str(samples))
    assert status == 1
    for name in set(SCHEMA_FILES + ['asyncapi.json']) - set(written):
        assert 'orphan %s' % (samples / name) in out
    status, out, _ = run(capsys, spec, 'generate', '--prune', '--output',
                         str(samples))
    assert status == 0, out
    assert files(samples) == sorted(SAMPLES + HISTORY_FILES + written)
    status, out, _ = run(capsys, spec, 'check', '--output', str(samples))
    assert status == 0, out
    # The recorded history is still compared.
    assert 'contracts of 5 classes match their recorded versions' in out


def test_the_contract_directory_confines_its_files(tmp_path, capsys,
                                                   project):
    spec = project(contracts_dir='../contracts')
    samples, elsewhere = tmp_path / 'samples', tmp_path / 'contracts'
    outside = tmp_path / 'outside'
    outside.mkdir()
    elsewhere.mkdir()
    (elsewhere / 'schemas').symlink_to(outside)
    status, out, err = run(capsys, spec, 'generate', '--output',
                           str(samples))
    assert status == 2
    assert ('leaves the contract directory %s: its real path is %s'
            % (elsewhere, outside)) in err
    assert list(outside.iterdir()) == []
    status, out, err = run(capsys, spec, 'check', '--output', str(samples))
    assert status == 2
    assert 'leaves the contract directory %s' % elsewhere in err


def test_contracts_may_not_hold_the_samples_among_their_schemas(
        tmp_path, capsys, project):
    spec = project(contracts_dir='..')
    status, _, err = run(capsys, spec, 'check', '--output',
                         str(tmp_path / 'schemas'))
    assert status == 2
    assert ("contracts_dir: '..' puts the sample directory %s inside the "
            "directory of the schemas and history" % (tmp_path / 'schemas')
            ) in err


@pytest.mark.parametrize('settings, message', [
    ({'contracts_dir': ''}, 'contracts_dir must be a directory path'),
    ({'contracts_dir': 3}, 'contracts_dir must be a directory path'),
    ({'exports': 'schemas'}, 'exports must be a list of the exports to '
                             'write, of "asyncapi", "schemas"'),
    ({'exports': ['json-schema']}, "exports must be a list of the exports "
                                   "to write"),
])
def test_unusable_settings_are_refused(settings, message):
    with pytest.raises(vn_project.ProjectError, match=message):
        dataclasses.replace(typed_project.TYPED, **settings)


def test_the_exports_are_normalised():
    placed = dataclasses.replace(typed_project.TYPED,
                                 exports=['schemas', 'asyncapi'])
    assert placed.exports == ('asyncapi', 'schemas') == (
        typed_project.TYPED.exports)
    assert hash(placed) == hash(typed_project.TYPED)


def test_the_layout_names_what_it_holds(tmp_path):
    layout = contracts.Layout.of(dataclasses.replace(
        typed_project.TYPED, contracts_dir='contracts'), tmp_path)
    assert layout.holds('contracts/asyncapi.json')
    assert layout.holds('contracts/schemas/payloads/X.json')
    assert not layout.holds('asyncapi.json')
    assert not layout.holds('contracts/x.json')
    apart = contracts.Layout.of(dataclasses.replace(
        typed_project.TYPED, contracts_dir=os.fspath(tmp_path / 'c')),
        tmp_path / 's')
    assert not apart.holds('asyncapi.json') and apart.separate
    assert apart.what == 'contract directory'


def test_a_schema_free_project_validates_its_samples_all_the_same(
        tmp_path, capsys, monkeypatch):
    # Validation builds the schemas in memory: a built sample its schema
    # refuses is an error whether the schema files are exported or not.
    monkeypatch.setattr(typed_project, 'UNEXPORTED', dataclasses.replace(
        typed_project.LIAR, exports=()), raising=False)
    status, out, err = run(capsys, 'tests.typed_project:UNEXPORTED',
                           'generate', '--output', str(tmp_path))
    assert status == 2
    assert ('payload.liar_object.data.note (LiarPayload.note): "{\'key\': '
            '\'value\'}" is not of type \'object\' (JSON Schema)') in err
    assert 'recorded contracts: 2 written, 0 unchanged, 0 deleted' in out
    assert files(tmp_path) == [
        'liar-update.json', 'schemas/history/LiarNotification.json',
        'schemas/history/LiarPayload.json']
