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

"""The files that keep every recorded version's contract of a class.

One file per class, ``schemas/history/<ObjectName>.json`` in the contract
directory, the sample directory unless the project's ``contracts_dir``
says otherwise (:func:`versioned_notifications.contracts.history_path`)::

    {
        "$comment": "...",
        "format": 1,
        "name": "TerseAuditPayload",
        "versions": [
            {"version": "1.0", "fields": {"uuid": {...}, ...}},
            {"version": "1.1", "fields": {...}}
        ]
    }

``versions`` is oldest first, each version once. A field's contract is
what :mod:`versioned_notifications.evolution` computes: ``type`` and
``nullable``, and one of ``object`` (with ``version``, except in a
notification class), ``element`` (a compound type's element, a field
contract itself) or ``schema`` (with ``enum``, for an enum).

:func:`read` and :func:`at_revision` (the files as a git revision has
them) refuse whatever is not such a file with a :class:`HistoryError`
naming the file and the place in it; they raise nothing else, whatever
the files hold.
"""

import dataclasses
import pathlib
import subprocess

from versioned_notifications import confinement
from versioned_notifications import contracts
from versioned_notifications import errors
from versioned_notifications import samplefile
from versioned_notifications import versions as vn_versions

__all__ = ['COMMENT', 'FORMAT', 'History', 'HistoryError', 'at_revision',
           'history_text', 'loads', 'read', 'validate']

FORMAT = 1
COMMENT = ('Contract of every recorded version of %s, oldest first. '
           'versioned-notifications generate adds a version when VERSION is '
           'bumped and never rewrites a recorded one; do not edit.')

# The keys of a field's contract, and which of them are its kind.
_FIELD_KEYS = frozenset(('type', 'nullable', 'object', 'version', 'element',
                         'schema', 'enum'))
_KIND_KEYS = ('object', 'element', 'schema')
_WHAT_TO_DO = ('restore it from version control (a recorded contract cannot '
               'be made again), or delete it to record the current version '
               'only')


class HistoryError(errors.VersionedNotificationsError):
    """A history file cannot be used; the message names it and says what to
    do."""

    def __init__(self, message, path=None):
        super().__init__(message)
        self.path = path


@dataclasses.dataclass(frozen=True)
class History:
    name: str
    # ((version, {field name: field contract}), ...), oldest first.
    versions: tuple

    @property
    def last(self):
        """(version, fields) of the newest recorded version."""
        return self.versions[-1]

    def fields_of(self, version):
        return dict(self.versions).get(version)


def history_text(name, versions):
    """The text of ``name``'s history file holding ``versions``."""
    return samplefile.serialize({
        '$comment': COMMENT % name,
        'format': FORMAT,
        'name': name,
        'versions': [{'version': version, 'fields': fields}
                     for version, fields in versions],
    })


def read(directory, name, what='sample directory'):
    """The :class:`History` of ``name`` in the contract directory
    ``directory`` (``what`` names it in messages), or None when it has
    none."""
    path = pathlib.Path(directory) / contracts.history_path(name)
    try:
        confinement.confine(path, directory, what)
    except confinement.OutsideError as exc:
        raise HistoryError(str(exc), path) from None
    try:
        _, document = samplefile.parse(path)
    except samplefile.SampleFileError as exc:
        if exc.kind == 'missing':
            return None
        if exc.kind == 'system':
            # Its content is not at fault: restoring it would not help.
            raise HistoryError(str(exc), path) from None
        raise HistoryError('%s; %s' % (exc, _WHAT_TO_DO), path) from None
    return validate(document, name, path)


def loads(data, name, where):
    """The :class:`History` in ``data`` (bytes), ``where`` naming it."""
    try:
        _, document = samplefile.parse_bytes(data, where)
    except samplefile.SampleFileError as exc:
        raise HistoryError('%s; %s' % (exc, _WHAT_TO_DO), where) from None
    return validate(document, name, where)


def validate(document, name, where):
    """``document`` as a :class:`History` of ``name``, or a HistoryError
    naming ``where`` and the place in it."""
    def fail(place, problem):
        raise HistoryError('%s: %s%s; %s' % (
            where, '%s ' % place if place else '', problem, _WHAT_TO_DO),
            where)

    if not isinstance(document, dict):
        fail('', 'is not a JSON object')
    unknown = sorted(set(document) - {'$comment', 'format', 'name',
                                      'versions'})
    if unknown:
        fail('', 'has unknown key(s) %s' % ', '.join(map(repr, unknown)))
    if document.get('format') != FORMAT:
        fail('"format"', 'is %r, not %d: the file was not written by this '
             'version of versioned-notifications (upgrade it if it is '
             'newer)' % (document.get('format'), FORMAT))
    if document.get('name') != name:
        fail('"name"', 'is %r, not %r, the class the file is named after'
             % (document.get('name'), name))
    versions = document.get('versions')
    if not isinstance(versions, list) or not versions:
        fail('"versions"', 'must be a non-empty list of recorded versions')
    found = []
    for index, entry in enumerate(versions):
        place = 'versions[%d]' % index
        if not isinstance(entry, dict) or set(entry) != {'version',
                                                         'fields'}:
            fail(place, 'must be an object with "version" and "fields" '
                 'only')
        version = entry['version']
        try:
            number = vn_versions.parse(version)
        except vn_versions.VersionError as exc:
            fail(place + '.version', str(exc))
        if found and number <= vn_versions.parse(found[-1][0]):
            fail(place + '.version', '%s does not come after %s: versions '
                 'are recorded oldest first, each once'
                 % (version, found[-1][0]))
        fields = entry['fields']
        if not isinstance(fields, dict):
            fail(place + '.fields', 'must be an object of field contracts')
        for field_name, contract in fields.items():
            if not field_name:
                fail(place + '.fields', 'has a field without a name')
            problem = _field_problem(contract)
            if problem:
                fail('%s.fields.%s%s' % (place, field_name, problem[0]),
                     problem[1])
        found.append((version, fields))
    return History(name=name, versions=tuple(found))


def _field_problem(contract):
    """(where inside the contract, what is wrong) or None."""
    if not isinstance(contract, dict):
        return '', 'must be an object (a field contract)'
    unknown = sorted(set(contract) - _FIELD_KEYS)
    if unknown:
        return '', 'has unknown key(s) %s' % ', '.join(map(repr, unknown))
    if not isinstance(contract.get('type'), str) or not contract['type']:
        return '.type', 'must be the name of the field type'
    if not isinstance(contract.get('nullable'), bool):
        return '.nullable', 'must be true or false'
    kinds = [key for key in _KIND_KEYS if key in contract]
    if len(kinds) != 1:
        return '', 'must have one of "object", "element" and "schema"'
    if 'object' in contract:
        if not isinstance(contract['object'], str) or not contract['object']:
            return '.object', 'must be an object name'
        if 'version' in contract and not vn_versions.is_version(
                contract['version']):
            return '.version', 'must be a "MAJOR.MINOR" version'
        if 'enum' in contract:
            return '.enum', 'belongs to a "schema" contract'
    elif 'version' in contract:
        return '.version', 'belongs to an "object" contract'
    if 'element' in contract:
        if 'enum' in contract:
            return '.enum', 'belongs to a "schema" contract'
        problem = _field_problem(contract['element'])
        if problem:
            return '.element' + problem[0], problem[1]
    if 'schema' in contract:
        if not isinstance(contract['schema'], dict):
            return '.schema', 'must be a JSON Schema (an object)'
        enum = contract.get('enum')
        if enum is not None and not (isinstance(enum, list) and all(
                isinstance(value, (str, int, float, bool)) or value is None
                for value in enum)):
            return '.enum', 'must be a list of JSON scalars'
    return None


# The files as a git revision has them.

def _git(directory, *args, stdin=None):
    try:
        return subprocess.run(['git', '-C', str(directory), *args],
                              input=stdin, capture_output=True,
                              timeout=120)
    except FileNotFoundError:
        raise HistoryError('--against needs git, which is not installed '
                           '(or not on PATH)') from None
    except (OSError, subprocess.SubprocessError) as exc:
        raise HistoryError('--against: git cannot run: %s' % exc) from None


def _said(done):
    return done.stderr.decode('utf-8', 'replace').strip() or (
        'exit status %d' % done.returncode)


def at_revision(directory, revision, names):
    """{name: History or None} of ``names`` as the git revision
    ``revision`` recorded them in the contract directory ``directory``
    (which must be in a git work tree)."""
    directory = pathlib.Path(directory)
    if not isinstance(revision, str) or not revision or \
            revision.startswith('-'):
        raise HistoryError('--against: %r is not a git revision' % (
            revision,))
    if not directory.is_dir():
        raise HistoryError('--against: the directory %s of the recorded '
                           'contracts does not exist' % directory)
    done = _git(directory, 'rev-parse', '--show-prefix')
    if done.returncode:
        raise HistoryError('--against %s: %s is not in a git repository '
                           '(git says: %s)' % (revision, directory,
                                               _said(done)))
    prefix = done.stdout.decode('utf-8', 'replace').strip()
    done = _git(directory, 'rev-parse', '--verify', '--quiet',
                revision + '^{commit}')
    if done.returncode:
        raise HistoryError('--against: %s is not a commit of the git '
                           'repository of %s; name a branch, tag or commit'
                           % (revision, directory))
    commit = done.stdout.decode('ascii', 'replace').strip()
    names = sorted(names)
    paths = ['%s%s' % (prefix, contracts.history_path(name))
             for name in names]
    # One git process for every file: a registry has hundreds of classes.
    request = ''.join('%s:%s\n' % (commit, path) for path in paths)
    done = _git(directory, 'cat-file', '--batch',
                stdin=request.encode('utf-8'))
    if done.returncode:
        raise HistoryError('--against %s: git cat-file failed: %s'
                           % (revision, _said(done)))
    found, output = {}, done.stdout
    for name, path in zip(names, paths, strict=True):
        header, _, output = output.partition(b'\n')
        # "<object> missing" repeats the object name, which may hold
        # spaces; "<sha> <type> <size>" does not.
        fields = header.split()
        if header.endswith(b' missing') or len(fields) != 3 or \
                not fields[2].isdigit():
            found[name] = None
            continue
        size = int(fields[2])
        data, output = output[:size], output[size + 1:]
        where = '%s:%s' % (revision, path)
        if fields[1] != b'blob':
            raise HistoryError('%s is a %s, not a file'
                               % (where, fields[1].decode('ascii',
                                                          'replace')))
        found[name] = loads(data, name, where)
    return found
