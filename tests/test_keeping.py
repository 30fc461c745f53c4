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

"""Regenerated samples keep their data: every value the contract still
accepts, verbatim, envelopes, nested objects, lists and fragments
included; only what the contract requires changes. Driven through the
command in-process on copies of minicompute (tests/miniproject)."""

import json
import pathlib
import shutil
import sys
import tempfile

from hypothesis import given
from hypothesis import HealthCheck
from hypothesis import settings
from hypothesis import strategies as st
import pytest

from versioned_notifications import cli
from versioned_notifications import generator
from versioned_notifications import samplefile

MINI = pathlib.Path(__file__).parent / 'miniproject'
# Type-derived (no example sends it): its data is the file's to keep.
AGGREGATE = 'aggregate-add_host-end.json'
DATA = 'minicompute_object.data'


@pytest.fixture(scope='module', autouse=True)
def minicompute_importable():
    """minicompute's modules, as its own directory would import them."""
    sys.path.insert(0, str(MINI))
    yield
    sys.path.remove(str(MINI))


def run(capsys, *argv):
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def mini(tmp_path, monkeypatch):
    copy = tmp_path / 'mini'
    shutil.copytree(MINI, copy,
                    ignore=shutil.ignore_patterns('__pycache__'))
    monkeypatch.chdir(copy)
    return copy


def edit(path, change):
    message = json.loads(path.read_text())
    change(message)
    path.write_text(json.dumps(message, indent=4, sort_keys=True) + '\n')
    return message


def real_data(message):
    message['message_id'] = '5b6c7f9a-2a36-4e5f-9a55-4b7e0e6d3c21'
    message['timestamp'] = '2012-10-29 13:42:11.000000'
    message['publisher_id'] = 'nova-api:controller-1'
    message['payload'][DATA].update(
        name='rack-7', hosts=['compute-1', 'compute-2'],
        metadata={'availability_zone': 'az-east'},
        placement_rules=[{'spread': 'rack'}, {'max': '4'}],
        state='draining', uuid='0a5a2bfc-0f6c-4a46-a0b6-1c5fe4d2e1c3')


def test_every_value_the_contract_accepts_is_kept_verbatim(mini, capsys):
    path = mini / 'samples' / AGGREGATE
    before = edit(path, real_data)
    text = path.read_text()

    status, out, err = run(capsys, 'generate')

    assert status == 0, out + err
    # Nothing to change: the file is current as the maintainer wrote it.
    assert path.read_text() == text
    assert 'wrote %s' % path not in out
    status, out, err = run(capsys, 'check')
    assert status == 0, out + err
    assert json.loads(path.read_text()) == before


def test_only_what_the_contract_refuses_is_replaced_and_said(mini, capsys):
    path = mini / 'samples' / AGGREGATE

    def wrong(message):
        real_data(message)
        data = message['payload'][DATA]
        # Not one of the enum's values; a JSON number where the schema
        # says string; a field the class does not have; an old version.
        data.update(state='melting', uuid=12345, colour='red')
        message['payload']['minicompute_object.version'] = '1.0'

    edit(path, wrong)
    status, out, err = run(capsys, 'generate')

    assert status == 0, out + err
    data = json.loads(path.read_text())['payload']
    assert data['minicompute_object.version'] == '1.1'
    data = data[DATA]
    assert 'colour' not in data
    assert data['state'] == 'active'
    assert data['uuid'] == 'ad90cc51-4c11-58b1-98c1-51264d1fe9e8'
    # Everything else is the file's.
    assert data['name'] == 'rack-7'
    assert data['placement_rules'] == [{'spread': 'rack'}, {'max': '4'}]
    place = 'payload.minicompute_object.data'
    assert ("replaced %s: %s.state (AggregatePayload.state): 'melting' is "
            "refused by the field, replaced by 'active'" % (path, place)) \
        in out
    assert ("replaced %s: %s.uuid (AggregatePayload.uuid): 12345 is "
            "refused by the field, replaced by "
            "'ad90cc51-4c11-58b1-98c1-51264d1fe9e8'" % (path, place)) in out


def test_the_same_data_in_the_form_the_contract_takes_now_is_kept(
        mini, capsys):
    path = mini / 'samples' / AGGREGATE

    def older_forms(message):
        # What python-watcher's committed samples hold: a timestamp with
        # trailing spaces, and {} for a list of dicts its type now sends
        # as a list (coerce() takes the dict and makes it [] ).
        message['timestamp'] = '2016-11-04 16:31:36.264673   '
        message['payload'][DATA]['placement_rules'] = {}

    edit(path, older_forms)
    status, out, err = run(capsys, 'generate')
    assert status == 0, out + err
    message = json.loads(path.read_text())
    assert message['timestamp'] == '2016-11-04 16:31:36.264673'
    assert message['payload'][DATA]['placement_rules'] == []
    assert 'replaced' not in out
    assert ("converted %s: payload.minicompute_object.data.placement_rules "
            "(AggregatePayload.placement_rules): {} is read by the field as "
            "[]" % path) in out
    assert ("converted %s: timestamp (the envelope): '2016-11-04 "
            "16:31:36.264673   ' is read by the field as '2016-11-04 "
            "16:31:36.264673'" % path) in out


def test_a_field_the_file_lacks_gets_new_data(mini, capsys):
    path = mini / 'samples' / AGGREGATE
    edit(path, lambda message: message['payload'][DATA].pop('state'))
    status, out, err = run(capsys, 'generate')
    assert status == 0, out + err
    assert json.loads(path.read_text())['payload'][DATA]['state'] == (
        'active')


def test_a_fragment_keeps_its_data_and_the_sample_stays_composed(
        mini, capsys):
    samples = mini / 'samples'
    path = samples / AGGREGATE
    message = edit(path, real_data)
    # The payload moves into a fragment of its own, with real data the
    # sample then shares.
    fragment = samples / 'common_payloads' / 'AggregatePayload.json'
    fragment.write_text(json.dumps(message['payload'], indent=4))
    edit(path, lambda m: m.update(payload={
        '$ref': 'common_payloads/AggregatePayload.json#',
        DATA: {'state': 'active'}}))

    status, out, err = run(capsys, 'generate')

    assert status == 0, out + err
    written = json.loads(path.read_text())
    assert written['payload'] == {
        '$ref': 'common_payloads/AggregatePayload.json#',
        DATA: {'state': 'active'}}
    kept = json.loads(fragment.read_text())
    assert kept[DATA]['hosts'] == ['compute-1', 'compute-2']
    assert kept[DATA]['state'] == 'draining'
    resolved = samplefile.read(path).message['payload'][DATA]
    assert (resolved['name'], resolved['state']) == ('rack-7', 'active')
    assert run(capsys, 'check')[0] == 0


def test_the_projects_own_data_wins_over_the_file(mini, capsys):
    # server-create-start.json is what minicompute's code sends: its
    # payload is the code's, only message_id and timestamp are the file's.
    path = mini / 'samples' / 'server-create-start.json'

    def stale(message):
        message['message_id'] = '5b6c7f9a-2a36-4e5f-9a55-4b7e0e6d3c21'
        message['publisher_id'] = 'someone:else'
        message['payload'][DATA] = {'display_name': 'renamed'}

    edit(path, stale)
    status, out, err = run(capsys, 'generate')
    assert status == 0, out + err
    message = samplefile.read(path).message
    assert message['message_id'] == '5b6c7f9a-2a36-4e5f-9a55-4b7e0e6d3c21'
    assert message['publisher_id'] == 'nova-compute:compute-1'
    assert message['payload'][DATA]['display_name'] == 'some-server'


# Values a hostile or careless edit leaves: anything JSON.
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8)
FIELDS = st.sampled_from(['name', 'hosts', 'metadata', 'placement_rules',
                          'state', 'uuid', 'colour'])


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(values=st.dictionaries(FIELDS, JSON, max_size=4))
def test_whatever_the_file_holds_the_result_is_valid_and_stable(values):
    with tempfile.TemporaryDirectory() as directory:
        samples = pathlib.Path(directory) / 'samples'
        shutil.copytree(MINI / 'samples', samples)
        path = samples / AGGREGATE
        edit(path, lambda message: message['payload'][DATA].update(values))
        project = 'minicompute.doc:PROJECT'

        result = generator.generate(project, samples)
        [sample] = [s for s in result.samples if s.name == AGGREGATE]
        assert result.errors == [] and result.invalid == [], result.invalid
        data = sample.message['payload'][DATA]
        assert 'colour' not in data
        for name, value in values.items():
            if name in data and data[name] != value:
                # Replaced: said so.
                assert any(r.place[-1] == name for r in result.replaced)
        path.write_text(sample.text)
        # Kept data is kept again: nothing changes a second time.
        again = generator.generate(project, samples)
        assert [s.text for s in again.samples if s.name == AGGREGATE] == [
            sample.text]
        assert again.replaced == []
