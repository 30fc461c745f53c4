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

"""Writing and checking a sample directory.

:func:`write_samples` and :func:`write_contracts` write what the generator
made (only files whose content changes, each atomically);
:func:`check_samples` and :func:`check_contracts` compare it with the
directory and write nothing. Both name the orphans (``*.json`` files
nothing generates, fragments no sample reaches any more) and the leftover
temporaries of an interrupted write, never open a file that is not a
regular one (a FIFO would block), and never read, write or delete a file
whose real path leaves the directory
(:mod:`versioned_notifications.confinement`). :func:`locked` serialises
the runs on one directory.
"""

import contextlib
import dataclasses
import difflib
import os
import pathlib
import re
import tempfile

__all__ = ['CheckReport', 'DIFF_CONTEXT', 'DIFF_MAX_LINES', 'DIFF_MAX_OUTPUT',
           'GeneratedFile', 'SAMPLE_SUFFIX', 'WriteError', 'WriteReport',
           'check_contracts', 'check_files', 'check_samples',
           'contract_leftovers', 'contract_orphans', 'leftovers', 'locked',
           'orphans', 'write_contracts', 'write_files', 'write_samples']

try:
    import fcntl
except ImportError:  # Windows: runs on one directory are not serialised.
    fcntl = None

from versioned_notifications import confinement
from versioned_notifications import contracts
from versioned_notifications import errors
from versioned_notifications import samplefile

SAMPLE_SUFFIX = '.json'


@dataclasses.dataclass(frozen=True)
class GeneratedFile:
    """A generated file other than a sample: a schema or the AsyncAPI
    document (:mod:`versioned_notifications.contracts`)."""

    # Path relative to the sample directory, '/'-separated.
    name: str
    # Exactly the file's content.
    text: str


@dataclasses.dataclass
class WriteReport:
    written: list
    unchanged: list
    deleted: list


class WriteError(errors.VersionedNotificationsError, OSError):
    """A file of the sample directory cannot be written; the message names
    it and what to do. An OSError, as what it wraps is."""

    def __init__(self, path, message):
        super().__init__(message)
        self.path = path
        self.message = message

    def __str__(self):
        return self.message


@dataclasses.dataclass
class CheckReport:
    # [(file name, unified diff from the file to what is generated)]
    stale: list
    # Generated files that have no file on disk.
    missing: list
    # Files on disk that nothing generates any more.
    orphan: list
    # Files equal to what is generated.
    current: list
    # Variant samples unlike their class, and variant declarations that
    # match nothing: messages naming the file and the field.
    invalid: list = dataclasses.field(default_factory=list)
    # Temporary files an interrupted write left (:func:`leftovers`).
    leftover: list = dataclasses.field(default_factory=list)
    # [(file name, what it is)]: no regular file where a generated file
    # goes (a FIFO, a directory...); never opened.
    irregular: list = dataclasses.field(default_factory=list)
    # Messages naming generated files whose real path leaves the
    # directory (a symbolic link); never opened.
    outside: list = dataclasses.field(default_factory=list)

    @property
    def ok(self):
        return not (self.stale or self.missing or self.orphan
                    or self.invalid or self.leftover or self.irregular
                    or self.outside)


# The temporaries of _atomic_write: '.<name>.<mkstemp's random part>.tmp'
# beside the file <name> (always a *.json file).
_TEMPORARY = re.compile(r'^\..+\.json\.[a-z0-9_]+\.tmp$')


def _entries(directory, root, what='sample directory'):
    """(name relative to ``directory``, '/'-separated; file name) of every
    entry under ``directory``, at any depth, that is not a directory:
    FIFOs and the like included, never opened. Nothing when ``directory``
    leads outside ``root`` (a symbolic link: writing there is refused);
    symbolic links to directories inside it are not followed."""
    directory = pathlib.Path(directory)
    try:
        confinement.confine(directory, root, what)
    except confinement.OutsideError:
        return
    if not directory.is_dir():
        return
    for parent, dirnames, filenames in os.walk(directory):
        dirnames.sort()
        for filename in sorted(filenames):
            path = pathlib.Path(parent) / filename
            yield path.relative_to(directory).as_posix(), filename


def leftovers(directory):
    """The temporary files an interrupted write (a crash, ``kill -9``)
    left under ``directory``, at any depth: nothing else removes them."""
    return sorted(name for name, filename in _entries(directory, directory)
                  if _TEMPORARY.match(filename))


def orphans(result, directory):
    """``*.json`` files under ``directory``, at any depth, that no sample,
    fragment or variant of ``result`` is: a fragment no sample reaches any
    more is one, and so is a FIFO or the like named so (never opened). The
    contracts (schemas, AsyncAPI document) are not samples; symbolic links
    to directories are not followed."""
    names = result.names
    layout = result.layout or contracts.Layout.of(None, directory)
    return sorted(name for name, filename in _entries(directory, directory)
                  if filename.endswith(SAMPLE_SUFFIX)
                  and name not in names and not layout.holds(name))


def contract_orphans(files, directory, what='sample directory'):
    """``*.json`` files under the schema directory of the contract
    directory ``directory``, at any depth, and its AsyncAPI document, that
    no file of ``files`` is written to: a turned-off export's files
    included."""
    names = {generated.name for generated in files}
    found = ['%s/%s' % (contracts.SCHEMA_DIR, name)
             for name, filename in _entries(
                 pathlib.Path(directory) / contracts.SCHEMA_DIR, directory,
                 what)
             if filename.endswith(SAMPLE_SUFFIX)]
    asyncapi = pathlib.Path(directory) / contracts.ASYNCAPI_FILE
    if os.path.lexists(asyncapi):
        found.append(contracts.ASYNCAPI_FILE)
    return sorted(name for name in found if name not in names)


def contract_leftovers(layout):
    """The temporary files an interrupted write left among the contracts
    of a contract directory apart from the sample directory
    (:func:`leftovers` finds those beside the samples)."""
    if not layout.separate:
        return []
    directory = layout.directory
    found = ['%s/%s' % (contracts.SCHEMA_DIR, name)
             for name, filename in _entries(directory / contracts.SCHEMA_DIR,
                                            directory, layout.what)
             if _TEMPORARY.match(filename)]
    try:
        found += [path.name for path in directory.glob(
            '.%s.*.tmp' % contracts.ASYNCAPI_FILE)
            if _TEMPORARY.match(path.name)]
    except OSError:
        pass
    return sorted(found)


def _atomic_write(path, data):
    """Replace ``path`` with ``data`` so that a reader (or a crash) sees
    the old file or the new one, never a part."""
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    fd, temporary = tempfile.mkstemp(dir=path.parent,
                                     prefix='.%s.' % path.name,
                                     suffix='.tmp')
    try:
        with os.fdopen(fd, 'wb') as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_files(files, directory, orphan_names=list,
                what='sample directory'):
    """Write ``files`` (each with a ``name`` relative to ``directory`` and
    its ``text``): only files whose content changes are rewritten, each
    atomically; then delete the files ``orphan_names()`` names.

    Raises :class:`WriteError` naming the file: before writing anything
    when a file goes where something else than a regular file is (a FIFO,
    a directory) or where a symbolic link leads outside ``directory``,
    else at the first file that cannot be written (a full disk); the files
    not yet written are left as they were. ``what`` names ``directory`` in
    the messages."""
    directory = pathlib.Path(directory)
    files = list(files)
    for generated in files:
        path = directory / generated.name
        try:
            confinement.confine(path, directory, what)
        except confinement.OutsideError as exc:
            raise WriteError(path, '%s (nothing was written)' % exc) \
                from None
        kind = samplefile.irregular_kind(path)
        if kind:
            raise WriteError(path, '%s is %s, not a regular file; delete or '
                             'move it and run generate again (nothing was '
                             'written)' % (path, kind))
    report = WriteReport(written=[], unchanged=[], deleted=[])
    for generated in files:
        path = directory / generated.name
        data = generated.text.encode('utf-8')
        try:
            try:
                current = path.read_bytes()
            except FileNotFoundError:
                current = None
            if current == data:
                report.unchanged.append(generated.name)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(path, data)
        except OSError as exc:
            # A full disk's error names no file: say which one, and that
            # the others are whole.
            raise WriteError(path, (
                'cannot write %s: %s; %s is as it was, the files before it '
                'are written and those after it are not: correct the cause '
                'and run generate again'
                % (path, samplefile.os_cause(exc, path), path.name))) from exc
        report.written.append(generated.name)
    for name in orphan_names():
        path = directory / name
        try:
            # The entry itself is deleted, never what a link leads to; its
            # directory must be this one's.
            confinement.confine(path.parent, directory, what)
            path.unlink()
        except confinement.OutsideError as exc:
            raise WriteError(path, str(exc)) from None
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise WriteError(path, 'cannot delete %s: %s'
                             % (path, samplefile.os_cause(exc, path))) from exc
        report.deleted.append(name)
    return report


def write_samples(result, directory, prune=False):
    """Write the samples of ``result`` into ``directory`` (see
    :func:`write_files`). With ``prune``, delete the orphans and the
    :func:`leftovers` too."""
    return write_files(
        list(result.samples) + list(result.fragments), directory,
        lambda: orphans(result, directory) + leftovers(directory)
        if prune else [])


def write_contracts(files, directory, prune=False, layout=None):
    """Write the :func:`contract_files` into the contract directory
    ``directory`` (see :func:`write_files`), confined to it. With
    ``prune``, delete the contract files nothing generates any more, and
    the leftovers of a separate contract directory
    (:func:`contract_leftovers`). ``layout``: the project's
    :class:`~versioned_notifications.contracts.Layout` (default: beside
    the samples)."""
    layout = layout or contracts.Layout.of(None, directory)
    return write_files(
        files, directory,
        lambda: contract_orphans(files, directory, layout.what)
        + contract_leftovers(layout) if prune else [], layout.what)


# Bounds of a stale file's diff. difflib's cost grows faster than the
# number of lines it compares (a whole-project asyncapi.json of 2,000
# notifications took minutes), so only the lines between the common head
# and tail are compared, and only when there are at most DIFF_MAX_LINES of
# them on each side; otherwise check names the first differing line. A diff
# longer than DIFF_MAX_OUTPUT lines is cut there: a reader learns nothing
# more from the rest, and "generate" then "git diff" shows it all.
DIFF_MAX_LINES = 2000
DIFF_MAX_OUTPUT = 300
DIFF_CONTEXT = 3
_HUNK = re.compile(r'^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@')


def _common_ends(old, new):
    """The numbers of lines ``old`` and ``new`` share at their start and,
    after that, at their end."""
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while (tail < limit - head
           and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]):
        tail += 1
    return head, tail


def _diff(path, data, text):
    """A unified diff from the bytes on disk to the generated text, of at
    most about DIFF_MAX_OUTPUT lines (see DIFF_MAX_LINES)."""
    old = data.decode('utf-8', errors='replace').splitlines(keepends=True)
    new = text.splitlines(keepends=True)
    fromfile, tofile = '%s (on disk)' % path, '%s (generated)' % path
    head, tail = _common_ends(old, new)
    if len(old) - head - tail > DIFF_MAX_LINES or \
            len(new) - head - tail > DIFF_MAX_LINES:
        return _summary(path, old, new, head, tail, fromfile, tofile)
    # Only the differing middle and its context go through difflib; the
    # hunk headers are shifted back to the file's line numbers.
    start = max(0, head - DIFF_CONTEXT)
    lines = []
    for line in difflib.unified_diff(
            old[start:len(old) - max(0, tail - DIFF_CONTEXT)],
            new[start:len(new) - max(0, tail - DIFF_CONTEXT)],
            fromfile=fromfile, tofile=tofile):
        match = _HUNK.match(line)
        if match:
            line = '@@ -%d%s +%d%s @@\n' % (
                int(match.group(1)) + start, match.group(2) or '',
                int(match.group(3)) + start, match.group(4) or '')
        if not line.endswith('\n'):
            line += '\n\\ No newline at end of file\n'
        lines.append(line)
    if not lines:
        # Different bytes that decode to the same lines: not UTF-8.
        lines.append('%s: not the generated UTF-8 text (its bytes differ '
                     'where the diff cannot show them)\n' % path)
    if len(lines) > DIFF_MAX_OUTPUT:
        lines[DIFF_MAX_OUTPUT:] = [
            '... %d more lines of this diff not shown; run "generate" and '
            'see the change with "git diff %s"\n'
            % (len(lines) - DIFF_MAX_OUTPUT, path)]
    return ''.join(lines)


def _summary(path, old, new, head, tail, fromfile, tofile):
    """Where ``old`` and ``new`` start to differ, when they differ in too
    many lines to diff."""
    def shown(lines, index):
        line = lines[index] if index < len(lines) else ''
        return line if line.endswith('\n') or not line else line + '\n'
    return ''.join([
        '--- %s\n' % fromfile, '+++ %s\n' % tofile,
        '@@ first difference at line %d; lines %d-%d on disk and %d-%d '
        'generated differ, too many to diff here: run "generate" and see '
        'the change with "git diff %s" @@\n'
        % (head + 1, head + 1, len(old) - tail, head + 1, len(new) - tail,
           path)]
        + [' ' + line for line in old[max(0, head - DIFF_CONTEXT):head]]
        + ['-' + shown(old, head)] * (head < len(old))
        + ['+' + shown(new, head)] * (head < len(new)))


def check_files(files, directory, orphan_names, what='sample directory'):
    """Compare ``files`` with ``directory``; writes nothing. The orphans
    are ``orphan_names``."""
    directory = pathlib.Path(directory)
    report = CheckReport(stale=[], missing=[], orphan=list(orphan_names),
                         current=[])
    for generated in files:
        path = directory / generated.name
        try:
            confinement.confine(path, directory, what)
        except confinement.OutsideError as exc:
            report.outside.append(str(exc))
            continue
        kind = samplefile.irregular_kind(path)
        if kind:
            report.irregular.append((generated.name, kind))
            continue
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            report.missing.append(generated.name)
            continue
        if data == generated.text.encode('utf-8'):
            report.current.append(generated.name)
            continue
        report.stale.append((generated.name,
                             _diff(path, data, generated.text)))
    return report


def check_samples(result, directory):
    """Compare the samples of ``result`` with ``directory``; writes
    nothing."""
    report = check_files(list(result.samples) + list(result.fragments),
                         directory, orphans(result, directory))
    report.invalid.extend(result.problems)
    report.leftover.extend(leftovers(directory))
    return report


def check_contracts(files, directory, layout=None):
    """Compare the :func:`contract_files` with the contract directory
    ``directory``; writes nothing."""
    layout = layout or contracts.Layout.of(None, directory)
    report = check_files(files, directory,
                         contract_orphans(files, directory, layout.what),
                         layout.what)
    report.leftover.extend(contract_leftovers(layout))
    return report


@contextlib.contextmanager
def locked(directory, exclusive, wait=None, note=None):
    """Hold the sample directory for one run: a writer (``exclusive``)
    alone, readers together, so that concurrent runs wait for each other
    instead of failing on each other's temporary files. ``wait()`` is
    called before waiting for another run; ``note(message)`` when the file
    system cannot lock (the run goes on unserialised).

    The lock is an ``flock`` of the directory that holds the sample
    directory (by real path; its nearest existing ancestor if that is
    missing too): it exists before a first run creates the sample
    directory, nothing is added to either, and the system drops the lock
    when the process ends, however it ends."""
    if fcntl is None:
        yield
        return
    holder = confinement.real_path(directory).parent
    while not holder.is_dir() and holder != holder.parent:
        holder = holder.parent
    try:
        descriptor = os.open(holder, os.O_RDONLY)
    except OSError as exc:
        if note is not None:
            note('cannot lock %s (%s): runs on it at the same time are not '
                 'serialised' % (holder, exc.strerror or exc))
        yield
        return
    try:
        operation = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
        try:
            try:
                fcntl.flock(descriptor, operation | fcntl.LOCK_NB)
            except BlockingIOError:
                if wait is not None:
                    wait()
                fcntl.flock(descriptor, operation)
        except OSError as exc:
            if note is not None:
                note('cannot lock %s (%s): runs on it at the same time are '
                     'not serialised' % (holder, exc.strerror or exc))
        yield
    finally:
        # Closing the descriptor releases the lock.
        os.close(descriptor)
