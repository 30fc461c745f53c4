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

"""Which notifications to document, and where their samples live.

The generator and the Sphinx extension know nothing of any one service: a
:class:`NotificationProject` names, by dotted path, the registry, the
notification base class, the modules that define the notifications, the
sample directory, and optionally the project's own example data and the
hook that routes its notifier to the in-memory capture driver.

A project is usually declared in its own code and named where it is used::

    # myservice/notifications/doc.py
    PROJECT = NotificationProject(
        registry='myservice.objects.base:MyObjectRegistry',
        notification_base='myservice.notifications.base:NotificationBase',
        modules=['myservice.notifications'])

    # conf.py
    versioned_notifications_project = 'myservice.notifications.doc:PROJECT'
"""

from collections.abc import Mapping
import dataclasses
import importlib
import itertools
import json
import os
import re
from typing import Any

from versioned_notifications import errors

__all__ = ['EVENT_SETTINGS', 'DeclaredEvent', 'NotificationProject',
           'ProjectError', 'declared_events', 'expand_event_types',
           'load_project', 'resolve']

# The values of NotificationProject.enum_value_added.
ENUM_VALUE_ADDED = ('compatible', 'incompatible')
# The settings of one declared event (NotificationProject.events).
EVENT_SETTINGS = ('notification', 'priority', 'publisher', 'sample')
# An event type: dot-separated words of letters, digits, "_" and "-" (not
# first: the sample named after it could not start so).
_EVENT_TYPE = re.compile(
    r'[A-Za-z0-9_][A-Za-z0-9_\-]*(?:\.[A-Za-z0-9_][A-Za-z0-9_\-]*)*')
_EVENTS_EXAMPLE = ("{'share.{create,delete}.{start,end,error}': "
                   "'ShareNotification'}")


class ProjectError(errors.VersionedNotificationsError):
    """The project configuration cannot be used; the message says why."""


@dataclasses.dataclass(frozen=True)
class NotificationProject:
    """Where a project's notifications and samples are, by dotted path
    (``'module:NAME'``), and how its samples are made; the adoption guide
    explains each field."""

    # 'module:Class' of the project's VersionedObjectRegistry subclass.
    registry: str
    # 'module:Class' every documented notification derives from.
    notification_base: str
    # Modules imported first so that their classes are registered.
    modules: tuple = ()
    # Directory of the JSON samples, relative to the directory of the file
    # that names the project (setup.cfg, conf.py) unless absolute.
    sample_dir: str = 'samples'
    # 'module:callable' returning {sample file name: emit(context)}: the
    # project's hand-written data, sent through its real send path.
    examples: str | None = None
    # 'module:callable' returning a context manager during which the
    # project's notifier sends to oslo.messaging's 'test' driver.
    capture: str | None = None
    # Sample file name -> event type, for samples that have no example
    # whose send path says it.
    event_types: tuple = ()
    # The AsyncAPI document's title, version, topic and description (see
    # versioned_notifications.contracts for their defaults).
    asyncapi: tuple = ()
    # publisher_id of samples no send path makes and no existing file
    # names ("<service>:<host>", e.g. "infra-optim:node0").
    publisher_id: str | None = None
    # Priority of a type-derived sample whose event type ends in "error".
    error_priority: str = 'ERROR'
    # Notification class name -> hand-written variant samples of it (file
    # names or shell patterns in the sample directory): documented and
    # checked by their contract, never generated, compared or pruned.
    variants: tuple = ()
    # 'module:TypeClass' -> {'schema': JSON Schema, 'example': JSON value}:
    # how a field type that does not describe itself is sent (see
    # versioned_notifications.fieldtypes). Kept as JSON text.
    field_types: tuple = ()
    # Contract: True only when the project's emit refuses a payload with
    # an unset field (nested payloads included), so that every field is
    # always sent and the schemas may require them all. oslo itself sends
    # only the fields that are set.
    complete_payloads: bool = False
    # Contract evolution: whether a value added to an enum is a
    # 'compatible' change (a minor bump; oslo's and Nova's practice) or an
    # 'incompatible' one (a major bump: for consumers that validate
    # against the enum of the version they were written for). See
    # versioned_notifications.evolution.
    enum_value_added: str = 'compatible'
    # The events of notification classes that name no samples (or more
    # events of classes that do): event type, or a brace pattern of event
    # types ('share.{create,delete}.{start,end,error}') -> the class's name,
    # or {'notification': name, 'priority': ..., 'publisher': ...,
    # 'sample': file name}. See declared_events().
    events: tuple = ()
    # The directory of the generated contracts (JSON Schemas, AsyncAPI
    # document, recorded history), relative to the sample directory unless
    # absolute, so that it moves with it (--output, the Sphinx
    # versioned_notifications_sample_dir); '.': the sample directory.
    contracts_dir: str = '.'
    # The exports written: 'asyncapi' (the AsyncAPI document), 'schemas'
    # (the JSON Schemas). The recorded history is always written: check
    # compares the classes with it.
    exports: tuple = ('asyncapi', 'schemas')

    def __post_init__(self):
        _check_settings(self)
        object.__setattr__(self, 'events', _normalised_events(self.events))
        object.__setattr__(self, 'exports',
                           tuple(sorted(set(self.exports))))
        # Accept lists and dicts from configuration files, keep hashable.
        object.__setattr__(self, 'modules', tuple(self.modules))
        for name in ('event_types', 'asyncapi', 'field_types'):
            value = getattr(self, name)
            if isinstance(value, dict):
                value = tuple(sorted(value.items()))
            object.__setattr__(self, name, tuple(value))
        # Each class's patterns become a tuple too: the project is hashed.
        object.__setattr__(self, 'variants', tuple(
            (name, (patterns,) if isinstance(patterns, str)
             else tuple(patterns))
            for name, patterns in (sorted(self.variants.items())
                                   if isinstance(self.variants, dict)
                                   else self.variants)))
        object.__setattr__(self, 'field_types', tuple(
            (spec, _json_text(entry)) for spec, entry in self.field_types))


def _check_settings(project):
    # What would fail later, and far from the setting, or worse quietly:
    # modules='pkg' would import 'p', 'k' and 'g'.
    if isinstance(project.modules, (str, bytes)) or not isinstance(
            project.modules, (list, tuple)) or not all(
                isinstance(name, str) and name
                for name in project.modules):
        raise ProjectError(
            'modules must be a list of module names, such as '
            '["myservice.notifications"], not %r' % (project.modules,))
    if not isinstance(project.sample_dir, (str, os.PathLike)) or not str(
            project.sample_dir):
        raise ProjectError(
            'sample_dir must be a directory path, such as "samples" '
            '(relative to the file naming the project), not %r'
            % (project.sample_dir,))
    if not isinstance(project.contracts_dir, (str, os.PathLike)) or not str(
            project.contracts_dir):
        raise ProjectError(
            'contracts_dir must be a directory path, such as '
            '"../contracts" (relative to the sample directory; "." is the '
            'sample directory itself), not %r' % (project.contracts_dir,))
    # Imported here: contracts imports this module.
    from versioned_notifications import contracts
    if isinstance(project.exports, (str, bytes)) or not isinstance(
            project.exports, (list, tuple, set, frozenset)) or not all(
                value in contracts.EXPORTS for value in project.exports):
        raise ProjectError(
            'exports must be a list of the exports to write, of %s (() '
            'writes neither; the recorded history is always written), not '
            '%r' % (', '.join('"%s"' % value for value in contracts.EXPORTS),
                    project.exports))
    for name in ('examples', 'capture'):
        value = getattr(project, name)
        if value is not None and not isinstance(value, str):
            raise ProjectError('%s must be "package.module:callable" or '
                               'None, not %r' % (name, value))
    if project.enum_value_added not in ENUM_VALUE_ADDED:
        raise ProjectError(
            'enum_value_added must be %s, not %r' % (
                ' or '.join('"%s"' % value for value in ENUM_VALUE_ADDED),
                project.enum_value_added))
    for name in ('publisher_id', 'error_priority'):
        value = getattr(project, name)
        if not isinstance(value, str) and (
                value is not None or name == 'error_priority'):
            raise ProjectError('%s must be a string, not %r' % (name, value))


@dataclasses.dataclass(frozen=True)
class DeclaredEvent:
    """One event type of a project's ``events``."""

    event_type: str
    # The key of ``events`` it comes from.
    pattern: str
    # The notification class's name.
    notification: str
    # What the declaration says; None: the default (see the catalog).
    priority: str | None = None
    publisher: str | None = None
    sample: str | None = None


def expand_event_types(pattern: str) -> list:
    """The event types of ``pattern``, its brace groups expanded as a shell
    does (``'a.{b,c}.{start,end}'``: ``a.b.start``, ``a.b.end``,
    ``a.c.start``, ``a.c.end``), in that order; a ProjectError naming the
    pattern when it is not one."""
    def fail(problem):
        raise ProjectError('events: %r %s; declare event types such as %s'
                           % (pattern, problem, _EVENTS_EXAMPLE))

    if not isinstance(pattern, str) or not pattern:
        fail('is not an event type')
    # A shell pattern would match event types nobody listed: events are
    # declared, never found.
    if any(char in pattern for char in '*?[]'):
        fail('is a shell pattern, not event types: spell the event types '
             'out, or list them in braces')
    parts, inside, group = [], False, None
    for token in re.split(r'([{}])', pattern):
        if token == '{':
            if inside:
                fail('nests braces, which are not supported')
            inside, group = True, None
        elif token == '}':
            if not inside:
                fail('closes a brace it never opened')
            if group is None:
                fail('has a brace group "{}" with no alternative')
            parts.append(group)
            inside = False
        elif inside and token:
            group = token.split(',')
        elif token:
            parts.append([token])
    if inside:
        fail('opens a brace it never closes')
    found = [''.join(words) for words in itertools.product(*parts)]
    for event_type in found:
        if not _EVENT_TYPE.fullmatch(event_type):
            fail('expands to %r, which is no event type (dot-separated '
                 'words of letters, digits, "_" and "-", none starting '
                 'with "-")'
                 % (event_type,))
    return found


def _event_settings(pattern, value):
    """The settings of one ``events`` entry as a dict, checked."""
    def fail(problem):
        raise ProjectError('events: %r: %s' % (pattern, problem))

    if isinstance(value, str):
        value = {'notification': value}
    elif isinstance(value, (list, tuple)) and all(
            isinstance(pair, (list, tuple)) and len(pair) == 2
            for pair in value):
        # The normalised form, as dataclasses.replace() passes it back.
        value = dict(value)
    if not isinstance(value, dict):
        fail('must be the notification class\'s name or a dict of %s, not '
             '%r' % (', '.join(EVENT_SETTINGS), value))
    unknown = sorted(str(key) for key in set(value) - set(EVENT_SETTINGS))
    if unknown:
        fail('unknown setting(s) %s; the settings are %s'
             % (', '.join(unknown), ', '.join(EVENT_SETTINGS)))
    name = value.get('notification')
    if not isinstance(name, str) or not name.isidentifier():
        fail('"notification" must name the notification class (its class '
             'name, such as "ShareNotification"), not %r' % (name,))
    if 'priority' in value:
        # Imported here: the catalog imports this module.
        from versioned_notifications import catalog
        if catalog.wire_priority(value['priority']) is None:
            fail('priority %r is not one of %s'
                 % (value['priority'], ', '.join(catalog.WIRE_PRIORITIES)))
    publisher = value.get('publisher', 'x')
    if not isinstance(publisher, str) or not publisher:
        fail('publisher must be a publisher_id ("<service>:<host>"), not '
             '%r' % (publisher,))
    sample = value.get('sample', 'x.json')
    if not isinstance(sample, str) or not sample.endswith('.json') or (
            not re.fullmatch(r'[A-Za-z0-9_][A-Za-z0-9_.\-]*', sample)) or (
                '..' in sample):
        fail('sample must be a plain "<name>.json" file name (letters, '
             'digits, "_", "-", "." only), not %r' % (sample,))
    return value


def _normalised_events(events):
    """``events`` as a sorted tuple of (pattern, ((setting, value), ...)):
    hashable, and each pattern checked by declared_events()."""
    if isinstance(events, dict):
        items = events.items()
    elif isinstance(events, (list, tuple)) and all(
            isinstance(pair, (list, tuple)) and len(pair) == 2
            for pair in events):
        items = events
    else:
        raise ProjectError('events must be a dict of event type (or brace '
                           'pattern) -> notification class name or settings, '
                           'such as %s, not %r' % (_EVENTS_EXAMPLE, events))
    seen = set()
    normalised = []
    for pattern, value in items:
        if pattern in seen:
            raise ProjectError('events: %r is declared twice' % (pattern,))
        seen.add(pattern)
        settings = _event_settings(pattern, value)
        normalised.append((pattern, tuple(sorted(settings.items()))))
    normalised = tuple(sorted(normalised))
    declared_events(normalised)
    return normalised


def declared_events(project: 'NotificationProject') -> list:
    """The :class:`DeclaredEvent` of every event type a project's
    ``events`` declares (or of ``events`` itself, normalised), sorted by
    event type; a ProjectError names a pattern that expands to nothing
    usable, an event type declared twice, a ``sample`` given to several
    event types or to two."""
    events = project.events if isinstance(project,
                                          NotificationProject) else project
    found, by_sample = {}, {}
    for pattern, settings in events:
        settings = dict(settings)
        event_types = expand_event_types(pattern)
        sample = settings.get('sample')
        if sample is not None and len(event_types) > 1:
            raise ProjectError(
                'events: %r expands to %d event types, but "sample" names '
                'one file; declare the event types one by one to name their '
                'samples, or leave "sample" out (each is then named after '
                'its event type)' % (pattern, len(event_types)))
        if sample is not None:
            if sample in by_sample:
                raise ProjectError(
                    'events: the sample %s is named by both %r and %r; give '
                    'each event its own file' % (sample, by_sample[sample],
                                                 pattern))
            by_sample[sample] = pattern
        for event_type in event_types:
            if event_type in found:
                raise ProjectError(
                    'events: the event type %s is declared twice (by %r and '
                    '%r); declare it once' % (
                        event_type, found[event_type].pattern, pattern))
            found[event_type] = DeclaredEvent(
                event_type=event_type, pattern=pattern,
                notification=settings['notification'],
                priority=settings.get('priority'),
                publisher=settings.get('publisher'), sample=sample)
    return [found[event_type] for event_type in sorted(found)]


def _json_text(entry):
    # A dict is not hashable; its JSON text is. Text is kept (normalising
    # twice, as dataclasses.replace() does, changes nothing), and so is
    # what is not JSON, for fieldtypes to name in its error.
    if isinstance(entry, str):
        return entry
    try:
        return json.dumps(entry, sort_keys=True)
    except (TypeError, ValueError):
        return entry


def resolve(dotted: str, what: str) -> Any:
    """Import ``'package.module:attribute'``; ``what`` names the setting
    in the error message."""
    if not isinstance(dotted, str) or ':' not in dotted:
        raise ProjectError('%s must be "package.module:attribute", not %r'
                           % (what, dotted))
    module_name, _, attribute = dotted.partition(':')
    try:
        module = importlib.import_module(module_name)
    except Exception as exc:
        raise ProjectError('%s: cannot import module %s: %s: %s'
                           % (what, module_name, type(exc).__name__,
                              exc)) from exc
    obj = module
    for part in attribute.split('.'):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise ProjectError('%s: module %s has no attribute %s'
                               % (what, module_name, attribute)) from None
    return obj


def load_project(
        spec: 'NotificationProject | Mapping[str, Any] | str'
) -> 'NotificationProject':
    """A :class:`NotificationProject` from itself, a dict of its fields, or
    a ``'module:attribute'`` string naming either."""
    if isinstance(spec, str):
        spec = resolve(spec, 'the notification project')
    if isinstance(spec, dict):
        unknown = sorted(set(spec) - {f.name for f in dataclasses.fields(
            NotificationProject)})
        if unknown:
            raise ProjectError('unknown notification project setting(s): %s'
                               % ', '.join(unknown))
        try:
            spec = NotificationProject(**spec)
        except TypeError as exc:
            raise ProjectError('notification project: %s' % exc) from None
    if not isinstance(spec, NotificationProject):
        raise ProjectError('a notification project must be a '
                           'NotificationProject, a dict or a "module:name" '
                           'string, not %r' % (spec,))
    return spec
