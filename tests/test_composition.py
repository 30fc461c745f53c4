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

"""Composed samples ($ref fragments) and declared variants, end to end on
minicompute, whose server samples share common_payloads/ fragments and
which declares server-create-end_locked.json a variant."""

import json
import os
import shutil
import subprocess
import sys

from tests.test_miniproject import MINI
from tests.test_miniproject import run_cli
from versioned_notifications import composition
from versioned_notifications import project as vn_project
from versioned_notifications import samplefile

FRAGMENT = 'common_payloads/ServerPayload.json'
FLAVOR = 'common_payloads/FlavorPayload.json'
VARIANT = 'server-create-end_locked.json'
REF = 'common_payloads/ServerPayload.json#'


def copy(tmp_path):
    samples = tmp_path / 'samples'
    shutil.copytree(MINI / 'samples', samples)
    return samples


def edit(path, change):
    value = json.loads(path.read_text())
    change(value)
    path.write_text(json.dumps(value, indent=4) + '\n')


def test_committed_server_samples_are_composed():
    raw = json.loads((MINI / 'samples' / 'server-create-start.json')
                     .read_text())
    # Exactly the difference to the fragment, which is create.end's data.
    assert raw['payload'] == {
        '$ref': REF, 'minicompute_object.data': {'power_state': 'shutdown'}}
    end = json.loads((MINI / 'samples' / 'server-create-end.json')
                     .read_text())
    assert end['payload'] == {'$ref': REF}
    fragment = json.loads((MINI / 'samples' / FRAGMENT).read_text())
    assert fragment['minicompute_object.data']['flavor'] == {
        '$ref': 'FlavorPayload.json#'}


def test_a_stale_fragment_fails_check(tmp_path):
    samples = copy(tmp_path)
    flavor = samples / FLAVOR
    flavor.write_text(flavor.read_text().replace('"vcpus": 1',
                                                 '"vcpus": 2'))
    result = run_cli('check', '--output', str(samples))
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'stale %s' % flavor in result.stdout
    assert '-        "vcpus": 2\n' in result.stdout


def test_generate_writes_exactly_the_difference(tmp_path):
    samples = copy(tmp_path)
    start = samples / 'server-create-start.json'
    full = samplefile.read(start).message
    before = start.read_text()

    # Redundant overrides (the whole payload) and a stale fragment.
    def redundant(value):
        value['payload'] = dict(full['payload'], **{'$ref': REF})
    edit(start, redundant)
    edit(samples / FRAGMENT, lambda v: v['minicompute_object.data'].update(
        display_name='old', gone='x'))
    result = run_cli('generate', '--output', str(samples))
    assert result.returncode == 0, result.stdout + result.stderr
    assert start.read_text() == before
    assert (samples / FRAGMENT).read_text() == (
        MINI / 'samples' / FRAGMENT).read_text()
    assert run_cli('check', '--output', str(samples)).returncode == 0


def test_prune_keeps_variants_and_fragments(tmp_path):
    samples = copy(tmp_path)
    (samples / 'leftover.json').write_text('{}')
    result = run_cli('generate', '--prune', '--output', str(samples))
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'deleted %s' % (samples / 'leftover.json') in result.stdout
    assert (samples / VARIANT).read_text() == (
        MINI / 'samples' / VARIANT).read_text()
    assert (samples / FRAGMENT).is_file() and (samples / FLAVOR).is_file()
    assert 'orphan' not in run_cli('check', '--output',
                                   str(samples)).stdout


def test_a_variant_with_an_unknown_field_fails_check(tmp_path):
    samples = copy(tmp_path)
    edit(samples / VARIANT, lambda v: v['payload'].update(
        {'minicompute_object.data': {'colour': 'red'},
         'minicompute_object.version': '2.0'}))
    result = run_cli('check', '--output', str(samples))
    assert result.returncode == 1, result.stdout + result.stderr
    where = 'invalid %s (variant of ServerCreateNotification): ' % (
        samples / VARIANT)
    assert where + ('ServerPayload: the sample has field(s) the code does '
                    'not: colour') in result.stdout
    assert where + 'ServerPayload: version 2.0 in the sample, 1.0 in the ' \
        'code' in result.stdout


def test_a_variant_pattern_matching_nothing_fails_check(tmp_path):
    samples = copy(tmp_path)
    (tmp_path / 'otherdoc.py').write_text(
        'import dataclasses\n'
        'from minicompute.doc import PROJECT\n'
        'P = dataclasses.replace(PROJECT, variants={\n'
        '    "ServerCreateNotification": ["server-create-end_*.json",\n'
        '                                 "nope-*.json"]})\n')
    env = dict(os.environ, PYTHONPATH='%s%s%s' % (MINI, os.pathsep,
                                                   tmp_path))
    result = subprocess.run(
        [sys.executable, '-m', 'versioned_notifications.cli', '--project',
         'otherdoc:P', 'check', '--output', str(samples)],
        cwd=MINI, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "ServerCreateNotification: 'nope-*.json' matches no file" in (
        result.stdout)


def test_a_ref_leaving_the_sample_directory_is_refused(tmp_path):
    samples = copy(tmp_path)
    outside = tmp_path / 'x.json'
    outside.write_text('{"minicompute_object.name": "ServerPayload"}')
    start = samples / 'server-create-start.json'
    edit(start, lambda v: v['payload'].update({'$ref': '../x.json'}))
    before = start.read_text()
    for command in ('check', 'generate'):
        result = run_cli(command, '--output', str(samples))
        assert result.returncode == 2, result.stdout + result.stderr
        assert 'leaves the sample directory' in result.stderr
        assert 'Traceback' not in result.stderr
    # Neither the fragment outside nor the refused sample was written.
    assert outside.read_text() == (
        '{"minicompute_object.name": "ServerPayload"}')
    assert start.read_text() == before


def test_an_object_lacking_a_fragment_key_is_written_in_full(tmp_path):
    (tmp_path / 'c').mkdir()
    (tmp_path / 'c' / 'F.json').write_text('{"a": 1, "b": 2}')
    referrer = tmp_path / 's.json'
    resolver = samplefile.Resolver(tmp_path)
    raw = {'p': {'$ref': 'c/F.json#'}, 'q': {'$ref': 'c/F.json#'}}
    value = {'p': {'a': 1}, 'q': {'a': 1, 'b': 3}}
    # No override can remove "b": p is written in full, q stays composed.
    assert composition.recompose(value, raw, referrer, resolver) == {
        'p': {'a': 1}, 'q': {'$ref': 'c/F.json#', 'b': 3}}


def test_a_ref_among_the_overrides_of_a_ref_is_kept(tmp_path):
    # Nova's common_payloads/InstanceExistsPayload.json: a fragment
    # composed of another, whose overrides hold a "$ref" of their own.
    (tmp_path / 'c').mkdir()
    (tmp_path / 'c' / 'Base.json').write_text('{"a": 1, "d": {"x": 0}}')
    (tmp_path / 'c' / 'Period.json').write_text('{"b": 2}')
    referrer = tmp_path / 'c' / 'Exists.json'
    resolver = samplefile.Resolver(tmp_path)
    raw = {'$ref': 'Base.json#', 'p': {'$ref': 'Period.json#'}}
    value = {'a': 1, 'd': {'x': 0}, 'p': {'b': 2}, 'u': 'new'}
    assert composition.recompose(value, raw, referrer, resolver) == {
        '$ref': 'Base.json#', 'p': {'$ref': 'Period.json#'}, 'u': 'new'}
    # The nested fragment no longer fits: written in full there.
    changed = dict(value, p={'b': 3, 'c': 4})
    assert composition.recompose(changed, raw, referrer, resolver) == {
        '$ref': 'Base.json#', 'p': {'$ref': 'Period.json#', 'b': 3, 'c': 4},
        'u': 'new'}
    lacking = dict(value, p={})
    assert composition.recompose(lacking, raw, referrer, resolver) == {
        '$ref': 'Base.json#', 'p': {}, 'u': 'new'}


def test_variants_are_normalised_and_hashable():
    project = vn_project.NotificationProject(
        registry='a:b', notification_base='a:c',
        variants={'B': 'one.json', 'A': ['x-*.json', 'y.json']})
    assert project.variants == (('A', ('x-*.json', 'y.json')),
                                ('B', ('one.json',)))
    assert hash(project) == hash(vn_project.NotificationProject(
        registry='a:b', notification_base='a:c',
        variants={'A': ('x-*.json', 'y.json'), 'B': ['one.json']}))


def test_a_fragment_no_sample_reaches_is_an_orphan(tmp_path):
    samples = copy(tmp_path)
    unused = samples / 'common_payloads' / 'UnusedPayload.json'
    unused.write_text((samples / FRAGMENT).read_text())
    result = run_cli('check', '--output', str(samples))
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'orphan %s (nothing generates it)' % unused in result.stdout
    pruned = run_cli('generate', '--prune', '--output', str(samples))
    assert pruned.returncode == 0, pruned.stdout + pruned.stderr
    assert not unused.exists()
    # The fragments the samples reach stay.
    assert (samples / FRAGMENT).exists()
    assert run_cli('check', '--output', str(samples)).returncode == 0
