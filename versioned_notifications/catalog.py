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
* an object a field names that nothing imported has registered (a
  payload embedding an object of the service's data model) is looked for
  again after the registry's own package is imported as the service does
  it, its ``register_all()`` or else its submodules (:func:`newest`);
* a registry or base that is not one, and a project that yields no
  notification, are errors that say what to set.

A notification class names its samples in ``samples`` (the
``notification_sample`` decorator of Nova, Watcher and this project). It
may also declare, per sample file, the event type and priority it sends in
``sample_envelopes`` (``{file: {'event_type': ..., 'priority': ...}}``, as
this project's decorator records them). The events of classes that name
no samples (Ironic's, whose event types are made at run time), or more
events of those that do, are the project's ``events``: each one an
:class:`Entry` like a sample's, its sample named after its event type as
the registry's named samples are (:func:`sample_name`).
"""

import dataclasses
import fnmatch
import functools
import importlib
import pathlib
import pkgutil
import re
import sys

from oslo_versionedobjects import base as ovo_base

from versioned_notifications import fieldshape
from versioned_notifications import project as vn_project

__all__ = ['Catalog', 'CatalogError', 'DEFAULT_PRIORITY', 'ENVELOPE_KEYS',
           'Entry', 'PHASES', 'PLACEHOLDER_PUBLISHER_ID', 'WIRE_PRIORITIES',
           'import_modules', 'is_safe_name', 'load', 'nested_classes',
           'newest', 'note_registry', 'notification_classes',
           'notification_subclasses', 'object_closure', 'object_package',
           'payload_class', 'phase', 'phase_order', 'register_object_packages',
           'register_pending', 'sample_dir', 'sample_name', 'wire_priority']

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
# The phases an event type's last word names wherever it ends one
# ('server.error' too); the last word of any '<object>.<action>.<phase>'
# event type is a phase as well ('success', 'progress').
PHASES = ('start', 'end', 'error')
# The order in which an action's phases happen: it starts first and fails
# last; 'end' and any other phase come between, the others by name.
_PHASE_RANK = {'start': 0, 'end': 1, 'error': 3}
_OTHER_PHASE_RANK = 2
DEFAULT_PRIORITY = 'INFO'
# What a sample says when nothing tells who sends it: reads as the
# placeholder it is.
PLACEHOLDER_PUBLISHER_ID = 'service:host'
# Event types and sample names are file names: nothing that walks out of
# a directory or hides a file.
_SAFE_NAME = re.compile(r'^[A-Za-z0-9_][A-Za-z0-9_.\-]*$')


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
    """The phase an event type ends with: 'start', 'end' or 'error', or the
    last word of an '<object>.<action>.<phase>' event type ('success');
    None for one without ('server.update')."""
    words = str(event_type).split('.')
    return words[-1] if words[-1] in PHASES or len(words) >= 3 else None


def phase_order(event_type):
    """Sort key of event types: by name, the phases of one action together
    in the order they happen (``x.start``, ``x.end``, ``x.success``,
    ``x.error``: start first, error last)."""
    event_type = str(event_type)
    last = phase(event_type)
    if last is None:
        return (event_type, -1, '')
    return (event_type[:-len(last) - 1],
            _PHASE_RANK.get(last, _OTHER_PHASE_RANK), last)


def is_safe_name(name):
    """Whether ``name`` (an event type or a sample file name) can be a file
    name in a directory without leaving it."""
    return (isinstance(name, str) and bool(_SAFE_NAME.match(name))
            and '..' not in name)


# Classes and the objects they hold.

def newest(obj_name, wanted_by=None):
    """The newest registered version of the object ``obj_name``: what
    oslo.versionedobjects deserialises and what ``get_schema()``
    describes.

    An object nothing imported has registered yet (a payload embedding an
    object of the service's data model) is looked for again after the
    object packages of the registries in use are imported, as the service
    does at start (:func:`register_object_packages`)."""
    found = _newest_registered(obj_name)
    if found is None:
        failures = register_object_packages()
        found = _newest_registered(obj_name)
        if found is None:
            packages = sorted(_OBJECT_PACKAGES)
            raise CatalogError(
                '%s names the object %s, which is not registered%s%s; import '
                'the module that registers it (add it to the project\'s '
                'modules)' % (
                    wanted_by or 'a field', obj_name,
                    ', also after importing %s' % ', '.join(packages)
                    if packages else '',
                    ''.join('; %s' % failure for failure in failures)))
    return found


# The registries a project or a listener names, in the order named, and
# the outcome of importing each one's object package: {package: None, or
# the message of its failure}. Imported once per process, as a service
# registers its objects once, and only from newest(): every reader of a
# class (the generator, schemas, type data, the reference, the listener)
# looks objects up there, so this one place serves them all, and a project
# whose modules register everything never imports its whole data model
# (nor pays for it, nor risks its import-time side effects).
_REGISTRIES = {}
_OBJECT_PACKAGES = {}


def object_package(registry):
    """The package that holds a registry's objects: the package of the
    module defining it (``nova.objects.base`` -> ``nova.objects``), or that
    module when it is a package; None for a top-level module and for
    oslo.versionedobjects' own registry."""
    if registry is ovo_base.VersionedObjectRegistry:
        return None
    module = sys.modules.get(registry.__module__)
    if module is not None and hasattr(module, '__path__'):
        return module.__name__
    return registry.__module__.rpartition('.')[0] or None


def note_registry(registry):
    """Remember ``registry``: its object package is imported when a field
    names an object nothing registered (see :func:`newest`)."""
    _REGISTRIES.setdefault(registry, None)


def register_object_packages():
    """Import the object package of every registry in use that is not
    imported yet, the way OpenStack services do it: its
    ``register_all()`` when it has one (Nova, Watcher, Ironic), else each
    of its submodules. Returns the messages of the packages that failed,
    which are not tried again."""
    for registry in list(_REGISTRIES):
        package = object_package(registry)
        if package is None or package in _OBJECT_PACKAGES:
            continue
        _OBJECT_PACKAGES[package] = None
        how = '%s.register_all()' % package
        try:
            module = importlib.import_module(package)
            register_all = getattr(module, 'register_all', None)
            if callable(register_all):
                register_all()
            else:
                how = 'the submodules of %s' % package
                import_modules([package])
        except Exception as exc:
            _OBJECT_PACKAGES[package] = (
                'importing %s (the object package of the registry %s) '
                'failed: %s: %s' % (how, registry.__name__,
                                    type(exc).__name__, exc))
    return [failure for failure in _OBJECT_PACKAGES.values() if failure]


def nested_classes(cls):
    """The classes of the objects ``cls``'s fields hold, by name."""
    found = {}
    for name, field in sorted(cls.fields.items()):
        for obj_name in fieldshape.of(field).object_names():
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
    shape = fieldshape.of(field) if field is not None else None
    if shape is None or shape.kind != fieldshape.OBJECT:
        raise CatalogError(
            '%s has no "payload" object field; a notification class needs '
            'one (payload = ObjectField("SomePayload"))'
            % notification_cls.__name__)
    return newest(shape.obj_name, '%s.payload' % notification_cls.__name__)


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
    convention); returns how many were pending. The registry is noted
    too (:func:`note_registry`): what its fields name is looked for in its
    object package."""
    note_registry(registry)
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


def _newest_registered(obj_name):
    """The newest registered version of ``obj_name``, or None: no package
    is imported to find it (see :func:`newest`)."""
    versions = ovo_base.VersionedObjectRegistry.obj_classes().get(obj_name)
    return versions[0] if versions else None


def notification_subclasses(base):
    """The newest registered version of every class derived from
    ``base``, samples or not, by object name."""
    found = {}
    for cls in _subclasses(base):
        current = _newest_registered(cls.obj_name()) or cls
        if issubclass(current, base):
            found[current.obj_name()] = current
    return [found[name] for name in sorted(found)]


def notification_classes(base):
    """The newest version of every class derived from ``base`` that names
    at least one sample, sorted by object name."""
    found = {}
    for cls in _subclasses(base):
        if not getattr(cls, 'samples', None):
            continue
        name = cls.obj_name()
        # Not registered at all: documented as it is.
        current = _newest_registered(name) or cls
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
    # The publisher_id a declared event (the project's ``events``) gives
    # it, or None.
    publisher: str | None = None
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
    # One per sample file the notification classes name or the project's
    # events declare, in class order: each class's ``samples`` in their
    # order, then its declared events as their phases happen; then the
    # variants.
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
        makes: what the code or the project's ``events`` declare, else
        what its existing file says, else the project's rules (phase
        ``error`` gives the project's ``error_priority``). ``event_type``
        is None when nothing tells."""
        existing = existing or {}
        event_type = entry.event_type or existing.get('event_type')
        priority = entry.priority or wire_priority(existing.get(
            'priority'))
        if priority is None:
            priority = (self.project.error_priority
                        if event_type and phase(event_type) == 'error'
                        else DEFAULT_PRIORITY)
        publisher = (entry.publisher or existing.get('publisher_id')
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
    sampled = notification_classes(base)
    declared = _event_classes(project, base)
    if not sampled and not declared:
        raise CatalogError(
            'no notification found: no class derived from %s names a sample '
            '(@notification_sample) after importing %s, and the project '
            'declares no events; check notification_base and modules, or '
            'declare the event types of classes that name no samples in '
            'events' % (project.notification_base,
                        ', '.join(project.modules)
                        or 'no module (modules is empty)'))
    found = {cls.obj_name(): cls for cls in sampled}
    found.update((cls.obj_name(), cls) for cls in declared.values())
    classes = [found[name] for name in sorted(found)]
    problems, entries, seen = [], [], {}
    by_name = {cls.__name__: cls for cls in classes}
    by_name.update({cls.obj_name(): cls for cls in classes})
    pairs = [(cls, sample, False) for cls in classes for sample in
             getattr(cls, 'samples', None) or ()]
    named = {sample for _, sample, _ in pairs}
    payloads = {}
    for cls in classes:
        try:
            payloads[cls] = payload_class(cls)
        except CatalogError as exc:
            if cls in declared.values():
                # Its events name it: the declaration is what is wrong.
                pattern = next(event.pattern for event in
                               vn_project.declared_events(project)
                               if declared[event.notification] is cls)
                raise CatalogError('events: %r: %s' % (pattern, exc)) \
                    from None
            problems.append((cls.__name__, None, str(exc)))

    def add(pairs):
        for cls, sample, variant in pairs:
            if cls not in payloads:
                continue
            problem = _sample_problem(sample, seen)
            if problem is not None:
                problems.append((cls.__name__, str(sample), problem))
                continue
            seen[sample] = cls.__name__
            event_type, priority = _declared(project, cls, sample)
            entries.append(Entry(sample=sample, notification=cls,
                                 payload=payloads[cls], event_type=event_type,
                                 priority=priority, variant=variant))

    add(pairs)
    events = _event_entries(project, declared, payloads, entries)
    named.update(entry.sample for entry in events)
    seen.update((entry.sample, entry.notification.__name__)
                for entry in events)
    # Each class's events after its own samples.
    position = {cls: index for index, cls in enumerate(classes)}
    entries[:] = sorted(entries + events,
                        key=lambda entry: position[entry.notification])
    variant_problems = []
    add([(cls, sample, True) for cls, sample in
         _variants(project, directory, by_name, named, variant_problems)])
    return Catalog(project=project, registry=registry, base=base,
                   notifications=classes, entries=entries,
                   problems=problems, variant_problems=variant_problems)


def _event_classes(project, base):
    """{class name an ``events`` entry gives: the notification class},
    each at its newest registered version; a CatalogError names the
    declaration whose class is no notification class."""
    events = vn_project.declared_events(project)
    if not events:
        return {}
    candidates = {}
    for cls in _subclasses(base):
        current = _newest_registered(cls.obj_name()) or cls
        if not issubclass(current, base):
            continue
        for name in {cls.__name__, cls.obj_name()}:
            candidates.setdefault(name, {})[current.obj_name()] = current
    found = {}
    for event in events:
        if event.notification in found:
            continue
        matches = candidates.get(event.notification, {})
        if len(matches) != 1:
            raise CatalogError(
                'events: %r names %s, %s derived from %s after importing %s; '
                'name one of its notification classes' % (
                    event.pattern, event.notification,
                    'which is no class' if not matches else
                    'which names several classes (%s)' % ', '.join(
                        '%s.%s' % (cls.__module__, cls.__qualname__)
                        for _, cls in sorted(matches.items())),
                    project.notification_base,
                    ', '.join(project.modules) or 'no module'))
        [found[event.notification]] = matches.values()
    return found


# What a registry's samples are named after their event types
# ('action_plan.cancel.start' -> 'action_plan-cancel-start.json', Nova's
# and Watcher's way), tried in this order.
_SAMPLE_SEPARATORS = ('-', '_', '.')


def _sample_separator(entries):
    """What the registry's named samples put for the dots of their event
    types, where the code or the project says the event type: the most
    common of _SAMPLE_SEPARATORS, '-' when nothing tells."""
    votes = dict.fromkeys(_SAMPLE_SEPARATORS, 0)
    for entry in entries:
        if not entry.event_type or not entry.sample.endswith('.json'):
            continue
        stem = entry.sample[:-len('.json')]
        for separator in _SAMPLE_SEPARATORS:
            if entry.event_type.replace('.', separator) == stem:
                votes[separator] += 1
                break
    return max(_SAMPLE_SEPARATORS, key=lambda sep: votes[sep])


def sample_name(event_type, separator='-'):
    """The sample file a declared event is documented in when its
    declaration names none: its event type, dots replaced by
    ``separator``."""
    return '%s.json' % event_type.replace('.', separator)


def _event_entries(project, classes, payloads, entries):
    """The Entry of each event the project declares, each class's in the
    order its phases happen; a CatalogError names a declared event whose
    sample or event type another sample already has."""
    separator = _sample_separator(entries)
    samples = {entry.sample: entry for entry in entries}
    event_types = {entry.event_type: entry for entry in entries
                   if entry.event_type}
    found = []
    for event in sorted(vn_project.declared_events(project),
                        key=lambda event: phase_order(event.event_type)):
        cls = classes[event.notification]
        sample = event.sample or sample_name(event.event_type, separator)
        other = samples.get(sample)
        if other is not None:
            raise CatalogError(
                'events: %r: %s is already the sample of %s%s; name another '
                'file for %s with "sample"' % (
                    event.pattern, sample, other.notification.__name__,
                    ' (%s)' % other.event_type if other.event_type else '',
                    event.event_type))
        other = event_types.get(event.event_type)
        if other is not None:
            raise CatalogError(
                'events: %r: the event type %s is already documented by the '
                'sample %s of %s; declare it once' % (
                    event.pattern, event.event_type, other.sample,
                    other.notification.__name__))
        priority = event.priority or (
            project.error_priority if phase(event.event_type) == 'error'
            else DEFAULT_PRIORITY)
        entry = Entry(sample=sample, notification=cls, payload=payloads[cls],
                      event_type=event.event_type,
                      priority=wire_priority(priority),
                      publisher=event.publisher or project.publisher_id)
        samples[sample] = entry
        found.append(entry)
    return found


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
