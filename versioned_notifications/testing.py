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

"""Assert that an emitted notification is its committed sample.

In the spirit of Nova's notification sample tests: a functional test emits
a notification through the real code and compares it with the sample that
documents it, leaving out what depends on the run::

    from versioned_notifications.testing import ANY
    from versioned_notifications.testing import (
        assert_notification_matches_sample)

    assert_notification_matches_sample(
        captured.messages[0], 'action_plan-cancel-end.json',
        ignore=['uuid', 'audit.uuid'],
        replace={'fault.exception_message': ANY},
        sample_dir='samples')

What is compared
    ``event_type``, ``priority``, ``publisher_id`` and the whole payload:
    each object's name, namespace and version, and every field. The
    envelope's ``message_id`` and ``timestamp`` are oslo.messaging's and
    differ on every send: they must be present, their values are not
    compared.

Paths
    ``ignore`` and ``replace`` name payload fields by paths relative to the
    payload's data, one segment per field, stepping into nested objects'
    data implicitly: ``uuid``, ``audit.uuid``, ``action_plan.state``,
    ``fault.exception_message``; ``parents.0`` is a list item and ``*``
    stands for every key or item of one level (``fault.*``). So paths read
    like the field tables of the reference and do not depend on the
    project's serial namespace (``watcher_object``, ``nova_object``).
    A path the sample does not have is an error: a typo never passes
    silently.

``ignore`` leaves a field's value uncompared (the field must still be
emitted); ``replace`` sets the sample's value before comparing, and the
value may be :data:`ANY`. A mismatch fails with one line per differing
path.
"""

from collections.abc import Iterable
from collections.abc import Mapping
import json
import os
import pathlib
import pprint
from typing import Any

from versioned_notifications import samplefile

__all__ = ['ANY', 'COMPARED_ENVELOPE_KEYS', 'RUN_DEPENDENT_ENVELOPE_KEYS',
           'assert_notification_matches_sample', 'load_sample']

# Keys of the message envelope oslo.messaging sets on each send.
RUN_DEPENDENT_ENVELOPE_KEYS = ('message_id', 'timestamp')
COMPARED_ENVELOPE_KEYS = ('event_type', 'priority', 'publisher_id')


class _AnyValue:
    """Equal to every value; the marker for "any value will do"."""

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = None

    def __repr__(self):
        return 'ANY'


#: Equal to every value: a ``replace`` value that accepts whatever was
#: emitted at that path.
ANY = _AnyValue()


def _data_key(primitive):
    """The ``<namespace>.data`` key of an object primitive, or None."""
    if not isinstance(primitive, dict):
        return None
    for key in primitive:
        if key.endswith('.data') and key[:-len('data')] + 'name' in primitive:
            return key
    return None


def _children(value):
    """(segment, child, container, key) for each field, key or item of
    ``value``; an object primitive yields the fields of its data."""
    data_key = _data_key(value)
    if data_key is not None:
        value = value[data_key]
    if isinstance(value, dict):
        return [(str(key), value[key], value, key) for key in value]
    if isinstance(value, list):
        return [(str(index), item, value, index)
                for index, item in enumerate(value)]
    return []


def _set_at(payload, path, make_value, sample_name):
    """Set every value at ``path`` to ``make_value(old)``."""
    segments = path.split('.')
    level = [payload]
    for depth, segment in enumerate(segments):
        found = [(child, container, key)
                 for node in level
                 for name, child, container, key in _children(node)
                 if segment in ('*', name)]
        if not found:
            raise AssertionError(
                'path %r: the sample %s has no %r at %s; paths are relative '
                'to the payload data, for example "uuid" or "audit.uuid"'
                % (path, sample_name, segment,
                   '.'.join(segments[:depth]) or 'the payload data'))
        if depth == len(segments) - 1:
            for child, container, key in found:
                container[key] = make_value(child)
            return
        level = [child for child, _, _ in found]


def _differences(expected, actual, path, out):
    if expected is ANY or isinstance(expected, _AnyValue):
        return
    data_key = _data_key(expected)
    if data_key is not None and isinstance(actual, dict):
        namespace = data_key[:-len('data')]
        for meta in ('name', 'namespace', 'version'):
            key = namespace + meta
            if expected.get(key) != actual.get(key):
                out.append('%s (%s): sample %r, emitted %r'
                           % (path or 'payload', key, expected.get(key),
                              actual.get(key, '<missing>')))
        if data_key not in actual:
            out.append('%s: emitted no %s' % (path or 'payload', data_key))
            return
        expected, actual = expected[data_key], actual[data_key]
        extra = sorted(set(actual) - set(expected))
        for key in extra:
            out.append('%s: emitted, not in the sample: %r'
                       % (_join(path, key), actual[key]))
        for key in sorted(expected):
            if key not in actual:
                out.append('%s: in the sample, not emitted'
                           % _join(path, key))
                continue
            _differences(expected[key], actual[key], _join(path, key), out)
        return
    if (isinstance(expected, list) and isinstance(actual, list)
            and len(expected) == len(actual)):
        for index, (one, other) in enumerate(
                zip(expected, actual, strict=True)):
            _differences(one, other, _join(path, str(index)), out)
        return
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(set(expected) | set(actual)):
            if key not in actual:
                out.append('%s: in the sample, not emitted'
                           % _join(path, key))
            elif key not in expected:
                out.append('%s: emitted, not in the sample: %r'
                           % (_join(path, key), actual[key]))
            else:
                _differences(expected[key], actual[key], _join(path, key),
                             out)
        return
    if expected != actual or type(expected) is not type(actual):
        out.append('%s: sample %r, emitted %r'
                   % (path or 'payload', expected, actual))


def _join(path, segment):
    return '%s.%s' % (path, segment) if path else segment


def load_sample(sample: str,
                sample_dir: str | os.PathLike | None = None) -> dict:
    """The parsed sample ``sample``, its ``$ref`` resolved: a file name
    inside ``sample_dir`` (default: ``samples`` in the current directory),
    or a path. Fragments must live inside ``sample_dir`` (by default, the
    sample's directory)."""
    path = pathlib.Path(sample)
    if not path.is_absolute() and sample_dir is not None:
        path = pathlib.Path(sample_dir) / path
    elif not path.is_absolute() and not path.exists():
        path = pathlib.Path('samples') / path
    try:
        # A composed sample ($ref to shared fragments) is compared as
        # resolved: that is what the code emits.
        return samplefile.read(
            path, root=sample_dir if sample_dir is not None else None
        ).message
    except samplefile.SampleFileError as exc:
        hint = ''
        if exc.kind == 'missing' and exc.path == path:
            hint = '; pass sample_dir= the directory that holds it'
        raise AssertionError('%s%s' % (exc, hint)) from None


def _as_message(emitted):
    """A message dict whose payload is a primitive, from a captured message
    or from a dict whose payload is a versioned object."""
    if not isinstance(emitted, dict) or 'payload' not in emitted:
        raise TypeError('emitted must be a notification message (a dict with '
                        'event_type, payload, ...), not %r' % (emitted,))
    message = dict(emitted)
    payload = message['payload']
    if hasattr(payload, 'obj_to_primitive'):
        message['payload'] = payload.obj_to_primitive()
    return json.loads(json.dumps(message))


def assert_notification_matches_sample(
        emitted: Any, sample: str, ignore: Iterable[str] = (),
        replace: Mapping[str, Any] | None = None,
        sample_dir: str | os.PathLike | None = None) -> None:
    """Fail unless ``emitted`` is the sample ``sample`` apart from the
    ``ignore``\\ d paths and the ``replace``\\ d values (see the module
    documentation); return the sample as compared."""
    if isinstance(ignore, str):
        raise TypeError('ignore must be a list of paths, not the string %r'
                        % ignore)
    message = _as_message(emitted)
    expected = load_sample(sample, sample_dir)
    name = os.path.basename(str(sample))
    for path in ignore:
        _set_at(expected['payload'], path, lambda old: ANY, name)
    for path, value in (replace or {}).items():
        _set_at(expected['payload'], path, lambda old, v=value: v, name)

    problems = []
    for key in COMPARED_ENVELOPE_KEYS:
        if expected.get(key) != message.get(key):
            problems.append('%s: sample %r, emitted %r'
                            % (key, expected.get(key),
                               message.get(key, '<missing>')))
    for key in RUN_DEPENDENT_ENVELOPE_KEYS:
        if key in expected and key not in message:
            problems.append('%s: in the sample, not emitted' % key)
    _differences(expected['payload'], message.get('payload'), '', problems)
    if problems:
        raise AssertionError(
            '%s does not match the sample %s at %d path(s) (paths are '
            'relative to the payload data):\n  %s\nemitted payload:\n%s'
            % (message.get('event_type'), name, len(problems),
               '\n  '.join(problems), pprint.pformat(message.get('payload'),
                                                    width=78)))
    return expected
