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

"""The ``versioned-notifications`` command.

::

    versioned-notifications generate [--project MODULE:ATTR] [--output DIR]
                                     [--prune]
    versioned-notifications check [--project MODULE:ATTR] [--output DIR]
                                  [--against GIT_REF]
    versioned-notifications list [--project MODULE:ATTR]
    versioned-notifications watch --transport-url URL [--topic T]
                                  [--pool NAME] [--count N] [--duration S]
                                  [--json] [--record DIR] [--redact KEY ...]

``--project`` may come before the command too. The project defaults to
``project`` in the ``[versioned_notifications]`` section of ``setup.cfg``
in the current directory; the sample directory is relative to that
directory. Beside the samples (or in the project's ``contracts_dir``),
``generate`` writes and ``check`` compares their JSON Schemas
(``schemas/``), the AsyncAPI document (``asyncapi.json``), unless the
project's ``exports`` leave them out, and the recorded contract of every
version of each class (``schemas/history/``), by the same rules
(:mod:`versioned_notifications.contracts`). Both first compare each class
with its last recorded version (:mod:`versioned_notifications.evolution`):
a change without the version bump it needs, or with a smaller one, is one
message per class, and ``generate`` then writes nothing. ``check
--against GIT_REF`` also compares with the contracts that git revision
recorded.

Both validate every sample they build against its JSON Schema and its
field types (:mod:`versioned_notifications.validation`), and ``check``
the variant samples too.

Both also hold each class's ``# Version`` comments to its ``VERSION``
and its recorded versions
(:func:`versioned_notifications.versioncomments.problems`), as the
reference does.

Exit status: 0 success; 1 ``check`` found stale, missing or orphan
files, temporary files an interrupted ``generate`` left, an invalid
variant sample, a class changed without the version bump it needs, or
``# Version`` comments that disagree with ``VERSION`` or the recorded
versions (a missing comment is not unusable input: the code runs, its
history is incomplete); 2
unusable input: arguments or configuration, a sample that cannot be built
or read (the other samples are still written or checked), a built sample
its JSON Schema or field types refuse (a field type that describes itself
wrongly; ``generate`` still writes it), a schema that cannot be made, a
file that cannot be written, something else than a regular file (a FIFO,
a directory) where a generated file goes, a file whose real path leaves
the sample directory, a recorded contract that cannot be read, or (for
``generate``, which then writes nothing) a class changed without the
version bump it needs; 3 an internal error (a bug; ``--debug`` prints the
traceback); 130 interrupted (Ctrl-C), with no file half-written. ``watch``
has its own statuses (:class:`Watch`). Runs on
one sample directory wait for each other
(:func:`versioned_notifications.sampledir.locked`).

A subcommand is a :class:`Command` subclass decorated with
:func:`register`; ``main()`` builds the parser from the registered ones.
An installed distribution adds its own under the entry point group
``versioned_notifications.commands`` (name: the subcommand), as this
project's ``demo`` does.
"""

import argparse
from collections.abc import Sequence
import configparser
import contextlib
import dataclasses
from importlib import metadata
import pathlib
import sys
import textwrap
import traceback
import warnings

__all__ = ['Command', 'EXIT_ERROR', 'EXIT_INTERNAL', 'EXIT_INTERRUPTED',
           'EXIT_OK', 'EXIT_STALE', 'UsageError', 'main']

# oslo.messaging still imports eventlet-based oslo modules, whose
# deprecation warning would open every run of this command.
warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')

from versioned_notifications import adopt  # noqa: E402
from versioned_notifications import catalog as vn_catalog  # noqa: E402
from versioned_notifications import entrypoint  # noqa: E402
from versioned_notifications import errors  # noqa: E402
from versioned_notifications import evolution  # noqa: E402
from versioned_notifications import fieldtypes  # noqa: E402
from versioned_notifications import generator  # noqa: E402
from versioned_notifications import historyfile  # noqa: E402
from versioned_notifications import project as vn_project  # noqa: E402
from versioned_notifications import sampledir  # noqa: E402
from versioned_notifications import samplefile  # noqa: E402
from versioned_notifications import schema  # noqa: E402
from versioned_notifications import watch  # noqa: E402
from versioned_notifications import watchbus  # noqa: E402
from versioned_notifications import watchrecord  # noqa: E402

PROG = 'versioned-notifications'
SETUP_CFG = 'setup.cfg'
SETUP_CFG_SECTION = 'versioned_notifications'
SETUP_CFG_KEY = 'project'
SETUP_CFG_PYTHONPATH = 'pythonpath'

EXIT_OK = 0
EXIT_STALE = 1
EXIT_ERROR = 2
# A bug, here or in the project's code the command runs: not the input's
# fault, and not to be taken for "stale" by CI.
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = entrypoint.EXIT_INTERRUPTED


class UsageError(errors.VersionedNotificationsError):
    """The command cannot run as asked; the message says what to do."""


@dataclasses.dataclass
class Invocation:
    """What a subcommand runs with."""

    # The parsed arguments, the subcommand's own options included.
    args: argparse.Namespace
    # Directory relative paths of the configuration are resolved against.
    base_dir: pathlib.Path
    # 'module:attr' of the project, as given or read from setup.cfg.
    project_spec: str | None
    out: object
    err: object

    def project(self):
        if not self.project_spec:
            raise UsageError(
                'no notification project: pass --project MODULE:ATTR or add '
                '"[%s] %s = MODULE:ATTR" to %s'
                % (SETUP_CFG_SECTION, SETUP_CFG_KEY,
                   self.base_dir / SETUP_CFG))
        return vn_project.load_project(self.project_spec)

    def sample_dir(self, project):
        output = getattr(self.args, 'output', None)
        directory = vn_catalog.sample_dir(project, self.base_dir, output)
        # Whatever stands on the way, named before anything reads there.
        for path in (directory, *directory.parents):
            if path.exists() and not path.is_dir():
                raise UsageError(
                    '%s is %s, not a directory: %s' % (
                        path, samplefile.irregular_kind(path) or 'a file',
                        'name the sample directory with --output' if
                        path == directory and output else
                        'move it away, or name another sample directory '
                        'with --output'))
        return directory

    @contextlib.contextmanager
    def generating(self, exclusive):
        """The project, its sample directory and the generated samples,
        the directory held for this run (``exclusive``: alone, for a run
        that writes); errors are printed here."""
        project = self.project()
        directory = self.sample_dir(project)
        with sampledir.locked(directory, exclusive, wait=self.waiting,
                              note=self.note):
            result = generator.generate(project, directory)
            for message in generator.error_messages(result.errors):
                self.error(message)
            yield project, directory, result

    def waiting(self):
        print('%s: waiting for another run on the same sample directory '
              'to finish' % PROG, file=self.err)

    def note(self, message):
        print('%s: note: %s' % (PROG, message), file=self.err)

    def report_invalid(self, result):
        """Print the built samples that their JSON Schema or field types
        refuse, each naming the field type at fault."""
        for problem in result.invalid:
            self.error(problem)

    def contract_files(self, project, result):
        """The schema and AsyncAPI files, or None (the error printed) when
        they cannot be made: they describe every sample, so not while a
        sample fails."""
        outputs = result.layout.output_names
        if result.errors:
            self.error('the %s are left as they are until every sample can '
                       'be built' % outputs)
            return None
        try:
            return generator.contract_files(project, result.samples)
        except (schema.SchemaError, vn_project.ProjectError) as exc:
            self.error('the %s cannot be made: %s' % (outputs, exc))
            return None

    def evolution(self, project, directory):
        """The contract evolution of the project
        (:class:`~versioned_notifications.evolution.Evaluation`), or None
        (the error printed) when a recorded contract cannot be read."""
        try:
            return evolution.evaluate(project, directory,
                                      getattr(self.args, 'against', None))
        except historyfile.HistoryError as exc:
            self.error(str(exc))
            return None

    def report_evolution(self, evaluation, layout, recording=False):
        """Print what the evaluation found: one line per class whose
        version does not match its changes, and the classes not recorded
        yet (``recording``: by this run)."""
        out = self.out
        for problem in evaluation.problems:
            print(problem, file=out)
        for problem in evaluation.comment_problems:
            print(problem, file=out)
        history = layout.history_dir()
        who = 'recording' if recording else 'generate records'
        if evaluation.first_run:
            print('note: no recorded contracts in %s yet (a first run): '
                  '%s the %s at their current versions'
                  % (history, who, _classes(evaluation.classes)), file=out)
        else:
            for name in evaluation.unrecorded:
                print('note: %s has no recorded contract yet (a new class):'
                      ' %s it' % (name, who), file=out)
        against = getattr(self.args, 'against', None)
        if against and evaluation.not_at_revision:
            print('note: %s recorded no contract of %s (%s): compared '
                  'with the working tree\'s only'
                  % (against, _classes(len(evaluation.not_at_revision)),
                     ', '.join(evaluation.not_at_revision)), file=out)

    def error(self, message):
        print('%s: error: %s' % (PROG, message), file=self.err)


class Command:
    """A subcommand: ``name`` and ``help`` for the parser, its options in
    :meth:`add_arguments`, its work in :meth:`run`, which returns the exit
    status."""

    name = None
    help = None
    # Text after the options in the command's --help, as written.
    epilog = None

    def add_arguments(self, parser):
        pass

    def run(self, invocation):
        raise NotImplementedError


COMMANDS = {}


def register(command_class):
    """Class decorator adding a :class:`Command` to the command line."""
    COMMANDS[command_class.name] = command_class()
    return command_class


COMMAND_ENTRY_POINTS = 'versioned_notifications.commands'


def plugin_commands():
    """Entry points of the subcommands installed distributions add, by
    name; the built-in commands win over a plugin of the same name."""
    return {ep.name: ep
            for ep in metadata.entry_points(group=COMMAND_ENTRY_POINTS)
            if ep.name not in COMMANDS}


def load_plugin_command(entry_point):
    """The :class:`Command` an entry point names, or a UsageError."""
    try:
        command = entry_point.load()()
    except Exception as exc:
        raise UsageError('command %s (%s) cannot be loaded: %s: %s'
                         % (entry_point.name, entry_point.value,
                            type(exc).__name__, exc)) from exc
    command.name = entry_point.name
    return command


def _directory(value):
    # An empty --output would silently mean the current directory.
    if not value:
        raise argparse.ArgumentTypeError(
            'is empty: name the sample directory, or leave --output out '
            'for the project\'s sample_dir')
    return value


def _output_option(parser):
    parser.add_argument(
        '--output', metavar='DIR', type=_directory,
        help='sample directory (default: the project\'s sample_dir, '
             'relative to the directory of setup.cfg)')


LEFTOVER = 'a temporary file of an interrupted generate'


def _classes(count):
    return '%d class%s' % (count, '' if count == 1 else 'es')


def _in(layout):
    """' in <contract directory>' when the contracts are not beside the
    samples."""
    return ' in %s' % layout.directory if layout.separate else ''


def _kind(path):
    """'a FIFO; ' and the like for what is not a regular file."""
    kind = samplefile.irregular_kind(path)
    return '%s; ' % kind if kind else ''


@register
class Generate(Command):
    name = 'generate'
    help = ('write the samples, their JSON Schemas and the AsyncAPI '
            'document; only files whose content changes are touched')

    def add_arguments(self, parser):
        _output_option(parser)
        parser.add_argument(
            '--prune', action='store_true',
            help='also delete *.json files no notification documents, '
                 'schema files nothing generates and the temporary files '
                 '(.*.json.*.tmp) an interrupted generate left')

    def run(self, invocation):
        with invocation.generating(exclusive=True) as (project, directory,
                                                        result):
            return self.write(invocation, project, directory, result)

    def write(self, invocation, project, directory, result):
        invocation.report_invalid(result)
        prune = invocation.args.prune
        out = invocation.out
        evaluation = invocation.evolution(project, directory)
        if evaluation is None:
            invocation.error('nothing written')
            return EXIT_ERROR
        layout = result.layout
        contract_dir = layout.directory
        invocation.report_evolution(evaluation, layout,
                                    recording=evaluation.ok)
        if not evaluation.ok:
            invocation.error(
                '%s changed without the version bump they need (above): '
                'nothing written; bump each VERSION (with its "# Version '
                'X.Y: ..." line) and run generate again'
                % _classes(len(evaluation.problems)))
            return EXIT_ERROR
        report = sampledir.write_samples(result, directory, prune=prune)
        files = invocation.contract_files(project, result)
        if files is not None:
            files += evaluation.files
        written = sampledir.WriteReport(written=[], unchanged=[], deleted=[])
        if files is not None:
            written = sampledir.write_contracts(files, contract_dir,
                                                prune=prune, layout=layout)
        for root, names in ((directory, report.written),
                            (contract_dir, written.written)):
            for name in names:
                print('wrote %s' % (root / name), file=out)
        for root, names in ((directory, report.deleted),
                            (contract_dir, written.deleted)):
            for name in names:
                print('deleted %s' % (root / name), file=out)
        for replacement in result.replaced:
            print('%s %s: %s' % ('converted' if replacement.converted
                                 else 'replaced',
                                 directory / replacement.sample,
                                 replacement.detail), file=out)
        for problem in result.problems:
            # Variants are not written, so generate cannot fix them; check
            # fails on them.
            print('%s: warning: %s' % (PROG, problem), file=invocation.err)
        if not prune:
            left = [directory / name
                    for name in sampledir.orphans(result, directory)]
            if files is not None:
                left += [contract_dir / name for name in
                         sampledir.contract_orphans(files, contract_dir,
                                                    layout.what)]
            for path in left:
                print('orphan %s (%snothing generates it; --prune deletes '
                      'it)' % (path, _kind(path)), file=out)
            for path in ([directory / name
                          for name in sampledir.leftovers(directory)]
                         + [contract_dir / name for name in
                            sampledir.contract_leftovers(layout)]):
                print('leftover %s (%s; --prune deletes it)'
                      % (path, LEFTOVER), file=out)
        if files is not None:
            for name, version in evaluation.recorded:
                print('recorded %s %s' % (name, version), file=out)
            print('%s%s: %d written, %d unchanged, %d deleted'
                  % (layout.output_names, _in(layout), len(written.written),
                     len(written.unchanged), len(written.deleted)), file=out)
        print('%d written, %d unchanged, %d deleted, %d failed in %s'
              % (len(report.written), len(report.unchanged),
                 len(report.deleted), len(result.errors), directory),
              file=out)
        # An invalid sample is written all the same: it is what the code
        # sends; the field type named is what to correct.
        return (EXIT_ERROR if result.errors or result.invalid
                or files is None else EXIT_OK)


@register
class Check(Command):
    name = 'check'
    help = ('compare the sample directory (samples, schemas, AsyncAPI '
            'document) with what generate would write')

    def add_arguments(self, parser):
        _output_option(parser)
        parser.add_argument(
            '--against', metavar='GIT_REF',
            help='also compare the classes with the contracts recorded at '
                 'this git revision (a branch, tag or commit, e.g. '
                 'origin/main), which the working tree must not have '
                 'rewritten; default: the recorded contracts in the sample '
                 'directory only')

    def run(self, invocation):
        with invocation.generating(exclusive=False) as (project, directory,
                                                         result):
            return self.compare(invocation, project, directory, result)

    def compare(self, invocation, project, directory, result):
        invocation.report_invalid(result)
        evaluation = invocation.evolution(project, directory)
        if evaluation is None:
            return EXIT_ERROR
        report = sampledir.check_samples(result, directory)
        files = invocation.contract_files(project, result)
        if files is not None:
            files += evaluation.files
        layout = result.layout
        contract_dir = layout.directory
        checked = sampledir.CheckReport(stale=[], missing=[], orphan=[],
                                        current=[])
        if files is not None:
            checked = sampledir.check_contracts(files, contract_dir, layout)
        out = invocation.out
        both = ((directory, report), (contract_dir, checked))
        for _, found in both:
            for _, diff in found.stale:
                out.write(diff)
        for root, found in both:
            for name, _ in found.stale:
                print('stale %s' % (root / name), file=out)
        for root, found in both:
            for name in found.missing:
                print('missing %s' % (root / name), file=out)
        for root, found in both:
            for name in found.orphan:
                print('orphan %s (%snothing generates it)'
                      % (root / name, _kind(root / name)), file=out)
        for root, found in both:
            for name in found.leftover:
                print('leftover %s (%s)' % (root / name, LEFTOVER),
                      file=out)
        for problem in report.invalid:
            print('invalid %s' % problem, file=out)
        invocation.report_evolution(evaluation, layout)
        for root, found in both:
            for name, kind in found.irregular:
                invocation.error('%s is %s, not a regular file; delete it, '
                                 'and generate writes the file there'
                                 % (root / name, kind))
        for message in report.outside + checked.outside:
            invocation.error(message)
        if result.errors or result.invalid or files is None \
                or report.irregular or checked.irregular or report.outside \
                or checked.outside:
            return EXIT_ERROR
        if not evaluation.ok:
            print('%s changed without the version bump they need: bump '
                  'each VERSION as said above (with its "# Version X.Y: '
                  '..." line), then run "%s generate", which records the '
                  'new versions' % (_classes(len(evaluation.problems)),
                                    PROG), file=out)
            return EXIT_STALE
        if report.invalid and not (report.stale or report.missing
                                   or report.orphan or report.leftover
                                   or not checked.ok):
            print('variant samples are invalid: correct them or the '
                  'project\'s "variants"', file=out)
            return EXIT_STALE
        if not (report.ok and checked.ok):
            print('samples are out of date: run "%s generate --prune" '
                  '(tox -e samples) and commit the result' % PROG, file=out)
            return EXIT_STALE
        if evaluation.comment_problems:
            print('"# Version" comments of %s disagree with their versions: '
                  'correct them as said above (the reference warns of the '
                  'same)' % _classes(len({problem.name for problem in
                                         evaluation.comment_problems})),
                  file=out)
            return EXIT_STALE
        print('%s%s current (%d files)'
              % (layout.output_names, _in(layout), len(checked.current)),
              file=out)
        print('contracts of %s match their recorded versions%s'
              % (_classes(evaluation.classes),
                 ' and those recorded at %s' % invocation.args.against
                 if invocation.args.against else ''), file=out)
        print('%d samples current in %s' % (len(report.current), directory),
              file=out)
        return EXIT_OK


@register
class List(Command):
    name = 'list'
    help = ('one line per sample: event type, priority, publisher_id, '
            'notification class and version, payload class and version, '
            'sample file')

    def run(self, invocation):
        with invocation.generating(exclusive=False) as (project, directory,
                                                         result):
            return self.show(invocation, project, directory, result)

    def show(self, invocation, project, directory, result):
        rows = [(sample.event_type, sample.priority,
                 str(sample.message['publisher_id']),
                 '%s %s' % (sample.notification_class.obj_name(),
                            sample.notification_class.VERSION),
                 '%s %s' % (sample.payload_class.obj_name(),
                            sample.payload_class.VERSION),
                 sample.name)
                for sample in result.samples]
        # Variants are nobody's output: their envelope is their file's.
        for entry in vn_catalog.load(project, directory).entries:
            if not entry.variant:
                continue
            try:
                message = samplefile.read(directory / entry.sample,
                                          root=directory).message
            except samplefile.SampleFileError:
                message = {}
            envelope = [str(message.get(key, '?'))
                        if isinstance(message, dict) else '?' for key in
                        ('event_type', 'priority', 'publisher_id')]
            rows.append((*envelope,
                         '%s %s' % (entry.notification.obj_name(),
                                    entry.notification.VERSION),
                         '%s %s' % (entry.payload.obj_name(),
                                    entry.payload.VERSION),
                         '%s (variant)' % entry.sample))
        columns = 5
        widths = [max((len(row[i]) for row in rows), default=0)
                  for i in range(columns)]
        for row in rows:
            cells = [row[i].ljust(widths[i]) for i in range(columns)]
            print('  '.join(cells + [row[columns]]), file=invocation.out)
        try:
            notes = type_notes(project, result.samples)
        except schema.SchemaError as exc:
            invocation.error(str(exc))
            return EXIT_ERROR
        for note in notes:
            print('note: %s' % note, file=invocation.out)
        return EXIT_ERROR if result.errors else EXIT_OK


def _positive(kind):
    def convert(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                '%r is not a number' % text) from None
        if not value > 0:
            raise argparse.ArgumentTypeError('must be more than 0, not %s'
                                             % text)
        return value
    return convert


def _watch_epilog():
    kinds = ''.join(
        '  %s\n%s\n' % (kind, textwrap.fill(
            meaning, width=76, initial_indent=' ' * 6,
            subsequent_indent=' ' * 6))
        for kind, meaning in watch.KIND_MEANINGS.items())
    return ('problem kinds (a newer minor version than recorded is shown, '
            'and is none):\n%s\nexit status:\n'
            '  %d    every message held\n'
            '  %d    a message did not hold (the report lists why)\n'
            '  %d    unusable arguments or project, a broker that cannot be '
            'reached,\n       a sample that cannot be recorded\n'
            '  %d  interrupted (Ctrl-C), after the report\n'
            % (kinds, watchbus.EXIT_OK, watchbus.EXIT_PROBLEMS,
               watchbus.EXIT_ERROR, watchbus.EXIT_INTERRUPTED))


@register
class Watch(Command):
    """``watch``: exit status 0 when every message held, 1 when one did
    not, 2 for unusable arguments or an unreachable broker, 130 on Ctrl-C
    (after the report)."""

    name = 'watch'
    help = ('listen to a live bus and check every notification against the '
            'project\'s contracts (the version each one says it is); '
            'report by event type')
    epilog = _watch_epilog()

    def add_arguments(self, parser):
        parser.add_argument(
            '--transport-url', metavar='URL', required=True,
            help='the bus, as oslo.messaging names it: '
                 'rabbit://USER:PASSWORD@HOST:5672/ (or kafka://, fake://)')
        parser.add_argument(
            '--topic', metavar='T', action='append', dest='topics',
            help='a notification topic to read (default: %s; repeat for '
                 'more)' % watchbus.DEFAULT_TOPIC)
        parser.add_argument(
            '--exchange', metavar='NAME',
            help='the exchange the service sends to (default: '
                 'control_exchange, "openstack" unless --config-file says)')
        parser.add_argument(
            '--pool', metavar='NAME',
            help='read a copy of the stream in a queue of this pool, shared '
                 'by the watchers of the same pool (default: the topic\'s '
                 'own queues, which its other consumers read too)')
        parser.add_argument('--count', metavar='N', type=_positive(int),
                            help='stop after N messages')
        parser.add_argument('--duration', metavar='S',
                            type=_positive(float),
                            help='stop after S seconds')
        parser.add_argument(
            '--json', action='store_true',
            help='print the report as one JSON object too, as the last '
                 'line of standard output')
        parser.add_argument(
            '--record', metavar='DIR', type=_directory,
            help='write the first valid message of each event type and '
                 'payload version as a sample file, DIR/<version>/<sample>')
        parser.add_argument(
            '--redact', metavar='KEY', nargs='+', action='extend',
            help='with --record: replace the value of KEY anywhere in the '
                 'payload (a field: by the value derived from its type; '
                 'else by "%s")' % watchrecord.REDACTED)
        parser.add_argument(
            '--connect-timeout', metavar='S', type=_positive(float),
            default=watchbus.DEFAULT_CONNECT_TIMEOUT,
            help='how long the broker may take to answer (default: %gs)'
                 % watchbus.DEFAULT_CONNECT_TIMEOUT)
        parser.add_argument(
            '--config-file', metavar='PATH',
            help='an oslo.config file with the [oslo_messaging_rabbit] (or '
                 'kafka) options and control_exchange the service uses')
        _output_option(parser)

    def run(self, invocation):
        args = invocation.args
        if args.redact and not args.record:
            raise UsageError('--redact needs --record DIR: it redacts the '
                             'samples recorded')
        project = invocation.project()
        directory = invocation.sample_dir(project)
        try:
            contracts = watch.Contracts.load(project, directory)
        except watch.WatchError as exc:
            raise UsageError(str(exc)) from None
        for note in contracts.notes:
            invocation.note(note)
        recorder = None
        if args.record:
            recorder = watchrecord.Recorder(
                invocation.base_dir / args.record, contracts,
                args.redact or (), fieldtypes.Describer.for_project(project))
        options = watchbus.Options(
            transport_url=args.transport_url,
            topics=tuple(args.topics or (watchbus.DEFAULT_TOPIC,)),
            exchange=args.exchange, pool=args.pool, count=args.count,
            duration=args.duration, json=args.json,
            connect_timeout=args.connect_timeout,
            config_file=args.config_file)
        try:
            if recorder is not None:
                recorder.prepare()
            return watchbus.run(options, contracts, invocation.out,
                                invocation.err, recorder)
        except watch.WatchError as exc:
            raise UsageError(str(exc)) from None


@register
class Adopt(Command):
    name = 'adopt'
    help = ('replace a copied doc/ext/versioned_notifications.py: write the '
            'project file and settings, replace the extension in conf.py, '
            'add the samples tox environment and the CI check, declare the '
            'samples no class names, and regenerate keeping their data; run '
            'it at the top of the repository')

    def add_arguments(self, parser):
        parser.add_argument(
            '--dry-run', action='store_true',
            help='show the changes (a diff per file) and write nothing')
        parser.add_argument(
            '--extension', metavar='PATH',
            help='the copied extension (default: %s)' % adopt.EXTENSION)
        parser.add_argument(
            '--registry', metavar='MODULE:CLASS',
            help='the registry, when the copied extension does not say it')
        parser.add_argument(
            '--notification-base', metavar='MODULE:CLASS',
            help='the notification base class, when the copied extension '
                 'does not say it')
        parser.add_argument(
            '--sample-dir', metavar='DIR',
            help='the sample directory, relative to the repository, when '
                 'the copied extension does not say it')
        parser.add_argument(
            '--requirement', metavar='SPEC', default=adopt.REQUIREMENT,
            help='the line added to doc/requirements.txt (default: %s; '
                 'before a release on the package index, a wheel or a VCS '
                 'URL such as "versioned-notifications[sphinx] @ git+https:'
                 '//...")' % adopt.REQUIREMENT)
        parser.add_argument(
            '--contracts-dir', metavar='DIR', default=adopt.CONTRACTS_DIR,
            help='where the JSON Schemas, the AsyncAPI document and the '
                 'recorded contracts go, relative to the sample directory '
                 '(default: %s)' % adopt.CONTRACTS_DIR)

    def run(self, invocation):
        args, out = invocation.args, invocation.out
        root = invocation.base_dir
        try:
            legacy = adopt.find(root, args.extension, args.registry,
                                args.notification_base, args.sample_dir)
            settings = adopt.project_settings(legacy,
                                              contracts_dir=args.contracts_dir)
            unclaimed = adopt.declare(legacy, adopt.project(settings))
            changes, notes = adopt.plan(legacy, unclaimed, args.requirement,
                                        args.contracts_dir)
        except adopt.AdoptError as exc:
            raise UsageError(str(exc)) from None
        print('adopt: %s loads the copied %s; registry %s, notification '
              'base %s, samples in %s' % (
                  ', '.join(conf.relative_to(root).as_posix()
                            for conf in legacy.confs),
                  legacy.extension.relative_to(root).as_posix(),
                  legacy.registry, legacy.notification_base,
                  legacy.sample_dir), file=out)
        for item in unclaimed:
            if item.kind:
                print('declared %s: %s, %s of %s' % (
                    item.sample, item.event_type,
                    'an event' if item.kind == 'event' else 'a variant',
                    item.notification), file=out)
        if args.dry_run:
            for change in changes:
                out.write(change.diff(root))
            print('then: versioned-notifications generate, keeping the '
                  'samples\' data (nothing written: --dry-run)', file=out)
            self.review(notes, out)
            return EXIT_OK
        try:
            adopt.apply(changes)
        except adopt.AdoptError as exc:
            raise UsageError(str(exc)) from None
        for change in changes:
            print('%s %s (%s)' % ('deleted' if change.new is None else
                                  'wrote' if change.old is None else
                                  'changed',
                                  change.path.relative_to(root).as_posix(),
                                  change.why), file=out)
        generate = Invocation(
            args=argparse.Namespace(prune=False, output=None,
                                    debug=getattr(args, 'debug', False)),
            base_dir=root, project_spec='%s:PROJECT' % adopt.PROJECT_MODULE,
            out=out, err=invocation.err)
        with _importable(*pythonpath_from_setup_cfg(root)):
            status = COMMANDS['generate'].run(generate)
        self.review(notes + [
            'the samples and the contracts: "git diff" shows what generate '
            'changed (versions, fields added or removed, each value it '
            'replaced or converted is printed above)'], out)
        return status

    @staticmethod
    def review(notes, out):
        for note in notes:
            print('review: %s' % note, file=out)


def type_notes(project, samples):
    """One line per field, of the samples' payloads and the objects in
    them, whose type does not describe itself: how its schema was found.
    """
    describer = fieldtypes.Describer.for_project(project)
    payloads = {sample.payload_class.obj_name(): sample.payload_class
                for sample in samples}
    notes = []
    for cls in vn_catalog.object_closure(payloads.values()):
        for path, field_type, description in (
                describer.fallback_descriptions(cls)):
            shape = fieldtypes.description_words(description)
            if description.how != fieldtypes.ANY_VALUE:
                shape += ', ' + description.how
            notes.append('%s: %s does not describe itself (no '
                         'get_schema()); documented as %s'
                         % (path, fieldtypes.type_name(field_type), shape))
    return notes


def project_from_setup_cfg(directory):
    """``[versioned_notifications] project`` of ``directory/setup.cfg``,
    or None."""
    return _setup_cfg(directory).get(SETUP_CFG_KEY)


def pythonpath_from_setup_cfg(directory):
    """The directories ``[versioned_notifications] pythonpath`` of
    ``directory/setup.cfg`` names (relative to it, whitespace-separated),
    from which the project is imported; each must exist."""
    found = []
    for entry in (_setup_cfg(directory).get(SETUP_CFG_PYTHONPATH) or
                  '').split():
        path = pathlib.Path(directory) / entry
        if not path.is_dir():
            raise UsageError('%s: [%s] %s names %s, which is not a '
                             'directory; correct it'
                             % (pathlib.Path(directory) / SETUP_CFG,
                                SETUP_CFG_SECTION, SETUP_CFG_PYTHONPATH,
                                path))
        found.append(path)
    return found


def _setup_cfg(directory):
    """The ``[versioned_notifications]`` section of
    ``directory/setup.cfg``, {} when there is none."""
    path = pathlib.Path(directory) / SETUP_CFG
    parser = configparser.ConfigParser(interpolation=None)
    try:
        read = parser.read(path, encoding='utf-8')
    except configparser.Error as exc:
        raise UsageError('%s: %s' % (path, exc)) from exc
    except UnicodeDecodeError as exc:
        raise UsageError('%s is not UTF-8 text (byte %d: %s); save it as '
                         'UTF-8, or pass --project MODULE:ATTR'
                         % (path, exc.start, exc.reason)) from exc
    if not read or not parser.has_section(SETUP_CFG_SECTION):
        return {}
    return dict(parser.items(SETUP_CFG_SECTION))


HELP_OPTIONS = ('-h', '--help')
EXIT_STATUSES = """exit status:
  %d    success
  %d    check: stale, missing or orphan files, leftover temporary files,
       invalid variant samples, a class changed without the version
       bump it needs, or "# Version" comments that disagree with VERSION
       or the recorded versions
  %d    unusable input: arguments, configuration, a sample that cannot be
       built or read, a built sample its JSON Schema or field types
       refuse, a file that cannot be written or that leads outside the
       sample directory; the message names it and what to do
  %d    internal error: a bug (--debug prints the traceback)
  %d  interrupted (Ctrl-C); no file is half-written""" % (
    EXIT_OK, EXIT_STALE, EXIT_ERROR, EXIT_INTERNAL, EXIT_INTERRUPTED)


def _wants_command_list(argv, names):
    """Whether ``argv`` asks for the top-level help, which lists every
    command with its own description."""
    for arg in argv:
        if arg in names:
            return False
        if arg in HELP_OPTIONS:
            return True
    return False


def build_parser(argv=()):
    """The parser of every command. A plugin command is imported only when
    ``argv`` asks for it, or for the top-level help, which shows its own
    description: documenting one project never imports another's code."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description='Generate, check and list the JSON samples of a '
                    'project\'s versioned notifications.',
        epilog=EXIT_STATUSES,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    project_help = ('the NotificationProject to document (default: '
                    '"project" in the [%s] section of ./%s)'
                    % (SETUP_CFG_SECTION, SETUP_CFG))
    debug_help = ('on an internal error (exit status %d), print the '
                  'traceback' % EXIT_INTERNAL)
    parser.add_argument('--project', metavar='MODULE:ATTR',
                        help=project_help)
    parser.add_argument('--debug', action='store_true', help=debug_help)
    # Also accepted after the command; SUPPRESS keeps a value given before
    # it when it is not repeated there.
    project_option = argparse.ArgumentParser(add_help=False)
    project_option.add_argument('--project', metavar='MODULE:ATTR',
                                default=argparse.SUPPRESS, help=project_help)
    project_option.add_argument('--debug', action='store_true',
                                default=argparse.SUPPRESS, help=debug_help)
    subparsers = parser.add_subparsers(dest='command', metavar='COMMAND',
                                       required=True)
    commands = dict(COMMANDS)
    plugins = sorted(plugin_commands().items())
    listing = _wants_command_list(argv, set(commands) | dict(plugins).keys())
    described = {}
    for name, entry_point in plugins:
        if name in argv:
            commands[name] = load_plugin_command(entry_point)
        elif listing:
            try:
                described[name] = load_plugin_command(entry_point).help
            except UsageError as exc:
                # The list of commands is still useful without it.
                described[name] = '(%s)' % exc
    for command in commands.values():
        epilog = getattr(command, 'epilog', None)
        command.add_arguments(subparsers.add_parser(
            command.name, help=command.help, description=command.help,
            parents=[project_option], epilog=epilog,
            formatter_class=argparse.RawDescriptionHelpFormatter if epilog
            else argparse.HelpFormatter))
    for name, _ in plugins:
        if name not in commands:
            # Never shown but in the top-level help, which has loaded it.
            subparsers.add_parser(name, help=described.get(name))
    return parser, commands


@contextlib.contextmanager
def _importable(*directories):
    """Let 'module:attr' name modules in ``directories`` (the first
    first), as ``python -m`` run in the first would."""
    added = [str(directory) for directory in directories
             if str(directory) not in sys.path]
    sys.path[:0] = added
    try:
        yield
    finally:
        for entry in added:
            if entry in sys.path:
                sys.path.remove(entry)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``); returns
    the exit status."""
    out, err = sys.stdout, sys.stderr
    argv = sys.argv[1:] if argv is None else list(argv)
    try:
        parser, commands = build_parser(argv)
    except UsageError as exc:
        print('%s: error: %s' % (PROG, exc), file=err)
        return EXIT_ERROR
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        # argparse has printed the usage and the problem.
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    base_dir = pathlib.Path.cwd()
    invocation = Invocation(args=args, base_dir=base_dir, project_spec=None,
                            out=out, err=err)
    try:
        invocation.project_spec = (args.project
                                   or project_from_setup_cfg(base_dir))
        with _importable(base_dir, *pythonpath_from_setup_cfg(base_dir)):
            return commands[args.command].run(invocation)
    except KeyboardInterrupt:
        print(entrypoint.INTERRUPTED, file=err)
        return EXIT_INTERRUPTED
    except (UsageError, vn_project.ProjectError) as exc:
        invocation.error(str(exc))
        return EXIT_ERROR
    except OSError as exc:
        invocation.error(str(exc))
        return EXIT_ERROR
    except Exception as exc:
        if args.debug:
            traceback.print_exc(file=err)
        invocation.error(
            'internal error: %s: %s; a bug of %s or of the project\'s code '
            'it runs, not of the input: %s' % (
                type(exc).__name__, exc, PROG,
                'the traceback is above' if args.debug else
                'run the command again with --debug for the traceback, '
                'and report it'))
        return EXIT_INTERNAL


if __name__ == '__main__':
    sys.exit(main())
