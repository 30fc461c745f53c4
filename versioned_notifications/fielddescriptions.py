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

"""What each field of a versioned object means, from ``:field name: text``
entries in its class docstring or a base class's (the nearest class in
the MRO wins)::

    class ActionPlanCancelPayload(...):
        \"\"\"An action plan whose cancellation started, ended or failed.

        :field fault: Why the cancellation failed; null unless the phase
            is ``error``.
        \"\"\"

:func:`read` gives the text as written, inline reStructuredText, which
the reference parses (:mod:`versioned_notifications.sphinxext.
descriptions`); :func:`plain` the same as plain text, which the JSON
Schemas and the AsyncAPI document carry.
"""

import inspect
import re

__all__ = ['plain', 'read']

_FIELD_ENTRY = re.compile(r'^:field\s+(?P<name>\w+):\s*(?P<text>.*)$')
# Inline markup, the literal first: nothing inside ``...`` is markup.
# A role (":class:`~a.B`", ":ref:`title <target>`"), an interpreted or
# referenced text ("`text <https://...>`_", "`name`_"), strong and
# emphasis, an escaped character.
_INLINE = re.compile(r'''
    ``(?P<literal>[^`]+?)``
  | (?::[\w.+-]+(?::[\w.+-]+)?:)?`(?P<interpreted>[^`]+)`(?::[\w.+-]+:)?_{0,2}
  | \*\*(?P<strong>[^*]+?)\*\*
  | (?<![\w*])\*(?P<emphasis>[^*\s](?:[^*]*[^*\s])?)\*(?![\w*])
  | \\(?P<escaped>.)
''', re.VERBOSE | re.DOTALL)
# "title <target>" inside a role or a reference: the title is the text.
_TITLED = re.compile(r'^(?P<title>.*?)\s*<[^<>]*>$', re.DOTALL)


def _docstring_fields(klass):
    doc = vars(klass).get('__doc__')
    if not isinstance(doc, str):
        return {}
    found = {}
    current = None
    for line in inspect.cleandoc(doc).splitlines():
        match = _FIELD_ENTRY.match(line)
        if match:
            current = match['name']
            found[current] = [match['text'].strip()]
        elif current and line[:1].isspace() and line.strip():
            found[current].append(line.strip())
        else:
            current = None
    return {name: ' '.join(parts).strip() for name, parts in found.items()}


def read(cls):
    """{field name: description as written} from ``cls``'s and its bases'
    docstrings."""
    descriptions = {}
    for klass in inspect.getmro(cls):
        for name, text in _docstring_fields(klass).items():
            descriptions.setdefault(name, text)
    return descriptions


def _shown(match):
    if match['literal'] is not None:
        return match['literal']
    if match['escaped'] is not None:
        # A backslash before a space joins what it separates.
        return '' if match['escaped'].isspace() else match['escaped']
    if match['interpreted'] is not None:
        text = match['interpreted']
        titled = _TITLED.match(text)
        if titled and titled['title']:
            return titled['title']
        if titled:
            text = text[text.rindex('<') + 1:-1]
        # Sphinx's cross-reference prefixes: "~a.b.C" shows "C", "!x" "x".
        if text.startswith('~'):
            text = text[1:].rsplit('.', 1)[-1]
        return text.lstrip('!')
    return match['strong'] if match['strong'] is not None else (
        match['emphasis'])


def plain(text):
    """``text``, a description as written, as plain text: inline markup
    shown as its text (``literal``, :role:`target` and links as what they
    show, strong and emphasis without their stars), whitespace as single
    spaces."""
    return ' '.join(_INLINE.sub(_shown, text).split())
