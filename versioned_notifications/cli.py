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

    versioned-notifications [--project MODULE:ATTR] generate [--output DIR]
                                                            [--prune]
    versioned-notifications [--project MODULE:ATTR] check [--output DIR]
    versioned-notifications [--project MODULE:ATTR] list

The project defaults to ``project`` in the ``[versioned_notifications]``
section of ``setup.cfg`` in the current directory; the sample directory is
relative to that directory.

Exit status: 0 success; 1 ``check`` found stale, missing or orphan
samples; 2 unusable arguments or configuration, or a sample that cannot be
built (the other samples are still written or checked).

A subcommand is a :class:`Command` subclass decorated with
:func:`register`; ``main()`` builds the parser from the registered ones.
"""

import argparse
import configparser
import contextlib
import dataclasses
import pathlib
import sys
import warnings

# oslo.messaging still imports eventlet-based oslo modules, whose
# deprecation warning would open every run of this command.
warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')

from versioned_notifications import generator  # noqa: E402
from versioned_notifications import project as vn_project  # noqa: E402

PROG = 'versioned-notifications'
SETUP_CFG = 'setup.cfg'
SETUP_CFG_SECTION = 'versioned_notifications'
SETUP_CFG_KEY = 'project'

EXIT_OK = 0
EXIT_STALE = 1
EXIT_ERROR = 2


class UsageError(Exception):
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
        if output:
            return pathlib.Path(output)
        return generator.sample_dir(project, self.base_dir)

    def generate(self):
        """The project, its sample directory and the generated samples;
        errors are printed here."""
        project = self.project()
        directory = self.sample_dir(project)
        result = generator.generate(project, directory)
        for error in result.errors:
            self.error(str(error))
        return project, directory, result

    def error(self, message):
        print('%s: error: %s' % (PROG, message), file=self.err)


class Command:
    """A subcommand: ``name`` and ``help`` for the parser, its options in
    :meth:`add_arguments`, its work in :meth:`run`, which returns the exit
    status."""

    name = None
    help = None

    def add_arguments(self, parser):
        pass

    def run(self, invocation):
        raise NotImplementedError


COMMANDS = {}


def register(command_class):
    """Class decorator adding a :class:`Command` to the command line."""
    COMMANDS[command_class.name] = command_class()
    return command_class


def _output_option(parser):
    parser.add_argument(
        '--output', metavar='DIR',
        help='sample directory (default: the project\'s sample_dir, '
             'relative to the directory of setup.cfg)')


@register
class Generate(Command):
    name = 'generate'
    help = 'write the samples; only files whose content changes are touched'

    def add_arguments(self, parser):
        _output_option(parser)
        parser.add_argument(
            '--prune', action='store_true',
            help='also delete *.json files no notification documents')

    def run(self, invocation):
        _, directory, result = invocation.generate()
        report = generator.write_samples(result, directory,
                                         prune=invocation.args.prune)
        for name in report.written:
            print('wrote %s' % (directory / name), file=invocation.out)
        for name in report.deleted:
            print('deleted %s' % (directory / name), file=invocation.out)
        if not invocation.args.prune:
            for name in generator.orphans(result, directory):
                print('orphan %s (no notification documents it; --prune '
                      'deletes it)' % (directory / name), file=invocation.out)
        print('%d written, %d unchanged, %d deleted, %d failed in %s'
              % (len(report.written), len(report.unchanged),
                 len(report.deleted), len(result.errors), directory),
              file=invocation.out)
        return EXIT_ERROR if result.errors else EXIT_OK


@register
class Check(Command):
    name = 'check'
    help = 'compare the sample directory with what generate would write'

    def add_arguments(self, parser):
        _output_option(parser)

    def run(self, invocation):
        _, directory, result = invocation.generate()
        report = generator.check_samples(result, directory)
        out = invocation.out
        for _, diff in report.stale:
            out.write(diff)
        for name, _ in report.stale:
            print('stale %s' % (directory / name), file=out)
        for name in report.missing:
            print('missing %s' % (directory / name), file=out)
        for name in report.orphan:
            print('orphan %s (no notification documents it)'
                  % (directory / name), file=out)
        if result.errors:
            return EXIT_ERROR
        if not report.ok:
            print('samples are out of date: run "%s generate --prune" '
                  '(tox -e samples) and commit the result' % PROG, file=out)
            return EXIT_STALE
        print('%d samples current in %s' % (len(report.current), directory),
              file=out)
        return EXIT_OK


@register
class List(Command):
    name = 'list'
    help = ('one line per sample: event type, notification class and '
            'version, payload class and version, sample file')

    def run(self, invocation):
        _, _, result = invocation.generate()
        rows = [(sample.event_type,
                 '%s %s' % (sample.notification_class.obj_name(),
                            sample.notification_class.VERSION),
                 '%s %s' % (sample.payload_class.obj_name(),
                            sample.payload_class.VERSION),
                 sample.name)
                for sample in result.samples]
        widths = [max((len(row[i]) for row in rows), default=0)
                  for i in range(3)]
        for row in rows:
            cells = [row[i].ljust(widths[i]) for i in range(3)] + [row[3]]
            print('  '.join(cells), file=invocation.out)
        return EXIT_ERROR if result.errors else EXIT_OK


def project_from_setup_cfg(directory):
    """``[versioned_notifications] project`` of ``directory/setup.cfg``,
    or None."""
    path = pathlib.Path(directory) / SETUP_CFG
    parser = configparser.ConfigParser(interpolation=None)
    try:
        read = parser.read(path, encoding='utf-8')
    except configparser.Error as exc:
        raise UsageError('%s: %s' % (path, exc)) from exc
    if not read:
        return None
    return parser.get(SETUP_CFG_SECTION, SETUP_CFG_KEY, fallback=None)


def build_parser():
    parser = argparse.ArgumentParser(
        prog=PROG,
        description='Generate, check and list the JSON samples of a '
                    'project\'s versioned notifications.')
    parser.add_argument(
        '--project', metavar='MODULE:ATTR',
        help='the NotificationProject to document (default: "project" in '
             'the [%s] section of ./%s)' % (SETUP_CFG_SECTION, SETUP_CFG))
    subparsers = parser.add_subparsers(dest='command', metavar='COMMAND',
                                       required=True)
    for command in COMMANDS.values():
        command.add_arguments(subparsers.add_parser(
            command.name, help=command.help, description=command.help))
    return parser


@contextlib.contextmanager
def _importable(directory):
    """Let 'module:attr' name modules of the project in ``directory``, as
    ``python -m`` run there would."""
    entry = str(directory)
    added = entry not in sys.path
    if added:
        sys.path.insert(0, entry)
    try:
        yield
    finally:
        if added and entry in sys.path:
            sys.path.remove(entry)


def main(argv=None):
    """Run the command line ``argv`` (default: ``sys.argv[1:]``); returns
    the exit status."""
    out, err = sys.stdout, sys.stderr
    parser = build_parser()
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
        with _importable(base_dir):
            return COMMANDS[args.command].run(invocation)
    except (UsageError, vn_project.ProjectError) as exc:
        invocation.error(str(exc))
        return EXIT_ERROR
    except OSError as exc:
        invocation.error(str(exc))
        return EXIT_ERROR


if __name__ == '__main__':
    sys.exit(main())
