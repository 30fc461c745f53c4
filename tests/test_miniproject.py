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

"""minicompute, an independent project, documented end to end: its samples
are generated and checked by the same commands another project would run
(in a separate process, from its own directory and setup.cfg)."""

import json
import os
import pathlib
import shutil
import subprocess
import sys

from versioned_notifications import testing

MINI = pathlib.Path(__file__).parent / 'miniproject'


def run_cli(*args, cwd=MINI):
    env = dict(os.environ, PYTHONPATH=str(MINI))
    return subprocess.run(
        [sys.executable, '-m', 'versioned_notifications.cli', *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_committed_samples_are_current():
    result = run_cli('check')
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_notification_is_documented_with_its_real_event_type():
    result = run_cli('list')
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()
            if not line.startswith('note: ')]
    by_file = {row[-1]: row[0] for row in rows}
    # Event type, priority, publisher, notification and payload classes
    # with their versions, sample file.
    assert len({row[3] for row in rows}) >= 8  # notification classes
    assert {row[1] for row in rows} == {'INFO', 'ERROR'}
    assert by_file['host-maintenance-error.json'] == 'host.maintenance.error'
    assert [row[1:3] for row in rows
            if row[-1] == 'host-maintenance-error.json'] == [
        ['ERROR', 'nova-compute:compute-1']]
    # The file name does not spell the event type; it is not guessed.
    assert by_file['server-power_on_share-start.json'] == (
        'server.power_on.start')
    assert by_file['server-update.json'] == 'server.update'


def test_list_notes_the_field_whose_type_does_not_describe_itself():
    result = run_cli('list')
    notes = [line for line in result.stdout.splitlines()
             if line.startswith('note: ')]
    assert notes == [
        'note: AggregatePayload.placement_rules: FlexibleListOfDict does '
        'not describe itself (no get_schema()); documented as list of '
        'objects, inferred from coerce()']


def test_coerce_only_type_and_duplicated_enum_reach_the_contracts():
    schema = json.loads((MINI / 'samples' / 'schemas' / 'payloads' /
                         'AggregatePayload.json').read_text())
    data = schema['properties']['minicompute_object.data']['properties']
    assert data['state']['enum'] == ['active', '_unused', 'draining', None]
    assert data['placement_rules']['type'] == ['array']
    assert data['placement_rules']['items'] == {'type': ['object']}
    sample = json.loads(
        (MINI / 'samples' / 'aggregate-add_host-end.json').read_text())
    payload = sample['payload']['minicompute_object.data']
    assert payload['placement_rules'] == [{'key': 'value'}]
    assert payload['state'] == 'active'


def test_samples_use_the_projects_own_namespace_and_constructors():
    # The sample is composed from a fragment: read it resolved.
    sample = testing.load_sample('server-create-start.json',
                                 sample_dir=MINI / 'samples')
    data = sample['payload']['minicompute_object.data']
    assert sample['payload']['minicompute_object.name'] == 'ServerPayload'
    assert data['flavor']['minicompute_object.name'] == 'FlavorPayload'
    assert data['ip_addresses'][0]['minicompute_object.data'][
        'address'] == '192.168.1.3'
    assert not any('watcher' in text for text in
                   (p.read_text() for p in (MINI / 'samples').glob('*.json')))


def test_type_derived_payload_with_required_arguments_is_the_real_class():
    sample = json.loads((MINI / 'samples' / 'server-update.json').read_text())
    data = sample['payload']['minicompute_object.data']
    # Every field is set, through the class's own coercion.
    assert set(data) >= {'uuid', 'flavor', 'ip_addresses', 'state_update',
                         'old_display_name', 'power_state'}
    assert data['power_state'] == 'running'


def stale_copy(tmp_path):
    """A copy of the committed samples with flavor-create.json showing an
    older contract (a version the code has left)."""
    samples = tmp_path / 'samples'
    shutil.copytree(MINI / 'samples', samples)
    flavor = samples / 'flavor-create.json'
    flavor.write_text(flavor.read_text().replace(
        '"minicompute_object.version": "1.1"',
        '"minicompute_object.version": "1.0"', 1))
    return samples


def test_a_stale_sample_is_reported(tmp_path):
    samples = stale_copy(tmp_path)
    result = run_cli('check', '--output', str(samples))
    assert result.returncode == 1
    assert 'flavor-create.json' in result.stdout + result.stderr


def build_reference(tmp_path, *extra):
    env = dict(os.environ, PYTHONPATH=str(MINI))
    return subprocess.run(
        [sys.executable, '-m', 'sphinx', '-W', '--keep-going', '-q',
         '-b', 'html', *extra, str(MINI / 'doc' / 'source'),
         str(tmp_path / 'html')],
        env=env, capture_output=True, text=True, timeout=300)


def test_reference_builds_with_warnings_as_errors(tmp_path):
    result = build_reference(tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / 'html' / 'index.html').read_text('utf-8')
    listed = [line for line in run_cli('list').stdout.splitlines()
              if not line.startswith('note: ')]
    events = [line.split()[0] for line in listed]
    # 14 samples and one declared variant, listed with its file's event.
    assert len(events) == 15
    assert [line.split()[-2:] for line in listed
            if line.endswith('(variant)')] == [
        ['server-create-end_locked.json', '(variant)']]
    for event_type in events:
        assert 'id="notification-%s"' % event_type in page, event_type
    # Nested payloads and lists of them are described and linked.
    assert 'id="payload-ippayload"' in page
    assert 'href="#payload-ippayload"' in page
    # The roles in the prose resolved to the sections.
    assert 'href="#notification-server.power_on.start"' in page
    # The samples are the project's own, in its namespace.
    assert 'minicompute_object.namespace' in page
    assert 'watcher_object' not in page
    # FlavorPayload's continuation-style history is two entries, the
    # second with its continued text and without the NOTE.
    assert '<li><p>1.1: Added extra_specs, free-form scheduling hints ' \
        'that consumers of 1.0 never see</p></li>' in page
    assert 'on purpose' not in page
    # AggregatePayload's two recorded contracts: what 1.1 changed is shown
    # under its "# Version 1.1" text.
    assert ('1.1: Added state and placement_rules</p>\n'
            '<ul class="vn-changes">\n'
            '<li><p>field \'placement_rules\' (FlexibleListOfDict, '
            'not nullable) added</p></li>\n'
            '<li><p>field \'state\' (AggregateState, nullable) '
            'added</p></li>\n</ul>') in page
    # Composed samples are shown resolved, and the declared variant under
    # its class's event, labelled as such.
    assert 'common_payloads' not in page
    assert 'Variant sample: ' in page
    assert page.count('server-create-end_locked.json') >= 2
    # A coerce-only type is described by its shape in the field table.
    assert 'FlexibleListOfDict (list of objects)' in page


def test_reference_warns_about_a_stale_sample(tmp_path):
    samples = stale_copy(tmp_path)
    result = build_reference(
        tmp_path, '-D', 'versioned_notifications_sample_dir=%s' % samples)
    assert result.returncode != 0
    warnings = [line for line in result.stderr.splitlines()
                if 'WARNING' in line]
    # Once, from the directive whose event-type filter takes flavor.*.
    assert len(warnings) == 1, warnings
    assert 'index.rst:20:' in warnings[0]
    assert 'flavor-create.json is stale' in warnings[0]


def test_a_broken_sample_is_reported_by_its_own_directive_only(tmp_path):
    samples = stale_copy(tmp_path)
    (samples / 'flavor-create.json').write_text(
        (MINI / 'samples' / 'flavor-create.json').read_text())
    (samples / 'keypair-create-end.json').unlink()
    (samples / 'server-update.json').write_text('{"event_type": ')
    result = build_reference(
        tmp_path, '-D', 'versioned_notifications_sample_dir=%s' % samples)
    warnings = sorted(line for line in result.stderr.splitlines()
                      if 'WARNING' in line)
    assert len(warnings) == 2, warnings
    assert 'index.rst:14:' in warnings[0]
    assert 'server-update.json is not valid JSON: line 1' in warnings[0]
    assert 'index.rst:20:' in warnings[1]
    assert 'keypair-create-end.json does not exist; regenerate the ' \
        'samples with: ' in warnings[1]
