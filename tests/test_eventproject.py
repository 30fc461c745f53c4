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

"""minimetal, a registry built like a real service that names no samples
(tests/eventproject/README.rst), documented from its project's ``events``
alone: generated and checked by the commands another project runs (in a
separate process, from its own directory), loaded, validated, rendered
with -W and read by the listener."""

import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import textwrap

import pytest

from versioned_notifications import capture
from versioned_notifications import catalog as vn_catalog
from versioned_notifications import testing
from versioned_notifications import validation

EVENT = pathlib.Path(__file__).parent / 'eventproject'
SAMPLES = EVENT / 'samples'
# What the project declares, expanded: event type -> (priority, publisher,
# sample file).
API = 'minimetal-api:api-1'
CONDUCTOR = 'minimetal-conductor:conductor-1'
EXPECTED = {
    'baremetal.node.create.start': ('INFO', API),
    'baremetal.node.create.end': ('INFO', API),
    'baremetal.node.create.error': ('ERROR', API),
    'baremetal.node.delete.start': ('INFO', API),
    'baremetal.node.delete.end': ('INFO', API),
    'baremetal.node.delete.error': ('ERROR', API),
    'baremetal.node.power_set.start': ('INFO', CONDUCTOR),
    'baremetal.node.power_set.end': ('INFO', CONDUCTOR),
    'baremetal.node.power_set.error': ('ERROR', CONDUCTOR),
    'baremetal.node.power_state_corrected.success': ('INFO', CONDUCTOR),
    'baremetal.node.provision_set.start': ('INFO', CONDUCTOR),
    'baremetal.node.provision_set.end': ('INFO', CONDUCTOR),
    'baremetal.node.provision_set.success': ('INFO', CONDUCTOR),
    'baremetal.node.provision_set.error': ('ERROR', CONDUCTOR),
}


def sample_of(event_type):
    if event_type == 'baremetal.node.power_state_corrected.success':
        return 'baremetal-node-power_corrected.json'  # declared
    return event_type.replace('.', '-') + '.json'


def run_cli(*args, cwd=EVENT):
    env = dict(os.environ, PYTHONPATH=str(EVENT))
    return subprocess.run(
        [sys.executable, '-m', 'versioned_notifications.cli', *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def committed():
    return sorted(path.name for path in SAMPLES.glob('*.json')
                  if path.name != 'asyncapi.json')


def test_no_class_names_a_sample_and_no_module_registers_the_chassis():
    # What the tests below stand on: without events the catalog finds
    # nothing, and importing the notifications leaves Chassis unknown.
    result = subprocess.run([sys.executable, '-c', textwrap.dedent('''
        from oslo_versionedobjects import base
        from versioned_notifications import catalog
        from minimetal.notifications import node
        classes = [cls for cls in vars(node).values()
                   if isinstance(cls, type) and hasattr(cls, 'fields')]
        print(any(hasattr(cls, 'samples') for cls in classes))
        print('Chassis' in base.VersionedObjectRegistry.obj_classes())
        import dataclasses
        from minimetal import doc
        try:
            catalog.load(dataclasses.replace(doc.PROJECT, events={}))
        except catalog.CatalogError as exc:
            print(str(exc).split(':')[0])
    ''')], env=dict(os.environ, PYTHONPATH=str(EVENT)), capture_output=True,
        text=True, timeout=120)
    assert result.stdout.split('\n')[:3] == [
        'False', 'False', 'no notification found'], result.stderr


def test_committed_samples_are_current():
    result = run_cli('check')
    assert result.returncode == 0, result.stdout + result.stderr
    assert '14 samples current' in result.stdout


def test_generate_from_nothing_writes_the_committed_samples(tmp_path):
    output = tmp_path / 'samples'
    result = run_cli('generate', '--output', str(output))
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in output.glob('*.json')
                  if p.name != 'asyncapi.json') == committed() == sorted(
        sample_of(event_type) for event_type in EXPECTED)
    for path in output.rglob('*.json'):
        relative = path.relative_to(output)
        assert path.read_bytes() == (SAMPLES / relative).read_bytes(), \
            relative
    result = run_cli('check', '--output', str(output))
    assert result.returncode == 0, result.stdout + result.stderr


def test_list_shows_each_events_priority_and_publisher():
    result = run_cli('list')
    assert result.returncode == 0, result.stderr
    rows = [line.split() for line in result.stdout.splitlines()]
    assert {row[0]: (row[1], row[2]) for row in rows} == EXPECTED
    assert {row[0]: row[-1] for row in rows} == {
        event_type: sample_of(event_type) for event_type in EXPECTED}
    assert len(rows) == len(EXPECTED)


@pytest.fixture
def minimetal(monkeypatch):
    monkeypatch.syspath_prepend(str(EVENT))
    from minimetal import doc
    return vn_catalog.load(doc.PROJECT, SAMPLES)


def test_every_event_is_a_catalog_entry_with_its_declared_envelope(
        minimetal):
    entries = {entry.event_type: entry for entry in minimetal.entries}
    assert {event_type: (entry.priority, entry.publisher)
            for event_type, entry in entries.items()} == EXPECTED
    assert {entry.sample for entry in entries.values()} == set(committed())
    assert entries['baremetal.node.create.end'].payload.obj_name() == (
        'NodeCRUDPayload')
    # Each class's events in the order its phases happen.
    provision = [entry.event_type for entry in minimetal.entries
                 if entry.notification.__name__ ==
                 'NodeSetProvisionStateNotification']
    assert provision == ['baremetal.node.provision_set.%s' % phase for phase
                         in ('start', 'end', 'success', 'error')]


def test_every_sample_is_valid_and_loads(minimetal):
    validator = validation.SampleValidator(minimetal)
    for entry in minimetal.entries:
        message = testing.load_sample(entry.sample, sample_dir=SAMPLES)
        assert message['event_type'] == entry.event_type
        assert (message['priority'], message['publisher_id']) == (
            EXPECTED[entry.event_type])
        assert validator.problems(str(SAMPLES / entry.sample), message,
                                  entry.notification, entry.payload) == []


def test_what_the_service_sends_is_what_its_sample_shows(monkeypatch):
    monkeypatch.syspath_prepend(str(EVENT))
    from minimetal import notify
    from minimetal.notifications import base
    from minimetal.objects import register_all
    register_all()
    from minimetal.objects import chassis
    from minimetal.objects import node as node_objects
    node = node_objects.Node(
        uuid='1be26c0b-03f2-4d2e-ae87-c02d7f33c123', name='node-1',
        driver='ipmi', power_state='power off', provision_state='active',
        maintenance=False)
    rack = chassis.Chassis(uuid='e74c40e0-d825-11e2-a28f-0800200c9a66',
                           description='rack 4', extra={})
    sends = {
        'baremetal.node.power_set.error': lambda c: notify.power_set(
            c, node, 'power on', 'error', 'conductor-1'),
        'baremetal.node.provision_set.success': lambda c:
            notify.provision_set(c, node, 'deploying', 'done', 'success',
                                 'conductor-1'),
        'baremetal.node.power_state_corrected.success': lambda c:
            notify.power_state_corrected(c, node, 'power on', 'conductor-1'),
        'baremetal.node.create.end': lambda c: notify.crud(
            c, node, rack, 'create', 'end', 'api-1'),
    }
    for event_type, send in sends.items():
        with base.capturing(), capture.NotificationCapture() as got:
            send({})
        [message] = got.messages
        sample = testing.load_sample(sample_of(event_type),
                                     sample_dir=SAMPLES)
        # Values apart (the sample's are derived from the types), the
        # event type made at run time, the priority, the publisher and the
        # payload's classes and fields are the declared ones.
        data = sample['payload']['minimetal_object.data']
        testing.assert_notification_matches_sample(
            message, sample_of(event_type), sample_dir=SAMPLES,
            replace={**{field: testing.ANY for field in data
                        if field != 'chassis'},
                     **({'chassis.%s' % field: testing.ANY
                         for field in data['chassis'][
                             'minimetal_object.data']}
                        if 'chassis' in data else {})})


def test_the_listener_reads_every_sample_in_a_fresh_process():
    # Fresh: nothing but the listener's own look-up registers Chassis.
    result = subprocess.run([sys.executable, '-c', textwrap.dedent('''
        import json, pathlib, sys
        from oslo_versionedobjects import base as ovo_base
        from versioned_notifications import listener
        from minimetal.objects import base
        import minimetal.notifications.node  # noqa
        assert 'Chassis' not in ovo_base.VersionedObjectRegistry.obj_classes()
        got = []
        endpoint = listener.NotificationEndpoint(
            base.MiniMetalObject, base.MiniMetalObjectRegistry,
            lambda event_type, payload, metadata: got.append(
                (event_type, payload, metadata)))
        for path in sorted(pathlib.Path(sys.argv[1]).glob('baremetal-*')):
            sample = json.loads(path.read_text())
            getattr(endpoint, sample['priority'].lower())(
                {}, sample['publisher_id'], sample['event_type'],
                sample['payload'], {'message_id': sample['message_id']})
            event_type, payload, metadata = got[-1]
            assert event_type == sample['event_type']
            assert payload.obj_to_primitive() == sample['payload'], path
            assert metadata['publisher_id'] == sample['publisher_id']
        chassis = [p.chassis for _, p, _ in got if 'chassis' in p.fields]
        print(len(got), len(chassis), type(chassis[0]).__module__)
    '''), str(SAMPLES)], env=dict(os.environ, PYTHONPATH=str(EVENT)),
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ['14', '6', 'minimetal.objects.chassis']


def test_reference_builds_with_warnings_as_errors_in_phase_order(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(EVENT))
    result = subprocess.run(
        [sys.executable, '-m', 'sphinx', '-W', '--keep-going', '-q',
         '-b', 'html', str(EVENT / 'doc' / 'source'),
         str(tmp_path / 'html')],
        env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / 'html' / 'index.html').read_text('utf-8')
    shown = re.findall(r'<section id="notification-([^"]+)"', page)
    assert sorted(shown) == sorted(EXPECTED)
    assert shown == sorted(EXPECTED, key=vn_catalog.phase_order)
    assert shown[-4:] == ['baremetal.node.provision_set.%s' % phase for
                          phase in ('start', 'end', 'success', 'error')]
    # The roles resolved, the embedded data-model object has its table.
    assert 'href="#notification-baremetal.node.provision_set.success"' in \
        page
    assert 'id="payload-chassis"' in page
    assert 'minimetal-api:api-1' in page


def test_a_stale_declared_sample_is_reported(tmp_path):
    samples = tmp_path / 'samples'
    shutil.copytree(SAMPLES, samples)
    path = samples / 'baremetal-node-create-error.json'
    message = json.loads(path.read_text())
    message['priority'] = 'INFO'
    path.write_text(json.dumps(message, indent=4, sort_keys=True) + '\n')
    result = run_cli('check', '--output', str(samples))
    assert result.returncode == 1
    assert '+    "priority": "ERROR",' in result.stdout
    assert 'stale %s' % path in result.stdout

