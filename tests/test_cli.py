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

"""The versioned-notifications command, run in-process."""

import contextlib
import os
import pathlib
import stat
import subprocess
import sys
import textwrap
import threading

from oslo_versionedobjects import base as ovo_base
import pytest

from tests import typed_project
from versioned_notifications import cli
from versioned_notifications.watcher import fields

REPO = pathlib.Path(__file__).resolve().parent.parent
TYPED = 'tests.typed_project:TYPED'
DRIFT = 'tests.typed_project:DRIFT'


def run(capsys, *argv):
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.fixture
def drifted():
    """DriftPayload 1.1, with a field 1.0 lacks, for the test's duration."""

    @typed_project.TypedRegistry.register
    class DriftPayload(typed_project.DriftPayload):
        # Version 1.0: Initial version
        # Version 1.1: Added colour
        VERSION = '1.1'

        fields = dict(typed_project.DriftPayload.fields,
                      colour=fields.StringField())

    yield DriftPayload
    ovo_base.VersionedObjectRegistry.obj_classes()['DriftPayload'].remove(
        DriftPayload)


def test_a_new_payload_field_fails_check_until_generated(tmp_path, capsys,
                                                         request):
    out_dir = str(tmp_path)
    assert run(capsys, '--project', DRIFT, 'generate', '--output',
               out_dir)[0] == 0
    assert run(capsys, '--project', DRIFT, 'check', '--output',
               out_dir)[0] == 0

    request.getfixturevalue('drifted')
    status, out, _ = run(capsys, '--project', DRIFT, 'check', '--output',
                         out_dir)
    sample = tmp_path / 'drift-update.json'
    assert status == 1
    assert '--- %s (on disk)' % sample in out
    assert '+            "colour": "colour",' in out
    assert '-        "drift_object.version": "1.0"' in out
    assert 'stale %s' % sample in out

    status, out, _ = run(capsys, '--project', DRIFT, 'generate', '--output',
                         out_dir)
    assert (status, out.splitlines()[0]) == (0, 'wrote %s' % sample)
    assert run(capsys, '--project', DRIFT, 'check', '--output',
               out_dir)[0] == 0


def test_generate_reports_and_keeps_orphans_unless_pruned(tmp_path, capsys):
    orphan = tmp_path / 'typed_gone-update.json'
    orphan.write_text('{}\n')
    status, out, _ = run(capsys, '--project', TYPED, 'generate', '--output',
                         str(tmp_path))
    assert status == 0
    assert 'orphan %s' % orphan in out
    assert out.endswith('3 written, 0 unchanged, 0 deleted, 0 failed in '
                        '%s\n' % tmp_path)

    status, out, _ = run(capsys, '--project', TYPED, 'check', '--output',
                         str(tmp_path))
    assert status == 1
    assert 'orphan %s' % orphan in out

    status, out, _ = run(capsys, '--project', TYPED, 'generate', '--prune',
                         '--output', str(tmp_path))
    assert status == 0
    assert 'deleted %s' % orphan in out and not orphan.exists()
    assert out.endswith('0 written, 3 unchanged, 1 deleted, 0 failed in '
                        '%s\n' % tmp_path)


def test_check_names_missing_files_and_writes_nothing(tmp_path, capsys):
    target = tmp_path / 'samples'
    status, out, _ = run(capsys, '--project', TYPED, 'check', '--output',
                         str(target))
    assert status == 1
    assert 'missing %s' % (target / 'typed_volume-update.json') in out
    assert 'run "versioned-notifications generate --prune"' in out
    assert not target.exists()


def test_list_prints_one_line_per_sample(capsys):
    status, out, _ = run(capsys, '--project', TYPED, 'list')
    assert status == 0
    assert [line.split() for line in out.splitlines()] == [
        ['server.update', 'INFO', 'service:host', 'TypedServerNotification',
         '1.0', 'TypedServerPayload', '1.3', 'typed_server-update.json'],
        ['server.delete', 'INFO', 'service:host', 'TypedServerNotification',
         '1.0', 'TypedServerPayload', '1.3', 'typed_server-delete.json'],
        ['volume.update', 'INFO', 'service:host', 'TypedVolumeNotification',
         '1.0', 'TypedVolumePayload', '1.0', 'typed_volume-update.json'],
    ]


def test_the_project_and_sample_dir_come_from_setup_cfg(tmp_path, capsys,
                                                        monkeypatch):
    (tmp_path / 'setup.cfg').write_text(textwrap.dedent('''\
        [metadata]
        name = elsewhere

        [versioned_notifications]
        project = tests.typed_project:TYPED
    '''))
    monkeypatch.chdir(tmp_path)
    status, out, _ = run(capsys, 'generate')
    assert status == 0
    assert sorted(p.name for p in (tmp_path / 'samples').iterdir()) == [
        'asyncapi.json', 'schemas', 'typed_server-delete.json',
        'typed_server-update.json', 'typed_volume-update.json']
    assert run(capsys, 'check')[0] == 0


@pytest.mark.parametrize('command', ['generate', 'check', 'list'])
def test_without_a_project_it_says_where_to_name_one(tmp_path, capsys,
                                                     monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, command)
    assert status == 2
    assert ('no notification project: pass --project MODULE:ATTR or add '
            '"[versioned_notifications] project = MODULE:ATTR" to %s'
            % (tmp_path / 'setup.cfg')) in err
    # Nothing of this package's own service is documented instead.
    assert out == ''
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize('argv, message', [
    (['--project', 'tests.nowhere:PROJECT', 'list'],
     'cannot import module tests.nowhere'),
    (['--project', 'tests.typed_project:NOTHING', 'list'],
     'module tests.typed_project has no attribute NOTHING'),
    (['--project', 'tests.typed_project', 'list'],
     'must be "package.module:attribute"'),
    (['--project', TYPED, 'frobnicate'], "invalid choice: 'frobnicate'"),
    (['--project', TYPED, 'generate', '--verbose'],
     'unrecognized arguments: --verbose'),
    ([], 'the following arguments are required: COMMAND'),
])
def test_unusable_arguments_exit_2_with_a_message(capsys, argv, message):
    status, _, err = run(capsys, *argv)
    assert status == 2
    assert message in err


def test_a_sample_that_cannot_be_built_exits_2_and_others_are_written(
        tmp_path, capsys, monkeypatch):
    # The server notifications have no configured event type here and no
    # existing file to take it from.
    (tmp_path / 'setup.cfg').write_text(textwrap.dedent('''\
        [versioned_notifications]
        project = tests.test_cli:PARTLY_CONFIGURED
    '''))
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, 'generate')
    assert status == 2
    assert ('versioned-notifications: error: TypedServerNotification '
            '(typed_server-update.json): no event type') in err
    assert 'TypedServerNotification (typed_server-delete.json)' in err
    assert out.endswith('1 written, 0 unchanged, 0 deleted, 2 failed in '
                        '%s\n' % (tmp_path / 'samples'))
    assert [p.name for p in (tmp_path / 'samples').iterdir()] == [
        'typed_volume-update.json']
    assert run(capsys, 'check')[0] == 2


PARTLY_CONFIGURED = {
    'registry': typed_project.TYPED.registry,
    'notification_base': typed_project.TYPED.notification_base,
    'modules': typed_project.TYPED.modules,
    'event_types': {'typed_volume-update.json': 'volume.update'},
}


def test_a_write_error_exits_2(tmp_path, capsys):
    blocker = tmp_path / 'file'
    blocker.write_text('')
    status, _, err = run(capsys, '--project', TYPED, 'generate', '--output',
                         str(blocker / 'samples'))
    assert status == 2
    assert 'versioned-notifications: error: ' in err
    assert str(blocker) in err


GENERATE_BOTH = textwrap.dedent('''\
    import sys
    from versioned_notifications import cli
    out = sys.argv[1]
    assert cli.main(['generate', '--output', out + '/watcher']) == 0
    assert cli.main(['--project', 'tests.typed_project:TYPED', 'generate',
                     '--output', out + '/typed']) == 0
''')


def tree(directory):
    return {str(p.relative_to(directory)): p.read_bytes()
            for p in sorted(directory.rglob('*.json'))}


def test_output_is_byte_identical_across_hash_seeds_zones_and_locales(
        tmp_path):
    environments = [
        {'PYTHONHASHSEED': '0', 'TZ': 'UTC', 'LC_ALL': 'C'},
        {'PYTHONHASHSEED': '2718281', 'TZ': 'Asia/Tokyo',
         'LC_ALL': 'C.UTF-8'},
    ]
    trees = []
    for index, variables in enumerate(environments):
        out = tmp_path / str(index)
        env = dict(os.environ, **variables)
        env.pop('LANG', None)
        subprocess.run([sys.executable, '-c', GENERATE_BOTH, str(out)],
                       cwd=REPO, env=env, check=True, capture_output=True)
        trees.append(tree(out))
    # 9 samples, the 20 schemas and AsyncAPI documents of both, and the
    # recorded contracts of their 13 classes.
    assert len(trees[0]) == 42
    assert trees[0] == trees[1]
    # And what the committed samples hold.
    assert {name[len('watcher/'):]: data for name, data in trees[0].items()
            if name.startswith('watcher/')} == tree(REPO / 'samples')


def test_temporaries_an_interrupted_generate_left_are_reported_and_pruned(
        tmp_path, capsys):
    out_dir = str(tmp_path)
    assert run(capsys, '--project', TYPED, 'generate', '--output',
               out_dir)[0] == 0
    # What the atomic writer leaves when killed (kill -9) between creating
    # its temporary and renaming it, beside a sample and a schema.
    left = [tmp_path / '.typed_server-update.json.k3_9xq2a.tmp',
            tmp_path / 'schemas' / 'payloads' /
            '.TypedServerPayload.json.0abc_def.tmp']
    for path in left:
        path.write_text('{"half": ')
    kept = tmp_path / '.notes.tmp'
    kept.write_text('not ours')

    status, out, _ = run(capsys, '--project', TYPED, 'check', '--output',
                         out_dir)
    assert status == 1
    for path in left:
        assert ('leftover %s (a temporary file of an interrupted generate)'
                % path) in out.splitlines()
    assert str(kept) not in out

    status, out, _ = run(capsys, '--project', TYPED, 'generate', '--output',
                         out_dir)
    assert status == 0
    assert 'leftover %s' % left[0] in out and left[0].exists()

    status, out, _ = run(capsys, '--project', TYPED, 'generate', '--prune',
                         '--output', out_dir)
    assert status == 0
    for path in left:
        assert 'deleted %s' % path in out and not path.exists()
    assert kept.exists()
    assert run(capsys, '--project', TYPED, 'check', '--output',
               out_dir)[0] == 0


@pytest.fixture
def unblocking():
    """Opens the FIFOs given to it for writing, and closes them, after a
    few seconds: a reader the code under test opened by mistake then reads
    nothing instead of blocking the test run for ever."""
    fifos, done = [], threading.Event()

    def unblock():
        done.wait(5)
        while not done.is_set():
            for fifo in fifos:
                with contextlib.suppress(OSError):
                    # Non-blocking: fails at once while nothing reads.
                    os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            done.wait(0.1)

    thread = threading.Thread(target=unblock, daemon=True)
    thread.start()
    yield fifos.append
    done.set()
    thread.join()


def test_a_fifo_named_like_a_sample_is_an_orphan_never_opened(
        tmp_path, capsys, unblocking):
    out_dir = str(tmp_path)
    assert run(capsys, '--project', TYPED, 'generate', '--output',
               out_dir)[0] == 0
    fifo = tmp_path / 'x.json'
    os.mkfifo(fifo)
    unblocking(fifo)
    status, out, _ = run(capsys, '--project', TYPED, 'check', '--output',
                         out_dir)
    assert status == 1
    assert 'orphan %s (a FIFO; nothing generates it)' % fifo in out
    status, out, _ = run(capsys, '--project', TYPED, 'generate', '--prune',
                         '--output', out_dir)
    assert (status, fifo.exists()) == (0, False)


@pytest.mark.parametrize('name', ['typed_server-update.json',
                                  'schemas/payloads/TypedServerPayload.json'])
def test_a_fifo_where_a_generated_file_goes_is_named_never_opened(
        tmp_path, capsys, unblocking, name):
    out_dir = str(tmp_path)
    assert run(capsys, '--project', TYPED, 'generate', '--output',
               out_dir)[0] == 0
    fifo = tmp_path / name
    fifo.unlink()
    os.mkfifo(fifo)
    unblocking(fifo)
    before = tree(tmp_path)
    for command in ('check', 'generate'):
        status, _, err = run(capsys, '--project', TYPED, command, '--output',
                             out_dir)
        assert status == 2
        assert '%s is a FIFO, not a regular file; delete ' % fifo in err
        assert 'Traceback' not in err
    assert tree(tmp_path) == before
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_an_empty_output_is_a_usage_error(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, _, err = run(capsys, '--project', TYPED, 'generate', '--output',
                         '')
    assert status == 2
    assert ('argument --output: is empty: name the sample directory, or '
            'leave --output out') in err
    assert list(tmp_path.iterdir()) == []


WRITE_WITH_A_SIZE_LIMIT = textwrap.dedent('''\
    import resource, signal, sys
    from versioned_notifications import cli
    # A real write error naming no file, as a full disk's: the file size
    # limit (root too is bound by it) fails a write with EFBIG.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE,
                       (1024, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    sys.exit(cli.main(['--project', 'tests.typed_project:TYPED',
                       'generate', '--output', sys.argv[1]]))
''')


def test_a_write_error_names_the_file_and_leaves_nothing_half_written(
        tmp_path):
    target = tmp_path / 'samples'
    done = subprocess.run(
        [sys.executable, '-c', WRITE_WITH_A_SIZE_LIMIT, str(target)],
        cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    first = target / 'typed_server-update.json'
    assert done.stderr.endswith(
        'versioned-notifications: error: cannot write %s: File too large: '
        'more than this process may write (its file size limit, ulimit '
        '-f) or the file system holds; typed_server-update.json is as it was, '
        'the files before it are written and those after it are not: '
        'correct the cause and run generate again\n' % first)
    assert 'Traceback' not in done.stderr
    # No temporary, no part of a file.
    assert list(target.iterdir()) == []


def test_a_setup_cfg_that_is_not_utf8_is_named(tmp_path, capsys,
                                              monkeypatch):
    (tmp_path / 'setup.cfg').write_bytes(
        b'[metadata]\nauthor = J\xe9r\xf4me\n\n[versioned_notifications]\n'
        b'project = tests.typed_project:TYPED\n')
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, 'check')
    assert status == 2
    assert err == ('versioned-notifications: error: %s is not UTF-8 text '
                   '(byte 21: invalid continuation byte); save it as '
                   'UTF-8, or pass --project MODULE:ATTR\n'
                   % (tmp_path / 'setup.cfg'))
    assert list(tmp_path.iterdir()) == [tmp_path / 'setup.cfg']


NOT_A_CONTEXT_MANAGER = dict(
    PARTLY_CONFIGURED, event_types=typed_project.TYPED.event_types,
    examples='tests.typed_project:troubled_examples',
    capture='builtins:list')


def test_a_capture_hook_that_is_not_a_context_manager_is_named(tmp_path,
                                                               capsys):
    status, out, err = run(
        capsys, '--project', 'tests.test_cli:NOT_A_CONTEXT_MANAGER',
        'generate', '--output', str(tmp_path / 'samples'))
    assert status == 2
    assert err == ('versioned-notifications: error: capture: builtins:list() '
                   'returned list, not a context manager; name a hook '
                   'returning one (e.g. a @contextlib.contextmanager '
                   'function) that routes the notifier to oslo.messaging\'s '
                   '"test" driver\n')
    assert not (tmp_path / 'samples').exists()


def test_project_may_follow_the_command(tmp_path, capsys, monkeypatch):
    # No setup.cfg here: the project can only come from --project.
    monkeypatch.chdir(tmp_path)
    status, out, _ = run(capsys, 'generate', '--project', TYPED, '--output',
                         'out')
    assert status == 0
    assert out.endswith('3 written, 0 unchanged, 0 deleted, 0 failed in '
                        '%s\n' % (tmp_path / 'out'))
    assert run(capsys, 'check', '--output', 'out', '--project', TYPED)[0] == 0
    # Given after the command, it wins over one given before.
    status, out, _ = run(capsys, '--project', 'tests.nowhere:PROJECT', 'list',
                         '--project', TYPED)
    assert (status, out.split()[0]) == (0, 'server.update')
