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

"""The primer: versioned-notifications adopted by real services.

Adopts python-watcher and Nova from their sdists with ``versioned-notifications
adopt``, as their maintainers would, and checks the result against the
primer's own project files (watcher_project.py, nova_project.py: the
oracle of what adopt must declare and the library must find), in order:

1. the service's tree: the sdist of the installed distribution is
   downloaded from the package index and unpacked whole into a work
   directory (never into this repository), made a git repository (a
   clone's history is what openstackdocstheme and ``check --against``
   read), its committed samples copied aside;
2. ``versioned-notifications adopt`` in the tree: what it declares and
   writes agrees with the project file, the samples are regenerated
   (composed ones staying composed, their fragments, the variants kept),
   at least 99% of the committed values kept; the adoption committed,
   ``versioned-notifications check --against HEAD`` passes;
3. each regenerated payload is loaded back into the service's classes and
   its version compared with the class's;
4. each sample is validated against its JSON Schemas, and the AsyncAPI
   document against the official AsyncAPI 3.0.0 schema;
5. the service's whole documentation is built as its tox ``docs``
   environment builds it (``sphinx-build -W --keep-going``), every event
   type with its section on the page holding the directive;
6. each payload is passed through the library's NotificationEndpoint;
7. the contract of every class (notification classes, payloads, nested
   objects) that adopt recorded is at the class's current version, and
   comparing the classes with them finds nothing to bump (Watcher changed
   field types within a major version, which a first recording must not
   hold against it).

Each registry is a :class:`Profile` (``--registry watcher``, ``--registry
nova``; default: every one). Every step prints what it counted; any
failure (0 classes found included) makes the exit status 1. ``tox -e
primer`` runs it; ``--sdist`` takes an already downloaded sdist (tarball
or unpacked directory) instead.
"""

import argparse
import configparser
import contextlib
import dataclasses
import fnmatch
import hashlib
import importlib
from importlib import metadata
import inspect
import json
import logging
import os
import pathlib
import pkgutil
import re
import shlex
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import traceback
import warnings

warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
ASYNCAPI_SCHEMA = REPO / 'tests' / 'schemas' / 'asyncapi-3.0.0.json'
# The command adopt and check run as: the one installed in this
# environment, beside its Python.
COMMAND = pathlib.Path(sys.executable).parent / 'versioned-notifications'
GENERATE_SUMMARY = re.compile(
    r'^(\d+) written, (\d+) unchanged, (\d+) deleted, (\d+) failed in ',
    re.MULTILINE)
ORPHAN_LINE = re.compile(r'^orphan (\S+)', re.MULTILINE)
# adopt's report of a sample no class names, and of a file it changed.
DECLARED_LINE = re.compile(
    r'^declared (\S+): (\S+), (an event|a variant) of (\w+)$', re.MULTILINE)
CHANGE_LINE = re.compile(r'^(wrote|changed|deleted) ([^/\s]\S*) \(',
                         re.MULTILINE)
STEPS = 7
# Of the committed values at the paths a regenerated sample still has, the
# share it must keep (issue 17: the samples are what readers see).
KEPT_AT_LEAST = 0.99
# Who commits in the work directory's git repository (never this
# repository's), with no user or system configuration (signing, hooks).
GIT_ENV = {
    'GIT_AUTHOR_NAME': 'versioned-notifications primer',
    'GIT_AUTHOR_EMAIL': 'primer@example.invalid',
    'GIT_COMMITTER_NAME': 'versioned-notifications primer',
    'GIT_COMMITTER_EMAIL': 'primer@example.invalid',
    'GIT_CONFIG_NOSYSTEM': '1',
    'GIT_CONFIG_GLOBAL': os.devnull,
}


@dataclasses.dataclass(frozen=True)
class Profile:
    """One real registry the primer adopts."""

    # --registry name and the name steps print.
    key: str
    label: str
    # The distribution installed next to this project (tox.ini pins its
    # version) and whose sdist is adopted.
    distribution: str
    # The project file in primer/, as --project takes it: the oracle of
    # what adopt declares.
    project_spec: str
    # The class whose obj_from_primitive reads the service's object
    # namespace (the listener's object base).
    object_base: str
    # The committed samples inside the sdist.
    sdist_samples: str = 'doc/notification_samples'


PROFILES = {profile.key: profile for profile in (
    Profile(key='watcher', label='Watcher', distribution='python-watcher',
            project_spec='watcher_project:PROJECT',
            object_base='watcher.objects.base:WatcherObject'),
    Profile(key='nova', label='Nova', distribution='nova',
            project_spec='nova_project:PROJECT',
            object_base='nova.objects.base:NovaObject'),
)}


class StepFailed(Exception):
    """A step failed; the message says what and why."""


def _import(dotted):
    module_name, _, attribute = dotted.partition(':')
    obj = importlib.import_module(module_name)
    for part in attribute.split('.'):
        obj = getattr(obj, part)
    return obj


def _indent(text, prefix='    | '):
    return ''.join(prefix + line + '\n' for line in text.splitlines())


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _load_json(path, what):
    try:
        return json.loads(path.read_text('utf-8'))
    except FileNotFoundError:
        raise StepFailed('%s %s does not exist' % (what, path)) from None
    except (OSError, ValueError) as exc:
        raise StepFailed('%s %s cannot be read as JSON: %s'
                         % (what, path, exc)) from None


class Primer:

    def __init__(self, args, workdir, profile):
        self.args = args
        self.profile = profile
        self.workdir = workdir
        # Set by step 1: the unpacked tree, its sample directory, and a
        # pristine copy of the committed samples (outside the tree).
        self.tree = None
        self.samples_dir = None
        self.pristine = workdir / 'committed'
        # Set by step 2: where the adopted project puts the contracts.
        self.contracts_dir = None
        self.failed = []
        self.counts = {}
        # The primer's project file, and the one adopt wrote.
        self.oracle = None
        self.project = None
        # Oracle, read from the service's package and committed files
        # without the library: the notification classes that name samples
        # or send declared events, their samples, the fragments the
        # committed samples reach, the declared variants and events found
        # among the committed files.
        self.expected_classes = {}
        self.expected_samples = {}
        self.expected_fragments = []
        self.expected_variants = {}
        self.expected_events = {}
        self.composed_before = []
        self.orphans = []
        self.regenerated = False
        self.noted = False
        self.started = time.monotonic()

    # Running the steps.

    def step(self, number, title, function):
        print('\n[%d/%d] %s' % (number, STEPS, title), flush=True)
        self.noted = False
        try:
            result = function()
        except StepFailed as exc:
            print('  FAILED: %s' % exc, flush=True)
            self.failed.append((number, title, str(exc)))
            return False
        except Exception as exc:
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            message = ('unexpected %s: %s (at %s:%d)'
                       % (type(exc).__name__, exc, frame.filename,
                          frame.lineno))
            print('  FAILED: %s' % message, flush=True)
            self.failed.append((number, title, message))
            return False
        print('  ok: %s' % result, flush=True)
        return True

    def unadopted(self, what):
        """Say once per step that step 2 failed, so that what the step
        reads is the tree as adopt left it."""
        if not self.regenerated and not self.noted:
            print('  (step 2 failed: %s)' % what)
            self.noted = True

    def run(self):
        version = self.installed_version()
        import versioned_notifications
        print('primer: %s %s, versioned-notifications %s (%s), work '
              'directory %s'
              % (self.profile.distribution, version,
                 versioned_notifications.__version__,
                 pathlib.Path(versioned_notifications.__file__).parent,
                 self.workdir))
        if not self.step(1, '%s\'s tree, from its sdist, as a git '
                         'repository' % self.profile.label,
                         lambda: self.fetch_tree(version)):
            return self.summary(version)
        if not self.step(2, 'versioned-notifications adopt, in the tree',
                         self.adopt) and self.project is None:
            # Nothing adopted: the other steps would only repeat it.
            return self.summary(version)
        self.step(3, 'payloads loaded back into %s\'s classes'
                  % self.profile.label, self.load_back)
        self.step(4, 'JSON Schemas and the AsyncAPI document',
                  self.validate)
        self.step(5, '%s\'s documentation, as its tox docs environment '
                  'builds it' % self.profile.label, self.build_docs)
        self.step(6, 'payloads read by the listener (NotificationEndpoint)',
                  self.listen)
        self.step(7, 'contracts recorded at the current versions, compared '
                  'clean', self.recorded_contracts)
        return self.summary(version)

    def installed_version(self):
        try:
            return metadata.version(self.profile.distribution)
        except metadata.PackageNotFoundError:
            print('primer: %s is not installed here; run "tox -e primer", '
                  'which installs it' % self.profile.distribution,
                  file=sys.stderr)
            raise SystemExit(2) from None

    def summary(self, version):
        counts = self.counts
        elapsed = time.monotonic() - self.started
        if 'sections' in counts:
            docs = ('documentation (whole tree) built with -W in %s, %s '
                    'warnings, %s event types shown with their section and '
                    '%s samples on %s'
                    % (counts['docs_time'], counts['warnings'],
                       counts['sections'], counts['shown'], counts['pages']))
        elif 'docs_time' in counts:
            docs = ('documentation built in %s with %s warnings'
                    % (counts['docs_time'], counts['warnings']))
        else:
            docs = 'documentation not built'
        print('\nprimer summary: %s %s: adopted (%s events and %s variants '
              'declared); %s classes, %s samples regenerated (%s written, '
              '%s unchanged, %s failed, %s orphans; %s composed, %s '
              'fragments, %s variants kept); data kept: %s committed values '
              '(%s), %s placeholders; %s loaded back, %s listener-read, %s '
              'schema-validated, AsyncAPI %s; %s; %s classes\' contracts '
              'recorded and clean; %.0f s'
              % (self.profile.distribution, version,
                 counts.get('events', '?'),
                 counts.get('declared_variants', '?'),
                 counts.get('classes', '?'), counts.get('regenerated', '?'),
                 counts.get('written', '?'), counts.get('unchanged', '?'),
                 counts.get('failed', '?'), counts.get('orphans', '?'),
                 counts.get('composed', '?'), counts.get('fragments', '?'),
                 counts.get('variants', '?'),
                 counts.get('kept', '?'), counts.get('kept_share', '?'),
                 counts.get('placeholders', '?'),
                 counts.get('loaded', '?'), counts.get('listened', '?'),
                 counts.get('validated', '?'),
                 counts.get('asyncapi', 'not checked'), docs,
                 counts.get('contracts', '?'), elapsed))
        if self.failed:
            print('primer FAILED (%s): %d of %d steps failed:'
                  % (self.profile.key, len(self.failed), STEPS))
            for number, title, message in self.failed:
                print('  step %d (%s): %s' % (number, title, message))
            return 1
        print('primer OK (%s): every step passed' % self.profile.key)
        return 0

    # Step 1.

    def fetch_tree(self, version):
        source = self.args.sdist
        if source is None:
            download = self.workdir / 'sdist'
            download.mkdir()
            command = [sys.executable, '-m', 'pip', 'download', '--no-deps',
                       '--no-binary', ':all:', '--dest', str(download),
                       '%s==%s' % (self.profile.distribution, version)]
            print('  $ %s' % ' '.join(command), flush=True)
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode:
                raise StepFailed(
                    'pip download of %s==%s failed (exit %d):\n%s'
                    % (self.profile.distribution, version, done.returncode,
                       _indent(done.stdout + done.stderr)))
            tarballs = sorted(download.glob('*.tar.gz'))
            if len(tarballs) != 1:
                raise StepFailed('pip download left %d sdists in %s, not 1'
                                 % (len(tarballs), download))
            source = tarballs[0]
        source = pathlib.Path(source)
        if source.is_file():
            unpacked = self.workdir / 'unpacked'
            try:
                with tarfile.open(source) as archive:
                    # 'data': nothing outside the directory, and the files
                    # owned by whoever runs this (git refuses a repository
                    # owned by another user).
                    archive.extractall(unpacked, filter='data')
            except (OSError, tarfile.TarError) as exc:
                raise StepFailed('cannot unpack %s: %s' % (source, exc)
                                 ) from None
            roots = [p for p in unpacked.iterdir() if p.is_dir()]
            if len(roots) != 1:
                raise StepFailed('%s does not hold one top directory'
                                 % source)
            self.tree = roots[0]
        elif source.is_dir():
            # Copied: adopt changes the tree, never the directory given.
            self.tree = self.workdir / source.resolve().name
            shutil.copytree(source, self.tree, symlinks=True,
                            ignore=shutil.ignore_patterns('.git', '.tox'))
        else:
            raise StepFailed('--sdist %s is neither a file nor a directory'
                             % source)
        self.samples_dir = self.tree / self.profile.sdist_samples
        if not self.samples_dir.is_dir():
            raise StepFailed('%s has no %s directory'
                             % (self.tree, self.profile.sdist_samples))
        names = sorted(p.name for p in self.samples_dir.glob('*.json')
                       if p.is_file())
        if not names:
            raise StepFailed('%s holds no *.json sample' % self.samples_dir)
        # The samples as committed (fragments included), for what
        # generate must keep of them.
        shutil.copytree(self.samples_dir, self.pristine)
        others = sorted(p.relative_to(self.samples_dir).as_posix()
                        for p in self.samples_dir.rglob('*.json')
                        if p.is_file() and p.parent != self.samples_dir)
        files, _ = self.commit('%s %s, as released (sdist)'
                               % (self.profile.distribution, version),
                               init=True)
        self.counts['committed'] = len(names)
        return ('%s: %d files committed to a new git repository; %d '
                'committed samples and %d other files (fragments) in %s, '
                'copied to %s' % (self.tree, files, len(names), len(others),
                                  self.profile.sdist_samples, self.pristine))

    def commit(self, message, init=False):
        """Commit the whole tree (a new repository with ``init``), dated
        as the sdist was made, so that a run is reproducible; the number
        of files tracked and what changed (git's shortstat)."""
        if shutil.which('git') is None:
            raise StepFailed('git is not installed: the primer makes the '
                             'sdist a git repository, as a clone is '
                             '(openstackdocstheme and "check --against" '
                             'read its history); install git')
        stamp = self.tree / 'PKG-INFO'
        date = '%d +0000' % int((stamp if stamp.exists() else
                                 self.tree).stat().st_mtime)
        if init:
            self.git('init', '-q', '-b', 'main')
        self.git('add', '-A')
        changed = ' '.join(self.git('diff', '--cached', '--shortstat').split())
        # --allow-empty: a command that changed nothing is said by the
        # checks that follow, not by git.
        self.git('commit', '-q', '--no-verify', '--allow-empty', '-m',
                 message, date=date)
        return len(self.git('ls-files', '-z').split('\0')) - 1, changed

    def git(self, *args, date=None):
        env = dict(os.environ, **GIT_ENV)
        if date:
            env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
        done = subprocess.run(['git', *args], cwd=self.tree, env=env,
                              capture_output=True, text=True)
        if done.returncode:
            raise StepFailed('git %s failed in %s (exit %d):\n%s'
                             % (' '.join(args), self.tree, done.returncode,
                                _indent(done.stdout + done.stderr)))
        return done.stdout

    # Step 2.

    def load_oracle(self):
        """The primer's project file (the oracle of what adopt declares),
        and what the service's package and committed files make the
        primer expect (find_expected)."""
        if self.oracle is None:
            from versioned_notifications import project as vn_project
            sys.path.insert(0, str(HERE))
            try:
                self.oracle = vn_project.load_project(
                    self.profile.project_spec)
                for name in self.oracle.modules:
                    importlib.import_module(name)
            except vn_project.ProjectError as exc:
                raise StepFailed('the project file %s cannot be loaded: %s'
                                 % (self.profile.project_spec, exc)
                                 ) from None
            except Exception as exc:
                raise StepFailed('the project\'s modules cannot be imported: '
                                 '%s: %s' % (type(exc).__name__, exc)
                                 ) from None
            self.find_expected()
        return self.oracle

    def load_project(self):
        """The project adopt wrote, found as the command finds it: the
        ``[versioned_notifications]`` section of the tree's setup.cfg,
        imported from its ``pythonpath``."""
        if self.project is None:
            self.load_oracle()
            from versioned_notifications import cli
            from versioned_notifications import contracts
            from versioned_notifications import project as vn_project
            setup_cfg = self.tree / 'setup.cfg'
            try:
                spec = cli.project_from_setup_cfg(self.tree)
                if not spec:
                    raise StepFailed('%s names no project in a '
                                     '[versioned_notifications] section: the '
                                     'tree is not adopted' % setup_cfg)
                for path in reversed(cli.pythonpath_from_setup_cfg(
                        self.tree)):
                    sys.path.insert(0, str(path))
                project = vn_project.load_project(spec)
                layout = contracts.Layout.of(project, self.samples_dir)
            except StepFailed:
                raise
            except Exception as exc:
                raise StepFailed('the adopted project (%s) cannot be loaded: '
                                 '%s: %s' % (setup_cfg, type(exc).__name__,
                                             exc)) from None
            self.project = project
            self.contracts_dir = pathlib.Path(layout.directory)
        return self.project

    def find_expected(self):
        """What the service's package defines, found by walking its
        modules, not through the registry, and what its committed files
        hold, read as plain JSON: the standard the library is held to."""
        from versioned_notifications import project as vn_project
        oracle = self.oracle
        base = _import(oracle.notification_base)
        defined = {}
        for package_name in oracle.modules:
            package = importlib.import_module(package_name)
            modules = [package]
            for info in pkgutil.walk_packages(
                    getattr(package, '__path__', []), package_name + '.'):
                modules.append(importlib.import_module(info.name))
            for module in modules:
                for _, cls in inspect.getmembers(module, inspect.isclass):
                    if issubclass(cls, base) and cls is not base:
                        defined.setdefault(cls.__name__, cls)
                        if cls.__dict__.get('samples'):
                            self.expected_classes[cls.__name__] = cls
        for _, cls in sorted(self.expected_classes.items()):
            for sample in cls.samples:
                self.expected_samples[sample] = cls
        # The events the project file declares: each sample named after
        # its event type with the dots replaced by "-", as Watcher's and
        # Nova's own samples are (action_plan-cancel-start.json).
        named_by_classes = len(self.expected_samples)
        for event in vn_project.declared_events(oracle):
            cls = defined.get(event.notification)
            if cls is None:
                raise StepFailed('%s declares %s an event of %s, which %s '
                                 'does not define as a notification class'
                                 % (self.profile.project_spec,
                                    event.event_type, event.notification,
                                    ', '.join(oracle.modules)))
            sample = event.sample or '%s.json' % event.event_type.replace(
                '.', '-')
            self.expected_events[sample] = event.event_type
            self.expected_samples[sample] = cls
            self.expected_classes[cls.__name__] = cls
        committed = sorted(p.name for p in self.pristine.glob('*.json'))
        # The variants the project declares, matched here on the committed
        # file names: committed samples no class names, never orphans.
        for class_name, patterns in oracle.variants:
            for pattern in patterns:
                for name in fnmatch.filter(committed, pattern):
                    self.expected_variants[name] = class_name
        unnamed_committed = [n for n in committed
                             if n not in self.expected_samples
                             or n in self.expected_events]
        self.orphans = [n for n in unnamed_committed
                        if n not in self.expected_variants
                        and n not in self.expected_events]
        unnamed = sorted(set(self.expected_samples) - set(committed))
        # Composed samples and the fragments they reach, followed here
        # with plain JSON (not the library's reader).
        self.composed_before = _composed(self.pristine, committed)
        self.expected_fragments = _fragments_reached(
            self.pristine, [n for n in committed
                            if n in self.expected_samples
                            or n in self.expected_variants])
        print('  %s defines %d notification classes naming %d samples; '
              '%d committed samples no class names (%s): %s declares %d '
              'of them events (%s) and %d variants (%s)%s; %d committed '
              'samples composed ("$ref"), reaching %d fragments'
              % (self.profile.label, len(self.expected_classes),
                 named_by_classes, len(unnamed_committed),
                 _names(unnamed_committed), self.profile.project_spec,
                 len(self.expected_events),
                 _names(sorted(self.expected_events)),
                 len(self.expected_variants),
                 _names(sorted(self.expected_variants)),
                 '; named but not committed: %s' % ', '.join(unnamed)
                 if unnamed else '', len(self.composed_before),
                 len(self.expected_fragments)))
        undeclared = [class_name for class_name, _ in oracle.variants
                      if class_name not in self.expected_classes]
        if undeclared:
            raise StepFailed('variants declared for %s, which the package '
                             'does not define as notification classes '
                             'naming samples' % ', '.join(undeclared))
        if not self.expected_classes:
            raise StepFailed('no notification class with samples found in '
                             '%s: is the primer looking at the right '
                             'package?' % ', '.join(oracle.modules))

    def expected_declarations(self):
        """{sample: (event type, 'event' or 'variant', class name)} that
        adopt must declare: the project file's events and variants, each
        variant's event type read from its committed file."""
        expected = {sample: (event_type, 'event',
                             self.expected_samples[sample].__name__)
                    for sample, event_type in self.expected_events.items()}
        for sample, class_name in self.expected_variants.items():
            message = _load_json(self.pristine / sample, 'variant sample')
            expected[sample] = (message.get('event_type'), 'variant',
                                class_name)
        return expected

    def environment(self):
        """The environment of a command run in the tree: this one, with
        this Python's scripts first on PATH, as tox puts them."""
        scripts = str(pathlib.Path(sys.executable).parent)
        return dict(os.environ, PATH=os.pathsep.join(
            [scripts, os.environ.get('PATH', os.defpath)]))

    def command(self, *args):
        """Run the installed versioned-notifications command in the tree:
        (exit status, stdout + stderr)."""
        if not COMMAND.is_file():
            raise StepFailed('%s does not exist: install this project in '
                             'the environment that runs the primer ("tox -e '
                             'primer" does)' % COMMAND)
        print('  $ (cd %s && versioned-notifications %s)'
              % (self.tree, ' '.join(args)), flush=True)
        done = subprocess.run([str(COMMAND), *args], cwd=self.tree,
                              env=self.environment(), capture_output=True,
                              text=True)
        return done.returncode, done.stdout + done.stderr

    def adopt(self):
        self.load_oracle()
        from versioned_notifications import adopt as vn_adopt
        from versioned_notifications import cli
        from versioned_notifications import generator
        from versioned_notifications import project as vn_project
        label = self.profile.label
        status, output = self.command('adopt')
        # The samples' and contracts' "wrote" lines (absolute paths) and
        # the "recorded" ones are counted, not shown.
        hidden = {'wrote': 0, 'recorded': 0}
        shown = []
        for line in output.splitlines():
            if line.startswith('wrote /'):
                hidden['wrote'] += 1
            elif line.startswith('recorded '):
                hidden['recorded'] += 1
            else:
                shown.append(line)
        print(_indent('\n'.join(shown)), end='')
        print('    | (and %d "wrote" lines of samples and contracts, %d '
              '"recorded" lines)' % (hidden['wrote'], hidden['recorded']))
        extension = self.tree / vn_adopt.EXTENSION
        module = pathlib.PurePosixPath(vn_adopt.EXTENSION).parent.parent / (
            '%s.py' % vn_adopt.PROJECT_MODULE)
        problems = []
        if status:
            errors = [line for line in output.splitlines()
                      if line.startswith('versioned-notifications: error:')]
            problems.append('adopt exited with status %d%s' % (
                status, ' (%s)' % errors[-1] if errors else ''))
            if not (self.tree / module).exists():
                raise StepFailed('%s, and wrote no project file (%s)'
                                 % (problems[0], module))
        # What adopt says it declared and changed.
        declared = {sample: (event_type, kind.split()[1], class_name)
                    for sample, event_type, kind, class_name
                    in DECLARED_LINE.findall(output)}
        expected = self.expected_declarations()
        for sample in sorted(set(declared) | set(expected)):
            if declared.get(sample) != expected.get(sample):
                problems.append(
                    '%s: adopt declared it %s, %s declares it %s' % (
                        sample, _declaration(declared.get(sample)),
                        self.profile.project_spec,
                        _declaration(expected.get(sample))))
        self.counts['events'] = sum(1 for _, kind, _ in declared.values()
                                    if kind == 'event')
        self.counts['declared_variants'] = sum(
            1 for _, kind, _ in declared.values() if kind == 'variant')
        changes = set(CHANGE_LINE.findall(output))
        for change in (('wrote', module.as_posix()),
                       ('deleted', vn_adopt.EXTENSION)):
            if change not in changes:
                problems.append('adopt did not say "%s %s"' % change)
        if extension.exists():
            problems.append('the copied extension %s is still there'
                            % vn_adopt.EXTENSION)
        docs = self.docs_environment()
        if not any(shlex.split(line)[:2] == ['versioned-notifications',
                                             'check']
                   for line in docs['commands']):
            problems.append('tox.ini\'s docs environment does not run '
                            '"versioned-notifications check"')
        # The project adopt wrote, against the project file.
        project = self.load_project()
        problems.extend(self.compare_projects(project))
        print('  the adopted project: %s (setup.cfg), %s; samples in %s, '
              'contracts in %s'
              % (cli.project_from_setup_cfg(self.tree), module,
                 self.samples_dir.relative_to(self.tree).as_posix(),
                 pathlib.Path(os.path.relpath(self.contracts_dir,
                                              self.tree)).as_posix()))
        # The library's own view of the adopted tree, in this process (it
        # only reads the directory): which classes it documents, which
        # fragments it regenerates, which variants it keeps.
        try:
            result = generator.generate(project, self.samples_dir)
        except vn_project.ProjectError as exc:
            raise StepFailed('the library cannot load the adopted project: '
                             '%s' % exc) from None
        names = sorted({s.notification_class.__name__
                        for s in result.samples}
                       | {e.notification_class for e in result.errors
                          if e.notification_class})
        self.counts['classes'] = len(names)
        print('  the library discovers %d notification classes, %d '
              'fragments to regenerate (%d kept as they are), %d variants'
              % (len(names), len(result.fragments), len(result.kept),
                 len(result.variants)))
        if not names:
            problems.append(
                'the library discovered 0 notification classes (%s '
                'defines %d: %s)' % (label, len(self.expected_classes),
                                     _names(sorted(self.expected_classes))))
        elif names != sorted(self.expected_classes):
            problems.append(
                'the library discovered %d notification classes, %s '
                'defines %d (missing: %s; unexpected: %s)'
                % (len(names), label, len(self.expected_classes),
                   _names(sorted(set(self.expected_classes) - set(names))),
                   _names(sorted(set(names) - set(self.expected_classes)))))
        problems.extend(self.check_regenerated(output, result))
        # The adoption as a change of the repository, then the check a
        # reviewer's CI runs, against the contracts it recorded.
        _, changed = self.commit('versioned-notifications adopt')
        print('  committed the adoption: %s' % changed)
        status, output = self.command('check', '--against', 'HEAD')
        print(_indent(output), end='')
        if status:
            problems.append('versioned-notifications check --against HEAD '
                            'exited with status %d' % status)
        if problems:
            raise StepFailed('; '.join(problems))
        self.regenerated = True
        return ('adopted: %d events and %d variants declared as %s '
                'declares them; %d classes, %d samples regenerated (%d '
                'written, %d unchanged, 0 failed), %d orphans kept and '
                'reported; %d composed samples still composed, %d fragments '
                'regenerated, %d variants kept unchanged and valid; '
                'committed, and check --against HEAD passes'
                % (self.counts['events'], self.counts['declared_variants'],
                   self.profile.project_spec, len(names),
                   self.counts['regenerated'], self.counts['written'],
                   self.counts['unchanged'], self.counts['orphans'],
                   self.counts['composed'], self.counts['fragments'],
                   self.counts['variants']))

    def compare_projects(self, project):
        """The adopted project against the project file: same registry,
        notification base, modules, events (samples included) and variants
        (the committed files they match): [problem]."""
        from versioned_notifications import adopt as vn_adopt
        from versioned_notifications import project as vn_project
        oracle = self.oracle
        where = 'doc/%s.py' % vn_adopt.PROJECT_MODULE
        problems = []
        for setting in ('registry', 'notification_base', 'modules'):
            mine = getattr(project, setting)
            theirs = getattr(oracle, setting)
            if _same_json(list(mine) if setting == 'modules' else mine,
                          list(theirs) if setting == 'modules' else theirs):
                continue
            problems.append('adopt wrote %s=%r in %s, %s says %r'
                            % (setting, mine, where,
                               self.profile.project_spec, theirs))
        if project.sample_dir != self.profile.sdist_samples:
            problems.append('adopt wrote sample_dir=%r, the samples are in '
                            '%s' % (project.sample_dir,
                                    self.profile.sdist_samples))
        events = {}
        for event in vn_project.declared_events(project):
            events[event.sample or '%s.json' % event.event_type.replace(
                '.', '-')] = event
        if sorted(events) != sorted(self.expected_events) or any(
                (events[sample].event_type, events[sample].notification,
                 events[sample].priority, events[sample].publisher)
                != (event_type, self.expected_samples[sample].__name__,
                    None, None)
                for sample, event_type in self.expected_events.items()):
            problems.append(
                'adopt declared the events %s in %s, %s declares %s' % (
                    _names('%s (%s of %s)' % (sample, e.event_type,
                                             e.notification)
                           for sample, e in sorted(events.items())),
                    where, self.profile.project_spec,
                    _names('%s (%s of %s)' % (
                        sample, event_type,
                        self.expected_samples[sample].__name__)
                        for sample, event_type in sorted(
                            self.expected_events.items()))))
        committed = sorted(p.name for p in self.pristine.glob('*.json'))
        variants = {}
        for class_name, patterns in project.variants:
            for pattern in patterns:
                for name in fnmatch.filter(committed, pattern):
                    variants[name] = class_name
        if variants != self.expected_variants:
            problems.append(
                'adopt declared the variants %s in %s, %s declares %s' % (
                    _names('%s of %s' % item
                           for item in sorted(variants.items())),
                    where, self.profile.project_spec,
                    _names('%s of %s' % item for item in sorted(
                        self.expected_variants.items()))))
        return problems

    def check_regenerated(self, output, result):
        """The samples adopt's generate wrote: its summary, every expected
        sample there, the orphans, composition, variants and data kept:
        [problem]."""
        label = self.profile.label
        problems = []
        match = GENERATE_SUMMARY.search(output)
        written = unchanged = 0
        if match is None:
            problems.append('adopt printed no "N written, N unchanged, N '
                            'deleted, N failed" line of generate')
        else:
            written, unchanged, deleted, failed = map(int, match.groups())
            self.counts.update(written=written, unchanged=unchanged,
                               failed=failed)
            if deleted:
                problems.append('generate deleted %d files' % deleted)
            if failed:
                problems.append('%d samples failed' % failed)
        before = _sample_digests(self.pristine)
        after = _sample_digests(self.samples_dir)
        changed = sorted(n for n in after if before.get(n) != after[n])
        expected = sorted(self.expected_samples)
        missing = [n for n in expected if n not in after]
        regenerated = [n for n in expected if n in after]
        reported = []
        samples_dir = self.samples_dir.resolve()
        for path in ORPHAN_LINE.findall(output):
            path = (self.tree / path).resolve()
            reported.append(path.relative_to(samples_dir).as_posix()
                            if path.is_relative_to(samples_dir)
                            else os.path.relpath(path, self.tree))
        reported.sort()
        sample_orphans = [n for n in reported if n.endswith('.json')
                          and '/' not in n]
        # Fragments the regenerated samples no longer reach (their data
        # changed) are orphans now; computed here without the library.
        committed = sorted(p.name for p in self.pristine.glob('*.json'))
        self.still_fragments = _fragments_reached(self.samples_dir, [
            n for n in committed if n in self.expected_samples
            or n in self.expected_variants])
        unreached = sorted(set(self.expected_fragments)
                           - set(self.still_fragments))
        fragment_orphans = [n for n in reported if '/' in n]
        if fragment_orphans != unreached:
            problems.append('generate reported %s as orphans, the samples '
                            'no longer reach the fragments %s'
                            % (_names(fragment_orphans), _names(unreached)))
        self.counts['orphans'] = len(sample_orphans)
        print('  %d of %d samples in the sample directory changed; %d of %d '
              'expected samples present; %d orphans reported: %s'
              % (len(changed), len(after), len(regenerated), len(expected),
                 len(sample_orphans), _names(sample_orphans)))
        files = len(expected) + len(self.still_fragments)
        if match is not None and written + unchanged != files:
            problems.append('generate wrote or kept %d samples and '
                            'fragments, %s\'s classes and events name %d '
                            'samples and the regenerated samples reach %d '
                            'fragments' % (written + unchanged, label,
                                           len(expected),
                                           len(self.still_fragments)))
        if missing:
            problems.append('samples missing after generate: %s'
                            % ', '.join(missing))
        if sample_orphans != self.orphans:
            problems.append(
                'generate reported %d orphans, expected %d (%s)%s'
                % (len(sample_orphans), len(self.orphans),
                   _names(self.orphans),
                   '; not reported: %s' % ', '.join(
                       sorted(set(self.orphans) - set(sample_orphans)))
                   if set(self.orphans) - set(sample_orphans) else ''))
        kept = [n for n in self.orphans if n not in after]
        if kept:
            problems.append('orphans deleted: %s' % ', '.join(kept))
        problems.extend(self.check_composition(result,
                                               _all_digests(self.pristine)))
        problems.extend(self.check_data_kept(committed))
        self.counts['regenerated'] = (
            0 if match is None else min(written + unchanged,
                                        len(regenerated)))
        return problems

    def check_data_kept(self, names):
        """The regenerated samples keep the committed data: at least
        KEPT_AT_LEAST of the values at the paths both have (payload
        versions aside, which the contract sets), and no value is its own
        field name where the committed one was not: [problem]."""
        from versioned_notifications import samplefile
        both = kept = 0
        placeholders, lost = [], []
        committed = samplefile.Resolver(self.pristine)
        regenerated = samplefile.Resolver(self.samples_dir)
        for name in names:
            if not (self.samples_dir / name).is_file():
                continue
            try:
                old = dict(_leaves(samplefile.read(
                    self.pristine / name, resolver=committed).message))
                new = dict(_leaves(samplefile.read(
                    self.samples_dir / name, resolver=regenerated).message))
            except samplefile.SampleFileError as exc:
                lost.append('%s cannot be compared: %s' % (name, exc))
                continue
            for path, value in old.items():
                if path[-1:] and str(path[-1]).endswith('.version'):
                    continue
                if path not in new:
                    continue
                both += 1
                if _same_json(new[path], value):
                    kept += 1
                    continue
                where = '%s %s' % (name, '.'.join(map(str, path)))
                field = [step for step in path if isinstance(step, str)][-1]
                if new[path] == field and value != field:
                    placeholders.append(where)
                lost.append('%s: %r -> %r' % (where, value, new[path]))
        self.counts['kept'] = '%d of %d' % (kept, both)
        share = kept / both if both else 0.0
        self.counts['kept_share'] = '%.1f%%' % (100 * share)
        self.counts['placeholders'] = len(placeholders)
        print('  data kept: %d of %d committed values at the paths both '
              'have (%.1f%%); %d became their own field name'
              % (kept, both, 100 * share, len(placeholders)))
        for line in lost[:8]:
            print('    changed: %s' % line)
        problems = []
        if not both:
            problems.append('no committed value to compare: no regenerated '
                            'sample shares a path with its committed file')
        elif share < KEPT_AT_LEAST:
            problems.append('only %.1f%% of the committed values were kept '
                            '(at least %.0f%% expected): %s'
                            % (100 * share, 100 * KEPT_AT_LEAST,
                               _names(lost)))
        if placeholders:
            problems.append('%d values became their own field name: %s'
                            % (len(placeholders), _names(placeholders)))
        return problems

    def check_composition(self, result, before):
        """Composed samples stay composed, the fragments they reach are
        regenerated, the variants are kept, untouched and valid:
        [problem]."""
        problems = []
        committed = sorted(p.name for p in self.pristine.glob('*.json'))
        composed_after = _composed(self.samples_dir, committed)
        lost = sorted(set(self.composed_before) - set(composed_after))
        gained = sorted(set(composed_after) - set(self.composed_before))
        print('  composed samples ("$ref"): %d committed, %d after generate'
              % (len(self.composed_before), len(composed_after)))
        if lost or gained:
            problems.append('%d composed samples before generate, %d after '
                            '(no longer composed: %s; newly composed: %s)'
                            % (len(self.composed_before),
                               len(composed_after), _names(lost),
                               _names(gained)))
        self.counts['composed'] = len(set(self.composed_before)
                                      & set(composed_after))
        # Fragments: every one the committed samples reach is regenerated
        # (or kept, when it names no registered class), and is still JSON.
        library = sorted({f.name for f in result.fragments}
                         | set(result.kept))
        if library != self.still_fragments:
            problems.append(
                'the library regenerates or keeps %d fragments, the '
                'regenerated samples reach %d (missing: %s; unexpected: %s)'
                % (len(library), len(self.still_fragments), _names(
                    sorted(set(self.still_fragments) - set(library))),
                   _names(sorted(set(library)
                                 - set(self.still_fragments)))))
        for name in self.still_fragments:
            path = self.samples_dir / name
            try:
                json.loads(path.read_text('utf-8'))
            except (OSError, ValueError) as exc:
                problems.append('fragment %s after generate: %s'
                                % (name, exc))
        still = self.still_fragments
        if still != self.expected_fragments:
            print('  (information) after generate the samples reach %d '
                  'fragments, %d before; no longer reached, so reported as '
                  'orphans: %s'
                  % (len(still), len(self.expected_fragments), _names(
                      sorted(set(self.expected_fragments) - set(still)))))
        self.counts['fragments'] = len(result.fragments)
        # Variants: declared, found by the library, not orphans, not
        # pruned, byte for byte as committed, valid against their class.
        if sorted(result.variants) != sorted(self.expected_variants):
            problems.append('the library keeps %d variants, the project '
                            'declares %d matching committed files (%s)'
                            % (len(result.variants),
                               len(self.expected_variants),
                               _names(sorted(self.expected_variants))))
        for name in sorted(self.expected_variants):
            path = self.samples_dir / name
            if not path.exists():
                problems.append('variant %s deleted' % name)
            elif _digest(path) != before.get(name):
                problems.append('variant %s changed by generate' % name)
        for problem in result.problems:
            problems.append('variant problem: %s' % problem)
        self.counts['variants'] = len(result.variants)
        return problems

    # Step 3.

    def regenerated_samples(self, variants=False):
        """[(name, message, notification class)] of the samples the
        service's classes name and of its declared events (and, with
        ``variants``, of its declared variants), as they are in the tree
        now, each message with its "$ref" resolved (the library's sample
        reader)."""
        from versioned_notifications import samplefile
        self.load_project()
        self.unadopted('these are the samples as they are in the tree')
        if not self.expected_samples:
            raise StepFailed('no sample to check: no notification class '
                             'names one')
        samples = []
        named = dict(self.expected_samples)
        if variants:
            named.update((name, self.expected_classes[class_name])
                         for name, class_name
                         in self.expected_variants.items())
        for name, cls in sorted(named.items()):
            try:
                message = samplefile.read(self.samples_dir / name).message
            except samplefile.SampleFileError as exc:
                raise StepFailed('sample %s cannot be read: %s'
                                 % (name, exc)) from None
            if not isinstance(message, dict) or not isinstance(
                    message.get('payload'), dict):
                raise StepFailed('%s has no payload object' % name)
            samples.append((name, message, cls))
        return samples

    def load_back(self):
        samples = self.regenerated_samples()
        self.report_committed_versions()
        from versioned_notifications import listener
        registry = _import(self.project.registry)
        # Watcher's own obj_from_primitive calls cls(), which its payloads
        # refuse (required constructor arguments): the library rebuilds
        # objects without constructors, as a consumer would.
        reader = listener.NotificationEndpoint(
            _import(self.profile.object_base),
                                               registry, None)
        loaded, problems, asymmetric = 0, [], {}
        for name, message, cls in samples:
            obj_name = getattr(getattr(cls.fields.get('payload'), '_type',
                                       None), '_obj_name', None)
            versions = registry.obj_classes().get(obj_name)
            if not versions:
                problems.append(
                    '%s: %s.payload names %s, which is not in %s (the '
                    'library registers lazily registered classes when it '
                    'loads the project)' % (name, cls.__name__, obj_name,
                                            registry.__name__))
                continue
            payload_cls = versions[0]
            key = payload_cls._obj_primitive_key
            payload = message['payload']
            version = payload.get(key('version'))
            if payload.get(key('name')) != payload_cls.obj_name():
                problems.append('%s: the payload is a %s, %s carries %s'
                                % (name, payload.get(key('name')),
                                   cls.__name__, payload_cls.obj_name()))
                continue
            if version != payload_cls.VERSION:
                problems.append('%s: payload version %s, %s is %s'
                                % (name, version, payload_cls.obj_name(),
                                   payload_cls.VERSION))
                continue
            try:
                obj = reader.to_object(payload)
            except listener.SkipNotification as exc:
                problems.append('%s: %s cannot be rebuilt: %s'
                                % (name, payload_cls.obj_name(), exc))
                continue
            if type(obj).VERSION != payload_cls.VERSION:
                problems.append('%s: read as %s %s, not %s'
                                % (name, type(obj).__name__,
                                   type(obj).VERSION, payload_cls.VERSION))
                continue
            # Through JSON, as on the wire: oslo's Set fields serialise
            # to tuples (Nova's SetOfIntegersField), JSON arrays read back.
            again = json.loads(json.dumps(obj.obj_to_primitive()))
            unexplained = []
            for path, value in _differences(payload, again):
                # A kept value some types read as another (Nova's
                # DiskConfig takes 'MANUAL' for a true value and reads it
                # as 'AUTO'): the service's own type, not the sample.
                reading = _read_by_its_field(payload, path, key)
                if reading is not None and _same_json(reading[1], value):
                    asymmetric.setdefault(reading[0], set()).add(
                        '%r -> %r' % (_value_at(payload, path), value))
                else:
                    unexplained.append('.'.join(map(str, path)))
            if unexplained:
                problems.append('%s: %s does not serialise back to the '
                                'sample\'s payload at %s'
                                % (name, type(obj).__name__,
                                   _names(unexplained)))
                continue
            loaded += 1
        self.counts['loaded'] = loaded
        for field, changes in sorted(asymmetric.items()):
            print('  note: %s\'s own type reads %s: the samples keep what '
                  'the service sends' % (field, ', '.join(sorted(changes))))
        _print_problems(problems)
        if problems:
            raise StepFailed('%d of %d payloads not loaded back (first: %s)'
                             % (len(problems), len(samples), problems[0]))
        return ('%d of %d payloads loaded back at their classes\' current '
                'versions, each serialising back to the same primitive%s'
                % (loaded, len(samples), ' but where a field\'s own type '
                   'reads a value differently (%d fields, noted above)'
                   % len(asymmetric) if asymmetric else ''))

    def report_committed_versions(self):
        """How far the committed samples lag behind the classes
        (information, not a failure)."""
        from versioned_notifications import samplefile
        older = []
        for name in sorted(self.expected_samples):
            path = self.pristine / name
            if not path.exists():
                continue
            payload = samplefile.read(path).message.get('payload', {})
            for obj_name, version in _versions(payload):
                cls = self.class_named(obj_name)
                if cls is not None and version != cls.VERSION:
                    older.append('%s %s %s (code %s)'
                                 % (name, obj_name, version, cls.VERSION))
        print('  (information) %d objects in %d of %s\'s committed '
              'samples are of another version than the code\'s%s'
              % (len(older), len({o.split()[0] for o in older}),
                 self.profile.label,
                 ':' if older else ''))
        for line in older[:6]:
            print('    %s' % line)
        if len(older) > 6:
            print('    ... and %d more' % (len(older) - 6))

    def class_named(self, obj_name):
        for cls in self.all_classes():
            if cls.obj_name() == obj_name:
                return cls
        return None

    def all_classes(self):
        base = _import(self.profile.object_base)
        seen, todo = set(), [base]
        while todo:
            cls = todo.pop()
            for sub in cls.__subclasses__():
                if sub not in seen:
                    seen.add(sub)
                    todo.append(sub)
        return sorted(seen, key=lambda c: (c.__module__, c.__qualname__))

    # Step 4.

    def validate(self):
        import jsonschema
        import referencing
        import referencing.jsonschema
        try:
            import rfc3339_validator  # noqa: F401
        except ImportError:
            raise StepFailed('rfc3339-validator is not installed, so '
                             'date-time formats would go unchecked; install '
                             'the "test" extra') from None
        from versioned_notifications import contracts
        samples = self.regenerated_samples(variants=True)
        validator_cls = jsonschema.Draft7Validator
        checker = validator_cls.FORMAT_CHECKER
        validated, problems = 0, []
        schemas = {}
        for name, message, _ in samples:
            payload = message['payload']
            key = '%s.name' % next(
                (k[:-len('.name')] for k in payload if k.endswith('.name')),
                '?')
            documents = [
                ('message', contracts.message_schema_path(
                    message.get('event_type', '?')), message),
                ('payload', contracts.payload_schema_path(
                    payload.get(key, '?')), payload)]
            if name in self.expected_variants:
                # A variant's envelope is hand-written as the service's
                # tests compare it (Nova's: no message_id, no timestamp);
                # its payload is what the class sends.
                documents = documents[1:]
            ok = True
            for what, relative, instance in documents:
                path = self.contracts_dir / relative
                if relative not in schemas:
                    if not path.exists():
                        schemas[relative] = None
                    else:
                        schemas[relative] = validator_cls(
                            _load_json(path, 'schema'),
                            format_checker=checker)
                validator = schemas[relative]
                if validator is None:
                    problems.append('%s: no %s schema %s' % (name, what,
                                                             relative))
                    ok = False
                    continue
                errors = sorted(validator.iter_errors(instance),
                                key=lambda e: list(e.absolute_path))
                for error in errors[:3]:
                    problems.append('%s: against %s: %s at /%s'
                                    % (name, relative, error.message,
                                       '/'.join(map(str,
                                                    error.absolute_path))))
                ok = ok and not errors
            validated += ok
        self.counts['validated'] = validated
        # The AsyncAPI document.
        self.counts['asyncapi'] = 'INVALID'
        try:
            document = _load_json(
                self.contracts_dir / contracts.ASYNCAPI_FILE,
                'the AsyncAPI document')
        except StepFailed as exc:
            problems.append(str(exc))
            document = {}
        specification = validator_cls(
            _load_json(ASYNCAPI_SCHEMA, 'the AsyncAPI 3.0.0 schema'))
        spec_errors = [e.message for e in specification.iter_errors(
            document)] if document else ['no document']
        for error in spec_errors[:5] if document else ():
            problems.append('asyncapi.json is not valid AsyncAPI 3.0.0: %s'
                            % error)
        messages = (document.get('components') or {}).get('messages') or {}
        event_types = sorted({m.get('event_type') for _, m, _ in samples})
        documented = sorted(m.get('name') for m in messages.values()
                            if isinstance(m, dict))
        if documented != event_types:
            problems.append('asyncapi.json has messages for %d event types, '
                            'the samples have %d (missing: %s; no sample: '
                            '%s)'
                            % (len(documented), len(event_types), _names(
                                sorted(set(event_types) - set(documented))),
                               _names(sorted(set(documented)
                                             - set(event_types)))))
        uri = 'urn:versioned-notifications:primer-asyncapi'
        registry = referencing.Registry().with_resource(
            uri, referencing.jsonschema.DRAFT7.create_resource(document))
        examples = 0
        for message_key, message in sorted(messages.items()):
            validator = validator_cls(
                {'$ref': '%s#/components/messages/%s/payload'
                         % (uri, message_key)},
                registry=registry, format_checker=checker)
            for example in message.get('examples') or []:
                examples += 1
                for error in list(validator.iter_errors(
                        example.get('payload')))[:3]:
                    problems.append('asyncapi.json example %s: %s'
                                    % (example.get('name'), error.message))
        self.counts['asyncapi'] = ('valid' if not spec_errors and documented
                                   == event_types else 'INVALID')
        _print_problems(problems)
        if problems:
            raise StepFailed('%d problems (first: %s)'
                             % (len(problems), problems[0]))
        return ('%d of %d samples valid against their message and payload '
                'schemas (%d variants: payload schema only); asyncapi.json '
                'valid AsyncAPI 3.0.0 with %d messages and %d examples, '
                'each valid against its message'
                % (validated, len(samples), len(self.expected_variants),
                   len(messages), examples))

    # Step 5.

    def docs_environment(self):
        """The tree's tox ``docs`` environment: {'commands': [line],
        'setenv': {name: value}}, ``{toxinidir}`` and ``{posargs}``
        substituted as tox does for a run without arguments."""
        path = self.tree / 'tox.ini'
        parser = configparser.RawConfigParser(strict=False)
        try:
            found = parser.read(path, encoding='utf-8')
        except (configparser.Error, UnicodeDecodeError) as exc:
            raise StepFailed('%s cannot be read: %s' % (path, exc)) from None
        if not found:
            raise StepFailed('%s does not exist: the primer builds the '
                             'documentation as its docs environment does'
                             % path)
        if not parser.has_section('testenv:docs'):
            raise StepFailed('%s has no [testenv:docs] environment' % path)

        def lines(key):
            text = parser.get('testenv:docs', key, fallback='')
            text = text.replace('{toxinidir}', str(self.tree)).replace(
                '{posargs}', '')
            return [line.strip() for line in text.splitlines()
                    if line.strip() and not line.strip().startswith('#')]

        setenv = {}
        for line in lines('setenv'):
            name, equals, value = line.partition('=')
            if equals and name.strip().isidentifier():
                setenv[name.strip()] = value.strip()
        return {'commands': lines('commands'), 'setenv': setenv}

    def build_docs(self):
        from versioned_notifications import adopt as vn_adopt
        from versioned_notifications.sphinxext import domain
        self.load_project()
        self.unadopted('building the tree as it is')
        docs = self.docs_environment()
        builds = [line for line in docs['commands']
                  if shlex.split(line)[:1] == ['sphinx-build']]
        if len(builds) != 1:
            raise StepFailed('tox.ini\'s docs environment runs %d '
                             'sphinx-build commands, not 1: %s'
                             % (len(builds), _names(docs['commands'])))
        args = shlex.split(builds[0])[1:]
        if '-W' not in args or 'doc/source' not in args:
            raise StepFailed('tox.ini\'s docs environment builds "%s", not '
                             'the whole doc/source tree with -W'
                             % builds[0])
        # The environment's other commands: what they do is not the
        # build this step is about.
        why = {'rm': 'nothing it removes is in the fresh tree',
               'versioned-notifications': 'step 2 ran it',
               'whereto': 'tests the built site\'s redirects, not the '
                          'documentation'}
        for line in docs['commands']:
            if line == builds[0]:
                continue
            words = shlex.split(line)
            there = [word for word in words[1:] if words[0] == 'rm'
                     and not word.startswith('-')
                     and os.path.lexists(self.tree / word)]
            if there:
                raise StepFailed('the tree holds %s, which its docs '
                                 'environment removes before building (%s)'
                                 % (', '.join(there), line))
            print('  (not run: %s: %s)' % (line, why.get(
                words[0], 'not part of the build')))
        env = dict(self.environment(), **docs['setenv'])
        conf = self.tree / 'doc' / 'source' / 'conf.py'
        if 'sphinx.ext.graphviz' in conf.read_text('utf-8') and \
                shutil.which('dot', path=env['PATH']) is None:
            raise StepFailed(
                '%s\'s documentation draws graphs with sphinx.ext.graphviz '
                '(doc/source/conf.py), which runs Graphviz\'s "dot": not '
                'found on PATH. Install Graphviz (Debian: apt-get install '
                'graphviz; "bash .ci/graphviz", as root, does it)'
                % self.profile.label)
        output = self.tree / args[-1]
        print('  $ (cd %s && %ssphinx-build %s)'
              % (self.tree, ''.join('%s=%s ' % item
                                    for item in docs['setenv'].items()),
                 ' '.join(args)), flush=True)
        started = time.monotonic()
        done = subprocess.run([sys.executable, '-m', 'sphinx', *args],
                              cwd=self.tree, env=env, capture_output=True,
                              text=True)
        seconds = time.monotonic() - started
        text = done.stdout + done.stderr
        problems = [line for line in text.splitlines()
                    if re.search(r'WARNING:|ERROR:', line)]
        _print_problems(problems, limit=20)
        print(_indent('\n'.join([line for line in done.stdout.splitlines()
                                 if line.strip()][-2:])), end='')
        self.counts['warnings'] = len(problems)
        self.counts['docs_time'] = '%.1f s' % seconds
        if done.returncode:
            if not problems:
                print(_indent('\n'.join(text.strip().splitlines()[-20:])),
                      end='')
            raise StepFailed('sphinx-build exited with status %d after '
                             '%.1f s, %d warnings%s'
                             % (done.returncode, seconds, len(problems),
                                ' (first: %s)' % problems[0]
                                if problems else ''))
        # Every event type has its section, and every sample (variants
        # included) is shown, on the pages holding the directive.
        source = self.tree / 'doc' / 'source'
        pages = [page for page in vn_adopt.reference_pages(self.tree)
                 if page.is_relative_to(source)]
        if not pages:
            raise StepFailed('no page of doc/source holds the '
                             '".. versioned_notifications::" directive')
        html, names = '', []
        for page in pages:
            name = page.relative_to(source).with_suffix('.html').as_posix()
            names.append(name)
            try:
                html += (output / name).read_text('utf-8')
            except OSError as exc:
                raise StepFailed('the page holding the directive was not '
                                 'built: %s' % exc) from None
        event_types = sorted({m.get('event_type') for _, m, _ in
                              self.regenerated_samples()})
        samples = [name for name, _, _ in
                   self.regenerated_samples(variants=True)]
        absent = [e for e in event_types
                  if 'id="%s"' % domain.stable_id(domain.NOTIFICATION, e)
                  not in html]
        unshown = [s for s in samples
                   if 'id="%s"' % domain.stable_id(domain.SAMPLE, s)
                   not in html]
        built = sum(1 for _ in output.rglob('*.html'))
        self.counts['sections'] = '%d of %d' % (
            len(event_types) - len(absent), len(event_types))
        self.counts['shown'] = '%d of %d' % (len(samples) - len(unshown),
                                             len(samples))
        self.counts['pages'] = ', '.join(names)
        if absent or unshown:
            raise StepFailed(
                '%s has no section for %d of %d event types (%s) and does '
                'not show %d of %d samples (%s)'
                % (', '.join(names), len(absent), len(event_types),
                   _names(absent), len(unshown), len(samples),
                   _names(unshown)))
        return ('the whole documentation (%d HTML pages) built without a '
                'warning in %.1f s; %s: every event type with its section '
                '(%d) and every sample shown (%d, of which %d variants)'
                % (built, seconds, ', '.join(names), len(event_types),
                   len(samples), len(self.expected_variants)))

    # Step 6.

    def listen(self):
        from versioned_notifications import listener
        samples = self.regenerated_samples(variants=True)
        object_base = _import(self.profile.object_base)
        registry = _import(self.project.registry)
        received = []

        def callback(event_type, payload, metadata):
            received.append((event_type, payload, metadata))

        endpoint = listener.NotificationEndpoint(object_base, registry,
                                                 callback)
        skipped = _Collect()
        log = logging.getLogger(listener.__name__)
        log.addHandler(skipped)
        listened, problems = 0, []
        try:
            for name, message, _ in samples:
                priority = str(message.get('priority', '')).lower()
                priority = {'warning': 'warn'}.get(priority, priority)
                handler = getattr(endpoint, priority, None)
                if handler is None:
                    problems.append('%s: the endpoint has no handler for '
                                    'priority %r' % (name, priority))
                    continue
                before, skips = len(received), len(skipped.messages)
                handler({}, message.get('publisher_id'),
                        message.get('event_type'), message['payload'],
                        {'message_id': message.get('message_id'),
                         'timestamp': message.get('timestamp')})
                if len(received) == before:
                    problems.append('%s: not handed to the callback: %s'
                                    % (name, '; '.join(
                                        skipped.messages[skips:])
                                       or 'no reason logged'))
                    continue
                event_type, obj, metadata = received[-1]
                if not isinstance(obj, object_base):
                    problems.append('%s: the callback got a %s, not a %s'
                                    % (name, type(obj).__name__,
                                       object_base.__name__))
                    continue
                if metadata.get('priority') != message.get('priority'):
                    problems.append('%s: metadata priority %s, the sample '
                                    'says %s' % (name, metadata.get(
                                        'priority'), message.get('priority')))
                    continue
                listened += 1
        finally:
            log.removeHandler(skipped)
        self.counts['listened'] = listened
        _print_problems(problems)
        if problems:
            raise StepFailed('%d of %d payloads did not reach the callback '
                             'as objects (first: %s)'
                             % (len(problems), len(samples), problems[0]))
        return ('%d of %d payloads reached the callback as %s objects'
                % (listened, len(samples), object_base.__name__))

    # Step 7.

    def recorded_contracts(self):
        project = self.load_project()
        from versioned_notifications import catalog as vn_catalog
        from versioned_notifications import contracts
        from versioned_notifications import evolution
        from versioned_notifications import historyfile
        from versioned_notifications import versions as vn_versions
        self.unadopted('these are the contracts as they are in the tree')
        catalog = vn_catalog.load(project, self.samples_dir)
        classes = list(catalog.notifications) + list(catalog.objects)
        problems, versions = [], {}
        # What generate recorded, read as plain JSON: one version, the
        # class's, with the class's fields.
        for cls in classes:
            path = self.contracts_dir / contracts.history_path(
                cls.obj_name())
            document = _load_json(path, 'the recorded contract')
            entries = document.get('versions') or [{}]
            recorded = [entry.get('version') for entry in entries]
            if recorded != [cls.VERSION]:
                problems.append('%s: recorded versions %s, the class is at '
                                '%s' % (path.name, recorded, cls.VERSION))
            elif sorted(entries[0].get('fields') or ()) != sorted(
                    cls.fields):
                problems.append('%s: the recorded fields are not the '
                                'class\'s' % path.name)
            versions[cls.VERSION] = versions.get(cls.VERSION, 0) + 1
        try:
            evaluation = evolution.evaluate(project, self.samples_dir)
        except historyfile.HistoryError as exc:
            raise StepFailed(str(exc)) from None
        problems.extend(evaluation.problems)
        if evaluation.unrecorded or evaluation.recorded:
            problems.append('generate would still record %s'
                            % _names(evaluation.unrecorded or [
                                '%s %s' % pair
                                for pair in evaluation.recorded]))
        if evaluation.classes != len(classes):
            problems.append('the contracts cover %d classes, the catalog has '
                            '%d' % (evaluation.classes, len(classes)))
        _print_problems(problems)
        if problems:
            raise StepFailed('%d problems (first: %s)'
                             % (len(problems), problems[0]))
        self.counts['contracts'] = len(classes)
        return ('%d classes (%d notification classes, %d payloads and nested '
                'objects) recorded at their current versions (%s), nothing '
                'to bump'
                % (len(classes), len(catalog.notifications),
                   len(catalog.objects), ', '.join(
                       '%s: %d' % item for item in sorted(
                           versions.items(), key=lambda item: (
                               vn_versions.parse(item[0])
                               if vn_versions.is_version(item[0])
                               else (-1, -1),
                               item[0])))))


def _declaration(declaration):
    """How a sample is declared, in words, from (event type, kind,
    class)."""
    if declaration is None:
        return 'not at all'
    event_type, kind, class_name = declaration
    return 'as %s (%s) of %s' % ('an event' if kind == 'event' else
                                 'a variant', event_type, class_name)


def _names(names, limit=6):
    names = list(names)
    if not names:
        return 'none'
    shown = ', '.join(names[:limit])
    if len(names) > limit:
        shown += ' and %d more' % (len(names) - limit)
    return shown


def _sample_digests(directory):
    """{file name: digest} of the samples directly in ``directory`` (not
    the AsyncAPI document, which generate writes beside them)."""
    return {p.name: _digest(p) for p in directory.glob('*.json')
            if p.name != 'asyncapi.json'}


def _all_digests(directory):
    """{path relative to ``directory``: digest} of every ``*.json`` file
    under it, fragments included."""
    return {p.relative_to(directory).as_posix(): _digest(p)
            for p in directory.rglob('*.json') if p.is_file()}


def _leaves(value, path=()):
    """(path, value) of every scalar of a JSON value."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, path + (index,))
    else:
        yield path, value


def _differences(old, new, path=()):
    """(path, new value) of every place two JSON values differ."""
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(set(old) | set(new), key=str):
            yield from _differences(old.get(key, _MISSING),
                                    new.get(key, _MISSING), path + (key,))
    elif isinstance(old, list) and isinstance(new, list) and len(
            old) == len(new):
        for index, (one, other) in enumerate(zip(old, new, strict=True)):
            yield from _differences(one, other, path + (index,))
    elif not _same_json(old, new):
        yield path, new


_MISSING = '<missing>'


def _value_at(value, path):
    for step in path:
        value = value[step]
    return value


def _read_by_its_field(payload, path, key):
    """('Class.field', the value as that field's type reads it) of the
    scalar at ``path`` in an object primitive, or None."""
    node, owner = payload, None
    for index, step in enumerate(path):
        if isinstance(node, dict) and isinstance(node.get(key('name')),
                                                 str) and step == key('data'):
            owner = (node[key('name')], index + 1)
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    if owner is None or owner[1] != len(path) - 1:
        return None
    from versioned_notifications import catalog
    from versioned_notifications import typedata
    try:
        cls = catalog.newest(owner[0])
        name = path[-1]
        field = cls.fields[name]
        obj = typedata.new_object(cls)
        value = field.to_primitive(obj, name, field.coerce(
            obj, name, field.from_primitive(obj, name, node)))
    except Exception:
        return None
    return '%s.%s' % (owner[0], name), json.loads(json.dumps(value))


def _same_json(one, other):
    return json.dumps(one, sort_keys=True) == json.dumps(other,
                                                         sort_keys=True)


def _refs(value):
    """Every "$ref" string in a JSON value."""
    if isinstance(value, dict):
        if isinstance(value.get('$ref'), str):
            yield value['$ref']
        for item in value.values():
            yield from _refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _refs(item)


def _composed(directory, names):
    """The sample files among ``names`` (directly in ``directory``) that
    hold a "$ref", read as plain JSON."""
    return [name for name in names
            if any(_refs(_load_json(directory / name, 'sample')))]


def _fragments_reached(directory, names):
    """The files (relative to ``directory``, sorted) the "$ref" of the
    samples ``names`` reach, transitively; followed with plain JSON and
    paths, independently of the library's reader."""
    directory = pathlib.Path(os.path.realpath(directory))
    reached, todo = set(), [directory / name for name in names]
    while todo:
        path = todo.pop()
        for ref in _refs(_load_json(path, 'sample or fragment')):
            target = pathlib.Path(os.path.realpath(
                path.parent / ref.partition('#')[0]))
            relative = target.relative_to(directory).as_posix()
            if relative not in reached:
                reached.add(relative)
                todo.append(target)
    return sorted(reached)


def _print_problems(problems, limit=12):
    for problem in problems[:limit]:
        print('  - %s' % problem)
    if len(problems) > limit:
        print('  - ... and %d more' % (len(problems) - limit))


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _versions(primitive):
    """(object name, version) of an object primitive and of every object
    nested in it."""
    if isinstance(primitive, dict):
        name = next((v for k, v in primitive.items()
                     if k.endswith('_object.name')), None)
        version = next((v for k, v in primitive.items()
                        if k.endswith('_object.version')), None)
        if name is not None:
            yield name, version
        for value in primitive.values():
            yield from _versions(value)
    elif isinstance(primitive, list):
        for value in primitive:
            yield from _versions(value)


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog='primer/run.py',
        description='Adopt real services (%s) with versioned-notifications '
                    'adopt from their sdists and check the result.'
                    % ', '.join(PROFILES))
    parser.add_argument(
        '--registry', choices=sorted(PROFILES), action='append',
        help='the service to adopt (repeatable; default: every one, '
             'each in its own process)')
    parser.add_argument(
        '--sdist', metavar='PATH',
        help='the sdist (.tar.gz, or unpacked directory, which is copied) '
             'to adopt, instead of downloading it; with one '
             '--registry only')
    parser.add_argument(
        '--workdir', metavar='DIR',
        help='an empty directory to work in, kept afterwards (default: a '
             'temporary one, removed unless --keep)')
    parser.add_argument('--keep', action='store_true',
                        help='keep the temporary work directory')
    args = parser.parse_args(argv)
    registries = args.registry or list(PROFILES)
    if len(registries) > 1:
        if args.sdist:
            parser.error('--sdist takes one --registry')
        return _run_each(parser, args, registries)
    profile = PROFILES[registries[0]]
    with contextlib.ExitStack() as stack:
        if args.workdir:
            workdir = pathlib.Path(args.workdir).resolve()
            if workdir.is_relative_to(REPO):
                parser.error('--workdir must be outside the repository %s'
                             % REPO)
            workdir.mkdir(parents=True, exist_ok=True)
            if any(workdir.iterdir()):
                parser.error('--workdir %s is not empty' % workdir)
        else:
            workdir = pathlib.Path(tempfile.mkdtemp(
                prefix='vn-primer-%s-' % profile.key))
            if not args.keep:
                stack.callback(shutil.rmtree, workdir, ignore_errors=True)
        return Primer(args, workdir, profile).run()


def _run_each(parser, args, registries):
    """Each registry in its own process (two services' modules, options
    and registries never share one), one work directory each under
    --workdir; exit 1 when any failed."""
    statuses, times = {}, {}
    started = time.monotonic()
    for key in registries:
        command = [sys.executable, __file__, '--registry', key]
        if args.workdir:
            command += ['--workdir', str(pathlib.Path(args.workdir) / key)]
        if args.keep:
            command.append('--keep')
        print('=== primer: %s (%s)' % (key, ' '.join(command[1:])),
              flush=True)
        begun = time.monotonic()
        statuses[key] = subprocess.run(command).returncode
        times[key] = time.monotonic() - begun
    print('\n=== primer: %s; %.0f s in all' % (', '.join(
        '%s %s (%.0f s)' % (key, 'OK' if status == 0 else 'FAILED (exit %d)'
                            % status, times[key])
        for key, status in statuses.items()), time.monotonic() - started))
    return 0 if not any(statuses.values()) else 1


if __name__ == '__main__':
    sys.exit(main())
