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

"""``versioned-notifications adopt`` on a repository laid out as Nova's and
Watcher's are: minicompute (tests/miniproject) with a copied
doc/ext/versioned_notifications.py, its samples in
doc/notification_samples, a conf.py loading the copy, tox.ini and
doc/requirements.txt; then the command's own check and a real
``sphinx-build -W`` of the adopted documentation."""

import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from versioned_notifications import adopt
from versioned_notifications import cli

MINI = pathlib.Path(__file__).parent / 'miniproject'

# A copy of the extension in the shape Nova's and Watcher's have: what the
# adopt command reads from it is the registry, the notification base and
# SAMPLE_ROOT.
LEGACY_EXTENSION = '''\
"""The notification list, as services copied it."""

from docutils import nodes
from docutils.parsers.rst import Directive

from minicompute import notification_base as notification
from minicompute import objects as base


class VersionedNotificationDirective(Directive):

    SAMPLE_ROOT = 'doc/notification_samples/'

    def run(self):
        base.MiniComputeObjectRegistry.register_notification_objects()
        items = nodes.bullet_list()
        for name, classes in sorted(
                base.MiniComputeObjectRegistry.obj_classes().items()):
            if issubclass(classes[0], notification.ComputeNotificationBase):
                items += nodes.list_item('', nodes.paragraph(text=name))
        return [items]


def setup(app):
    app.add_directive('versioned_notifications',
                      VersionedNotificationDirective)
'''

CONF = '''\
import os
import sys

sys.path.insert(0, os.path.abspath('../'))

extensions = [
    'ext.versioned_notifications',
]
project = 'minicompute'
'''

TOX = '''\
[tox]
envlist = py3

[testenv:docs]
deps = -r{toxinidir}/doc/requirements.txt
commands =
  sphinx-build -W --keep-going -b html doc/source doc/build/html
'''


@pytest.fixture
def legacy(tmp_path, monkeypatch):
    """minicompute as a repository that copied the extension."""
    root = tmp_path / 'minicompute'
    shutil.copytree(MINI / 'minicompute', root / 'minicompute',
                    ignore=shutil.ignore_patterns('__pycache__'))
    samples = root / 'doc' / 'notification_samples'
    # Samples only: the copied extension knew no contracts.
    shutil.copytree(MINI / 'samples', samples, ignore=shutil.ignore_patterns(
        'schemas', 'asyncapi.json'))
    # A sample of an event no class names: FlavorPayload's delete.
    flavor = json.loads((samples / 'flavor-create.json').read_text())
    flavor['event_type'] = 'flavor.delete'
    (samples / 'flavor-delete.json').write_text(json.dumps(flavor,
                                                           indent=2))
    (root / 'doc' / 'ext').mkdir()
    (root / 'doc' / 'ext' / '__init__.py').write_text('')
    (root / 'doc' / 'ext' / 'versioned_notifications.py').write_text(
        LEGACY_EXTENSION)
    (root / 'doc' / 'source').mkdir()
    (root / 'doc' / 'source' / 'conf.py').write_text(CONF)
    (root / 'doc' / 'source' / 'index.rst').write_text(
        'Notifications\n=============\n\n.. versioned_notifications::\n')
    (root / 'doc' / 'requirements.txt').write_text('sphinx>=2.0\n')
    (root / 'tox.ini').write_text(TOX)
    (root / 'setup.cfg').write_text('[metadata]\nname = minicompute\n')
    monkeypatch.chdir(root)
    monkeypatch.syspath_prepend(str(root))
    return root


def run(capsys, *argv):
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def snapshot(root):
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob('*')) if path.is_file()
            and '__pycache__' not in path.parts}


def test_a_dry_run_shows_the_plan_and_writes_nothing(legacy, capsys):
    before = snapshot(legacy)
    status, out, err = run(capsys, 'adopt', '--dry-run')
    assert status == 0, out + err
    assert snapshot(legacy) == before
    assert out.startswith(
        'adopt: doc/source/conf.py loads the copied '
        'doc/ext/versioned_notifications.py; registry '
        'minicompute.objects:MiniComputeObjectRegistry, notification base '
        'minicompute.notification_base:ComputeNotificationBase, samples in '
        'doc/notification_samples\n')
    assert ('declared flavor-delete.json: flavor.delete, an event of '
            'FlavorCreateNotification\n') in out
    assert ('declared server-create-end_locked.json: server.create.end, a '
            'variant of ServerCreateNotification\n') in out
    assert "-    'ext.versioned_notifications',\n" in out
    assert "+    'versioned_notifications.sphinxext',\n" in out
    assert ('delete doc/ext/versioned_notifications.py (replaced by '
            'versioned_notifications.sphinxext)') in out
    assert out.rstrip().endswith('(nothing written: --dry-run)')


def test_adopt_then_check_and_a_warning_free_build(legacy, capsys):
    samples = legacy / 'doc' / 'notification_samples'
    aggregate = json.loads((samples / 'aggregate-add_host-end.json')
                           .read_text())

    status, out, err = run(capsys, 'adopt')

    assert status == 0, out + err
    assert not (legacy / 'doc' / 'ext' / 'versioned_notifications.py'
                ).exists()
    project = (legacy / 'doc' / 'notification_project.py').read_text()
    assert "registry='minicompute.objects:MiniComputeObjectRegistry'," in \
        project
    assert "'flavor.delete': {\n" in project
    assert "'ServerCreateNotification': " \
        "['server-create-end_locked.json']," in project
    assert (legacy / 'setup.cfg').read_text().endswith(
        '[versioned_notifications]\n'
        '# The notification project the versioned-notifications command '
        'documents\n# (doc/notification_project.py), imported from '
        'pythonpath.\nproject = notification_project:PROJECT\n'
        'pythonpath = doc\n')
    tox = (legacy / 'tox.ini').read_text()
    assert ('commands =\n  versioned-notifications check\n'
            '  sphinx-build -W') in tox
    assert '[testenv:samples]' in tox
    assert (legacy / 'doc' / 'requirements.txt').read_text() == (
        'sphinx>=2.0\nversioned-notifications[sphinx]  # Apache-2.0\n')
    # The data is kept; the contracts go beside the samples' directory.
    assert json.loads((samples / 'aggregate-add_host-end.json').read_text(
        )) == aggregate
    contracts = legacy / 'doc' / 'notification_contracts'
    assert (contracts / 'asyncapi.json').is_file()
    assert (contracts / 'schemas' / 'history').is_dir()
    assert not (samples / 'schemas').exists()

    status, out, err = run(capsys, 'check')
    assert status == 0, out + err

    # The documentation as its tox environment builds it.
    env = dict(os.environ, PYTHONPATH=str(legacy))
    done = subprocess.run(
        [sys.executable, '-m', 'sphinx', '-W', '--keep-going', '-q', '-b',
         'html', 'doc/source', 'doc/build/html'], cwd=legacy, env=env,
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    page = (legacy / 'doc' / 'build' / 'html' / 'index.html').read_text()
    assert 'id="notification-flavor.delete"' in page
    assert 'server-create-end_locked.json' in page


def test_adopting_twice_is_refused_naming_the_section(legacy, capsys):
    assert run(capsys, 'adopt')[0] == 0
    before = snapshot(legacy)
    status, out, err = run(capsys, 'adopt')
    assert status == 2
    assert err == ('versioned-notifications: error: %s has a '
                   '[versioned_notifications] section already: the '
                   'repository is adopted (run "versioned-notifications '
                   'generate" or "check"), or remove the section to adopt '
                   'again\n' % (legacy / 'setup.cfg'))
    assert snapshot(legacy) == before


def test_a_project_file_in_the_way_is_never_overwritten(legacy, capsys):
    module = legacy / 'doc' / 'notification_project.py'
    module.write_text('# mine\n')
    before = snapshot(legacy)
    status, out, err = run(capsys, 'adopt')
    assert status == 2
    assert err == ('versioned-notifications: error: %s exists already: the '
                   'repository is adopted already (or move that file away)'
                   '\n' % module)
    assert snapshot(legacy) == before


def test_without_a_copied_extension_it_says_what_to_pass(tmp_path,
                                                         monkeypatch,
                                                         capsys):
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, 'adopt')
    assert status == 2
    assert err == ('versioned-notifications: error: no copied extension at '
                   '%s: run adopt at the top of the repository, or name the '
                   'copy with --extension PATH\n'
                   % (tmp_path / adopt.EXTENSION))


def test_an_extension_that_names_nothing_asks_for_the_settings(legacy,
                                                               capsys):
    (legacy / 'doc' / 'ext' / 'versioned_notifications.py').write_text(
        '"""Nothing to read."""\n')
    status, out, err = run(capsys, 'adopt')
    assert status == 2
    assert err == (
        'versioned-notifications: error: %s does not say the registry and '
        'the notification base and the sample directory: pass --registry '
        'MODULE:CLASS, --notification-base MODULE:CLASS, --sample-dir DIR\n'
        % (legacy / 'doc' / 'ext' / 'versioned_notifications.py'))
    status, out, err = run(
        capsys, 'adopt', '--dry-run', '--registry',
        'minicompute.objects:MiniComputeObjectRegistry',
        '--notification-base',
        'minicompute.notification_base:ComputeNotificationBase',
        '--sample-dir', 'doc/notification_samples')
    assert status == 0, err


def test_a_file_changed_after_planning_is_never_overwritten(legacy):
    found = adopt.find(legacy)
    changes, _ = adopt.plan(found)
    conf = legacy / 'doc' / 'source' / 'conf.py'
    conf.write_text(CONF + '\n# edited meanwhile\n')
    before = snapshot(legacy)
    with pytest.raises(adopt.AdoptError, match='conf.py changed since adopt '
                       'read it'):
        adopt.apply(changes)
    assert snapshot(legacy) == before
