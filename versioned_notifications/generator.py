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

"""Notification samples generated from the code that sends them.

:func:`generate` makes one :class:`Sample` per file a notification class
names in its ``samples`` (the ``notification_sample`` decorator):

* a sample the project has an example for (``project.examples``: sample
  file -> ``emit(context)``) is what the project's real send path emits,
  captured from the real oslo.messaging notifier inside ``project.capture``;
* any other sample is the real notification class filled with data derived
  from its fields' types (:mod:`versioned_notifications.typedata`), or with
  hand-written field values when the example is a dict instead of a
  function, and sent through an oslo.messaging notifier that captures.
  Its event type is the configured one (``project.event_types``) or the
  one in the existing sample file; it is never guessed from the file name.

The envelope is oslo.messaging's own (event_type, message_id, payload,
priority, publisher_id, timestamp); the two keys that depend on the run
are replaced by values derived from the sample's name, so the output is
the same in every run. :func:`write_samples` and :func:`check_samples`
compare that output with a sample directory.
"""

from collections.abc import Mapping
import contextlib
import dataclasses
import difflib
import json
import os
import pathlib
import re
import tempfile
import uuid

from oslo_config import cfg
import oslo_messaging

from versioned_notifications import capture
from versioned_notifications import catalog as vn_catalog
from versioned_notifications import contracts
from versioned_notifications import fieldtypes
from versioned_notifications import project as vn_project
from versioned_notifications import samplefile
from versioned_notifications import typedata

# message_id of a sample: uuid5 of its file name in this namespace.
MESSAGE_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL,
                                  'versioned-notifications:message_id')
# timestamp of every sample, in oslo.messaging's format (str() of a naive
# UTC datetime, always with microseconds).
TIMESTAMP = typedata.FIXED_INSTANT.strftime('%Y-%m-%d %H:%M:%S.%f')
SAMPLE_SUFFIX = '.json'


@dataclasses.dataclass(frozen=True)
class Sample:
    # File name inside the sample directory, e.g. 'action-cancel-end.json'.
    name: str
    # The notification class whose ``samples`` name the file.
    notification_class: type
    # The payload class the notification carries.
    payload_class: type
    # Wire event type, e.g. 'action.cancel.end'.
    event_type: str
    # Wire priority, upper case as oslo.messaging sends it ('INFO').
    priority: str
    # The envelope: event_type, message_id, payload, priority,
    # publisher_id, timestamp.
    message: dict
    # Exactly the file's content: serialize(message).
    text: str
    # 'example' (the project's send path) or 'types' (derived data).
    source: str


@dataclasses.dataclass(frozen=True)
class SampleError:
    # Name of the notification class, or None when no class names the
    # sample (an example for an unknown file).
    notification_class: str | None
    # The sample file that could not be built.
    sample: str
    # What went wrong and what to do about it.
    cause: str

    def __str__(self):
        return '%s (%s): %s' % (self.notification_class or 'no class',
                                self.sample, self.cause)


@dataclasses.dataclass
class GenerationResult:
    # The samples built, in class-name order, each class's in the order
    # of its ``samples``.
    samples: list
    # The samples that could not be built.
    errors: list
    # The regenerated fragments composed samples refer to
    # (:class:`GeneratedFile`; :mod:`versioned_notifications.composition`).
    fragments: list = dataclasses.field(default_factory=list)
    # Fragments kept as they are, and the declared variant samples: not
    # generated, never orphans.
    kept: list = dataclasses.field(default_factory=list)
    variants: list = dataclasses.field(default_factory=list)
    # What is wrong with the variants (messages naming the file); check
    # fails on them.
    problems: list = dataclasses.field(default_factory=list)

    @property
    def names(self):
        """Every sample file the project documents, built or not, its
        fragments and variants: none of them is an orphan."""
        return ({s.name for s in self.samples} | {e.sample for e in
                                                   self.errors}
                | {f.name for f in self.fragments} | set(self.kept)
                | set(self.variants))


class _SampleFailure(Exception):
    """One sample cannot be built; the message is the cause."""


def serialize(message):
    """The text of a sample file: sorted keys, 4-space indent, non-ASCII
    kept as UTF-8, a trailing newline. Depends on nothing but
    ``message``."""
    try:
        text = json.dumps(message, indent=4, sort_keys=True,
                          ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise ValueError('the message is not JSON: %s' % exc) from exc
    return text + '\n'


def sample_dir(project, base_dir):
    """The project's sample directory (see :func:`~versioned_notifications.
    catalog.sample_dir`)."""
    return vn_catalog.sample_dir(vn_project.load_project(project), base_dir)


def message_id(name):
    """The deterministic message_id of sample ``name``."""
    return str(uuid.uuid5(MESSAGE_ID_NAMESPACE, name))


def _plan(catalog):
    """[catalog entry] of the samples to generate, and the errors of
    samples that cannot even be planned."""
    samples_of = {cls.__name__: cls.samples for cls in catalog.notifications}
    errors = []
    for cls, sample, cause in catalog.problems:
        # A class-wide problem fails each of its samples (none is an
        # orphan).
        for name in [sample] if sample else samples_of.get(cls, [None]):
            errors.append(SampleError(cls, str(name), cause))
    plan = []
    for entry in catalog.entries:
        if entry.variant:
            continue
        if contracts.is_contract(entry.sample):
            errors.append(SampleError(
                entry.notification.__name__, entry.sample,
                'the sample name %s is the AsyncAPI document\'s; choose '
                'another' % entry.sample))
            continue
        plan.append(entry)
    return plan, errors


def _examples(project):
    if not project.examples:
        return {}
    factory = vn_project.resolve(project.examples, 'examples')
    try:
        examples = factory()
    except Exception as exc:
        raise vn_project.ProjectError(
            'examples: %s() raised %s: %s'
            % (project.examples, type(exc).__name__, exc)) from exc
    if not isinstance(examples, Mapping):
        raise vn_project.ProjectError(
            'examples: %s() must return a dict of sample file -> '
            'emit(context) or field values, not %s'
            % (project.examples, type(examples).__name__))
    if any(not isinstance(example, Mapping) for example in examples.values()
           ) and not project.capture:
        raise vn_project.ProjectError(
            'examples: the project sends examples but names no capture '
            'hook; set "capture" to a context manager routing its notifier '
            'to oslo.messaging\'s "test" driver')
    return dict(examples)


def _capturing(project):
    if not project.capture:
        return contextlib.nullcontext()
    hook = vn_project.resolve(project.capture, 'capture')
    try:
        manager = hook()
    except Exception as exc:
        raise vn_project.ProjectError(
            'capture: %s() raised %s: %s'
            % (project.capture, type(exc).__name__, exc)) from exc
    # "with" looks the protocol up on the type; checked here so that the
    # message names the setting instead of a TypeError in the generator.
    if not (hasattr(type(manager), '__enter__')
            and hasattr(type(manager), '__exit__')):
        raise vn_project.ProjectError(
            'capture: %s() returned %s, not a context manager; name a hook '
            'returning one (e.g. a @contextlib.contextmanager function) '
            'that routes the notifier to oslo.messaging\'s "test" driver'
            % (project.capture, type(manager).__name__))
    return manager


def _existing_envelope(directory, name):
    """event_type, priority and publisher_id of an existing sample file,
    or {} when there is none."""
    if directory is None:
        return {}
    path = pathlib.Path(directory) / name
    try:
        message = samplefile.read(path, root=directory).message
    except samplefile.SampleFileError as exc:
        if exc.kind == 'missing':
            return {}
        raise _SampleFailure('the existing sample %s cannot be read for its '
                             'event type: %s; fix or delete it, or '
                             'configure its event type' % (path, exc)) \
            from exc
    if not isinstance(message, dict):
        return {}
    return {key: message[key] for key in
            ('event_type', 'priority', 'publisher_id')
            if isinstance(message.get(key), str)}


def _payload_name(primitive, payload_cls):
    if not isinstance(primitive, Mapping):
        return None
    return primitive.get(payload_cls._obj_primitive_key('name'))


class _Generation:
    """One run of :func:`generate` over a loaded project."""

    def __init__(self, catalog, directory):
        self.catalog = catalog
        self.project = catalog.project
        self.directory = directory
        self.samples = {}
        self.errors = {}

    def run(self):
        plan, planning_errors = _plan(self.catalog)
        examples = _examples(self.project)
        planned = {entry.sample for entry in plan}
        for name in sorted(set(examples) - planned):
            self.errors[name] = SampleError(
                None, str(name),
                'the examples have data for this file, but no notification '
                'class names it in its samples (@notification_sample)')
        # A function sends its sample; a dict holds hand-written field
        # values for a type-derived one.
        sent = [entry for entry in plan if entry.sample in examples
                and not isinstance(examples[entry.sample], Mapping)]
        derived = [entry for entry in plan if entry not in sent]
        if sent:
            with _capturing(self.project):
                for entry in sent:
                    self.attempt(entry, self.from_example,
                                 examples[entry.sample])
        publisher_id = self.example_publisher()
        if derived:
            with _derived_notifier() as notifier:
                for entry in derived:
                    self.attempt(entry, self.from_types,
                                 examples.get(entry.sample), notifier,
                                 publisher_id)
        position = {entry.sample: index for index, entry in enumerate(plan)}
        return GenerationResult(
            samples=[self.samples[entry.sample] for entry in plan
                     if entry.sample in self.samples],
            errors=planning_errors + sorted(
                self.errors.values(),
                key=lambda e: (position.get(e.sample, len(plan)), e.sample)))

    def attempt(self, entry, build, *args):
        cls, name = entry.notification, entry.sample
        if self.directory is not None:
            kind = samplefile.irregular_kind(
                pathlib.Path(self.directory) / name)
            if kind:
                # Reading it could block for ever (a FIFO), and the sample
                # is not then in the result, so nothing else reads it.
                self.errors[name] = SampleError(cls.__name__, name, (
                    '%s is %s, not a regular file; delete it, and generate '
                    'writes the sample there'
                    % (pathlib.Path(self.directory) / name, kind)))
                return
        try:
            message, source = build(entry, *args)
            message = dict(message, message_id=message_id(name),
                           timestamp=TIMESTAMP)
            missing = [key for key in vn_catalog.ENVELOPE_KEYS
                       if key not in message]
            if missing:
                raise _SampleFailure('the captured message has no %s'
                                     % ', '.join(missing))
            if not vn_catalog.is_safe_name(message['event_type']):
                raise _SampleFailure(
                    'its event type %r cannot name a file (letters, digits, '
                    '"_", "-" and "." only)' % (message['event_type'],))
            text = serialize(message)
        except (_SampleFailure, vn_project.ProjectError,
                typedata.TypeDataError, ValueError) as exc:
            self.errors[name] = SampleError(cls.__name__, name, str(exc))
            return
        self.samples[name] = Sample(
            name=name, notification_class=cls, payload_class=entry.payload,
            event_type=message['event_type'], priority=message['priority'],
            message=message, text=text, source=source)

    def from_example(self, entry, emit):
        cls, payload_cls = entry.notification, entry.payload
        with capture.NotificationCapture() as captured:
            try:
                emit({})
            except Exception as exc:
                raise _SampleFailure('its example raised %s: %s'
                                     % (type(exc).__name__, exc)) from exc
            messages = captured.messages
        if len(messages) != 1:
            raise _SampleFailure(
                'its example sent %d notifications, not 1; an example sends '
                'exactly the notification its sample shows (is the '
                'notification level letting it out?)' % len(messages))
        message = messages[0]
        sent_payload = _payload_name(message.get('payload'), payload_cls)
        if sent_payload != payload_cls.obj_name():
            raise _SampleFailure(
                'its example sent a %s payload, but %s carries %s'
                % (sent_payload, cls.__name__, payload_cls.obj_name()))
        for key in ('event_type', 'priority'):
            declared = getattr(entry, key)
            if declared is not None and declared != message[key]:
                raise _SampleFailure(
                    'its example sends %s %s, but the project or the class '
                    'declares %s; correct or remove the declared one'
                    % (key, message[key], declared))
        return message, 'example'

    def from_types(self, entry, overrides, notifier, publisher_id):
        existing = _existing_envelope(self.directory, entry.sample)
        event_type, priority, publisher = self.catalog.envelope(
            entry, existing, publisher_id)
        if not event_type:
            raise _SampleFailure(
                'no event type: nothing sends it and neither the class nor '
                'the project declares one; add an example for it '
                '(project.examples), declare it on the class '
                '(@notification_sample(%r, event_type=...)) or configure '
                'event_types = {%r: "<object>.<action>.<phase>"}'
                % (entry.sample, entry.sample))
        if vn_catalog.wire_priority(priority) is None:
            raise _SampleFailure('the priority %r is not one of %s'
                                 % (priority,
                                    ', '.join(vn_catalog.WIRE_PRIORITIES)))
        notification = typedata.build(
            entry.notification, overrides,
            fieldtypes.Describer.for_project(self.project))
        payload = notification.payload
        with capture.NotificationCapture() as captured:
            send = getattr(notifier.prepare(publisher_id=publisher),
                           priority.lower())
            send({}, event_type, payload.obj_to_primitive())
            [message] = captured.messages
        return message, 'types'

    def example_publisher(self):
        """The publisher the project's examples send as: type-derived
        samples of the same project look the same."""
        for sample in sorted(self.samples.values(), key=lambda s: s.name):
            return sample.message['publisher_id']
        return None


@contextlib.contextmanager
def _derived_notifier():
    """A real oslo.messaging notifier that only captures, with the
    serializer notifying services use."""
    conf = cfg.ConfigOpts()
    transport = oslo_messaging.get_notification_transport(conf,
                                                          url='fake:/')
    try:
        yield oslo_messaging.Notifier(
            transport, driver=capture.CAPTURE_DRIVER,
            serializer=oslo_messaging.JsonPayloadSerializer())
    finally:
        transport.cleanup()


def generate(project, directory=None):
    """Build every sample of ``project`` (a :class:`NotificationProject`,
    a dict of its settings or a ``'module:attribute'`` naming one).

    ``directory`` is the sample directory whose existing files give the
    event type of a type-derived sample the project configures none for;
    by default the project's sample directory under the current
    directory. It is only read.

    A sample that cannot be built is a :class:`SampleError` in the result,
    and the others are still built; a configuration that cannot be used at
    all raises :class:`~versioned_notifications.project.ProjectError`.
    """
    project = vn_project.load_project(project)
    if directory is None:
        directory = sample_dir(project, pathlib.Path.cwd())
    catalog = vn_catalog.load(project, directory)
    return _composed(catalog, _Generation(catalog, directory).run(),
                     directory)


def _composed(catalog, result, directory):
    """``result`` with the samples composed as their files are, the
    fragments regenerated and the variants checked."""
    from versioned_notifications import composition  # uses this module
    done = composition.compose(catalog, result.samples, directory, serialize)
    failed = {name for name, _ in done.errors}
    classes = {s.name: s.notification_class.__name__ for s in result.samples}
    return dataclasses.replace(
        result,
        samples=[s for s in done.samples if s.name not in failed],
        errors=result.errors + [SampleError(classes.get(name), name, cause)
                                for name, cause in done.errors],
        fragments=[GeneratedFile(name, text)
                   for name, text in done.fragments],
        kept=done.kept, variants=sorted(done.variants),
        problems=catalog.variant_problems + done.problems)


# Writing and checking a sample directory.

@dataclasses.dataclass(frozen=True)
class GeneratedFile:
    """A generated file other than a sample: a schema or the AsyncAPI
    document (:mod:`versioned_notifications.contracts`)."""

    # Path relative to the sample directory, '/'-separated.
    name: str
    # Exactly the file's content.
    text: str


@dataclasses.dataclass
class WriteReport:
    written: list
    unchanged: list
    deleted: list


class WriteError(OSError):
    """A file of the sample directory cannot be written; the message names
    it and what to do. An OSError, as what it wraps is."""

    def __init__(self, path, message):
        super().__init__(message)
        self.path = path
        self.message = message

    def __str__(self):
        return self.message


@dataclasses.dataclass
class CheckReport:
    # [(file name, unified diff from the file to what is generated)]
    stale: list
    # Generated files that have no file on disk.
    missing: list
    # Files on disk that nothing generates any more.
    orphan: list
    # Files equal to what is generated.
    current: list
    # Variant samples unlike their class, and variant declarations that
    # match nothing: messages naming the file and the field.
    invalid: list = dataclasses.field(default_factory=list)
    # Temporary files an interrupted write left (:func:`leftovers`).
    leftover: list = dataclasses.field(default_factory=list)
    # [(file name, what it is)]: no regular file where a generated file
    # goes (a FIFO, a directory...); never opened.
    irregular: list = dataclasses.field(default_factory=list)

    @property
    def ok(self):
        return not (self.stale or self.missing or self.orphan
                    or self.invalid or self.leftover or self.irregular)




# The temporaries of _atomic_write: '.<name>.<mkstemp's random part>.tmp'
# beside the file <name> (always a *.json file).
_TEMPORARY = re.compile(r'^\..+\.json\.[a-z0-9_]+\.tmp$')


def _entries(directory):
    """(name relative to ``directory``, '/'-separated; file name) of every
    entry under ``directory``, at any depth, that is not a directory:
    FIFOs and the like included, never opened. Symbolic links to
    directories are not followed."""
    directory = pathlib.Path(directory)
    if not directory.is_dir():
        return
    for parent, dirnames, filenames in os.walk(directory):
        dirnames.sort()
        for filename in sorted(filenames):
            path = pathlib.Path(parent) / filename
            yield path.relative_to(directory).as_posix(), filename


def leftovers(directory):
    """The temporary files an interrupted write (a crash, ``kill -9``)
    left under ``directory``, at any depth: nothing else removes them."""
    return sorted(name for name, filename in _entries(directory)
                  if _TEMPORARY.match(filename))


def orphans(result, directory):
    """``*.json`` files under ``directory``, at any depth, that no sample,
    fragment or variant of ``result`` is: a fragment no sample reaches any
    more is one, and so is a FIFO or the like named so (never opened). The
    contracts (schemas, AsyncAPI document) are not samples; symbolic links
    to directories are not followed."""
    names = result.names
    return sorted(name for name, filename in _entries(directory)
                  if filename.endswith(SAMPLE_SUFFIX)
                  and name not in names and not contracts.is_contract(name))


def contract_orphans(files, directory):
    """``*.json`` files under the schema directory of ``directory``, at any
    depth, that no file of ``files`` is written to."""
    names = {generated.name for generated in files}
    return sorted('%s/%s' % (contracts.SCHEMA_DIR, name)
                  for name, filename in _entries(
                      pathlib.Path(directory) / contracts.SCHEMA_DIR)
                  if filename.endswith(SAMPLE_SUFFIX)
                  and '%s/%s' % (contracts.SCHEMA_DIR, name) not in names)


def contract_files(project, samples):
    """The schema files and the AsyncAPI document of ``samples``, as
    :class:`GeneratedFile`, serialized as the samples are.

    Raises :class:`~versioned_notifications.schema.SchemaError` or
    :class:`~versioned_notifications.project.ProjectError` naming what
    cannot be described.
    """
    return [GeneratedFile(name, serialize(document)) for name, document in
            contracts.contract_documents(project, samples).items()]


def _atomic_write(path, data):
    """Replace ``path`` with ``data`` so that a reader (or a crash) sees
    the old file or the new one, never a part."""
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    fd, temporary = tempfile.mkstemp(dir=path.parent,
                                     prefix='.%s.' % path.name,
                                     suffix='.tmp')
    try:
        with os.fdopen(fd, 'wb') as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def write_files(files, directory, orphan_names=list):
    """Write ``files`` (each with a ``name`` relative to ``directory`` and
    its ``text``): only files whose content changes are rewritten, each
    atomically; then delete the files ``orphan_names()`` names.

    Raises :class:`WriteError` naming the file: before writing anything
    when a file goes where something else than a regular file is (a FIFO,
    a directory), else at the first file that cannot be written (a full
    disk); the files not yet written are left as they were."""
    directory = pathlib.Path(directory)
    files = list(files)
    for generated in files:
        path = directory / generated.name
        kind = samplefile.irregular_kind(path)
        if kind:
            raise WriteError(path, '%s is %s, not a regular file; delete or '
                             'move it and run generate again (nothing was '
                             'written)' % (path, kind))
    report = WriteReport(written=[], unchanged=[], deleted=[])
    for generated in files:
        path = directory / generated.name
        data = generated.text.encode('utf-8')
        try:
            try:
                current = path.read_bytes()
            except FileNotFoundError:
                current = None
            if current == data:
                report.unchanged.append(generated.name)
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(path, data)
        except OSError as exc:
            # A full disk's error names no file: say which one, and that
            # the others are whole.
            raise WriteError(path, (
                'cannot write %s: %s; %s is as it was, the files before it '
                'are written and those after it are not: correct the cause '
                '(free some space?) and run generate again'
                % (path, exc.strerror or exc, path.name))) from exc
        report.written.append(generated.name)
    for name in orphan_names():
        path = directory / name
        try:
            path.unlink()
        except OSError as exc:
            raise WriteError(path, 'cannot delete %s: %s; delete it by '
                             'hand' % (path, exc.strerror or exc)) from exc
        report.deleted.append(name)
    return report


def write_samples(result, directory, prune=False):
    """Write the samples of ``result`` into ``directory`` (see
    :func:`write_files`). With ``prune``, delete the orphans and the
    :func:`leftovers` too."""
    return write_files(
        list(result.samples) + list(result.fragments), directory,
        lambda: orphans(result, directory) + leftovers(directory)
        if prune else [])


def write_contracts(files, directory, prune=False):
    """Write the :func:`contract_files` into ``directory`` (see
    :func:`write_files`). With ``prune``, delete the schema files nothing
    generates any more."""
    return write_files(
        files, directory,
        lambda: contract_orphans(files, directory) if prune else [])


# Bounds of a stale file's diff. difflib's cost grows faster than the
# number of lines it compares (a whole-project asyncapi.json of 2,000
# notifications took minutes), so only the lines between the common head
# and tail are compared, and only when there are at most DIFF_MAX_LINES of
# them on each side; otherwise check names the first differing line. A diff
# longer than DIFF_MAX_OUTPUT lines is cut there: a reader learns nothing
# more from the rest, and "generate" then "git diff" shows it all.
DIFF_MAX_LINES = 2000
DIFF_MAX_OUTPUT = 300
DIFF_CONTEXT = 3
_HUNK = re.compile(r'^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@')


def _common_ends(old, new):
    """The numbers of lines ``old`` and ``new`` share at their start and,
    after that, at their end."""
    limit = min(len(old), len(new))
    head = 0
    while head < limit and old[head] == new[head]:
        head += 1
    tail = 0
    while (tail < limit - head
           and old[len(old) - 1 - tail] == new[len(new) - 1 - tail]):
        tail += 1
    return head, tail


def _diff(path, data, text):
    """A unified diff from the bytes on disk to the generated text, of at
    most about DIFF_MAX_OUTPUT lines (see DIFF_MAX_LINES)."""
    old = data.decode('utf-8', errors='replace').splitlines(keepends=True)
    new = text.splitlines(keepends=True)
    fromfile, tofile = '%s (on disk)' % path, '%s (generated)' % path
    head, tail = _common_ends(old, new)
    if len(old) - head - tail > DIFF_MAX_LINES or \
            len(new) - head - tail > DIFF_MAX_LINES:
        return _summary(path, old, new, head, tail, fromfile, tofile)
    # Only the differing middle and its context go through difflib; the
    # hunk headers are shifted back to the file's line numbers.
    start = max(0, head - DIFF_CONTEXT)
    lines = []
    for line in difflib.unified_diff(
            old[start:len(old) - max(0, tail - DIFF_CONTEXT)],
            new[start:len(new) - max(0, tail - DIFF_CONTEXT)],
            fromfile=fromfile, tofile=tofile):
        match = _HUNK.match(line)
        if match:
            line = '@@ -%d%s +%d%s @@\n' % (
                int(match.group(1)) + start, match.group(2) or '',
                int(match.group(3)) + start, match.group(4) or '')
        if not line.endswith('\n'):
            line += '\n\\ No newline at end of file\n'
        lines.append(line)
    if not lines:
        # Different bytes that decode to the same lines: not UTF-8.
        lines.append('%s: not the generated UTF-8 text (its bytes differ '
                     'where the diff cannot show them)\n' % path)
    if len(lines) > DIFF_MAX_OUTPUT:
        lines[DIFF_MAX_OUTPUT:] = [
            '... %d more lines of this diff not shown; run "generate" and '
            'see the change with "git diff %s"\n'
            % (len(lines) - DIFF_MAX_OUTPUT, path)]
    return ''.join(lines)


def _summary(path, old, new, head, tail, fromfile, tofile):
    """Where ``old`` and ``new`` start to differ, when they differ in too
    many lines to diff."""
    def shown(lines, index):
        line = lines[index] if index < len(lines) else ''
        return line if line.endswith('\n') or not line else line + '\n'
    return ''.join([
        '--- %s\n' % fromfile, '+++ %s\n' % tofile,
        '@@ first difference at line %d; lines %d-%d on disk and %d-%d '
        'generated differ, too many to diff here: run "generate" and see '
        'the change with "git diff %s" @@\n'
        % (head + 1, head + 1, len(old) - tail, head + 1, len(new) - tail,
           path)]
        + [' ' + line for line in old[max(0, head - DIFF_CONTEXT):head]]
        + ['-' + shown(old, head)] * (head < len(old))
        + ['+' + shown(new, head)] * (head < len(new)))


def check_files(files, directory, orphan_names):
    """Compare ``files`` with ``directory``; writes nothing. The orphans
    are ``orphan_names``."""
    directory = pathlib.Path(directory)
    report = CheckReport(stale=[], missing=[], orphan=list(orphan_names),
                         current=[])
    for generated in files:
        path = directory / generated.name
        kind = samplefile.irregular_kind(path)
        if kind:
            report.irregular.append((generated.name, kind))
            continue
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            report.missing.append(generated.name)
            continue
        if data == generated.text.encode('utf-8'):
            report.current.append(generated.name)
            continue
        report.stale.append((generated.name,
                             _diff(path, data, generated.text)))
    return report


def check_samples(result, directory):
    """Compare the samples of ``result`` with ``directory``; writes
    nothing."""
    report = check_files(list(result.samples) + list(result.fragments),
                         directory, orphans(result, directory))
    report.invalid.extend(result.problems)
    report.leftover.extend(leftovers(directory))
    return report


def check_contracts(files, directory):
    """Compare the :func:`contract_files` with ``directory``; writes
    nothing."""
    return check_files(files, directory, contract_orphans(files, directory))
