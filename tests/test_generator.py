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

"""The generator library: building samples, writing and checking them."""

import dataclasses
import errno
import json
import os
import pathlib
import uuid

import pytest

from tests import typed_project
from versioned_notifications import catalog as vn_catalog
from versioned_notifications import generator
from versioned_notifications import sampledir
from versioned_notifications import samplefile
from versioned_notifications.watcher import ActionPlanCancelNotification
from versioned_notifications.watcher import ActionPlanCancelPayload
from versioned_notifications.watcher import project as watcher_project

WATCHER = watcher_project.PROJECT


@pytest.fixture(scope='module')
def watcher_result():
    return generator.generate(WATCHER, directory=None)


def by_name(result):
    return {sample.name: sample for sample in result.samples}


def test_sample_dir_is_relative_to_the_base_unless_absolute(tmp_path):
    assert generator.sample_dir(WATCHER, tmp_path) == tmp_path / 'samples'
    absolute = dataclasses.replace(WATCHER, sample_dir=str(tmp_path / 's'))
    assert generator.sample_dir(absolute, '/elsewhere') == tmp_path / 's'


def test_examples_are_sent_through_the_real_send_path(watcher_result):
    assert watcher_result.errors == []
    sample = by_name(watcher_result)['action_plan-cancel-error.json']
    assert sample.notification_class is ActionPlanCancelNotification
    assert sample.payload_class is ActionPlanCancelPayload
    assert sample.source == 'example'
    assert (sample.event_type, sample.priority) == (
        'action_plan.cancel.error', 'ERROR')
    fault = sample.message['payload']['watcher_object.data']['fault']
    # What the service's own error path put there.
    assert fault['watcher_object.data']['exception'] == (
        'ActionPlanCancelError')


def test_the_envelope_is_oslo_messagings_and_deterministic(watcher_result):
    again = generator.generate(WATCHER)
    for sample in watcher_result.samples:
        assert tuple(sorted(sample.message)) == vn_catalog.ENVELOPE_KEYS
        assert sample.message['message_id'] == str(uuid.uuid5(
            generator.MESSAGE_ID_NAMESPACE, sample.name))
        assert sample.message['timestamp'] == '2016-10-18 09:52:05.000000'
        assert sample.text == samplefile.serialize(sample.message)
    assert [s.text for s in again.samples] == [
        s.text for s in watcher_result.samples]


def test_samples_come_in_class_then_declaration_order(watcher_result):
    assert [s.name for s in watcher_result.samples] == [
        'action-cancel-start.json', 'action-cancel-end.json',
        'action-cancel-error.json', 'action_plan-cancel-start.json',
        'action_plan-cancel-end.json', 'action_plan-cancel-error.json']


def test_type_derived_samples_use_the_configured_event_type(tmp_path):
    result = generator.generate(typed_project.TYPED, tmp_path)
    assert result.errors == []
    samples = by_name(result)
    assert samples['typed_server-delete.json'].event_type == 'server.delete'
    assert samples['typed_volume-update.json'].source == 'types'
    assert samples['typed_volume-update.json'].message['priority'] == 'INFO'


def test_event_type_comes_from_the_existing_sample(tmp_path):
    unconfigured = dataclasses.replace(typed_project.TYPED, event_types={
        'typed_server-update.json': 'server.update'})
    result = generator.generate(unconfigured, tmp_path)
    # Never guessed from the file name.
    assert sorted(e.sample for e in result.errors) == [
        'typed_server-delete.json', 'typed_volume-update.json']
    error = result.errors[0]
    assert error.notification_class == 'TypedServerNotification'
    assert error.cause.startswith('no event type')
    assert 'event_types' in error.cause
    assert [s.name for s in result.samples] == ['typed_server-update.json']

    (tmp_path / 'typed_server-delete.json').write_text(json.dumps({
        'event_type': 'server.delete_forced', 'priority': 'WARN',
        'publisher_id': 'compute:node1', 'payload': {}}))
    sample = by_name(generator.generate(unconfigured, tmp_path))[
        'typed_server-delete.json']
    assert (sample.event_type, sample.priority,
            sample.message['publisher_id']) == (
        'server.delete_forced', 'WARN', 'compute:node1')


def test_a_broken_sample_is_an_error_and_the_others_are_built(tmp_path):
    troubled = dataclasses.replace(
        typed_project.TYPED,
        examples='tests.typed_project:troubled_examples',
        capture='contextlib:nullcontext')
    result = generator.generate(troubled, tmp_path)
    causes = {e.sample: (e.notification_class, e.cause)
              for e in result.errors}
    assert causes['typed_server-update.json'] == (
        'TypedServerNotification',
        'its example raised RuntimeError: the database is gone')
    assert causes['typed_volume-update.json'][0] == (
        'TypedVolumeNotification')
    assert causes['typed_volume-update.json'][1].startswith(
        'its example sent 0 notifications, not 1')
    assert causes['typed_nobody.json'][0] is None
    assert 'no notification class names it' in causes['typed_nobody.json'][1]
    # Hand-written values instead of a send function.
    [built] = result.samples
    assert built.name == 'typed_server-delete.json'
    assert built.message['payload']['typed_object.data']['name'] == 'web-1'
    assert result.names == {'typed_server-update.json',
                            'typed_server-delete.json',
                            'typed_volume-update.json', 'typed_nobody.json'}


def test_sending_examples_needs_a_capture_hook():
    uncaptured = dataclasses.replace(
        typed_project.TYPED, examples='tests.typed_project:troubled_examples')
    with pytest.raises(generator.vn_project.ProjectError,
                       match='names no capture hook'):
        generator.generate(uncaptured)


# Writing and checking.

@pytest.fixture
def typed_result(tmp_path):
    return generator.generate(typed_project.TYPED, tmp_path / 'none')


def test_write_rewrites_only_changed_files(tmp_path, typed_result):
    first = sampledir.write_samples(typed_result, tmp_path)
    assert sorted(first.written) == sorted(typed_result.names)
    inodes = {p.name: p.stat().st_ino for p in tmp_path.iterdir()}
    (tmp_path / 'typed_volume-update.json').write_text('{}\n')

    second = sampledir.write_samples(typed_result, tmp_path)
    assert second.written == ['typed_volume-update.json']
    assert sorted(second.unchanged) == ['typed_server-delete.json',
                                        'typed_server-update.json']
    assert (tmp_path / 'typed_server-update.json').stat().st_ino == inodes[
        'typed_server-update.json']
    assert (tmp_path / 'typed_volume-update.json').read_text('utf-8') == (
        by_name(typed_result)['typed_volume-update.json'].text)
    assert oct((tmp_path / 'typed_volume-update.json').stat().st_mode
               & 0o777) == oct(0o644)


def test_prune_deletes_only_orphan_samples(tmp_path, typed_result):
    (tmp_path / 'schemas').mkdir()
    (tmp_path / 'schemas' / 'kept.json').write_text('{}')
    (tmp_path / 'README.rst').write_text('kept')
    (tmp_path / 'gone.json').write_text('{}')

    kept = sampledir.write_samples(typed_result, tmp_path)
    assert kept.deleted == [] and (tmp_path / 'gone.json').exists()
    pruned = sampledir.write_samples(typed_result, tmp_path, prune=True)
    assert pruned.deleted == ['gone.json']
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        'README.rst', 'schemas', 'typed_server-delete.json',
        'typed_server-update.json', 'typed_volume-update.json']


def test_check_reports_stale_missing_and_orphan(tmp_path, typed_result):
    sampledir.write_samples(typed_result, tmp_path)
    assert sampledir.check_samples(typed_result, tmp_path).ok
    stale = tmp_path / 'typed_server-update.json'
    stale.write_text(stale.read_text('utf-8').replace(
        '"name": "name"', '"name": "old"', 1))
    (tmp_path / 'typed_volume-update.json').unlink()
    (tmp_path / 'orphan.json').write_text('{}')
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    report = sampledir.check_samples(typed_result, tmp_path)
    assert not report.ok
    [(name, diff)] = report.stale
    assert name == 'typed_server-update.json'
    assert '-                    "name": "old"' in diff
    assert '+                    "name": "name"' in diff
    assert diff.startswith('--- %s (on disk)\n' % stale)
    assert report.missing == ['typed_volume-update.json']
    assert report.orphan == ['orphan.json']
    assert report.current == ['typed_server-delete.json']
    # Nothing written.
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_check_of_a_missing_directory_reports_everything_missing(
        tmp_path, typed_result):
    report = sampledir.check_samples(typed_result, tmp_path / 'nowhere')
    assert sorted(report.missing) == sorted(typed_result.names)
    assert report.orphan == []


def test_check_names_a_difference_in_line_endings(tmp_path, typed_result):
    sampledir.write_samples(typed_result, tmp_path)
    path = tmp_path / 'typed_volume-update.json'
    path.write_bytes(path.read_bytes().rstrip(b'\n'))
    [(_, diff)] = sampledir.check_samples(typed_result, tmp_path).stale
    assert 'No newline at end of file' in diff


@pytest.mark.parametrize('failing', ['fsync', 'replace'])
def test_a_write_failing_halfway_leaves_the_old_file(tmp_path, typed_result,
                                                     monkeypatch, failing):
    sampledir.write_samples(typed_result, tmp_path)
    for path in tmp_path.iterdir():
        path.write_text('{"old": true}\n')
    old = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    calls = []

    def fail(*args):
        calls.append(args)
        # The disk fills up once the first file's bytes are out.
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:
        patch.setattr(os, failing, fail)
        with pytest.raises(OSError, match='No space left'):
            sampledir.write_samples(typed_result, tmp_path)
    assert len(calls) == 1
    # Every file is still the old one, and no temporary file is left.
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == old


def test_the_first_write_into_a_new_directory_creates_it(tmp_path,
                                                          typed_result):
    target = tmp_path / 'a' / 'b'
    sampledir.write_samples(typed_result, target)
    assert pathlib.Path(target, 'typed_server-update.json').is_file()


def numbered(count, changed=()):
    """``count`` lines of JSON-like text, those at ``changed`` altered."""
    return ''.join('    "line %d": %d%s,\n' % (index, index,
                                               ' ' if index in changed
                                               else '')
                   for index in range(count))


def test_a_huge_stale_file_is_summarized_and_a_local_change_diffed(
        tmp_path):
    size = 30000
    generated = sampledir.GeneratedFile('asyncapi.json', numbered(size))
    path = tmp_path / 'asyncapi.json'

    # Changes all over the file: a diff would be as big as the file (and
    # difflib's time grows faster than its length), so it is summarized.
    path.write_text(numbered(size, changed=range(5, size, 10)))
    [(_, diff)] = sampledir.check_files([generated], tmp_path, []).stale
    assert len(diff.splitlines()) <= 10
    assert diff.startswith('--- %s (on disk)\n+++ %s (generated)\n'
                           '@@ first difference at line 6; lines 6-29996 '
                           'on disk and 6-29996 generated differ'
                           % (path, path))
    assert '-    "line 5": 5 ,\n+    "line 5": 5,\n' in diff

    # One change deep inside: a real diff with the file's line numbers.
    path.write_text(numbered(size, changed={20000}))
    [(_, diff)] = sampledir.check_files([generated], tmp_path, []).stale
    assert diff.splitlines()[2:] == [
        '@@ -19998,7 +19998,7 @@',
        '     "line 19997": 19997,', '     "line 19998": 19998,',
        '     "line 19999": 19999,', '-    "line 20000": 20000 ,',
        '+    "line 20000": 20000,', '     "line 20001": 20001,',
        '     "line 20002": 20002,', '     "line 20003": 20003,']


def test_a_long_diff_is_cut_and_says_so(tmp_path):
    generated = sampledir.GeneratedFile('big.json', numbered(1000))
    path = tmp_path / 'big.json'
    path.write_text(numbered(1000, changed=range(1000)))
    [(_, diff)] = sampledir.check_files([generated], tmp_path, []).stale
    lines = diff.splitlines()
    # 2,003 lines: the headers, one hunk header and 2,000 changed lines.
    assert len(lines) == 301
    assert lines[:3] == ['--- %s (on disk)' % path,
                         '+++ %s (generated)' % path, '@@ -1,1000 +1,1000 @@']
    assert lines[-1] == ('... 1703 more lines of this diff not shown; run '
                         '"generate" and see the change with "git diff %s"'
                         % path)
