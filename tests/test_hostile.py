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

"""The command on hostile sample directories, as an attacker or a
careless change would make them: links out of the directory, fragments
that multiply, values no reader can convert, runs at the same time,
Ctrl-C. Each is a copy of minicompute (tests/miniproject) driven through
``cli.main`` in-process, or the installed command in a process of its
own where signals and other processes are the point."""

import errno
import json
import os
import pathlib
import reprlib
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields
import pytest

from tests import typed_project
from versioned_notifications import cli
from versioned_notifications import confinement
from versioned_notifications import entrypoint
from versioned_notifications import historyfile
from versioned_notifications import sampledir
from versioned_notifications import samplefile
from versioned_notifications import versioncomments
from versioned_notifications import versions as vn_versions
from versioned_notifications.sphinxext import directive

MINI = pathlib.Path(__file__).parent / 'miniproject'


def run(capsys, *argv):
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def snapshot(directory):
    """{relative path: bytes} of every file under ``directory``."""
    return {path.relative_to(directory).as_posix(): path.read_bytes()
            for path in sorted(pathlib.Path(directory).rglob('*'))
            if path.is_file()}


@pytest.fixture
def mini(tmp_path, monkeypatch):
    """A copy of minicompute, the current directory for the test."""
    copy = tmp_path / 'mini'
    shutil.copytree(MINI, copy,
                    ignore=shutil.ignore_patterns('__pycache__'))
    monkeypatch.chdir(copy)
    return copy


@pytest.fixture
def elsewhere(tmp_path):
    """A folder outside the sample directory, with JSON files of its own
    (one in a subfolder) that nothing may touch."""
    folder = tmp_path / 'elsewhere'
    (folder / 'sub').mkdir(parents=True)
    (folder / 'notes.json').write_text('{"secret": "do not publish"}\n')
    (folder / 'sub' / 'more.json').write_text('{"keep": true}\n')
    return folder


# Links out of the sample directory.

def test_generate_writes_nothing_through_a_schema_directory_linked_out(
        mini, elsewhere, capsys):
    payloads = mini / 'samples' / 'schemas' / 'payloads'
    shutil.copytree(payloads, elsewhere / 'payloads')
    shutil.rmtree(payloads)
    payloads.symlink_to(elsewhere / 'payloads')
    (elsewhere / 'payloads' / 'Unrelated.json').write_text('{}\n')
    before = snapshot(elsewhere)

    status, out, err = run(capsys, 'generate', '--prune')

    assert status == 2, out + err
    assert ('%s leaves the sample directory %s: its real path is %s; '
            'nothing outside the sample directory is read, written or '
            'deleted: put the file itself inside it, not a symbolic link to '
            'it (nothing was written)'
            % (payloads / 'AggregatePayload.json', mini / 'samples',
               elsewhere / 'payloads' / 'AggregatePayload.json')) in err
    # Not a byte written, replaced or deleted out there.
    assert snapshot(elsewhere) == before
    assert 'Traceback' not in err


def test_generate_reads_no_history_through_a_link_out(mini, elsewhere,
                                                      capsys):
    schemas = mini / 'samples' / 'schemas'
    shutil.copytree(schemas, elsewhere / 'schemas')
    shutil.rmtree(schemas)
    schemas.symlink_to(elsewhere / 'schemas')
    before = snapshot(elsewhere)

    status, out, err = run(capsys, 'generate', '--prune')

    assert status == 2
    assert 'leaves the sample directory' in err
    assert err.rstrip().endswith('nothing written')
    assert snapshot(elsewhere) == before


def test_check_refuses_a_sample_linked_out_and_never_shows_it(
        mini, elsewhere, capsys):
    sample = mini / 'samples' / 'flavor-create.json'
    sample.unlink()
    sample.symlink_to(elsewhere / 'notes.json')

    status, out, err = run(capsys, 'check')

    assert status == 2
    assert ('%s leaves the sample directory %s: its real path is %s'
            % (sample, mini / 'samples', elsewhere / 'notes.json')) in err
    assert 'do not publish' not in out + err


def test_prune_deletes_a_link_never_what_it_leads_to(mini, elsewhere,
                                                     capsys):
    link = mini / 'samples' / 'stray.json'
    link.symlink_to(elsewhere / 'notes.json')
    before = snapshot(elsewhere)

    status, out, err = run(capsys, 'generate', '--prune')

    assert status == 0, err
    assert 'deleted %s' % link in out
    assert not os.path.lexists(link)
    assert snapshot(elsewhere) == before


# Fragments that multiply.

def bomb(samples, levels):
    """``levels`` fragments, each including the next ten times, the last
    a one-value leaf: 10**levels values once resolved; the variant
    server-create-end_locked.json includes the first. 1.5 kB on disk."""
    fragments = samples / 'common_payloads'
    for level in range(1, levels + 1):
        (fragments / ('b%d.json' % level)).write_text(json.dumps(
            {'k%d' % i: {'$ref': 'b%d.json#' % (level + 1)}
             for i in range(10)}))
    (fragments / ('b%d.json' % (levels + 1))).write_text('{"v": 1}')
    variant = samples / 'server-create-end_locked.json'
    message = json.loads(variant.read_text())
    message['bomb'] = {'$ref': 'common_payloads/b1.json#'}
    variant.write_text(json.dumps(message, indent=4))
    return fragments


@pytest.mark.parametrize('levels', [5, 6])
def test_a_fragment_bomb_is_refused_naming_the_fragment(mini, capsys,
                                                        levels):
    fragments = bomb(mini / 'samples', levels)

    status, out, err = run(capsys, 'check')

    # Before the cap: 10**5 leaves took 11 s, 10**6 135 s and 605 MB.
    assert status == 1, out + err
    # The first fragment that resolves past the cap is the one named.
    named = fragments / ('b%d.json' % (levels - 4))
    assert ('invalid %s (variant of ServerCreateNotification): %s: its '
            '"$ref" fragments resolve to more than %d JSON values'
            % (mini / 'samples' / 'server-create-end_locked.json', named,
               samplefile.MAX_VALUES)) in out
    # The fragments of a variant that cannot be resolved are still its
    # own: pruning them would lose its data.
    assert 'orphan' not in out


def test_each_fragment_is_read_and_resolved_once_per_run(tmp_path,
                                                         monkeypatch):
    (tmp_path / 'inner.json').write_text(json.dumps({'b': [1, 2]}))
    (tmp_path / 'common.json').write_text(json.dumps(
        {'a': {'$ref': 'inner.json#'}}))
    for index in range(20):
        (tmp_path / ('s%d.json' % index)).write_text(json.dumps(
            {'event_type': 'x.y', 'payload': {
                'one': {'$ref': 'common.json#'},
                'two': {'$ref': 'common.json#/a', 'c': index}}}))
    parsed, resolved = [], []
    parse, resolve = samplefile.parse, samplefile.Resolver.resolve

    def counting_parse(path):
        parsed.append(pathlib.Path(path).name)
        return parse(path)

    def counting_resolve(self, value, referrer, *args):
        resolved.append(pathlib.Path(referrer).name)
        return resolve(self, value, referrer, *args)

    monkeypatch.setattr(samplefile, 'parse', counting_parse)
    monkeypatch.setattr(samplefile.Resolver, 'resolve', counting_resolve)
    resolver = samplefile.Resolver(tmp_path)
    messages = [samplefile.read(tmp_path / ('s%d.json' % index),
                                resolver=resolver).message
                for index in range(20)]
    # Before the cache: common.json resolved 40 times, inner.json 40.
    assert parsed.count('common.json') == resolved.count('common.json') == 1
    assert parsed.count('inner.json') == resolved.count('inner.json') == 1
    # Each message has its own copy: changing one changes no other.
    messages[0]['payload']['one']['a']['b'].append(3)
    assert messages[1]['payload']['one'] == {'a': {'b': [1, 2]}}
    assert messages[7]['payload']['two'] == {'b': [1, 2], 'c': 7}


# Values no reader can convert.

def test_a_recorded_version_too_long_for_a_number_is_named(mini, capsys):
    path = (mini / 'samples' / 'schemas' / 'history' /
            'FlavorPayload.json')
    history = json.loads(path.read_text())
    history['versions'][0]['version'] = '1.' + '9' * 5000
    path.write_text(json.dumps(history))

    status, out, err = run(capsys, 'check')

    assert status == 2, out + err
    # Named, not repeated whole.
    assert ('%s: versions[0].version %s is not a "MAJOR.MINOR" version'
            % (path, reprlib.repr('1.' + '9' * 5000))) in err
    assert len(err) < 1000, err
    assert 'Traceback' not in err


# Open input, property-based: references and pointers, paths, versions,
# option values.

# Pieces a hostile reference or path is made of: NUL bytes written both
# ways, escapes, climbs, links in and out, list indexes too long to
# convert, digits that are not ASCII.
PIECES = st.sampled_from([
    '..', '.', '', '/', '#', 'f.json', 'sub', 'sub/g.json', 'in_link',
    'out_link', 'secret.json', '%00', '\x00', '%2e%2e', '~0', '~1', 'a',
    '0', '01', '1', '9' * 5000, '\u0661', '//', '%23']) | st.text(max_size=6)
JOINED = st.lists(PIECES, max_size=6).map(''.join)
SLASHED = st.lists(PIECES, max_size=6).map('/'.join)


def hostile_tree(base):
    """A sample directory with fragments, links in and out, and a secret
    beside it."""
    root = base / 'samples'
    (root / 'sub').mkdir(parents=True)
    (base / 'secret.json').write_text('{"a": ["leaked"], "s": "leaked"}')
    (root / 'f.json').write_text('{"a": [1, {"b": 2}], "s": "kept"}')
    (root / 'sub' / 'g.json').write_text('{"g": {"$ref": "../f.json#/a"}}')
    (root / 'in_link').symlink_to(root / 'sub')
    (root / 'out_link').symlink_to(base)
    return root


@settings(max_examples=400, deadline=None)
@given(ref=JOINED | SLASHED)
def test_any_reference_is_resolved_inside_or_refused(ref):
    with tempfile.TemporaryDirectory() as directory:
        root = hostile_tree(pathlib.Path(directory))
        sample = root / 's.json'
        sample.write_text(json.dumps({'event_type': 'x.y', 'payload': {
            '$ref': ref}}))
        try:
            message = samplefile.read(sample).message
        except samplefile.SampleFileError as exc:
            assert str(exc).startswith(str(sample))
        else:
            assert 'leaked' not in json.dumps(message)


@settings(max_examples=400, deadline=None)
@given(relative=SLASHED)
def test_confine_returns_a_real_path_inside_or_refuses(relative):
    with tempfile.TemporaryDirectory() as directory:
        root = hostile_tree(pathlib.Path(directory))
        top = os.path.realpath(root)
        try:
            found = confinement.confine(root / relative, root)
        except confinement.OutsideError as exc:
            assert str(exc)
            if '\x00' not in relative:
                assert os.path.commonpath([top, os.path.realpath(
                    root / relative)]) != top
        else:
            assert os.path.commonpath([top, str(found)]) == top
            assert str(found) == os.path.realpath(root / relative)


VERSION_TEXT = st.text(max_size=12) | st.from_regex(
    r'[0-9]{1,5000}\.[0-9]{1,5000}', fullmatch=True)


@settings(max_examples=300, deadline=None)
@given(text=VERSION_TEXT)
def test_any_version_text_is_a_version_or_none(text):
    try:
        number = vn_versions.parse(text)
    except vn_versions.VersionError as exc:
        assert str(exc).endswith(' is not a "MAJOR.MINOR" version such as '
                                 '1.10')
        assert len(str(exc)) < 100
    else:
        assert '%d.%d' % number == text


@settings(max_examples=300, deadline=None)
@given(text=VERSION_TEXT)
def test_any_recorded_version_is_read_or_refused_naming_the_place(text):
    document = {'format': historyfile.FORMAT, 'name': 'P',
                'versions': [{'version': text, 'fields': {}}]}
    try:
        found = historyfile.validate(document, 'P', 'P.json')
    except historyfile.HistoryError as exc:
        assert str(exc).startswith('P.json: versions[0].version ')
    else:
        assert found.last == (text, {})


@settings(max_examples=300, deadline=None)
@given(text=VERSION_TEXT)
def test_any_version_comment_is_history_or_prose(text):
    entries = versioncomments.parse(['# Version %s: changed' % text,
                                     '# %s: more' % text,
                                     "VERSION = '1.0'"])
    for version, _ in entries:
        assert vn_versions.parse(version)


@settings(max_examples=300, deadline=None)
@given(argument=st.none() | st.text() | st.sampled_from(['', ' ', ',',
                                                          ' , ,']))
def test_any_event_types_option_is_patterns_or_a_clear_error(argument):
    try:
        patterns = directive.event_type_patterns(argument)
    except ValueError as exc:
        assert 'give at least one event type pattern' in str(exc)
    else:
        assert patterns and all(pattern.strip(', ') == pattern
                                for pattern in patterns)


# Exit statuses.

class Boom(cli.Command):
    name = 'boom'
    help = 'fails as a bug would'

    def run(self, invocation):
        return {}['missing']


@pytest.fixture
def boom(monkeypatch):
    monkeypatch.setitem(cli.COMMANDS, 'boom', Boom())


@pytest.mark.usefixtures('boom')
def test_an_internal_error_is_status_3_with_the_traceback_on_demand(
        capsys):
    status, out, err = run(capsys, 'boom')
    assert status == cli.EXIT_INTERNAL == 3
    assert err == (
        "versioned-notifications: error: internal error: KeyError: "
        "'missing'; a bug of versioned-notifications or of the project's "
        "code it runs, not of the input: run the command again with "
        "--debug for the traceback, and report it\n")

    status, out, err = run(capsys, 'boom', '--debug')
    assert status == 3
    assert err.startswith('Traceback (most recent call last):')
    assert "return {}['missing']" in err
    assert err.endswith('not of the input: the traceback is above\n')


def test_help_documents_every_exit_status(capsys):
    status, out, _ = run(capsys, '--help')
    assert status == 0
    statuses = out[out.index('exit status:'):]
    for number in ('0', '1', '2', '3', '130'):
        assert '\n  %s ' % number in statuses


def test_an_output_that_is_a_file_is_named_as_such(mini, capsys):
    (mini / 'notes.txt').write_text('not a directory')

    status, out, err = run(capsys, 'generate', '--output', 'notes.txt')
    assert status == 2
    assert err == ('versioned-notifications: error: %s is a file, not a '
                   'directory: name the sample directory with --output\n'
                   % (mini / 'notes.txt'))

    status, out, err = run(capsys, 'check', '--output', 'notes.txt/samples')
    assert status == 2
    assert err == ('versioned-notifications: error: %s is a file, not a '
                   'directory: move it away, or name another sample '
                   'directory with --output\n' % (mini / 'notes.txt'))


@pytest.mark.parametrize('number, advice', [
    (errno.EROFS, 'Read-only file system: choose a directory on a writable '
                  'file system'),
    (errno.ENOSPC, 'No space left on device: free some space'),
    (errno.EACCES, 'Permission denied: give yourself access to it and its '
                   'directory (or run as the user who may)'),
])
def test_a_write_error_names_its_real_cause(tmp_path, number, advice):
    error = OSError(number, os.strerror(number))
    # Making a read-only file system needs privileges a test lacks: the
    # error the system would give is made here.
    assert samplefile.os_cause(error, tmp_path / 'x.json') == advice


def test_a_file_where_a_directory_should_be_is_named(tmp_path,
                                                     capsys):
    (tmp_path / 'schemas').write_text('in the way')
    status, out, err = run(capsys, '--project', 'tests.typed_project:TYPED',
                           'generate', '--output', str(tmp_path))
    assert status == 2
    assert ('Not a directory: %s is a file where a directory should be; '
            'move it away' % (tmp_path / 'schemas')) in err


# A field the readers would take for a reference.

class HostileObject(ovo_base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'hostile_object'
    OBJ_PROJECT_NAMESPACE = 'hostile'


@typed_project.TypedRegistry.register
class HostileRefPayload(HostileObject):
    VERSION = '1.0'

    fields = {'$ref': ovo_fields.StringField(),
              'name': ovo_fields.StringField()}


@typed_project.TypedRegistry.register_if(False)
class HostileNotificationBase(HostileObject):
    VERSION = '1.0'


@typed_project.sample('hostile-update.json')
@typed_project.TypedRegistry.register
class HostileNotification(HostileNotificationBase):
    VERSION = '1.0'

    fields = {'payload': ovo_fields.ObjectField('HostileRefPayload')}


HOSTILE = {
    'registry': 'tests.typed_project:TypedRegistry',
    'notification_base': 'tests.test_hostile:HostileNotificationBase',
    'modules': ['tests.test_hostile'],
    'event_types': {'hostile-update.json': 'hostile.update'},
}


def test_a_field_named_ref_is_refused_naming_class_and_field(tmp_path,
                                                             capsys):
    status, out, err = run(capsys, '--project', 'tests.test_hostile:HOSTILE',
                           'generate', '--output', str(tmp_path))
    assert status == 2
    assert ('versioned-notifications: error: HostileNotification '
            '(hostile-update.json): the field "$ref" of HostileRefPayload '
            'holds a "$ref" key with a string value, which every sample '
            'reader takes for a reference to a fragment file, so the sample '
            'would not read back as sent; rename the field\n') in err
    assert not (tmp_path / 'hostile-update.json').exists()


# Runs at the same time, and Ctrl-C: real processes.

def command(*args):
    """The installed command's own entry point, in a process of its
    own."""
    return [sys.executable, '-c',
            'import sys; from versioned_notifications.entrypoint import '
            'main; sys.exit(main())', *args]


def test_a_second_run_waits_for_the_first(mini):
    samples = mini / 'samples'
    with sampledir.locked(samples, exclusive=True):
        process = subprocess.Popen(
            command('generate', '--prune'), cwd=mini,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            ready, _, _ = select.select([process.stderr], [], [], 60)
            assert ready, 'the second run neither waited nor ended'
            line = process.stderr.readline()
            assert line == ('versioned-notifications: waiting for another '
                            'run on the same sample directory to finish\n')
            time.sleep(0.5)
            # Still waiting, and nothing touched meanwhile.
            assert process.poll() is None
            assert sampledir.leftovers(samples) == []
        except BaseException:
            process.kill()
            raise
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, out + err
    assert out.endswith('0 written, 16 unchanged, 0 deleted, 0 failed in '
                        '%s\n' % samples)


def test_ctrl_c_ends_generate_with_one_line_and_nothing_half_written(
        tmp_path):
    def started(name):
        copy = tmp_path / name
        shutil.copytree(MINI, copy,
                        ignore=shutil.ignore_patterns('__pycache__'))
        # Something to write: every sample's content changes.
        for path in (copy / 'samples').glob('*.json'):
            path.write_text(path.read_text().replace('    ', '  '))
        return copy, subprocess.Popen(
            command('generate'), cwd=copy, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True)

    # How long a whole run takes on this machine now, imports included:
    # the interrupts are spread over it, whatever the load.
    begin = time.monotonic()
    _, process = started('whole')
    process.communicate(timeout=120)
    whole = time.monotonic() - begin
    assert process.returncode == 0
    interrupted = 0
    for share in (0.3, 0.45, 0.6, 0.75, 0.9):
        copy, process = started(str(share))
        samples = copy / 'samples'
        time.sleep(whole * share)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)
        assert 'Traceback' not in err
        # Python lets SIGINT end the process, silently, while it starts
        # and once it finalises; in between, the command ends it.
        if process.returncode not in (0, -signal.SIGINT):
            assert process.returncode == entrypoint.EXIT_INTERRUPTED, err
            assert err.splitlines()[-1] == entrypoint.INTERRUPTED
            interrupted += 1
        assert sampledir.leftovers(samples) == []
        for path in samples.rglob('*.json'):
            json.loads(path.read_text())
    assert interrupted, 'no Ctrl-C reached the command while it ran'
