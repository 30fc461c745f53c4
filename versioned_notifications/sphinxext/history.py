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

"""Version history of a versioned object, read from its class source.

Every OpenStack versioned object records its history as comment lines above
``VERSION``, in one of a few styles::

    # Version 1.0: Initial version
    # Version 1.1: Added the 'foo' field, which older consumers
    #              ignore
    #         1.2: Added 'bar' (continuation style, Nova and Neutron)
    # Version 1.3 - Added 'baz'
    VERSION = '1.3'

Reading the comments means other projects' classes get a history without
any change to them. Only comments between the class's own statements and
before its ``VERSION`` count: a comment inside a method, a dict literal or
below ``VERSION`` is not history.
"""

import ast
import functools
import inspect
import linecache
import os
import re

# A version's dotted numbers, at most nine digits each: a longer number is
# no version (and past 4,300 digits int() refuses it).
_NUMBERS = r'[0-9]{1,9}(?:\.[0-9]{1,9})+(?![0-9])'
# "Version" is matched loosely: Watcher's ActionPlanPayload has a
# "# Vesrsion 1.1: ..." line that is plainly an entry.
_ENTRY = re.compile(
    r'^v[a-z]{1,4}sion\s+(?P<version>%s)' % _NUMBERS +
    r'(?:\s*(?::|-(?=\s|$)|\u2013)|\s+|$)\s*(?P<text>.*)$', re.IGNORECASE)
# A bare "1.2: text" line inside a history block, Nova and Neutron's way of
# aligning later entries under the first; the separator is required so
# prose that starts with a number stays prose.
_BARE_ENTRY = re.compile(
    r'^(?P<version>%s)\s*(?::|-(?=\s|$)|\u2013)\s*(?P<text>.*)$'
    % _NUMBERS)
# Comments that open a paragraph of their own rather than continue the
# text of an entry: "NOTE(name): ...", "TODO: ...".
_PARAGRAPH = re.compile(r'^(?:NOTE|TODO|FIXME|XXX|HACK|WARNING|BUG)\b')
_VERSION_ASSIGNMENT = re.compile(r'^\s*VERSION\s*[:=]')


def defining_class(cls):
    """The class in ``cls``'s MRO whose body sets ``VERSION``."""
    for klass in inspect.getmro(cls):
        if 'VERSION' in vars(klass):
            return klass
    return cls


def parse_history(lines):
    """``[(version, text), ...]`` from comment lines, oldest version first.

    ``lines`` are source lines in order; a line that is neither a comment
    nor blank is code, which ends any history block, and parsing stops at
    the first ``VERSION`` assignment.
    """
    history = []
    # in_block: after an entry, until code or a new comment paragraph;
    # bare "1.2:" entries are only read there. continuing: the next text
    # line belongs to the last entry.
    in_block = continuing = False
    for line in lines:
        stripped = line.strip()
        if _VERSION_ASSIGNMENT.match(line):
            break
        if not stripped:
            continuing = False
            continue
        if not stripped.startswith('#'):
            in_block = continuing = False
            continue
        text = stripped.lstrip('#').strip()
        entry = _ENTRY.match(text) or (in_block and _BARE_ENTRY.match(text))
        if entry:
            history.append([entry['version'], entry['text'].strip()])
            in_block = continuing = True
        elif not any(c.isalnum() for c in text):
            # An empty "#" (or a "# ----" rule) ends the entry's text.
            continuing = False
        elif _PARAGRAPH.match(text):
            in_block = continuing = False
        elif continuing:
            history[-1][1] = ('%s %s' % (history[-1][1], text)).strip()
    return in_version_order([tuple(entry) for entry in history])


def version_key(version):
    """A dotted version as a sortable tuple (versions here are dotted
    digits: the entry patterns say so)."""
    return tuple(int(number) for number in version.split('.'))


def first_version(versions):
    """The version a class began at, among ``versions``, all those known
    of it (its comments', its recorded contracts', its ``VERSION``): the
    oldest, when it is 1.0, where versioned objects begin; else None (a
    history known from 1.3 or 2.0 on says nothing of how it began). Its
    comment would only say "Initial version": it needs none."""
    keys = [version_key(version) for version in versions
            if isinstance(version, str) and re.fullmatch(_NUMBERS, version)]
    if not keys:
        return None
    oldest = min(keys)
    if oldest[0] != 1 or any(oldest[1:]):
        return None
    return '.'.join(str(number) for number in oldest)


def in_version_order(entries):
    """``[(version, text), ...]`` sorted by version. Some classes list their
    newest version first; the last entry must be the newest for "does it
    match VERSION?" to mean anything. The sort is stable, so entries of one
    version keep their order."""
    return sorted(entries, key=lambda entry: version_key(entry[0]))


def _class_nodes(tree):
    """{qualified name: ast.ClassDef} of every class in ``tree``."""
    found = {}

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                name = prefix + child.name
                found.setdefault(name, child)
                visit(child, name + '.')
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, prefix + child.name + '.<locals>.')

    visit(tree, '')
    return found


def _sets_version(stmt):
    if isinstance(stmt, ast.Assign):
        targets = stmt.targets
    elif isinstance(stmt, ast.AnnAssign):
        targets = [stmt.target]
    else:
        return False
    return any(isinstance(t, ast.Name) and t.id == 'VERSION'
               for t in targets)


def _class_history(node, lines):
    """The history of one class: its comments before its own ``VERSION``,
    with every other statement of its body read as code."""
    version_stmt = next((s for s in node.body if _sets_version(s)), None)
    if version_stmt is None:
        return []
    header = [node.lineno] + [n.end_lineno for n in node.bases
                              + [k.value for k in node.keywords]]
    first = max(header) + 1
    body = list(lines[first - 1:version_stmt.lineno - 1])
    for stmt in node.body:
        if stmt is version_stmt:
            break
        # Comments inside a statement (a method, a SCHEMA dict) describe
        # that statement, not the class's versions.
        for number in range(stmt.lineno, stmt.end_lineno + 1):
            if first <= number < version_stmt.lineno:
                body[number - first] = '<code>\n'
    return parse_history(body)


def history_from_source(source, filename='<source>'):
    """{qualified class name: history} for the classes of ``source`` that
    set ``VERSION`` in their body; {} when it is not valid Python."""
    try:
        tree = ast.parse(source, filename)
    except (SyntaxError, ValueError):
        return {}
    lines = source.splitlines(True)
    return {name: _class_history(node, lines)
            for name, node in _class_nodes(tree).items()}


@functools.lru_cache(maxsize=64)
def _file_histories(filename, mtime):
    # inspect.getsourcelines() parses the whole module for every class it
    # is asked about; a module of N notification classes would be parsed N
    # times. This parses it once (mtime renews the entry when it changes).
    return history_from_source(''.join(linecache.getlines(filename)),
                               filename)


def version_history(cls):
    """``[(version, text), ...]`` oldest first; empty when the class has no
    such comments or its source cannot be read (a class made at run time).
    """
    cls = defining_class(cls)
    filename = source_file(cls)
    if not filename:
        return []
    try:
        mtime = os.stat(filename).st_mtime_ns
    except OSError:
        return []
    return _file_histories(filename, mtime).get(cls.__qualname__, [])


def source_file(cls):
    """The file defining ``cls``, or None (the reference depends on it: a
    changed class must re-read the pages documenting it)."""
    try:
        return inspect.getsourcefile(cls)
    except (TypeError, OSError):
        return None
