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
the same in every run. :mod:`versioned_notifications.sampledir` writes
that output to a sample directory or compares it with one.
"""

from collections.abc import Mapping
import contextlib
import dataclasses
import pathlib
import uuid

from oslo_config import cfg
import oslo_messaging

from versioned_notifications import capture
from versioned_notifications import catalog as vn_catalog
from versioned_notifications import contracts
from versioned_notifications import errors
from versioned_notifications import fieldtypes
from versioned_notifications import keeping
from versioned_notifications import project as vn_project
from versioned_notifications import sampledir
from versioned_notifications import samplefile
from versioned_notifications import typedata
from versioned_notifications import validation

__all__ = ['GenerationResult', 'MESSAGE_ID_NAMESPACE', 'Sample', 'SampleError',
           'TIMESTAMP', 'contract_files', 'error_messages', 'generate',
           'message_id', 'sample_dir']

# message_id of a sample: uuid5 of its file name in this namespace.
MESSAGE_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL,
                                  'versioned-notifications:message_id')
# timestamp of every sample, in oslo.messaging's format (str() of a naive
# UTC datetime, always with microseconds).
TIMESTAMP = typedata.FIXED_INSTANT.strftime('%Y-%m-%d %H:%M:%S.%f')


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
    # Exactly the file's content: samplefile.serialize(message).
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
    # The fields whose types refuse every value derived for them
    # (typedata.Refusal): reported once per field type, not per sample
    # (error_messages()).
    refusals: tuple = ()
    # Whether those refusals are all that went wrong.
    refused_only: bool = False

    def __str__(self):
        return '%s (%s): %s' % (self.notification_class or 'no class',
                                self.sample, self.cause)


def error_messages(errors):
    """The messages of the samples that could not be built (SampleError),
    one per sample; except that a field type refusing every value derived
    for it is one message, naming its fields and the samples it stopped,
    however many they are."""
    messages, refused = [], {}
    for error in errors:
        for refusal in error.refusals:
            if refusal.spec not in refused:
                refused[refusal.spec] = ([], [])
                messages.append(refusal.spec)
            refusals, samples = refused[refusal.spec]
            refusals.append(refusal)
            if error.sample not in samples:
                samples.append(error.sample)
        if not error.refused_only:
            messages.append(str(error))
    return [_refused_message(*refused[message])
            if message in refused else message for message in messages]


def _refused_message(refusals, samples):
    first = refusals[0]
    names = sorted({refusal.field for refusal in refusals})
    return ('the field type %s refuses every value derived for %s (tried%s '
            '%s); declare what it sends: %s, or give hand-written data for '
            '%s (examples); not built: %s'
            % (first.spec, ', '.join(names),
               ' for %s:' % first.field if len(names) > 1 else '',
               first.tried_shown(), fieldtypes.declaration(first.field_type),
               'them' if len(names) > 1 else 'it', ', '.join(samples)))


def _type_data_error(cls, name, exc):
    """The SampleError of a TypeDataError."""
    if not exc.refusals:
        return SampleError(cls, name, str(exc))
    others = exc.other_problems
    fields = sorted({refusal.field for refusal in exc.refusals})
    cause = '; '.join(others + [
        'the types of %s refuse every value derived for them (reported once '
        'per field type)' % ', '.join(fields)])
    return SampleError(cls, name, cause, tuple(exc.refusals),
                       refused_only=not others)


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
    # Built samples whose values their own JSON Schema or field types
    # refuse (messages naming the file, the field, the value and the field
    # type at fault): written all the same, but an error.
    invalid: list = dataclasses.field(default_factory=list)
    # Values of the existing files their fields no longer accept, replaced
    # (:class:`~versioned_notifications.keeping.Replacement`).
    replaced: list = dataclasses.field(default_factory=list)
    # Where the contracts of the sample directory go
    # (:class:`~versioned_notifications.contracts.Layout`); None: beside
    # the samples.
    layout: contracts.Layout | None = None

    @property
    def names(self):
        """Every sample file the project documents, built or not, its
        fragments and variants: none of them is an orphan."""
        return ({s.name for s in self.samples} | {e.sample for e in
                                                   self.errors}
                | {f.name for f in self.fragments} | set(self.kept)
                | set(self.variants))


class _SampleFailure(errors.VersionedNotificationsError):
    """One sample cannot be built; the message is the cause."""


def sample_dir(project, base_dir):
    """The project's sample directory (see :func:`~versioned_notifications.
    catalog.sample_dir`)."""
    return vn_catalog.sample_dir(vn_project.load_project(project), base_dir)


def message_id(name):
    """The deterministic message_id of sample ``name``."""
    return str(uuid.uuid5(MESSAGE_ID_NAMESPACE, name))


def _plan(catalog, layout):
    """[catalog entry] of the samples to generate, and the errors of
    samples that cannot even be planned."""
    samples_of = {cls.__name__: getattr(cls, 'samples', None) or ()
                  for cls in catalog.notifications}
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
        if layout.holds(entry.sample):
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


def _envelope(message):
    """event_type, priority and publisher_id of an existing sample's
    message, as far as it says them."""
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

    def __init__(self, catalog, directory, layout):
        self.catalog = catalog
        self.layout = layout
        self.project = catalog.project
        self.directory = directory
        self.samples = {}
        self.errors = {}
        # Reads the existing samples, each fragment once.
        self.resolver = (samplefile.Resolver(directory)
                         if directory is not None else None)
        self.keeper = keeping.Keeper(
            fieldtypes.Describer.for_project(self.project))

    def existing(self, name, needed):
        """The message of the existing sample ``name`` ($ref resolved), or
        None when there is none. One that cannot be read is a failure when
        it is ``needed`` (its data would be lost), else ignored: the
        project's code sends all the data of such a sample."""
        if self.resolver is None:
            return None
        path = pathlib.Path(self.directory) / name
        try:
            return samplefile.read(path, resolver=self.resolver).message
        except samplefile.SampleFileError as exc:
            if exc.kind == 'missing' or not needed:
                return None
            # The reader's message names the file and what is wrong.
            raise _SampleFailure(
                '%s; the sample is read for its event type and data: fix or '
                'delete it (its data is then derived from the types), or '
                'configure its event type' % exc) from exc

    def run(self):
        plan, planning_errors = _plan(self.catalog, self.layout)
        examples = _examples(self.project)
        planned = {entry.sample for entry in plan}
        for name in sorted(set(examples) - planned):
            self.errors[name] = SampleError(
                None, str(name),
                'the examples have data for this file, but no notification '
                'class names it in its samples (@notification_sample) and '
                'no event of the project\'s events is documented in it')
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
            layout=self.layout,
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
            missing = [key for key in vn_catalog.ENVELOPE_KEYS
                       if key not in message]
            if missing:
                raise _SampleFailure('the captured message has no %s'
                                     % ', '.join(missing))
            if not vn_catalog.is_safe_name(message['event_type']):
                raise _SampleFailure(
                    'its event type %r cannot name a file (letters, digits, '
                    '"_", "-" and "." only)' % (message['event_type'],))
            _refuse_references(message, entry.payload)
            text = samplefile.serialize(message)
        except typedata.TypeDataError as exc:
            self.errors[name] = _type_data_error(cls.__name__, name, exc)
            return
        except (_SampleFailure, vn_project.ProjectError, ValueError) as exc:
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
        message = self.keeper.keep(
            entry.sample, self.stamped(message, entry.sample),
            self.existing(entry.sample, needed=False), payload_cls,
            derived=False)
        return message, 'example'

    @staticmethod
    def stamped(message, name):
        """``message`` with the deterministic message_id and timestamp of
        sample ``name`` instead of the run's."""
        return dict(message, message_id=message_id(name),
                    timestamp=TIMESTAMP)

    def from_types(self, entry, overrides, notifier, publisher_id):
        existing = self.existing(entry.sample, needed=True)
        event_type, priority, publisher = self.catalog.envelope(
            entry, _envelope(existing), publisher_id)
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
        fixed = overrides.get('payload') if isinstance(overrides,
                                                       Mapping) else None
        message = self.keeper.keep(
            entry.sample, self.stamped(message, entry.sample), existing,
            entry.payload, fixed=fixed)
        return message, 'types'

    def example_publisher(self):
        """The publisher the project's examples send as: type-derived
        samples of the same project look the same."""
        for sample in sorted(self.samples.values(), key=lambda s: s.name):
            return sample.message['publisher_id']
        return None


def _reference_places(message, key):
    """(object name, field name, whether the field is the "$ref" key
    itself) of each place in ``message`` where an object has a "$ref" key
    with a string value; ``key`` is the serial namespace's
    ``_obj_primitive_key``."""
    found = []
    # (value, object it is in, field of that object, whether value is
    # that object's data: its keys are field names)
    stack = [(message, None, None, False)]
    while stack:
        value, owner, field, is_data = stack.pop()
        if isinstance(value, list):
            stack.extend((item, owner, field, False) for item in value)
            continue
        if not isinstance(value, dict):
            continue
        if isinstance(value.get(samplefile.REF), str):
            found.append((owner, samplefile.REF if is_data else field,
                          is_data))
        name = value.get(key('name'))
        for item_key, item in value.items():
            if is_data:
                stack.append((item, owner, item_key, False))
            elif item_key == key('data') and isinstance(name, str):
                stack.append((item, name, None, True))
            else:
                stack.append((item, owner, field, False))
    return found


def _refuse_references(message, payload_cls):
    """A _SampleFailure when ``message`` holds a "$ref" string: every
    sample reader would take it for a fragment reference, so the written
    sample would not read back as what was sent."""
    places = _reference_places(message, payload_cls._obj_primitive_key)
    if not places:
        return
    owner, field, itself = sorted(places, key=str)[0]
    where = ('the field "$ref" of %s' % owner if itself else
             'the value of the field %s of %s' % (field, owner) if owner
             else 'the message')
    raise _SampleFailure(
        '%s holds a "$ref" key with a string value, which every sample '
        'reader takes for a reference to a fragment file, so the sample '
        'would not read back as sent; %s' % (
            where, 'rename the field' if itself else
            'give it other data (the project\'s examples)'))


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
    layout = contracts.Layout.of(project, directory)
    catalog = vn_catalog.load(project, directory)
    validator = validation.SampleValidator(catalog)
    generation = _Generation(catalog, directory, layout)
    result = _composed(catalog, generation.run(), directory, validator,
                       generation.keeper)
    return dataclasses.replace(result, replaced=list(
        generation.keeper.replaced), invalid=[
        validation.fault(problem, validator.describer)
        for sample in result.samples
        for problem in validator.problems(
            str(pathlib.Path(directory) / sample.name), sample.message,
            sample.notification_class, sample.payload_class)])


def _composed(catalog, result, directory, validator, keeper):
    """``result`` with the samples composed as their files are, the
    fragments regenerated (their data kept by ``keeper``) and the variants
    checked."""
    from versioned_notifications import composition  # uses this module
    done = composition.compose(catalog, result.samples, directory,
                               validator, keeper)
    failed = {name for name, _ in done.errors}
    classes = {s.name: s.notification_class.__name__ for s in result.samples}
    return dataclasses.replace(
        result,
        samples=[s for s in done.samples if s.name not in failed],
        errors=result.errors + [SampleError(classes.get(name), name, cause)
                                for name, cause in done.errors],
        fragments=[sampledir.GeneratedFile(name, text)
                   for name, text in done.fragments],
        kept=done.kept, variants=sorted(done.variants),
        problems=catalog.variant_problems + done.problems)


def contract_files(project, samples):
    """The schema files and the AsyncAPI document of ``samples`` that the
    project exports, as :class:`GeneratedFile` (names relative to the
    contract directory), serialized as the samples are.

    Raises :class:`~versioned_notifications.schema.SchemaError` or
    :class:`~versioned_notifications.project.ProjectError` naming what
    cannot be described.
    """
    return [sampledir.GeneratedFile(name, samplefile.serialize(document))
            for name, document in
            contracts.contract_documents(project, samples).items()]
