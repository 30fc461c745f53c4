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

"""Reading sample files, composed ones included.

A sample may be composed from shared fragments, as Nova's are: any object
of it may be ``{"$ref": "common_payloads/X.json#", <overrides>}``. The
referenced file (relative to the directory of the file that refers to it;
after ``#`` an empty or a JSON pointer) is read, its own ``$ref`` resolved,
and the sibling keys are merged over it: dicts key by key, recursively,
any other value replaces. This is Nova's ``nova/tests/json_ref.py``, with
JSON pointers, and refusing what it would crash on or follow blindly: a
cycle, a missing fragment, a file whose real path leaves the sample
directory (:mod:`versioned_notifications.confinement`), and a composition
that resolves to more than :data:`MAX_VALUES` JSON values. A
:class:`Resolver` reads and resolves each fragment once, however often it
is included.

:func:`read` returns a :class:`SampleFile` with the file's text, its
parsed (composed) form and the resolved message; every problem is a
:class:`SampleFileError` whose message names the file and what to do, and
it raises nothing else, whatever the files hold. A file nesting arrays and
objects more than :data:`MAX_DEPTH` deep is refused (a sample nests about
ten), and so is a composition too deep to resolve.

:func:`decompose` is the other direction, used when regenerating a
composed sample: the overrides that turn a fragment into a given value.
"""

import dataclasses
import errno
import json
import os
import pathlib
import re
import stat
import urllib.parse

from versioned_notifications import confinement
from versioned_notifications import errors

__all__ = ['INEXPRESSIBLE', 'MAX_DEPTH', 'MAX_VALUES', 'REF', 'Resolver',
           'SampleFile', 'SampleFileError', 'count_values', 'decompose',
           'deeper_than', 'irregular_kind', 'merge', 'os_cause', 'parse',
           'parse_bytes', 'read', 'read_notification', 'references', 'same',
           'serialize']

REF = '$ref'

# Levels of arrays and objects a sample or fragment file may nest. The
# parser alone accepts up to the interpreter's recursion limit, but what
# then recurses over the value (resolving, merging) fails well before.
MAX_DEPTH = 100


class SampleFileError(errors.VersionedNotificationsError):
    """A sample or one of its fragments cannot be read.

    ``kind`` is 'missing' (the sample file itself does not exist),
    'system' (the system refuses to read it: permissions, a file where a
    directory should be), 'unreadable' (not a file, not UTF-8), 'json'
    (with ``lineno``, ``colno`` and ``msg``), 'ref', 'outside' (its
    real path leaves the sample directory) or 'notification' (read by
    :func:`read_notification`, it holds no notification);
    ``path`` is the file at fault, which may be a fragment.
    """

    def __init__(self, message, path, kind, lineno=None, colno=None,
                 msg=None):
        super().__init__(message)
        self.path = path
        self.kind = kind
        self.lineno = lineno
        self.colno = colno
        self.msg = msg


@dataclasses.dataclass(frozen=True)
class SampleFile:
    path: pathlib.Path
    # Exactly the file's content.
    text: str
    # The parsed file, ``$ref`` and overrides as written.
    raw: object
    # The message with every ``$ref`` resolved.
    message: object
    # The fragment files reached, relative to the sample directory
    # ('/'-separated), sorted; empty for a file that is not composed.
    fragments: tuple

    @property
    def composed(self):
        return bool(self.fragments)

    @property
    def resolved_text(self):
        """The resolved message as the generator would write it; the file's
        own text when it is not composed."""
        if not self.composed:
            return self.text
        return serialize(self.message)


def serialize(value):
    """The text of a generated file (a sample, a fragment, a schema, the
    AsyncAPI document, a contract history): sorted keys, 4-space indent,
    non-ASCII kept as UTF-8, a trailing newline. Depends on nothing but
    ``value``; ValueError for a value that is not JSON."""
    try:
        text = json.dumps(value, indent=4, sort_keys=True,
                          ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError('the message is not JSON: %s' % exc) from exc
    return text + '\n'


def _refuse_constant(name):
    # json accepts NaN and Infinity, which are not JSON and which the
    # generator never writes.
    raise ValueError('%s is not a JSON value' % name)


def deeper_than(value, limit):
    """Whether lists and dicts nest in ``value`` more than ``limit``
    deep; iterative, so any depth can be measured."""
    if not isinstance(value, (dict, list)):
        return False
    # Only containers go on the stack: most values are scalars.
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        depth += 1
        for child in item.values() if isinstance(item, dict) else item:
            if isinstance(child, (dict, list)):
                stack.append((child, depth))
    return False


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_BRACKET = re.compile(r'[][{}]')


def _text_deeper_than(text, limit):
    """Whether the brackets outside strings in JSON ``text`` nest more
    than ``limit`` deep."""
    depth = 0
    for bracket in _BRACKET.findall(_JSON_STRING.sub('', text)):
        depth += 1 if bracket in '[{' else -1
        if depth > limit:
            return True
    return False


_KINDS = ((stat.S_ISDIR, 'a directory'), (stat.S_ISFIFO, 'a FIFO'),
          (stat.S_ISSOCK, 'a socket'), (stat.S_ISCHR, 'a character device'),
          (stat.S_ISBLK, 'a block device'))


def irregular_kind(path):
    """None when ``path`` is a regular file (through symbolic links) or
    nothing; else what it is, e.g. 'a FIFO'. Opening a FIFO to read it
    blocks until something writes to it, so nothing opens a file this does
    not call regular."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        # Missing, a path through a file, a loop of links...: reading it
        # fails at once, with an error naming it.
        return None
    if stat.S_ISREG(mode):
        return None
    for test, kind in _KINDS:
        if test(mode):
            return kind
    return 'not a regular file'


def os_cause(exc, path):
    """The system's words for an OSError on ``path``, and what to do."""
    said = exc.strerror or str(exc)
    number = exc.errno
    if number in (errno.ENOSPC, errno.EDQUOT):
        return '%s: free some space' % said
    if number == errno.EFBIG:
        return ('%s: more than this process may write (its file size '
                'limit, ulimit -f) or the file system holds' % said)
    if number == errno.EROFS:
        return ('%s: choose a directory on a writable file system'
                % said)
    if number in (errno.EACCES, errno.EPERM):
        return ('%s: give yourself access to it and its directory (or '
                'run as the user who may)' % said)
    if number == errno.ENOTDIR:
        blocking = next((parent for parent in reversed(
            pathlib.Path(path).parents) if parent.exists()
            and not parent.is_dir()), None)
        if blocking is not None:
            return ('%s: %s is a file where a directory should be; move '
                    'it away' % (said, blocking))
    return said


def parse(path):
    """(text, parsed JSON) of the file at ``path``."""
    path = pathlib.Path(path)
    kind = irregular_kind(path)
    if kind is not None:
        raise SampleFileError(
            '%s is %s, not a file; delete it or put the sample there'
            % (path, kind), path, 'unreadable')
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SampleFileError('%s does not exist' % path, path,
                              'missing') from None
    except OSError as exc:
        raise SampleFileError('cannot read %s: %s'
                              % (path, os_cause(exc, path)),
                              path, 'system') from None
    return parse_bytes(data, path)


def parse_bytes(data, path):
    """(text, parsed JSON) of ``data``, the content of the file ``path``
    (which names it in the errors; it is not read)."""
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError as exc:
        raise SampleFileError('%s is not UTF-8 text (%s); fix or regenerate '
                              'it' % (path, exc), path,
                              'unreadable') from None
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise SampleFileError(
            '%s is not valid JSON: line %d, column %d: %s'
            % (path, exc.lineno, exc.colno, exc.msg), path, 'json',
            lineno=exc.lineno, colno=exc.colno, msg=exc.msg) from None
    except RecursionError:
        if not _text_deeper_than(text, MAX_DEPTH):
            # Not this file's nesting: the parser was called deep in the
            # resolution of a chain of fragments, which is to blame.
            raise
        raise SampleFileError('%s is not valid JSON: %s' % (path, _TOO_DEEP),
                              path, 'json', msg=_TOO_DEEP) from None
    except ValueError as exc:
        # NaN.
        raise SampleFileError('%s is not valid JSON: %s' % (path, exc),
                              path, 'json', msg=str(exc)) from None
    # Nesting deeper than MAX_DEPTH needs more opening brackets than that:
    # most files have too few to be walked.
    if text.count('[') + text.count('{') > MAX_DEPTH and deeper_than(
            value, MAX_DEPTH):
        raise SampleFileError('%s is not valid JSON: %s' % (path, _TOO_DEEP),
                              path, 'json', msg=_TOO_DEEP)
    return text, value


_TOO_DEEP = 'nested more than %d arrays or objects deep' % MAX_DEPTH


def references(value):
    """Every ``$ref`` string in ``value``, in document order."""
    found = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get(REF), str):
                found.append(item[REF])
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return found


def merge(base, overrides):
    """``overrides`` merged over ``base`` (changed in place): dicts key by
    key, recursively; any other value replaces."""
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merge(base[key], value)
        else:
            base[key] = value
    return base


class _Missing:
    def __repr__(self):
        return 'MISSING'


# decompose(): the value lacks a key the fragment has; no override can
# remove a key, so the value cannot be expressed over this fragment.
INEXPRESSIBLE = _Missing()


def same(one, other):
    """JSON equality: unlike ==, true is not 1 and 1 is not 1.0."""
    if type(one) is not type(other):
        return False
    if isinstance(one, dict):
        return one.keys() == other.keys() and all(
            same(one[key], other[key]) for key in one)
    if isinstance(one, list):
        return len(one) == len(other) and all(
            same(a, b) for a, b in zip(one, other, strict=True))
    return one == other


def decompose(value, base):
    """The overrides that :func:`merge` over ``base`` gives ``value``:
    keys whose value equals the fragment's are left out, dicts are diffed
    recursively. :data:`INEXPRESSIBLE` when ``value`` lacks a key of
    ``base`` (at any depth where both are dicts) or either is not a
    dict."""
    if not isinstance(value, dict) or not isinstance(base, dict):
        return INEXPRESSIBLE
    if any(key not in value for key in base):
        return INEXPRESSIBLE
    overrides = {}
    for key in sorted(value):
        if key not in base:
            overrides[key] = value[key]
        elif same(value[key], base[key]):
            continue
        elif isinstance(value[key], dict) and isinstance(base[key], dict):
            nested = decompose(value[key], base[key])
            if nested is INEXPRESSIBLE:
                return INEXPRESSIBLE
            overrides[key] = nested
        else:
            overrides[key] = value[key]
    return overrides


def _index(token, length):
    """The list index a JSON pointer token names, or None: digits only,
    no leading zero (RFC 6901), less than ``length``. Compared as text
    first, so that no token is too long to convert."""
    if not (token.isascii() and token.isdigit()) or (
            len(token) > 1 and token[0] == '0'):
        return None
    if len(token) > len(str(length)) or int(token) >= length:
        return None
    return int(token)


def _pointer(document, pointer, ref, referrer):
    """The part of ``document`` at the JSON pointer ``pointer``."""
    if pointer in ('', '/'):
        return document
    if not pointer.startswith('/'):
        raise SampleFileError(
            '%s: "$ref": %r: after "#" comes nothing or a JSON pointer '
            '("#/a/b")' % (referrer, ref), referrer, 'ref')
    value = document
    for token in pointer[1:].split('/'):
        token = token.replace('~1', '/').replace('~0', '~')
        index = _index(token, len(value)) if isinstance(value, list) \
            else None
        if isinstance(value, dict) and token in value:
            value = value[token]
        elif index is not None:
            value = value[index]
        else:
            raise SampleFileError(
                '%s: "$ref": %r: the fragment has nothing at %s; correct '
                'the pointer' % (referrer, ref, _shown(token)), referrer,
                'ref')
    return value


def _shown(text, limit=60):
    """``repr(text)``, cut to about ``limit`` characters."""
    shown = repr(text)
    return shown if len(shown) <= limit else shown[:limit] + '...'


# JSON values (objects, arrays and scalars, each counted once) a sample may
# hold once its fragments are resolved. Nova 34.0.0's largest composed
# sample holds 124; a few small fragments, each including the next ten
# times, would otherwise resolve to millions.
MAX_VALUES = 100_000


def count_values(value, limit):
    """The number of JSON values in ``value``, counting stopped once it
    exceeds ``limit``; iterative, so any depth can be counted."""
    count, stack = 0, [value]
    while stack and count <= limit:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


def _copy(value):
    """A copy of the JSON value ``value``, sharing nothing mutable with it
    (``copy.deepcopy`` without its memo, which JSON needs not)."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


class _Budget:
    """The JSON values the fragments included in one file add up to."""

    def __init__(self, path):
        self.path = path
        self.spent = 0

    def spend(self, value):
        self.spent += count_values(value, MAX_VALUES - self.spent)
        if self.spent > MAX_VALUES:
            raise SampleFileError(
                '%s: its "$ref" fragments resolve to more than %d JSON '
                'values (Nova\'s largest sample holds 124); include less, or '
                'check for fragments that include others many times each'
                % (self.path, MAX_VALUES), self.path, 'ref')


class Resolver:
    """Resolves ``$ref`` inside one sample directory.

    Each fragment file is read and resolved once per resolver, however
    many samples and fragments include it: one resolver serves a run.
    :meth:`replace` gives a fragment the content to use instead of the
    file's (a fragment regenerated but not yet written). :attr:`files` is
    every file it read or looked for, by real path: what a page showing
    the samples depends on.
    """

    def __init__(self, root):
        self.root = confinement.real_path(root)
        self.files = set()
        self._overlay = {}
        self._parsed = {}
        # {fragment path: (resolved content, fragment files reached)}
        self._resolved = {}

    def replace(self, path, value):
        """Use ``value`` as the parsed content of the fragment ``path``."""
        self._overlay[path] = value
        # What was resolved through the old content is not the new.
        self._resolved.clear()

    def relative(self, path):
        return pathlib.Path(path).relative_to(self.root).as_posix()

    def confine(self, path):
        """The real path of ``path``, a file of the sample directory; a
        SampleFileError when it leads outside."""
        try:
            return confinement.confine(path, self.root)
        except confinement.OutsideError as exc:
            raise SampleFileError(str(exc), path, 'outside') from None

    def target(self, ref, referrer):
        """(absolute fragment path, JSON pointer) of ``ref`` written in
        ``referrer``; refuses one outside the sample directory."""
        file_part, _, pointer = ref.partition('#')
        file_part = urllib.parse.unquote(file_part)
        pointer = urllib.parse.unquote(pointer)
        if not file_part:
            raise SampleFileError(
                '%s: "$ref": %s names no file; write '
                '"common_payloads/<Name>.json#"' % (referrer, _shown(ref)),
                referrer, 'ref')
        if os.path.isabs(file_part) or '://' in file_part:
            raise SampleFileError(
                '%s: "$ref": %s is not a path relative to the sample; '
                'fragments live inside the sample directory %s'
                % (referrer, _shown(ref), self.root), referrer, 'ref')
        try:
            path = confinement.confine(
                pathlib.Path(referrer).parent / file_part, self.root)
        except confinement.OutsideError as exc:
            raise SampleFileError('%s: "$ref": %s: %s' % (
                referrer, _shown(ref), exc), referrer, 'ref') from None
        return path, pointer

    def parsed(self, path, referrer=None, ref=None):
        if path in self._overlay:
            return self._overlay[path]
        if path not in self._parsed:
            self.files.add(path)
            try:
                self._parsed[path] = parse(self.confine(path))[1]
            except SampleFileError as exc:
                if referrer is None:
                    raise
                if exc.kind == 'missing':
                    raise SampleFileError(
                        '%s: "$ref": %s: the fragment %s does not exist; '
                        'correct the reference or add the fragment'
                        % (referrer, _shown(ref), path), referrer,
                        'ref') from None
                # The fragment is at fault and names itself; say which
                # reference led there.
                raise SampleFileError(
                    '%s: "$ref": %s: %s' % (referrer, _shown(ref), exc),
                    exc.path, exc.kind, exc.lineno, exc.colno,
                    exc.msg) from None
        return self._parsed[path]

    def reachable(self, path, raw):
        """The fragment files ``raw`` (the content of ``path``) refers to,
        at any depth, as far as they can be read: what it depends on, even
        when it cannot be resolved."""
        found, stack = set(), [(path, raw)]
        while stack:
            referrer, value = stack.pop()
            for ref in references(value):
                try:
                    target, _ = self.target(ref, referrer)
                    if target not in found:
                        found.add(target)
                        stack.append((target,
                                      self.parsed(target, referrer, ref)))
                except SampleFileError:
                    continue
        return found

    def fragment(self, ref, referrer, chain=()):
        """The resolved content ``ref`` (written in ``referrer``) refers
        to, and the fragment files reached. The content is the resolver's
        own: copy it before changing it."""
        path, pointer = self.target(ref, referrer)
        if path in chain or path == pathlib.Path(referrer):
            cycle = ' -> '.join(self.relative(p) if self.root in p.parents
                                else str(p) for p in (*chain, path))
            raise SampleFileError(
                '%s: "$ref": %s makes a cycle (%s); a fragment cannot '
                'include itself' % (referrer, _shown(ref), cycle), referrer,
                'ref')
        if path not in self._resolved:
            document = self.parsed(path, referrer, ref)
            reached = {path}
            value = self.resolve(document, path, (*chain, path), reached)
            self._resolved[path] = (value, frozenset(reached))
        value, reached = self._resolved[path]
        return _pointer(value, pointer, ref, referrer), reached

    def resolve(self, value, referrer, chain=(), reached=None):
        """``value`` (found in the file ``referrer``) with every ``$ref``
        resolved; the fragment files reached are added to ``reached``.
        Shares nothing mutable with ``value`` or the fragments."""
        if reached is None:
            reached = set()
        try:
            return self._resolve(value, referrer, chain, reached,
                                 _Budget(referrer))
        except RecursionError:
            # Each file is at most MAX_DEPTH deep, but a chain of
            # fragments, each included deep in the one before, nests
            # deeper than resolving can recurse. If this very handler runs
            # out of stack, the resolve() of the file before catches that.
            raise SampleFileError(
                '%s: its "$ref" fragments nest too deeply to be resolved; '
                'include them less deep' % referrer, referrer,
                'ref') from None

    def _resolve(self, value, referrer, chain, reached, budget):
        if isinstance(value, list):
            return [self._resolve(item, referrer, chain, reached, budget)
                    for item in value]
        if not isinstance(value, dict):
            return value
        resolved = {key: self._resolve(item, referrer, chain, reached,
                                       budget)
                    for key, item in value.items() if key != REF}
        ref = value.get(REF)
        if not isinstance(ref, str):
            # Only a string is a reference; anything else is data.
            if REF in value:
                resolved[REF] = self._resolve(value[REF], referrer, chain,
                                              reached, budget)
            return resolved
        base, more = self.fragment(ref, referrer, chain)
        reached |= more
        # Counted before it is copied: the copy is what costs.
        budget.spend(base)
        base = _copy(base)
        if not resolved:
            return base
        if not isinstance(base, dict):
            raise SampleFileError(
                '%s: "$ref": %s refers to a %s, not an object, so the keys '
                'beside "$ref" cannot be merged over it'
                % (referrer, _shown(ref), type(base).__name__), referrer,
                'ref')
        return merge(base, resolved)


def read(path, root=None, resolver=None):
    """The :class:`SampleFile` at ``path``; it and its fragments must live
    inside ``root`` (default: the file's directory), by real path."""
    path = pathlib.Path(path)
    if resolver is None:
        resolver = Resolver(path.parent if root is None else root)
    absolute = resolver.confine(path)
    text, raw = parse(path)
    reached = set()
    # Most samples include no fragment: no need to walk them (a key can
    # spell "$ref" with escapes only if the text has a backslash).
    message = (resolver.resolve(raw, absolute, (absolute,), reached)
               if REF in text or '\\' in text else raw)
    fragments = tuple(sorted(resolver.relative(p) for p in reached))
    return SampleFile(path=path, text=text, raw=raw, message=message,
                      fragments=fragments)


def read_notification(path, root=None, resolver=None):
    """As :func:`read`, for a file that must hold a notification: an
    object with an ``event_type`` string (kind 'notification' else)."""
    sample = read(path, root=root, resolver=resolver)
    message = sample.message
    if not isinstance(message, dict) or not isinstance(
            message.get('event_type'), str):
        raise SampleFileError(
            '%s is not a notification: it needs an object with an '
            '"event_type" string' % sample.path, sample.path,
            'notification')
    return sample
