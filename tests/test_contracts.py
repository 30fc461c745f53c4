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

"""Which contract files a project gets, and its AsyncAPI settings."""

import dataclasses
import json
import pathlib

import jsonschema
import pytest

from tests import typed_project
from tests.test_asyncapi import spec_errors
from tests.test_cli import drifted  # noqa: F401 (a fixture)
from tests.test_schema import SAMPLES
from versioned_notifications import cli
from versioned_notifications import contracts
from versioned_notifications import generator
from versioned_notifications import project as vn_project
from versioned_notifications import samplefile
from versioned_notifications.watcher.project import PROJECT

REPO = pathlib.Path(__file__).resolve().parent.parent
COMMITTED = REPO / 'samples'
MINIPROJECT = REPO / 'tests' / 'miniproject'
Validator = jsonschema.Draft7Validator


def test_files_beside_the_samples():
    documents = contracts.contract_documents(PROJECT, SAMPLES)
    assert list(documents) == sorted(documents)
    assert 'asyncapi.json' in documents
    assert contracts.payload_schema_path('TerseAuditPayload') in documents
    assert contracts.message_schema_path('action.cancel.end') in documents
    assert all(contracts.is_contract(name) for name in documents)
    assert not contracts.is_contract('action-cancel-end.json')
    info = documents['asyncapi.json']['info']
    assert info['title'] == 'infra-optim notifications'
    assert info['version'] == '1.0.0'


def test_defaults_come_from_the_classes():
    bare = dataclasses.replace(PROJECT, asyncapi=())
    settings = contracts.asyncapi_settings(bare, SAMPLES)
    assert settings == {'title': 'watcher notifications',
                        'version': contracts.DEFAULT_VERSION,
                        'topic': 'notifications'}


def test_setting_from_a_dict_configuration():
    project = vn_project.load_project(dict(
        registry=PROJECT.registry,
        notification_base=PROJECT.notification_base,
        modules=list(PROJECT.modules),
        asyncapi={'topic': 'versioned_notifications'}))
    documents = contracts.contract_documents(project, SAMPLES)
    assert list(documents['asyncapi.json']['channels']) == [
        'versioned_notifications']


@pytest.mark.parametrize('setting, message', [
    ({'titel': 'x'}, 'asyncapi: unknown setting.s. titel; the settings are '
                     'description, title, topic, version'),
    ({'version': 2}, 'asyncapi: version must be a non-empty string, not 2'),
])
def test_unusable_setting_is_named(setting, message):
    project = dataclasses.replace(PROJECT, asyncapi=setting)
    with pytest.raises(vn_project.ProjectError, match=message):
        contracts.contract_documents(project, SAMPLES)


def read(path):
    return json.loads(path.read_text('utf-8'))


def read_resolved(path):
    # minicompute's server samples are composed ($ref to fragments): a
    # consumer resolves them first.
    return samplefile.read(path).message


def validate(document, instance):
    Validator.check_schema(document)
    Validator(document, format_checker=Validator.FORMAT_CHECKER).validate(
        instance)


SAMPLE_DIRS = [COMMITTED, MINIPROJECT / 'samples']
# minicompute's declared variant (doc.PROJECT.variants).
VARIANTS = {'server-create-end_locked.json'}
COMMITTED_SAMPLES = [
    (directory, path.name) for directory in SAMPLE_DIRS
    for path in sorted(directory.glob('*.json'))
    if not contracts.is_contract(path.name)]


@pytest.mark.parametrize('directory, name', COMMITTED_SAMPLES,
                         ids=['%s/%s' % (d.parent.name, n)
                              for d, n in COMMITTED_SAMPLES])
def test_committed_sample_is_valid_against_committed_schemas(directory,
                                                             name):
    """What a consumer would do with the files alone."""
    message = read_resolved(directory / name)
    name_key = next(key for key in message['payload']
                    if key.endswith('_object.name'))
    validate(read(directory / contracts.message_schema_path(
        message['event_type'])), message)
    validate(read(directory / contracts.payload_schema_path(
        message['payload'][name_key])), message['payload'])


@pytest.mark.parametrize('directory', SAMPLE_DIRS,
                         ids=[d.parent.name for d in SAMPLE_DIRS])
def test_committed_asyncapi_is_valid_with_every_sample(specification,
                                                       directory):
    document = read(directory / contracts.ASYNCAPI_FILE)
    assert spec_errors(specification, document) == []
    examples = {example['name']: example['payload']
                for message in document['components']['messages'].values()
                for example in message['examples']}
    # Declared variants are hand-written, not generated: no example.
    assert examples == {name: read_resolved(directory / name)
                        for d, name in COMMITTED_SAMPLES
                        if d == directory and name not in VARIANTS}


@pytest.fixture
def minicompute(monkeypatch):
    monkeypatch.syspath_prepend(str(MINIPROJECT))
    return 'minicompute.doc:PROJECT'


@pytest.mark.parametrize('spec', ['minicompute', typed_project.TYPED])
def test_other_projects_samples_are_valid_against_their_contracts(
        request, tmp_path, specification, spec):
    """Another registry and serial namespace, IP address fields, lists of
    objects, enums: every generated sample validates."""
    if spec == 'minicompute':
        spec = request.getfixturevalue('minicompute')
    project = vn_project.load_project(spec)
    result = generator.generate(project, tmp_path)
    assert result.errors == [] and result.samples
    documents = contracts.contract_documents(project, result.samples)
    assert spec_errors(specification, documents['asyncapi.json']) == []
    namespace = result.samples[0].payload_class.OBJ_SERIAL_NAMESPACE
    assert namespace != 'watcher_object'
    assert 'watcher' not in json.dumps(documents)
    for sample in result.samples:
        validate(documents[contracts.message_schema_path(sample.event_type)],
                 sample.message)
        validate(documents[contracts.payload_schema_path(
            sample.payload_class.obj_name())], sample.message['payload'])


def run(capsys, *argv):
    status = cli.main(list(argv))
    return status, capsys.readouterr().out


def test_check_fails_on_a_stale_schema_and_generate_fixes_it(tmp_path,
                                                             capsys):
    out_dir = str(tmp_path)
    args = ('--project', 'tests.typed_project:TYPED')
    assert run(capsys, *args, 'generate', '--output', out_dir)[0] == 0
    stale = tmp_path / contracts.payload_schema_path('TypedVolumePayload')
    stale.write_text(stale.read_text('utf-8').replace(
        '"required": [', '"required": [\n"colour",', 1))
    orphan = tmp_path / contracts.message_schema_path('volume.gone')
    orphan.write_text('{}\n')
    missing = tmp_path / contracts.ASYNCAPI_FILE
    missing.unlink()

    status, out = run(capsys, *args, 'check', '--output', out_dir)
    assert status == 1
    assert '--- %s (on disk)' % stale in out
    assert '-"colour",' in out
    assert 'stale %s' % stale in out
    assert 'orphan %s' % orphan in out
    assert 'missing %s' % missing in out
    assert not missing.exists()

    status, out = run(capsys, *args, 'generate', '--output', out_dir)
    assert status == 0
    assert 'wrote %s' % stale in out and 'wrote %s' % missing in out
    assert 'orphan %s' % orphan in out and orphan.exists()
    status, out = run(capsys, *args, 'generate', '--prune', '--output',
                      out_dir)
    assert status == 0
    assert 'deleted %s' % orphan in out and not orphan.exists()
    # 7 schemas and AsyncAPI documents, 5 recorded contracts.
    assert 'schemas and asyncapi.json: 0 written, 12 unchanged, 1 deleted' \
        in out
    assert run(capsys, *args, 'check', '--output', out_dir)[0] == 0


def test_a_new_payload_field_makes_its_schema_stale(tmp_path, capsys,
                                                    request):
    args = ('--project', 'tests.typed_project:DRIFT')
    assert run(capsys, *args, 'generate', '--output', str(tmp_path))[0] == 0
    request.getfixturevalue('drifted')
    status, out = run(capsys, *args, 'check', '--output', str(tmp_path))
    assert status == 1
    schema_file = tmp_path / contracts.payload_schema_path('DriftPayload')
    assert 'stale %s' % schema_file in out
    assert '+                "colour": {' in out


def test_unusable_asyncapi_setting_exits_2_and_samples_are_written(
        tmp_path, capsys):
    status = cli.main(['--project', 'tests.test_contracts:MISCONFIGURED',
                       'generate', '--output', str(tmp_path)])
    captured = capsys.readouterr()
    assert status == 2
    assert ('the schemas and asyncapi.json cannot be made: asyncapi: '
            'unknown setting(s) colour') in captured.err
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        'typed_server-delete.json', 'typed_server-update.json',
        'typed_volume-update.json']


MISCONFIGURED = dataclasses.replace(typed_project.TYPED,
                                    asyncapi={'colour': 'blue'})
