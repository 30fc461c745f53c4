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

import json
import pathlib

import jsonschema
from oslo_config import cfg
import pytest

from versioned_notifications import capture
from versioned_notifications.watcher import emission

FIXTURES = pathlib.Path(__file__).parent / 'fixtures'
# The official AsyncAPI 3.0.0 JSON Schema; see tests/schemas/README.rst.
ASYNCAPI_SCHEMA = pathlib.Path(__file__).parent / 'schemas' / (
    'asyncapi-3.0.0.json')


def load_fixture(*parts):
    return json.loads((FIXTURES.joinpath(*parts)).read_text('utf-8'))


@pytest.fixture
def notifier_conf():
    """A private configuration whose notifier is real but captures."""
    conf = cfg.ConfigOpts()
    emission.register_opts(conf)
    conf([], project='watcher')
    conf.set_override('driver', [capture.CAPTURE_DRIVER],
                      group='oslo_messaging_notifications')
    conf.set_override('host', 'node0')
    emission.init(conf)
    yield conf
    emission.cleanup()


@pytest.fixture
def captured(notifier_conf):
    with capture.NotificationCapture() as messages:
        yield messages


@pytest.fixture(scope='session')
def specification():
    """A validator of AsyncAPI 3.0.0 documents."""
    return jsonschema.Draft7Validator(
        json.loads(ASYNCAPI_SCHEMA.read_text('utf-8')))
