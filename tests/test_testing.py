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

"""The sample assertion helper: what it ignores, what it reports."""

import copy
import json

import pytest

from tests.conftest import FIXTURES
from tests.conftest import load_fixture
from versioned_notifications.testing import ANY
from versioned_notifications.testing import assert_notification_matches_sample
from versioned_notifications.watcher import sample_data
from versioned_notifications.watcher import State
from versioned_notifications.watcher.payloads import ActionCancelPayload

SEED = FIXTURES / 'seed'
END = 'action-cancel-end.json'


def emitted(sample=END):
    message = copy.deepcopy(load_fixture('seed', sample))
    # What oslo.messaging sets differs on every send.
    message.update(message_id='11111111-2222-4333-8444-555555555555',
                   timestamp='2026-01-01 00:00:00.000000')
    return message


def data(message_or_object):
    """The data of a message's payload, or of a nested object."""
    obj = message_or_object.get('payload', message_or_object)
    return obj['watcher_object.data']


def check(message, **kwargs):
    return assert_notification_matches_sample(message, END,
                                              sample_dir=SEED, **kwargs)


def test_the_sample_itself_matches_whatever_its_ids_and_timestamp():
    check(emitted())


def test_a_payload_object_is_compared_through_its_primitive():
    action = sample_data.action(State.CANCELLED)
    message = emitted()
    message['payload'] = ActionCancelPayload(action=action, fault=None)
    check(message)


def test_every_differing_path_is_named():
    message = emitted()
    data(message)['state'] = 'FAILED'
    data(data(message)['action_plan'])['uuid'] = 'x'
    data(message)['parents'] = ['p']
    del data(message)['deleted_at']
    data(message)['extra'] = 1
    message['priority'] = 'ERROR'
    message['payload']['watcher_object.version'] = '1.1'

    with pytest.raises(AssertionError) as failure:
        check(message)
    text = str(failure.value)
    assert 'action.cancel.end does not match the sample ' \
           'action-cancel-end.json at 7 path(s)' in text
    for line in (
            "priority: sample 'INFO', emitted 'ERROR'",
            "payload (watcher_object.version): sample '1.0', emitted '1.1'",
            "state: sample 'CANCELLED', emitted 'FAILED'",
            "action_plan.uuid: sample '76be87bd-3422-43f9-93a0-e85a577e3061'"
            ", emitted 'x'",
            "parents: sample [], emitted ['p']",
            'deleted_at: in the sample, not emitted',
            'extra: emitted, not in the sample: 1'):
        assert '\n  ' + line + '\n' in text, line


def test_ignore_and_replace_take_paths_relative_to_the_payload_data():
    message = emitted()
    data(message)['uuid'] = '00000000-0000-4000-8000-000000000001'
    data(data(message)['action_plan'])['state'] = 'FAILED'
    data(message)['input_parameters'] = {'param1': 5, 'param2': 2}
    check(message, ignore=['uuid', 'input_parameters.param1'],
          replace={'action_plan.state': 'FAILED'})


def test_star_and_any_leave_a_whole_level_out():
    message = emitted('action-cancel-error.json')
    fault = data(data(message)['fault'])
    fault.update(exception_message='other', function_name='f')
    assert_notification_matches_sample(
        message, 'action-cancel-error.json', replace={'fault.*': ANY},
        sample_dir=SEED)


def test_an_ignored_field_must_still_be_emitted():
    message = emitted()
    del data(message)['uuid']
    with pytest.raises(AssertionError, match='uuid: in the sample, not '
                                             'emitted'):
        check(message, ignore=['uuid'])


def test_a_path_the_sample_lacks_is_an_error():
    with pytest.raises(AssertionError, match=r"path 'action_plan.uuidd': "
                       r"the sample action-cancel-end.json has no 'uuidd' "
                       r"at action_plan"):
        check(emitted(), ignore=['action_plan.uuidd'])


def test_envelope_keys_are_compared_and_ids_must_be_there():
    message = emitted()
    del message['message_id']
    message['publisher_id'] = 'infra-optim:node1'
    with pytest.raises(AssertionError) as failure:
        check(message)
    assert "publisher_id: sample 'infra-optim:node0', emitted " \
           "'infra-optim:node1'" in str(failure.value)
    assert 'message_id: in the sample, not emitted' in str(failure.value)


def test_a_missing_sample_says_where_it_was_looked_for(tmp_path):
    with pytest.raises(AssertionError, match='nope.json does not exist; '
                       'pass sample_dir='):
        assert_notification_matches_sample(emitted(), 'nope.json',
                                           sample_dir=tmp_path)
    (tmp_path / 'broken.json').write_text('{')
    with pytest.raises(AssertionError, match='broken.json is not valid JSON'):
        assert_notification_matches_sample(emitted(), 'broken.json',
                                           sample_dir=tmp_path)


def test_the_sample_is_not_changed_on_disk(tmp_path):
    sample = tmp_path / END
    sample.write_text((SEED / END).read_text())
    assert_notification_matches_sample(emitted(), END, ignore=['uuid'],
                                       replace={'state': ANY},
                                       sample_dir=tmp_path)
    assert json.loads(sample.read_text()) == load_fixture('seed', END)


def test_a_bare_string_is_not_a_list_of_paths():
    with pytest.raises(TypeError, match='list of paths'):
        check(emitted(), ignore='uuid')
