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

import dataclasses
import importlib
import json
import os

# The values of NotificationProject.enum_value_added.
ENUM_VALUE_ADDED = ('compatible', 'incompatible')


class ProjectError(Exception):
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

    def __post_init__(self):
        _check_settings(self)
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


def resolve(dotted, what):
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


def load_project(spec):
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
