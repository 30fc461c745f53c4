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

"""Whether a value is valid against a field's JSON Schema, fast.

``watch`` checks every field of every message on a bus; jsonschema's
validator spends tens of microseconds on a field, most of it in its
general machinery. :func:`predicate` compiles the keywords field types
describe themselves with (``type``, ``enum``, ``pattern``, ``minimum``,
``maximum``, ``minLength``, ``maxLength``, ``items``,
``additionalProperties``, ``anyOf``; ``format`` is not asserted, as
draft-07 leaves it) into a plain function that answers as
``jsonschema.Draft7Validator(schema).is_valid`` does, and returns None
for a schema using any other keyword, which the caller then gives to
jsonschema. Only the answer is computed here: jsonschema says what is
wrong.
"""

import math
import re

__all__ = ['predicate']

# Keywords that describe nothing to check.
_ANNOTATIONS = frozenset(('format', 'description', 'title', '$comment',
                          'examples', 'default', 'readOnly'))
_KEYWORDS = frozenset(('type', 'enum', 'pattern', 'minimum', 'maximum',
                       'minLength', 'maxLength', 'items',
                       'additionalProperties', 'anyOf')) | _ANNOTATIONS


def _is_integer(value):
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, float) and value.is_integer()


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_TYPES = {
    'string': lambda value: isinstance(value, str),
    'integer': _is_integer,
    'number': _is_number,
    'boolean': lambda value: isinstance(value, bool),
    'null': lambda value: value is None,
    'object': lambda value: isinstance(value, dict),
    'array': lambda value: isinstance(value, list),
}


# The Python type of each JSON value json.loads makes, by JSON type.
_EXACT = {'string': (str,), 'integer': (int,), 'number': (int, float),
          'boolean': (bool,), 'null': (type(None),), 'object': (dict,),
          'array': (list,)}
_JSON_TYPES = frozenset((str, int, float, bool, type(None), dict, list))


def _type_check(types):
    """Whether a value is of one of the JSON ``types``: by its exact
    Python type for what json.loads makes (the common case, a set look-up),
    else as jsonschema's type checker says."""
    accepted = frozenset(kind for name in types for kind in _EXACT[name])
    whole_floats = 'integer' in types and 'number' not in types
    tests = [_TYPES[name] for name in types]

    def check(value):
        kind = type(value)
        if kind in accepted:
            return True
        if kind in _JSON_TYPES:
            return whole_floats and kind is float and value.is_integer()
        return any(test(value) for test in tests)
    return check


def _equal(one, other):
    """JSON equality as jsonschema's enum has it: true is not 1, 1 is
    1.0."""
    if isinstance(one, bool) or isinstance(other, bool):
        return type(one) is type(other) and one == other
    if isinstance(one, (list, dict)) or isinstance(other, (list, dict)):
        return False
    if _is_number(one) and _is_number(other):
        return one == other
    return type(one) is type(other) and one == other


def predicate(schema):
    """A function telling whether a JSON value is valid against
    ``schema``, or None when ``schema`` uses a keyword this does not
    compile."""
    if schema is True or schema == {}:
        return lambda value: True
    if not isinstance(schema, dict) or not set(schema) <= _KEYWORDS:
        return None
    checks = []
    types = schema.get('type')
    if types is not None:
        types = [types] if isinstance(types, str) else types
        if not isinstance(types, list) or not all(kind in _TYPES
                                                  for kind in types):
            return None
        checks.append(_type_check(types))
    if 'enum' in schema:
        enum = schema['enum']
        if not isinstance(enum, list) or any(isinstance(item, (list, dict))
                                             for item in enum):
            return None
        checks.append(lambda value: any(_equal(value, item)
                                        for item in enum))
    if 'pattern' in schema:
        try:
            search = re.compile(schema['pattern']).search
        except (re.error, TypeError):
            return None
        checks.append(lambda value: not isinstance(value, str)
                      or search(value) is not None)
    for keyword, holds in (('minimum', lambda value, bound: value >= bound),
                           ('maximum', lambda value, bound: value <= bound)):
        if keyword in schema:
            bound = schema[keyword]
            if not _is_number(bound) or (isinstance(bound, float)
                                         and not math.isfinite(bound)):
                return None
            checks.append(lambda value, bound=bound, holds=holds: (
                not _is_number(value) or holds(value, bound)))
    for keyword, holds in (('minLength', lambda size, bound: size >= bound),
                           ('maxLength', lambda size, bound: size <= bound)):
        if keyword in schema:
            bound = schema[keyword]
            if not _is_integer(bound):
                return None
            checks.append(lambda value, bound=bound, holds=holds: (
                not isinstance(value, str) or holds(len(value), bound)))
    if 'items' in schema:
        items = predicate(schema['items'])
        if items is None or isinstance(schema['items'], list):
            return None
        checks.append(lambda value: not isinstance(value, list)
                      or all(items(item) for item in value))
    if 'additionalProperties' in schema:
        inner = schema['additionalProperties']
        values = predicate(inner) if inner is not False else None
        if values is None:
            return None
        checks.append(lambda value: not isinstance(value, dict)
                      or all(values(item) for item in value.values()))
    if 'anyOf' in schema:
        branches = schema['anyOf']
        if not isinstance(branches, list) or not branches:
            return None
        compiled = [predicate(branch) for branch in branches]
        if any(branch is None for branch in compiled):
            return None
        checks.append(lambda value: any(branch(value)
                                        for branch in compiled))
    if len(checks) == 1:
        return checks[0]
    return lambda value: all(check(value) for check in checks)
