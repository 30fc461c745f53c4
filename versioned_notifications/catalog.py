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

"""One loaded model of a project's notifications.

:func:`load` imports what a :class:`~versioned_notifications.project.
NotificationProject` names and returns a :class:`Catalog`: the notification
classes, the payload class each carries, every object nested in those
payloads (in one order: by name), and one :class:`Entry` per sample file
with the event type and priority the code declares. The generator, the
schemas, the AsyncAPI document, the command line, the listener and the
Sphinx extension all read it; none of them looks classes up on its own.

Discovery fits real registries:

* a module in ``modules`` that is a package has its submodules imported
  too (Nova keeps its payloads in 14 submodules of one package);
* classes registered lazily are registered: Watcher and Nova decorate
  notification classes with ``@Registry.register_notification``, which only
  appends them to ``Registry.notification_classes`` until the service calls
  ``Registry.register_notification_objects()``; the catalog calls it (or
  registers the pending classes itself when there is no such method);
* a registry or base that is not one, and a project that yields no
  notification, are errors that say what to set.

A notification class names its samples in ``samples`` (the
``notification_sample`` decorator of Nova, Watcher and this project). It
may also declare, per sample file, the event type and priority it sends in
``sample_envelopes`` (``{file: {'event_type': ..., 'priority': ...}}``, as
this project's decorator records them).
"""

import dataclasses
import fnmatch
import functools
import importlib
import pathlib
import pkgutil
import re

from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields

from versioned_notifications import project as vn_project

# The priorities oslo.messaging's Notifier writes into a message: its
# methods audit, debug, info, warn (and warning), error, critical and
# sample each send their name in upper case, WARN for both warn methods.
WIRE_PRIORITIES = ('AUDIT', 'CRITICAL', 'DEBUG', 'ERROR', 'INFO', 'SAMPLE',
                   'WARN')
# Spellings projects write that oslo.messaging sends as another.
_PRIORITY_ALIASES = {'WARNING': 'WARN'}
# The keys of every message oslo.messaging sends.
ENVELOPE_KEYS = ('event_type', 'message_id', 'payload', 'priority',
                 'publisher_id', 'timestamp')
# The event phases whose last word names them.
PHASES = ('start', 'end', 'error')
DEFAULT_PRIORITY = 'INFO'
# What a sample says when nothing tells who sends it: reads as the
# placeholder it is.
PLACEHOLDER_PUBLISHER_ID = 'service:host'
# Event types and sample names are file names: nothing that walks out of
# a directory or hides a file.
_SAFE_NAME = re.compile(r'^[A-Za-z0-9_][A-Za-z0-9_.\-]*$')
# A class's VERSION as oslo.versionedobjects classes declare it, and as
# recorded contracts and a consumer's minimum versions are written:
# major.minor, ASCII digits, no leading zero.
# At most nine digits a number: a longer one is no version, and past 4,300
# digits int() refuses it.
_VERSION = re.compile(r'(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})')


class CatalogError(vn_project.ProjectError):
    """The project cannot be loaded; the message says what to set."""


def wire_priority(priority):
    """``priority`` as oslo.messaging sends it (upper case, WARN), or None
    when it is not one."""
    if not isinstance(priority, str):
        return None
    upper = _PRIORITY_ALIASES.get(priority.upper(), priority.upper())
    return upper if upper in WIRE_PRIORITIES else None


def phase(event_type):
    """The phase an event type ends with ('start', 'end', 'error'), or
    None."""
    last = str(event_type).rsplit('.', 1)[-1]
    return last if last in PHASES else None


def version_tuple(version):
    """(major, minor) of a "MAJOR.MINOR" string, or None for anything
    else."""
    match = _VERSION.fullmatch(version) if isinstance(version, str) else None
    return (int(match[1]), int(match[2])) if match else None


def is_safe_name(name):
    """Whether ``name`` (an event type or a sample file name) can be a file
    name in a directory without leaving it."""
    return (isinstance(name, str) and bool(_SAFE_NAME.match(name))
            and '..' not in name)


# Classes and the objects they hold.

def object_names(field_type):
    """The names of the objects a field type holds, however deeply
    (List of Dict of Object included)."""
    if isinstance(field_type, ovo_fields.Object):
        return [field_type._obj_name]
    if isinstance(field_type, ovo_fields.CompoundFieldType):
        # A compound type wraps its element type in a Field.
        return object_names(field_type._element_type._type)
    return []


def newest(obj_name, wanted_by=None):
    """The newest registered version of the object ``obj_name``: what
    oslo.versionedobjects deserialises and what ``get_schema()``
    describes."""
    versions = ovo_base.VersionedObjectRegistry.obj_classes().get(obj_name)
    if not versions:
        raise CatalogError(
            '%s names the object %s, which is not registered; import the '
            'module that registers it (add it to the project\'s modules)'
            % (wanted_by or 'a field', obj_name))
    return versions[0]


def nested_classes(cls):
    """The classes of the objects ``cls``'s fields hold, by name."""
    found = {}
    for name, field in sorted(cls.fields.items()):
        for obj_name in object_names(field._type):
            found[obj_name] = newest(obj_name,
                                     '%s.%s' % (cls.obj_name(), name))
    return [found[name] for name in sorted(found)]


def object_closure(classes):
    """``classes`` and every object nested in them, sorted by name."""
    found = {}
    pending = list(classes)
    while pending:
        cls = pending.pop()
        if cls.obj_name() in found:
            continue
        found[cls.obj_name()] = cls
        pending.extend(nested_classes(cls))
    return [found[name] for name in sorted(found)]


def payload_class(notification_cls):
    """The payload class a notification class carries."""
    field = notification_cls.fields.get('payload')
    names = object_names(field._type) if field is not None else []
    if len(names) != 1 or not isinstance(field._type, ovo_fields.Object):
        raise CatalogError(
            '%s has no "payload" object field; a notification class needs '
            'one (payload = ObjectField("SomePayload"))'
            % notification_cls.__name__)
    return newest(names[0], '%s.payload' % notification_cls.__name__)


# Discovery.

def _import(name):
    try:
        return importlib.import_module(name)
    except Exception as exc:
        raise CatalogError('cannot import notification module %s: %s: %s'
                           % (name, type(exc).__name__, exc)) from exc


def import_modules(modules):
    """Import ``modules``, and every submodule of those that are packages;
    returns the names imported, in order."""
    imported = []
    for name in modules:
        module = _import(name)
        imported.append(name)
        path = getattr(module, '__path__', None)
        if path is None:
            continue
        for info in sorted(pkgutil.walk_packages(path, name + '.'),
                           key=lambda info: info.name):
            _import(info.name)
            imported.append(info.name)
    return imported


def _class_setting(dotted, what, kind, example):
    obj = vn_project.resolve(dotted, what)
    wanted = '%s.%s' % (kind.__module__, kind.__qualname__)
    if not isinstance(obj, type):
        raise CatalogError(
            '%s: %s is %s, not a class; set %s to %s'
            % (what, dotted, _a(type(obj).__name__), what, example))
    # Only a class reaches issubclass(), which raises TypeError on
    # anything else.
    if not issubclass(obj, kind):
        raise CatalogError(
            '%s: %s is not a subclass of %s; set %s to %s'
            % (what, dotted, wanted, what, example))
    return obj


def _a(noun):
    return ('an %s' if noun[:1].lower() in 'aeiou' else 'a %s') % noun


def _is_registered(cls):
    versions = ovo_base.VersionedObjectRegistry.obj_classes().get(
        cls.obj_name(), [])
    return any(registered is cls for registered in versions)


def register_pending(registry):
    """Register the classes a registry holds back until the service
    starts (``Registry.notification_classes``, Nova's and Watcher's
    convention); returns how many were pending."""
    pending = getattr(registry, 'notification_classes', None)
    if not isinstance(pending, (list, tuple)):
        return 0
    waiting = [cls for cls in pending
               if isinstance(cls, type) and not _is_registered(cls)]
    if not waiting:
        return 0
    register_all = getattr(registry, 'register_notification_objects', None)
    try:
        if callable(register_all):
            register_all()
        else:
            for cls in waiting:
                registry.register(cls)
    except Exception as exc:
        raise CatalogError('registry: registering the pending notification '
                           'classes of %s failed: %s: %s'
                           % (registry.__name__, type(exc).__name__,
                              exc)) from exc
    return len(waiting)


def _subclasses(base):
    seen, pending = [], list(base.__subclasses__())
    while pending:
        cls = pending.pop()
        if cls not in seen:
            seen.append(cls)
            pending.extend(cls.__subclasses__())
    return seen


def notification_classes(base):
    """The newest version of every class derived from ``base`` that names
    at least one sample, sorted by object name."""
    found = {}
    for cls in _subclasses(base):
        if not getattr(cls, 'samples', None):
            continue
        name = cls.obj_name()
        try:
            current = newest(name)
        except CatalogError:
            # Not registered at all: documented as it is.
            current = cls
        if issubclass(current, base) and getattr(current, 'samples', None):
            found[name] = current
    return [found[name] for name in sorted(found)]


# The model.

@dataclasses.dataclass(frozen=True)
class Entry:
    """One sample file of a notification class."""

    # File name relative to the sample directory.
    sample: str
    notification: type
    payload: type
    # What the code or the project configuration declares; None when only
    # a send path or an existing file can tell.
    event_type: str | None = None
    priority: str | None = None
    # A variant sample (a project's ``variants``): documented and checked
    # by its contract, never generated.
    variant: bool = False


@dataclasses.dataclass
class Catalog:
    project: vn_project.NotificationProject
    registry: type
    base: type
    # Notification classes, by object name.
    notifications: list
    # One per sample file the notification classes name, in class order,
    # each class's in the order of its ``samples``.
    entries: list
    # Problems that concern one sample or class, not the whole project:
    # [(class name, sample name or None, cause)].
    problems: list
    # Problems of the ``variants`` declaration, which fail no sample:
    # [message naming the class and the pattern].
    variant_problems: list = dataclasses.field(default_factory=list)

    @functools.cached_property
    def payloads(self):
        """The payload classes, by object name."""
        found = {entry.payload.obj_name(): entry.payload
                 for entry in self.entries}
        return [found[name] for name in sorted(found)]

    @functools.cached_property
    def objects(self):
        """Every payload class and every object nested in one, by name."""
        return object_closure(self.payloads)

    def envelope(self, entry, existing=None, publisher_id=None):
        """(event_type, priority, publisher_id) of a sample no send path
        makes: what the code declares, else what its existing file says,
        else the project's rules (phase ``error`` gives the project's
        ``error_priority``). ``event_type`` is None when nothing tells."""
        existing = existing or {}
        event_type = entry.event_type or existing.get('event_type')
        priority = entry.priority or wire_priority(existing.get(
            'priority'))
        if priority is None:
            priority = (self.project.error_priority
                        if event_type and phase(event_type) == 'error'
                        else DEFAULT_PRIORITY)
        publisher = (existing.get('publisher_id')
                     or self.project.publisher_id or publisher_id
                     or PLACEHOLDER_PUBLISHER_ID)
        return event_type, wire_priority(priority) or priority, publisher


def _declared(project, cls, sample):
    declared = dict((getattr(cls, 'sample_envelopes', None) or {}).get(
        sample) or {})
    configured = dict(project.event_types).get(sample)
    if configured:
        declared['event_type'] = configured
    return declared.get('event_type'), declared.get('priority')


def _variants(project, directory, by_name, named, problems):
    """(class, file name) of the variant samples the project declares;
    files a class names as its own samples are not variants."""
    found, owner = [], {}
    try:
        files = sorted(path.name for path in pathlib.Path(directory).iterdir()
                       if path.is_file()) if directory is not None else []
    except OSError:
        files = []
    for class_name, patterns in project.variants:
        cls = by_name.get(class_name)
        if cls is None:
            problems.append('variants: %s is not a notification class of '
                            'the project that names samples; correct the '
                            'name' % class_name)
            continue
        for pattern in [patterns] if isinstance(patterns, str) else patterns:
            if not is_safe_name(pattern.replace('*', 'x').replace('?', 'x')):
                problems.append('variants: %s: %r is not a file name in the '
                                'sample directory %s; variants live '
                                'directly in it'
                                % (class_name, pattern, directory))
                continue
            names = [name for name in fnmatch.filter(files, pattern)
                     if name not in named]
            if not names:
                problems.append('variants: %s: %r matches no file in %s; '
                                'add the sample or correct the pattern'
                                % (class_name, pattern, directory))
            for name in names:
                if owner.setdefault(name, class_name) != class_name:
                    problems.append('variants: %s is declared a variant of '
                                    'both %s and %s; declare it for one '
                                    'class' % (name, owner[name],
                                               class_name))
                    continue
                found.append((cls, name))
    return found


def load(project, directory=None):
    """The :class:`Catalog` of ``project`` (a NotificationProject, a dict
    of its settings or a ``'module:attribute'`` naming one).

    ``directory`` is the sample directory, read only to find the variant
    samples the project declares by pattern.
    """
    project = vn_project.load_project(project)
    import_modules(project.modules)
    registry = _class_setting(
        project.registry, 'registry', ovo_base.VersionedObjectRegistry,
        '"myservice.objects.base:MyObjectRegistry", the registry your '
        'objects register with')
    base = _class_setting(
        project.notification_base, 'notification_base',
        ovo_base.VersionedObject,
        '"myservice.notifications.base:NotificationBase", the class every '
        'notification derives from')
    if wire_priority(project.error_priority) is None:
        raise CatalogError('error_priority: %r is not one of %s'
                           % (project.error_priority,
                              ', '.join(WIRE_PRIORITIES)))
    register_pending(registry)
    classes = notification_classes(base)
    if not classes:
        raise CatalogError(
            'no notification found: no class derived from %s names a sample '
            '(@notification_sample) after importing %s; check '
            'notification_base and modules'
            % (project.notification_base,
               ', '.join(project.modules) or 'no module (modules is empty)'))
    problems, entries, seen = [], [], {}
    by_name = {cls.__name__: cls for cls in classes}
    by_name.update({cls.obj_name(): cls for cls in classes})
    pairs = [(cls, sample, False) for cls in classes for sample in
             cls.samples]
    named = {sample for cls in classes for sample in cls.samples}
    variant_problems = []
    pairs += [(cls, sample, True) for cls, sample in
              _variants(project, directory, by_name, named,
                        variant_problems)]
    payloads = {}
    for cls in classes:
        try:
            payloads[cls] = payload_class(cls)
        except CatalogError as exc:
            problems.append((cls.__name__, None, str(exc)))
    for cls, sample, variant in pairs:
        if cls not in payloads:
            continue
        payload = payloads[cls]
        problem = _sample_problem(sample, seen)
        if problem is not None:
            problems.append((cls.__name__, str(sample), problem))
            continue
        seen[sample] = cls.__name__
        event_type, priority = _declared(project, cls, sample)
        entries.append(Entry(sample=sample, notification=cls,
                             payload=payload, event_type=event_type,
                             priority=priority, variant=variant))
    return Catalog(project=project, registry=registry, base=base,
                   notifications=classes, entries=entries,
                   problems=problems, variant_problems=variant_problems)


def _sample_problem(sample, seen):
    if not isinstance(sample, str) or not sample.endswith('.json') or (
            not is_safe_name(sample)):
        return ('the sample name %r is not a plain "<name>.json" file name '
                '(letters, digits, "_", "-", "." only)' % (sample,))
    if sample in seen:
        return ('the sample is already documented by %s; give each '
                'notification its own file' % seen[sample])
    return None


def sample_dir(project, base_dir, override=None):
    """The sample directory: ``override`` when given, else the project's
    ``sample_dir``; relative to ``base_dir`` (the directory of the file
    naming it) unless absolute."""
    path = pathlib.Path(override if override else project.sample_dir)
    return path if path.is_absolute() else pathlib.Path(base_dir) / path
