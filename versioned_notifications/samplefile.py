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
cycle, a missing fragment, and a reference leaving the sample directory.

:func:`read` returns a :class:`SampleFile` with the file's text, its
parsed (composed) form and the resolved message; every problem is a
:class:`SampleFileError` whose message names the file and what to do, and
it raises nothing else, whatever the files hold. A file nesting arrays and
objects more than :data:`MAX_DEPTH` deep is refused (a sample nests about
ten), and so is a composition too deep to resolve.

:func:`decompose` is the other direction, used when regenerating a
composed sample: the overrides that turn a fragment into a given value.
"""

import copy
import dataclasses
import json
import os
import pathlib
import re
import stat
import urllib.parse

REF = '$ref'

# Levels of arrays and objects a sample or fragment file may nest. The
# parser alone accepts up to the interpreter's recursion limit, but what
# then recurses over the value (resolving, merging) fails well before.
MAX_DEPTH = 100


class SampleFileError(Exception):
    """A sample or one of its fragments cannot be read.

    ``kind`` is 'missing' (the sample file itself does not exist),
    'unreadable', 'json' (with ``lineno``, ``colno`` and ``msg``) or 'ref';
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
        return dumps(self.message)


def dumps(value):
    """Sample-file text of ``value`` (the generator's serialization)."""
    return json.dumps(value, indent=4, sort_keys=True, ensure_ascii=False,
                      allow_nan=False) + '\n'


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
        raise SampleFileError('cannot read %s: %s' % (path, exc.strerror
                                                      or exc),
                              path, 'unreadable') from None
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
        if isinstance(value, dict) and token in value:
            value = value[token]
        elif (isinstance(value, list) and token.isdigit()
              and int(token) < len(value)):
            value = value[int(token)]
        else:
            raise SampleFileError(
                '%s: "$ref": %r: the fragment has nothing at %r; correct '
                'the pointer' % (referrer, ref, token), referrer, 'ref')
    return value


class Resolver:
    """Resolves ``$ref`` inside one sample directory.

    ``overlay`` maps absolute fragment paths to the parsed content to use
    instead of the file's (fragments regenerated but not yet written).
    """

    def __init__(self, root, overlay=None):
        self.root = pathlib.Path(os.path.realpath(root))
        self.overlay = overlay if overlay is not None else {}
        self._parsed = {}

    def relative(self, path):
        return pathlib.Path(path).relative_to(self.root).as_posix()

    def target(self, ref, referrer):
        """(absolute fragment path, JSON pointer) of ``ref`` written in
        ``referrer``; refuses one outside the sample directory."""
        file_part, _, pointer = ref.partition('#')
        file_part = urllib.parse.unquote(file_part)
        pointer = urllib.parse.unquote(pointer)
        if not file_part:
            raise SampleFileError(
                '%s: "$ref": %r names no file; write '
                '"common_payloads/<Name>.json#"' % (referrer, ref),
                referrer, 'ref')
        if os.path.isabs(file_part) or '://' in file_part:
            raise SampleFileError(
                '%s: "$ref": %r is not a path relative to the sample; '
                'fragments live inside the sample directory %s'
                % (referrer, ref, self.root), referrer, 'ref')
        path = pathlib.Path(os.path.realpath(
            pathlib.Path(referrer).parent / file_part))
        if path != self.root and self.root not in path.parents:
            raise SampleFileError(
                '%s: "$ref": %r leaves the sample directory %s; fragments '
                'must live inside it' % (referrer, ref, self.root),
                referrer, 'ref')
        return path, pointer

    def parsed(self, path, referrer=None, ref=None):
        if path in self.overlay:
            return self.overlay[path]
        if path not in self._parsed:
            try:
                self._parsed[path] = parse(path)[1]
            except SampleFileError as exc:
                if exc.kind == 'missing' and referrer is not None:
                    raise SampleFileError(
                        '%s: "$ref": %r: the fragment %s does not exist; '
                        'correct the reference or add the fragment'
                        % (referrer, ref, path), referrer, 'ref') from None
                raise
        return self._parsed[path]

    def fragment(self, ref, referrer, chain=()):
        """The resolved content ``ref`` (written in ``referrer``) refers
        to, and the fragment files reached."""
        path, pointer = self.target(ref, referrer)
        if path in chain or path == pathlib.Path(referrer):
            cycle = ' -> '.join(self.relative(p) if self.root in p.parents
                                else str(p) for p in (*chain, path))
            raise SampleFileError(
                '%s: "$ref": %r makes a cycle (%s); a fragment cannot '
                'include itself' % (referrer, ref, cycle), referrer, 'ref')
        document = self.parsed(path, referrer, ref)
        reached = {path}
        value = self.resolve(document, path, (*chain, path), reached)
        return copy.deepcopy(_pointer(value, pointer, ref, referrer)), \
            reached

    def resolve(self, value, referrer, chain=(), reached=None):
        """``value`` (found in the file ``referrer``) with every ``$ref``
        resolved; the fragment files reached are added to ``reached``."""
        if reached is None:
            reached = set()
        try:
            return self._resolve(value, referrer, chain, reached)
        except RecursionError:
            # Each file is at most MAX_DEPTH deep, but a chain of
            # fragments, each included deep in the one before, nests
            # deeper than resolving can recurse. If this very handler runs
            # out of stack, the resolve() of the file before catches that.
            raise SampleFileError(
                '%s: its "$ref" fragments nest too deeply to be resolved; '
                'include them less deep' % referrer, referrer,
                'ref') from None

    def _resolve(self, value, referrer, chain, reached):
        if isinstance(value, list):
            return [self._resolve(item, referrer, chain, reached)
                    for item in value]
        if not isinstance(value, dict):
            return value
        resolved = {key: self._resolve(item, referrer, chain, reached)
                    for key, item in value.items() if key != REF}
        ref = value.get(REF)
        if not isinstance(ref, str):
            # Only a string is a reference; anything else is data.
            if REF in value:
                resolved[REF] = self._resolve(value[REF], referrer, chain,
                                              reached)
            return resolved
        base, more = self.fragment(ref, referrer, chain)
        reached |= more
        if not resolved:
            return base
        if not isinstance(base, dict):
            raise SampleFileError(
                '%s: "$ref": %r refers to a %s, not an object, so the keys '
                'beside "$ref" cannot be merged over it'
                % (referrer, ref, type(base).__name__), referrer, 'ref')
        return merge(base, resolved)


def read(path, root=None, resolver=None):
    """The :class:`SampleFile` at ``path``; fragments must live inside
    ``root`` (default: the file's directory)."""
    path = pathlib.Path(path)
    if resolver is None:
        resolver = Resolver(path.parent if root is None else root)
    text, raw = parse(path)
    absolute = pathlib.Path(os.path.realpath(path))
    reached = set()
    # Most samples include no fragment: no need to walk them (a key can
    # spell "$ref" with escapes only if the text has a backslash).
    message = (resolver.resolve(raw, absolute, (absolute,), reached)
               if REF in text or '\\' in text else raw)
    fragments = tuple(sorted(resolver.relative(p) for p in reached))
    return SampleFile(path=path, text=text, raw=raw, message=message,
                      fragments=fragments)
