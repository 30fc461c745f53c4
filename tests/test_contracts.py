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

import pytest

from tests.test_schema import SAMPLES
from versioned_notifications import contracts
from versioned_notifications import project as vn_project
from versioned_notifications.watcher.project import PROJECT


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
