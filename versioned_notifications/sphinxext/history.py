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
``VERSION``::

    # Version 1.0: Initial version
    # Version 1.1: Added the 'foo' field, which older consumers
    #              ignore
    VERSION = '1.1'

Reading the comments means other projects' classes get a history without
any change to them.
"""

import ast
import functools
import inspect
import linecache
import os
import re

_VERSION_LINE = re.compile(
    r'^\s*#\s*Version\s+(?P<version>\d+(?:\.\d+)*)\s*[:\-]?\s*(?P<text>.*)$',
    re.IGNORECASE)
_VERSION_ASSIGNMENT = re.compile(r'^\s*VERSION\s*=')


def defining_class(cls):
    """The class in ``cls``'s MRO whose body sets ``VERSION``."""
    for klass in inspect.getmro(cls):
        if 'VERSION' in vars(klass):
            return klass
    return cls


@functools.lru_cache(maxsize=64)
def _class_spans(filename, mtime):
    """{qualified class name: (first line, last line)} of a source file.

    ``inspect.getsourcelines()`` parses the whole module for every class it
    is asked about; a module of N notification classes would be parsed N
    times. This parses it once (``mtime`` renews the entry when it changes).
    """
    source = ''.join(linecache.getlines(filename))
    try:
        tree = ast.parse(source, filename)
    except (SyntaxError, ValueError):
        return {}
    spans = {}

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                name = prefix + child.name
                spans.setdefault(name, (child.lineno, child.end_lineno))
                visit(child, name + '.')
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, prefix + child.name + '.<locals>.')

    visit(tree, '')
    return spans


def _class_lines(cls):
    filename = source_file(cls)
    if not filename:
        return None
    try:
        mtime = os.stat(filename).st_mtime_ns
    except OSError:
        return None
    span = _class_spans(filename, mtime).get(cls.__qualname__)
    if span is None:
        return None
    return linecache.getlines(filename)[span[0] - 1:span[1]]


def version_history(cls):
    """``[(version, text), ...]`` oldest first; empty when the class has no
    such comments or its source cannot be read (a class made at run time).
    """
    lines = _class_lines(defining_class(cls))
    if lines is None:
        return []
    history = []
    # A comment line right after a "# Version" line continues its text
    # until a non-comment line ends the block.
    continuing = False
    for line in lines:
        if _VERSION_ASSIGNMENT.match(line):
            break
        match = _VERSION_LINE.match(line)
        stripped = line.strip()
        if match:
            history.append([match['version'], match['text'].strip()])
            continuing = True
        elif continuing and stripped.startswith('#'):
            more = stripped.lstrip('#').strip()
            if more:
                history[-1][1] = ('%s %s' % (history[-1][1], more)).strip()
        else:
            continuing = False
    return [tuple(entry) for entry in history]


def source_file(cls):
    """The file defining ``cls``, or None (the reference depends on it: a
    changed class must re-read the pages documenting it)."""
    try:
        return inspect.getsourcefile(cls)
    except (TypeError, OSError):
        return None
