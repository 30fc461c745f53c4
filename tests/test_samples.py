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

"""The committed samples: current, the specification's, and valid against
their payload's JSON Schema. CI fails here when samples/ is stale."""

import copy
import json
import pathlib

import jsonschema
import pytest

from tests import typed_project
from tests.conftest import load_fixture
from versioned_notifications import cli
from versioned_notifications import contracts
from versioned_notifications import generator
from versioned_notifications.watcher import ActionCancelNotification
from versioned_notifications.watcher import ActionPlanCancelNotification
from versioned_notifications.watcher import project as watcher_project

REPO = pathlib.Path(__file__).resolve().parent.parent
SAMPLES = REPO / 'samples'
SEED_NAMES = sorted(path.name for path in
                    (REPO / 'tests' / 'fixtures' / 'seed').glob('*.json'))


def test_committed_samples_are_current(monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    status = cli.main(['check'])
    out = capsys.readouterr().out
    assert status == 0, (
        'samples/ is not what the code generates; run "tox -e samples" '
        'and commit the result:\n' + out)
    assert out.endswith('6 samples current in %s\n' % SAMPLES)


def test_the_committed_samples_are_the_six_of_the_seed():
    assert sorted(p.name for p in SAMPLES.glob('*.json')
                  if not contracts.is_contract(p.name)) == SEED_NAMES


@pytest.mark.parametrize('name', SEED_NAMES)
def test_committed_sample_is_the_seed_sample(name):
    sample = json.loads((SAMPLES / name).read_text('utf-8'))
    seed = load_fixture('seed', name)
    for key in ('event_type', 'priority', 'publisher_id'):
        assert sample[key] == seed[key], key
    assert sorted(sample) == sorted(seed)

    data, seed_data = (copy.deepcopy(m['payload']) for m in (sample, seed))
    fault = data['watcher_object.data'].pop('fault')
    seed_fault = seed_data['watcher_object.data'].pop('fault')
    assert data == seed_data
    if seed_fault is None:
        assert fault is None
        return
    # The fault is the one the service's own error path raises (erratum 4).
    assert set(fault['watcher_object.data']) == set(
        seed_fault['watcher_object.data'])
    assert {k: v for k, v in fault.items() if k != 'watcher_object.data'} \
        == {k: v for k, v in seed_fault.items()
            if k != 'watcher_object.data'}
    # The plan's fault is the cancel workflow's own error; an action's is
    # its abort handler's (here the example's).
    assert fault['watcher_object.data']['module_name'] == (
        'versioned_notifications.watcher.workflow'
        if name.startswith('action_plan') else
        'versioned_notifications.watcher.sample_data')


def strict(schema):
    """``schema`` with every object closed to properties it does not
    name: a sample field the payload class lacks fails too."""
    schema = copy.deepcopy(schema)

    def close(node):
        if isinstance(node, dict):
            if 'properties' in node:
                node.setdefault('additionalProperties', False)
            for value in node.values():
                close(value)
        elif isinstance(node, list):
            for value in node:
                close(value)

    close(schema)
    return schema


def all_samples():
    samples = []
    for project in (watcher_project.PROJECT, typed_project.TYPED):
        result = generator.generate(project, SAMPLES)
        assert result.errors == []
        samples.extend(result.samples)
    return samples


@pytest.mark.parametrize('sample', all_samples(), ids=lambda s: s.name)
def test_sample_validates_against_its_payload_schema(sample):
    schema = strict(sample.payload_class.to_json_schema())
    jsonschema.Draft4Validator.check_schema(schema)
    payload = json.loads(sample.text)['payload']
    jsonschema.Draft4Validator(schema).validate(payload)


@pytest.mark.parametrize('cls', [ActionCancelNotification,
                                 ActionPlanCancelNotification],
                         ids=lambda cls: cls.__name__)
def test_notification_schemas_are_valid_json_schemas(cls):
    # The enum fields of the watcher catalog describe themselves as
    # arrays, which JSON Schema requires.
    schema = cls.to_json_schema()
    jsonschema.Draft4Validator.check_schema(schema)
    priority = schema['properties']['watcher_object.data']['properties'][
        'priority']
    assert priority['enum'] == ['debug', 'info', 'warning', 'error',
                                'critical']


def test_the_strict_schema_refuses_a_field_the_class_lacks():
    sample = all_samples()[0]
    payload = json.loads(sample.text)['payload']
    payload['watcher_object.data']['colour'] = 'red'
    with pytest.raises(jsonschema.ValidationError, match='colour'):
        jsonschema.validate(payload,
                            strict(sample.payload_class.to_json_schema()))
