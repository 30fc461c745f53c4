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

import functools
import json
import pathlib

import jsonschema
import pytest

from versioned_notifications import capture
from versioned_notifications.watcher import emission
from versioned_notifications.watcher import workflow

pytest_plugins = 'sphinx.testing.fixtures'

FIXTURES = pathlib.Path(__file__).parent / 'fixtures'
SEED = FIXTURES / 'seed'
# The official AsyncAPI 3.0.0 JSON Schema; see tests/schemas/README.rst.
ASYNCAPI_SCHEMA = pathlib.Path(__file__).parent / 'schemas' / (
    'asyncapi-3.0.0.json')


def load_fixture(*parts):
    return json.loads((FIXTURES.joinpath(*parts)).read_text('utf-8'))


@pytest.fixture(autouse=True)
def state_store(monkeypatch):
    """Each test cancels in a deployment of its own: the tests reuse the
    specification's plan UUID, which the process-wide default store would
    otherwise remember as cancelled by an earlier test."""
    store = workflow.InMemoryStateStore()
    monkeypatch.setattr(workflow, 'STATE_STORE', store)
    return store


@pytest.fixture
def notifier_conf():
    """A private configuration whose notifier is real but captures."""
    conf = emission.private_conf(capture.CAPTURE_DRIVER, 'node0')
    emission.init(conf)
    yield conf
    emission.cleanup()


@pytest.fixture
def captured(notifier_conf):
    with capture.NotificationCapture() as messages:
        yield messages


@pytest.fixture(scope='session')
def rootdir():
    """Where sphinx.testing finds the test projects (tests/roots/test-*)."""
    return pathlib.Path(__file__).parent / 'roots'


@functools.lru_cache(maxsize=1)
def _generated():
    from versioned_notifications import generator
    from versioned_notifications.watcher import project
    result = generator.generate(project.PROJECT, directory=SEED)
    assert not result.errors, result.errors
    contracts = generator.contract_files(project.PROJECT, result.samples)
    return ({sample.name: sample.text for sample in result.samples},
            {item.name: item.text for item in contracts})


def generated_samples():
    """{file name: text} the generator writes now for this project."""
    return _generated()[0]


def generated_contracts():
    """{path relative to the sample directory: text} of the schemas and
    the AsyncAPI document the generator writes now."""
    return _generated()[1]


def fill_samples(srcdir, drop=()):
    """Give a copied test project the current generated samples and
    schemas in ``samples/``, keeping any the project has of its own, except
    those in ``drop`` (names relative to ``samples/``)."""
    sample_dir = pathlib.Path(srcdir) / 'samples'
    sample_dir.mkdir(exist_ok=True)
    files = dict(generated_samples(), **generated_contracts())
    for name, text in sorted(files.items()):
        target = sample_dir / name
        if name in drop:
            target.unlink(missing_ok=True)
        elif not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, 'utf-8')
    return sample_dir


@pytest.fixture(scope='session')
def specification():
    """A validator of AsyncAPI 3.0.0 documents."""
    return jsonschema.Draft7Validator(
        json.loads(ASYNCAPI_SCHEMA.read_text('utf-8')))
