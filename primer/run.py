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

"""The primer: versioned-notifications on real registries.

Documents a real service's whole notification registry from a project
file (python-watcher's from watcher_project.py, Nova's from
nova_project.py: its registry, notification base and notification
package; Nova's variant samples) and checks the result, in order:

1. the committed samples: the sdist of the installed distribution is
   downloaded from the package index and its doc/notification_samples/
   (fragments included) copied into a work directory (never into this
   repository);
2. ``versioned-notifications generate`` regenerates them there, in place:
   the samples, composed ones staying composed, and their fragments; the
   variants kept and checked;
3. each regenerated payload is loaded back into the service's classes and
   its version compared with the class's;
4. each sample is validated against its JSON Schemas, and the AsyncAPI
   document against the official AsyncAPI 3.0.0 schema;
5. a Sphinx reference (primer/doc) is built from them with -W;
6. each payload is passed through the library's NotificationEndpoint;
7. the contract of every class (notification classes, payloads, nested
   objects) that generate recorded in ``schemas/history/`` is at the
   class's current version, and comparing the classes with them finds
   nothing to bump (Watcher changed field types within a major version,
   which a first recording must not hold against it).

Each registry is a :class:`Profile` (``--registry watcher``, ``--registry
nova``; default: every one). Every step prints what it counted; any
failure (0 classes found included) makes the exit status 1. ``tox -e
primer`` and ``tox -e primer-nova`` run it; ``--sdist`` takes an already
downloaded sdist (tarball or unpacked directory) instead.
"""

import argparse
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
import shutil
import subprocess
import sys
import tarfile
import tempfile
import traceback
import warnings

warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')

HERE = pathlib.Path(__file__).resolve().parent
REPO = HERE.parent
ASYNCAPI_SCHEMA = REPO / 'tests' / 'schemas' / 'asyncapi-3.0.0.json'
DOC_DIR = HERE / 'doc'
SAMPLE_DIR_ENV = 'VN_PRIMER_SAMPLE_DIR'
PROJECT_ENV = 'VN_PRIMER_PROJECT'
TITLE_ENV = 'VN_PRIMER_TITLE'
GENERATE_SUMMARY = re.compile(
    r'^(\d+) written, (\d+) unchanged, (\d+) deleted, (\d+) failed in ',
    re.MULTILINE)
ORPHAN_LINE = re.compile(r'^orphan (\S+)', re.MULTILINE)
STEPS = 7
# Of the committed values at the paths a regenerated sample still has, the
# share it must keep (issue 17: the samples are what readers see).
KEPT_AT_LEAST = 0.99


@dataclasses.dataclass(frozen=True)
class Profile:
    """One real registry the primer documents."""

    # --registry name and the name steps print.
    key: str
    label: str
    # The distribution installed next to this project (tox.ini pins its
    # version) and whose sdist holds the committed samples.
    distribution: str
    # The project file in primer/, as --project takes it.
    project_spec: str
    # The class whose obj_from_primitive reads the service's object
    # namespace (the listener's object base).
    object_base: str
    # The tox environment that installs it.
    tox_env: str
    # The committed samples inside the sdist.
    sdist_samples: str = 'doc/notification_samples'


PROFILES = {profile.key: profile for profile in (
    Profile(key='watcher', label='Watcher', distribution='python-watcher',
            project_spec='watcher_project:PROJECT',
            object_base='watcher.objects.base:WatcherObject',
            tox_env='primer'),
    Profile(key='nova', label='Nova', distribution='nova',
            project_spec='nova_project:PROJECT',
            object_base='nova.objects.base:NovaObject',
            tox_env='primer-nova'),
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
        self.samples_dir = workdir / 'samples'
        self.failed = []
        self.counts = {}
        self.project = None
        # Oracle, read from the service's package and committed files
        # without the library: the notification classes that name samples,
        # those samples, the fragments the committed samples reach, the
        # declared variants found among the committed files.
        self.expected_classes = {}
        self.expected_samples = {}
        self.expected_fragments = []
        self.expected_variants = {}
        self.composed_before = []
        self.orphans = []
        self.regenerated = False

    # Running the steps.

    def step(self, number, title, function):
        print('\n[%d/%d] %s' % (number, STEPS, title), flush=True)
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

    def run(self):
        version = self.installed_version()
        import versioned_notifications
        print('primer: %s %s, versioned-notifications %s (%s), work '
              'directory %s'
              % (self.profile.distribution, version,
                 versioned_notifications.__version__,
                 pathlib.Path(versioned_notifications.__file__).parent,
                 self.workdir))
        if not self.step(1, '%s\'s committed samples (sdist %s)'
                         % (self.profile.label, self.profile.sdist_samples),
                         lambda: self.fetch_samples(version)):
            return self.summary(version)
        self.step(2, 'versioned-notifications generate, in place',
                  self.generate)
        self.step(3, 'payloads loaded back into %s\'s classes'
                  % self.profile.label, self.load_back)
        self.step(4, 'JSON Schemas and the AsyncAPI document',
                  self.validate)
        self.step(5, 'Sphinx reference (sphinx-build -W --keep-going)',
                  self.build_reference)
        self.step(6, 'payloads read by the listener (NotificationEndpoint)',
                  self.listen)
        self.step(7, 'contracts recorded at the current versions, compared '
                  'clean', self.recorded_contracts)
        return self.summary(version)

    def installed_version(self):
        try:
            return metadata.version(self.profile.distribution)
        except metadata.PackageNotFoundError:
            print('primer: %s is not installed here; run "tox -e %s", '
                  'which installs it' % (self.profile.distribution,
                                         self.profile.tox_env),
                  file=sys.stderr)
            raise SystemExit(2) from None

    def summary(self, version):
        counts = self.counts
        print('\nprimer summary: %s %s: %s classes, %s samples regenerated '
              '(%s written, %s unchanged, %s failed, %s orphans kept; %s '
              'composed, %s fragments, %s variants), %s loaded back, %s '
              'listener-read, %s committed values kept, %s '
              'schema-validated, AsyncAPI %s, %s '
              'warnings, %s classes\' contracts recorded and clean'
              % (self.profile.distribution, version,
                 counts.get('classes', '?'), counts.get('regenerated', '?'),
                 counts.get('written', '?'), counts.get('unchanged', '?'),
                 counts.get('failed', '?'), counts.get('orphans', '?'),
                 counts.get('composed', '?'), counts.get('fragments', '?'),
                 counts.get('variants', '?'),
                 counts.get('loaded', '?'), counts.get('listened', '?'),
                 counts.get('kept', '?'), counts.get('validated', '?'),
                 counts.get('asyncapi', 'not checked'),
                 counts.get('warnings', '?'), counts.get('contracts', '?')))
        if self.failed:
            print('primer FAILED (%s): %d of %d steps failed:'
                  % (self.profile.key, len(self.failed), STEPS))
            for number, title, message in self.failed:
                print('  step %d (%s): %s' % (number, title, message))
            return 1
        print('primer OK (%s): every step passed' % self.profile.key)
        return 0

    # Step 1.

    def fetch_samples(self, version):
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
                    archive.extractall(unpacked, filter='data')
            except (OSError, tarfile.TarError) as exc:
                raise StepFailed('cannot unpack %s: %s' % (source, exc)
                                 ) from None
            roots = [p for p in unpacked.iterdir() if p.is_dir()]
            if len(roots) != 1:
                raise StepFailed('%s does not hold one top directory'
                                 % source)
            source = roots[0]
        found = source / self.profile.sdist_samples
        if not found.is_dir():
            raise StepFailed('%s has no %s directory'
                             % (source, self.profile.sdist_samples))
        names = sorted(p.name for p in found.glob('*.json') if p.is_file())
        if not names:
            raise StepFailed('%s holds no *.json sample' % found)
        # The whole directory: samples and the fragments (sub-directories)
        # composed samples refer to.
        self.pristine = self.workdir / 'committed'
        shutil.copytree(found, self.samples_dir)
        shutil.copytree(found, self.pristine)
        others = sorted(p.relative_to(found).as_posix()
                        for p in found.rglob('*.json')
                        if p.is_file() and p.parent != found)
        self.counts['committed'] = len(names)
        return '%d committed samples and %d other files (fragments) ' \
            'copied from %s to %s' % (len(names), len(others), found,
                                      self.samples_dir)

    # Step 2.

    def load_project(self):
        if self.project is None:
            sys.path.insert(0, str(HERE))
            from versioned_notifications import project as vn_project
            try:
                self.project = vn_project.load_project(
                    self.profile.project_spec)
                for name in self.project.modules:
                    importlib.import_module(name)
            except vn_project.ProjectError as exc:
                raise StepFailed('the project %s cannot be loaded: %s'
                                 % (self.profile.project_spec, exc)
                                 ) from None
            except Exception as exc:
                raise StepFailed('the project\'s modules cannot be imported: '
                                 '%s: %s' % (type(exc).__name__, exc)
                                 ) from None
            self.find_expected()
        return self.project

    def find_expected(self):
        """What the service's package defines, found by walking its
        modules, not through the registry, and what its committed files
        hold, read as plain JSON: the standard the library is held to."""
        base = _import(self.project.notification_base)
        for package_name in self.project.modules:
            package = importlib.import_module(package_name)
            modules = [package]
            for info in pkgutil.walk_packages(
                    getattr(package, '__path__', []), package_name + '.'):
                modules.append(importlib.import_module(info.name))
            for module in modules:
                for _, cls in inspect.getmembers(module, inspect.isclass):
                    if (issubclass(cls, base) and cls is not base
                            and cls.__dict__.get('samples')):
                        self.expected_classes[cls.__name__] = cls
        for _, cls in sorted(self.expected_classes.items()):
            for sample in cls.samples:
                self.expected_samples[sample] = cls
        committed = sorted(p.name for p in self.pristine.glob('*.json'))
        # The variants the project declares, matched here on the committed
        # file names: committed samples no class names, never orphans.
        for class_name, patterns in self.project.variants:
            for pattern in patterns:
                for name in fnmatch.filter(committed, pattern):
                    self.expected_variants[name] = class_name
        unnamed_committed = [n for n in committed
                             if n not in self.expected_samples]
        self.orphans = [n for n in unnamed_committed
                        if n not in self.expected_variants]
        unnamed = sorted(set(self.expected_samples) - set(committed))
        # Composed samples and the fragments they reach, followed here
        # with plain JSON (not the library's reader).
        self.composed_before = _composed(self.pristine, committed)
        self.expected_fragments = _fragments_reached(
            self.pristine, [n for n in committed
                            if n in self.expected_samples
                            or n in self.expected_variants])
        print('  %s defines %d notification classes naming %d samples; '
              '%d committed samples no class names (%s), of which %d '
              'declared variants (%s)%s; %d committed samples composed '
              '("$ref"), reaching %d fragments'
              % (self.profile.label, len(self.expected_classes),
                 len(self.expected_samples), len(unnamed_committed),
                 _names(unnamed_committed), len(self.expected_variants),
                 _names(sorted(self.expected_variants)),
                 '; named but not committed: %s' % ', '.join(unnamed)
                 if unnamed else '', len(self.composed_before),
                 len(self.expected_fragments)))
        undeclared = [class_name for class_name, _ in self.project.variants
                      if class_name not in self.expected_classes]
        if undeclared:
            raise StepFailed('variants declared for %s, which the package '
                             'does not define as notification classes '
                             'naming samples' % ', '.join(undeclared))
        if not self.expected_classes:
            raise StepFailed('no notification class with samples found in '
                             '%s: is the primer looking at the right '
                             'package?' % ', '.join(self.project.modules))

    def generate(self):
        project = self.load_project()
        from versioned_notifications import generator
        from versioned_notifications import project as vn_project
        spec = self.profile.project_spec
        label = self.profile.label
        # The library's own view, in this process (it only reads the
        # directory): which classes it documents, which fragments it
        # regenerates, which variants it keeps.
        try:
            result = generator.generate(project, self.samples_dir)
        except vn_project.ProjectError as exc:
            raise StepFailed('the library cannot load the project: %s'
                             % exc) from None
        names = sorted({s.notification_class.__name__
                        for s in result.samples}
                       | {e.notification_class for e in result.errors
                          if e.notification_class})
        self.counts['classes'] = len(names)
        print('  the library discovers %d notification classes, %d '
              'fragments to regenerate (%d kept as they are), %d variants'
              % (len(names), len(result.fragments), len(result.kept),
                 len(result.variants)))
        before = _sample_digests(self.samples_dir)
        before_all = _all_digests(self.samples_dir)
        command = [sys.executable, '-m', 'versioned_notifications.cli',
                   '--project', spec, 'generate', '--output',
                   str(self.samples_dir)]
        print('  $ (cd %s && versioned-notifications --project %s generate '
              '--output %s)' % (HERE, spec, self.samples_dir), flush=True)
        done = subprocess.run(command, cwd=HERE, capture_output=True,
                              text=True)
        output = done.stdout + done.stderr
        wrote = [line for line in output.splitlines()
                 if line.startswith('wrote ')]
        print(_indent('\n'.join(line for line in output.splitlines()
                                if not line.startswith('wrote '))), end='')
        print('    | (and %d "wrote" lines)' % len(wrote))
        problems = []
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
        if done.returncode:
            problems.append('generate exited with status %d'
                            % done.returncode)
        match = GENERATE_SUMMARY.search(done.stdout)
        written = unchanged = 0
        if match is None:
            problems.append('generate printed no "N written, N unchanged, N '
                            'deleted, N failed" line')
        else:
            written, unchanged, deleted, failed = map(int, match.groups())
            self.counts.update(written=written, unchanged=unchanged,
                               failed=failed)
            if deleted:
                problems.append('generate deleted %d files' % deleted)
            if failed:
                problems.append('%d samples failed' % failed)
        after = _sample_digests(self.samples_dir)
        changed = sorted(n for n in after if before.get(n) != after[n])
        expected = sorted(self.expected_samples)
        missing = [n for n in expected if n not in after]
        regenerated = [n for n in expected if n in after]
        reported = sorted(
            pathlib.Path(p).relative_to(self.samples_dir).as_posix()
            for p in ORPHAN_LINE.findall(done.stdout))
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
            problems.append('generate reported the fragments %s as orphans, '
                            'the samples no longer reach %s'
                            % (_names(fragment_orphans), _names(unreached)))
        self.counts['orphans'] = len(sample_orphans)
        print('  %d of %d samples in the work directory changed; %d of %d '
              'expected samples present; %d orphans reported: %s'
              % (len(changed), len(after), len(regenerated), len(expected),
                 len(sample_orphans), _names(sample_orphans)))
        files = len(expected) + len(self.still_fragments)
        if match is not None and written + unchanged != files:
            problems.append('generate wrote or kept %d samples and '
                            'fragments, %s\'s classes name %d samples and '
                            'the regenerated samples reach %d fragments'
                            % (written + unchanged, label, len(expected),
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
        problems.extend(self.check_composition(result, before_all))
        problems.extend(self.check_data_kept(committed))
        self.counts['regenerated'] = (
            0 if match is None else min(written + unchanged,
                                        len(regenerated)))
        if problems:
            raise StepFailed('; '.join(problems))
        self.regenerated = True
        return ('%d classes, %d samples regenerated (%d written, %d '
                'unchanged, 0 failed), %d orphans kept and reported; %d '
                'composed samples still composed, %d fragments regenerated, '
                '%d variants kept unchanged and valid'
                % (len(names), len(regenerated), written, unchanged,
                   len(sample_orphans), self.counts['composed'],
                   self.counts['fragments'], self.counts['variants']))

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
        share = kept / both if both else 1.0
        print('  data kept: %d of %d committed values at the paths both '
              'have (%.1f%%); %d became their own field name'
              % (kept, both, 100 * share, len(placeholders)))
        for line in lost[:8]:
            print('    changed: %s' % line)
        problems = []
        if share < KEPT_AT_LEAST:
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
        service's classes name (and, with ``variants``, its declared
        variants), as they are in the work directory now, each message
        with its "$ref" resolved (the library's sample reader)."""
        from versioned_notifications import samplefile
        self.load_project()
        if not self.regenerated:
            print('  (step 2 failed: these are the samples as they are in '
                  'the work directory)')
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
                path = self.samples_dir / relative
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
            document = _load_json(self.samples_dir / contracts.ASYNCAPI_FILE,
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
                            'the samples have %d (missing: %s)'
                            % (len(documented), len(event_types), _names(
                                sorted(set(event_types) - set(documented)))))
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

    def build_reference(self):
        from versioned_notifications.sphinxext import domain
        self.load_project()
        if not self.regenerated:
            print('  (step 2 failed: building from the work directory as '
                  'it is)')
        output = self.workdir / 'html'
        command = [sys.executable, '-m', 'sphinx', '-W', '--keep-going',
                   '-b', 'html', '-q', str(DOC_DIR), str(output)]
        settings = {SAMPLE_DIR_ENV: str(self.samples_dir),
                    PROJECT_ENV: self.profile.project_spec,
                    TITLE_ENV: '%s notifications'
                    % self.profile.distribution}
        print('  $ %s sphinx-build -W --keep-going -b html -q %s %s'
              % (' '.join('%s=%r' % item for item in settings.items()),
                 DOC_DIR, output), flush=True)
        env = dict(os.environ, **settings)
        done = subprocess.run(command, capture_output=True, text=True,
                              env=env)
        text = done.stdout + done.stderr
        lines = text.splitlines()
        print(_indent('\n'.join(lines[:20])), end='')
        if len(lines) > 20:
            print('    | ... and %d more lines' % (len(lines) - 20))
        warnings_seen = len(re.findall(r'WARNING:|ERROR:', text))
        self.counts['warnings'] = warnings_seen
        if done.returncode:
            raise StepFailed('sphinx-build exited with status %d, %d '
                             'warnings' % (done.returncode, warnings_seen))
        page = (output / 'index.html').read_text('utf-8')
        event_types = sorted({m.get('event_type') for _, m, _ in
                              self.regenerated_samples()})
        absent = [e for e in event_types
                  if 'id="%s"' % domain.notification_anchor(e) not in page]
        if absent:
            raise StepFailed('the reference has no section for %d of %d '
                             'event types: %s' % (len(absent),
                                                  len(event_types),
                                                  _names(absent)))
        return ('reference built without a warning, one section per event '
                'type (%d) in %s' % (len(event_types), output / 'index.html'))

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
        if not self.regenerated:
            print('  (step 2 failed: these are the contracts as they are in '
                  'the work directory)')
        catalog = vn_catalog.load(project, self.samples_dir)
        classes = list(catalog.notifications) + list(catalog.objects)
        problems, versions = [], {}
        # What generate recorded, read as plain JSON: one version, the
        # class's, with the class's fields.
        for cls in classes:
            path = self.samples_dir / contracts.history_path(cls.obj_name())
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
                               vn_catalog.version_tuple(item[0])
                               or (-1, -1), item[0])))))


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
        description='Document real notification registries (%s) with '
                    'versioned-notifications and check the result.'
                    % ', '.join(PROFILES))
    parser.add_argument(
        '--registry', choices=sorted(PROFILES), action='append',
        help='the registry to document (repeatable; default: every one, '
             'each in its own process)')
    parser.add_argument(
        '--sdist', metavar='PATH',
        help='the sdist (.tar.gz or unpacked directory) to take the '
             'committed samples from, instead of downloading it; with one '
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
    statuses = {}
    for key in registries:
        command = [sys.executable, __file__, '--registry', key]
        if args.workdir:
            command += ['--workdir', str(pathlib.Path(args.workdir) / key)]
        if args.keep:
            command.append('--keep')
        print('=== primer: %s (%s)' % (key, ' '.join(command[1:])),
              flush=True)
        statuses[key] = subprocess.run(command).returncode
    print('\n=== primer: %s' % ', '.join(
        '%s %s' % (key, 'OK' if status == 0 else 'FAILED (exit %d)'
                   % status) for key, status in statuses.items()))
    return 0 if not any(statuses.values()) else 1


if __name__ == '__main__':
    sys.exit(main())
