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

"""Whether a message seen on a live bus holds against the project's
contracts.

:meth:`Contracts.load` gathers, once, what the project documents: each
event type's payload class, priority and publisher (as the samples and
the catalog give them: :meth:`~versioned_notifications.catalog.Catalog.
envelope`), and the contract of every recorded version of every payload
and nested object (:func:`versioned_notifications.evolution.evaluate`: the
history files, with the current version when it is not recorded yet).
:class:`Checker` then judges one message as oslo.messaging delivers it
and returns a :class:`Verdict`: its :class:`Problem` list, empty when the
message held, and the newer minor versions it carries.

A payload (and every object nested in it, each at its own version) is
checked against the contract **of the version it says it is**: the field
set and field types recorded for that version. A version newer than the
newest recorded one but of the same major is not a problem: consumers read
newer minors. It is reported as a :class:`NewerMinor` and checked against
the newest recorded contract for the fields it has: the fields it adds
are not checked, a field may be null (a compatible change may make it
nullable) and, unless the project's ``enum_value_added`` is
``'incompatible'``, an enum may hold a value it added.

Every problem has a kind, one of :data:`KINDS` (:data:`KIND_MEANINGS` says
each in a line); checks stop at the first problem that makes the rest
meaningless (an event type nobody documents, a payload of another class,
a newer major version), so that one broken message is one problem unless
it breaks several things at one level. Each contract's validator is
compiled once and kept: a quick check per field
(:func:`versioned_notifications.quickschema.predicate`), jsonschema's
validator to say what is wrong when one fails.
"""

import dataclasses
import difflib
import pathlib
import threading

import jsonschema
from oslo_versionedobjects import fields as ovo_fields

from versioned_notifications import catalog as vn_catalog
from versioned_notifications import errors
from versioned_notifications import evolution
from versioned_notifications import historyfile
from versioned_notifications import quickschema
from versioned_notifications import samplefile
from versioned_notifications import shortrepr
from versioned_notifications import versions as vn_versions

__all__ = ['FIELD', 'KINDS', 'KIND_MEANINGS', 'NAMESPACE', 'NEWER_MAJOR',
           'NOT_A_NOTIFICATION', 'OLDER_THAN_RECORDED', 'PAYLOAD_CLASS',
           'PRIORITY', 'PUBLISHER', 'UNKNOWN_EVENT_TYPE', 'VERSION',
           'Checker', 'Contracts', 'ContractsError', 'Event', 'NewerMinor',
           'Problem', 'Verdict', 'WatchError', 'serial_namespace']

# The kinds of problem, in the order a message is checked.
NOT_A_NOTIFICATION = 'not-a-notification'
UNKNOWN_EVENT_TYPE = 'unknown-event-type'
PRIORITY = 'priority'
PUBLISHER = 'publisher'
PAYLOAD_CLASS = 'payload-class'
NAMESPACE = 'namespace'
NEWER_MAJOR = 'newer-major'
OLDER_THAN_RECORDED = 'older-than-recorded'
VERSION = 'version'
FIELD = 'field'
KIND_MEANINGS = {
    NOT_A_NOTIFICATION: 'not a JSON object with a string event_type and '
                        'priority and a payload',
    UNKNOWN_EVENT_TYPE: 'an event type the project does not document',
    PRIORITY: 'a priority other than the event type\'s documented one',
    PUBLISHER: 'a publisher_id whose service (before ":") is not the '
               'documented one\'s',
    PAYLOAD_CLASS: 'a payload of another class than the event type\'s, or '
                   'no object at all',
    NAMESPACE: 'an object of another namespace than its class\'s',
    NEWER_MAJOR: 'an object of a newer major version than the newest '
                 'recorded',
    OLDER_THAN_RECORDED: 'an object older than its oldest recorded version',
    VERSION: 'an object version that is not "MAJOR.MINOR", or of a major '
             'no version of which is recorded',
    FIELD: 'a field missing, unknown to the version received, or whose '
           'value its recorded type refuses (nested objects included)',
}
KINDS = tuple(KIND_MEANINGS)

# How deep the objects of a message may nest (the sample reader's limit on
# lists and objects): only a class that holds itself nests deeper.
MAX_DEPTH = samplefile.MAX_DEPTH
# Field problems reported for one object: one message with a hundred wrong
# fields says so without a hundred lines.
MAX_FIELD_PROBLEMS = 10



class WatchError(errors.VersionedNotificationsError):
    """Watching cannot start as asked; the message says what to do."""


class ContractsError(WatchError):
    """The project's contracts cannot be loaded."""


@dataclasses.dataclass(frozen=True)
class Problem:
    """One way a message does not hold."""

    # The message's event type and message_id (None when it has none).
    event_type: str | None
    message_id: str | None
    # One of KINDS.
    kind: str
    # Names the class, version and field where there is one.
    detail: str

    def as_json(self):
        return dataclasses.asdict(self)


@dataclasses.dataclass(frozen=True)
class NewerMinor:
    """An object of a version newer than the newest recorded one, of the
    same major (or of a minor the history skipped): not a problem."""

    event_type: str
    message_id: str | None
    # The class, the version received and the recorded version it was
    # checked against.
    name: str
    version: str
    checked_against: str
    # Its fields the recorded contract does not have.
    new_fields: tuple

    @property
    def detail(self):
        added = (': fields %s not checked' % ', '.join(self.new_fields)
                 if self.new_fields else '')
        return ('%s %s is newer than recorded: checked against %s%s'
                % (self.name, self.version, self.checked_against, added))


@dataclasses.dataclass(frozen=True)
class Verdict:
    """What :meth:`Checker.check` found in one message."""

    event_type: str | None
    message_id: str | None
    problems: tuple
    newer_minors: tuple = ()
    # The payload's version, when the payload could be read.
    payload_version: str | None = None

    @property
    def held(self):
        return not self.problems


@dataclasses.dataclass(frozen=True)
class Event:
    """What the project documents of one event type."""

    event_type: str
    # Payload class names, priorities (as sent) and publisher services
    # (empty: none documented, not checked).
    payloads: frozenset
    priorities: frozenset
    publishers: frozenset
    # The sample file it is documented in (the first, variants last).
    sample: str


def _shown(value):
    return shortrepr.shown(value)


def _service(publisher_id):
    """The service part of a publisher_id ('infra-optim:node0' ->
    'infra-optim'): the host after ':' differs on every machine."""
    return publisher_id.split(':', 1)[0]


def _envelope_of(message):
    """The envelope keys of a sample's message that are strings."""
    if not isinstance(message, dict):
        return {}
    return {key: message[key] for key in
            ('event_type', 'priority', 'publisher_id')
            if isinstance(message.get(key), str)}


@dataclasses.dataclass
class Contracts:
    """Everything a :class:`Checker` checks against."""

    events: dict
    # {class name: ((version tuple, version, {field: contract}), ...)},
    # oldest first.
    histories: dict
    # {class name: the class}: its namespaces and primitive keys.
    classes: dict
    # Whether every field must be sent (NotificationProject.
    # complete_payloads).
    complete: bool
    # Whether a newer minor may hold an enum value it added.
    enum_added_compatible: bool
    # What loading noticed: event types no one can know, and the like.
    notes: list

    @classmethod
    def load(cls, project, directory):
        """The contracts of ``project`` (a NotificationProject) whose
        samples are in ``directory``; a ContractsError names a recorded
        contract that cannot be read."""
        try:
            evaluation = evolution.evaluate(project, directory)
        except historyfile.HistoryError as exc:
            raise ContractsError(str(exc)) from None
        catalog = vn_catalog.load(project, directory)
        rules = evolution.Rules.for_project(catalog.project)
        notes = ['not recorded, so not checked against (the code changed '
                 'without the version bump it needs): %s' % problem
                 for problem in evaluation.problems]
        events = _events(catalog, pathlib.Path(directory), notes)
        histories = {
            name: tuple((vn_versions.parse_or_none(version), version, fields)
                        for version, fields in versions)
            for name, versions in evaluation.histories.items() if versions}
        return cls(events=events, histories=histories,
                   classes={c.obj_name(): c for c in catalog.objects},
                   complete=bool(catalog.project.complete_payloads),
                   enum_added_compatible=(
                       rules.enum_value_added == evolution.MINOR),
                   notes=notes)


def _events(catalog, directory, notes):
    """{event type: Event} of the catalog's entries, their envelopes as
    the samples and the catalog give them."""
    resolver = samplefile.Resolver(directory)
    found = {}
    for entry in catalog.entries:
        path = directory / entry.sample
        existing = None
        try:
            existing = samplefile.read(path, resolver=resolver).message
        except samplefile.SampleFileError as exc:
            if exc.kind != 'missing':
                notes.append('%s cannot be read (%s): its event type is '
                             'known only if declared' % (path, exc))
        event_type, priority, publisher = catalog.envelope(
            entry, _envelope_of(existing))
        if not event_type:
            notes.append('%s (%s) has no sample file and declares no event '
                         'type: its messages are unknown-event-type; run '
                         'generate' % (entry.sample,
                                       entry.notification.__name__))
            continue
        services = (frozenset() if publisher ==
                    vn_catalog.PLACEHOLDER_PUBLISHER_ID
                    else frozenset([_service(publisher)]))
        event = found.get(event_type)
        if event is None:
            found[event_type] = Event(
                event_type, frozenset([entry.payload.obj_name()]),
                frozenset([priority]), services, entry.sample)
        else:
            found[event_type] = dataclasses.replace(
                event, payloads=event.payloads | {entry.payload.obj_name()},
                priorities=event.priorities | {priority},
                publishers=(event.publishers | services
                            if event.publishers and services
                            else frozenset()))
    return found


# Contracts as JSON Schemas.

def _compound_shape(type_name):
    """'object' for a Dict, 'array' for a List or Set of oslo's, None for
    a compound type of the project's own (either shape is accepted)."""
    kind = getattr(ovo_fields, type_name, None)
    if isinstance(kind, type) and issubclass(kind, ovo_fields.Dict):
        return 'object'
    if isinstance(kind, type) and issubclass(kind, (ovo_fields.List,
                                                     ovo_fields.Set)):
        return 'array'
    return None


def _nullable(schema):
    types = schema.get('type')
    if isinstance(types, str):
        types = [types]
    if isinstance(types, list) and set(schema) <= {'type', 'enum', 'format',
                                                   'pattern', 'minimum',
                                                   'maximum', 'items',
                                                   'additionalProperties',
                                                   'properties',
                                                   'required'}:
        schema = dict(schema, type=list(types) + ['null'])
        if 'enum' in schema and None not in schema['enum']:
            schema['enum'] = list(schema['enum']) + [None]
        return schema
    return {'anyOf': [{'type': 'null'}, schema]}


def contract_schema(contract, relaxed=False, keep_enum=True):
    """The JSON Schema of a value of a field contract (as the history
    files record it). An object is only asked to be a JSON object: its
    own contract, at its own version, is checked on its own. ``relaxed``
    (a newer minor): null is accepted; ``keep_enum`` False: so is any
    value of the enum's type."""
    if 'object' in contract:
        schema = {'type': 'object'}
    elif 'element' in contract:
        inner = contract_schema(contract['element'], relaxed, keep_enum)
        shape = _compound_shape(contract['type'])
        schema = {'type': [shape] if shape else ['array', 'object']}
        if shape in ('array', None):
            schema['items'] = inner
        if shape in ('object', None):
            schema['additionalProperties'] = inner
    else:
        schema = dict(contract['schema'])
        if 'enum' in contract and keep_enum:
            schema['enum'] = list(contract['enum'])
    if contract['nullable'] or relaxed:
        schema = _nullable(schema)
    return schema


def _object_places(value, contract, place):
    """(place, value) of each value ``contract`` says is an object, in
    ``value`` (a field's value): the value itself, or the elements of a
    list or dict of objects."""
    if value is None:
        return
    if 'object' in contract:
        yield place, value, contract['object']
    elif 'element' in contract and _holds_object(contract['element']):
        if isinstance(value, list):
            items = enumerate(value)
        elif isinstance(value, dict):
            items = value.items()
        else:
            return
        for key, item in items:
            yield from _object_places(item, contract['element'],
                                      place + (key,))


def _holds_object(contract):
    return 'object' in contract or (
        'element' in contract and _holds_object(contract['element']))


@dataclasses.dataclass(frozen=True)
class _Compiled:
    """One recorded version's contract, ready to check data against."""

    # Says what is wrong, when a check found something.
    validator: object
    # {field: whether a value holds} (quickschema's, or jsonschema's).
    checks: dict
    fields: frozenset
    # {field: contract} of the fields that hold objects.
    objects: dict


class _Where:
    """A place in a message, made text only when a message says it."""

    __slots__ = ('place',)

    def __init__(self, place):
        self.place = place

    def __str__(self):
        return _dotted(self.place)


def _dotted(place):
    text = ''
    for step in place:
        if isinstance(step, int):
            text += '[%d]' % step
        elif isinstance(step, str) and step.isprintable() and step \
                and len(step) <= 60:
            text += ('.' if text else '') + step
        else:
            text += '[%s]' % _shown(step)
    return text


class Checker:
    """Checks messages against :class:`Contracts`; thread-safe, one per
    run (it keeps each contract's compiled validator)."""

    def __init__(self, contracts):
        self.contracts = contracts
        self._compiled = {}
        # {class name: its primitive's keys ('watcher_object.name')}.
        self._keys = {}
        self._lock = threading.Lock()

    # The envelope.

    def check(self, message):
        """The :class:`Verdict` of one message (a dict as oslo.messaging
        delivers it); never raises for any JSON value."""
        if not isinstance(message, dict):
            return self._verdict(None, None, NOT_A_NOTIFICATION,
                                 'the message is %s, not a JSON object'
                                 % type(message).__name__)
        event_type = message.get('event_type')
        message_id = message.get('message_id')
        if not isinstance(message_id, str):
            message_id = None
        missing = [key for key in ('event_type', 'priority')
                   if not isinstance(message.get(key), str)]
        if 'payload' not in message:
            missing.append('payload')
        if missing:
            return self._verdict(
                event_type if isinstance(event_type, str) else None,
                message_id, NOT_A_NOTIFICATION,
                'no %s (a notification has a string event_type and '
                'priority, and a payload)' % ' and no '.join(
                    '%s' % key if key not in message else '%s string (%s)'
                    % (key, _shown(message[key])) for key in missing))
        event = self.contracts.events.get(event_type)
        if event is None:
            return self._verdict(event_type, message_id, UNKNOWN_EVENT_TYPE,
                                 self._unknown(event_type))
        problems = []
        priority = vn_catalog.wire_priority(message['priority'])
        if priority not in event.priorities:
            problems.append(Problem(
                event_type, message_id, PRIORITY,
                'priority %s: %s is documented as %s' % (
                    _shown(message['priority']), event_type,
                    ' or '.join(sorted(event.priorities)))))
        publisher = message.get('publisher_id')
        if event.publishers and not (
                isinstance(publisher, str)
                and _service(publisher) in event.publishers):
            problems.append(Problem(
                event_type, message_id, PUBLISHER,
                'publisher_id %s: %s is documented as sent by %s' % (
                    _shown(publisher), event_type,
                    ' or '.join('"%s:<host>"' % service
                                for service in sorted(event.publishers)))))
        found = _Found(event_type, message_id)
        version = self._payload(message['payload'], event, found)
        return Verdict(event_type, message_id,
                       tuple(problems + found.problems), tuple(found.newer),
                       version)

    @staticmethod
    def _verdict(event_type, message_id, kind, detail):
        return Verdict(event_type, message_id,
                       (Problem(event_type, message_id, kind, detail),))

    def _unknown(self, event_type):
        known = sorted(self.contracts.events, key=vn_catalog.phase_order)
        close = difflib.get_close_matches(event_type, known, n=1)
        return ('the event type %s is not documented%s (the project '
                'documents %d: %s)' % (
                    _shown(event_type),
                    ' (did you mean %s?)' % close[0] if close else '',
                    len(known), ', '.join(known[:6]) + (
                        ', ...' if len(known) > 6 else '')))

    # Objects.

    def _payload(self, payload, event, found):
        """Check the payload; its version when it could be read."""
        [expected] = sorted(event.payloads)[:1]
        return self._object(payload, expected, ('payload',), found,
                            top=event)

    def _object(self, value, expected, place, found, top=None):
        """Check an object primitive that should be of class ``expected``
        at ``place``; its version when it could be read."""
        if len(place) > MAX_DEPTH:
            # Only objects are recursed into: a class holding itself.
            found.add(FIELD, '%s: objects nest more than %d deep here'
                      % (_dotted(place[:3]) + '...', MAX_DEPTH))
            return None
        cls = self.contracts.classes.get(expected)
        history = self.contracts.histories.get(expected)
        if cls is None or history is None:
            found.add(FIELD, '%s: %s has no recorded contract; run generate'
                      % (_dotted(place), expected))
            return None
        key = self._keys.get(expected)
        if key is None:
            key = self._keys[expected] = {
                name: cls._obj_primitive_key(name)
                for name in ('name', 'namespace', 'version', 'data')}.get
        where = _Where(place)
        wrong_kind = PAYLOAD_CLASS if top else FIELD
        if not isinstance(value, dict) or key('name') not in value:
            other = serial_namespace(value)
            if other and other != cls.OBJ_SERIAL_NAMESPACE:
                found.add(NAMESPACE, '%s is a %s primitive, not a %s one (%s)'
                          % (where, other, cls.OBJ_SERIAL_NAMESPACE,
                             expected))
            else:
                found.add(wrong_kind, '%s is %s, not a %s object primitive'
                          % (where, _shown(value), expected))
            return None
        name = value[key('name')]
        namespace = value.get(key('namespace'))
        if namespace != cls.OBJ_PROJECT_NAMESPACE:
            found.add(NAMESPACE, '%s %s is of namespace %s, not %r'
                      % (where, _shown(name), _shown(namespace),
                         cls.OBJ_PROJECT_NAMESPACE))
            return None
        if name not in (top.payloads if top else (expected,)) or \
                name not in self.contracts.histories:
            found.add(wrong_kind, '%s is %s %s, but %s' % (
                where, _shown(name), _shown(value.get(key('version'))),
                '%s carries %s' % (top.event_type, ' or '.join(
                    sorted(top.payloads))) if top else
                'the recorded contract holds %s' % expected))
            return None
        version = value.get(key('version'))
        compiled, newer = self._contract(name, version, where, found)
        if compiled is None:
            return None
        data = value.get(key('data'))
        if not isinstance(data, dict):
            found.add(FIELD, '%s %s %s: %s is %s, not an object of fields'
                      % (where, name, version, key('data'), _shown(data)))
            return version
        self._fields(data, name, version, compiled, newer,
                     place + (key('data'),), found)
        return version

    def _contract(self, name, version, where, found):
        """(the compiled contract ``version`` of ``name`` is checked
        against, the version it is newer than or None), or (None, None)
        with the problem added."""
        if isinstance(version, str):
            # Most messages: a recorded version, its contract compiled.
            compiled = self._compiled.get((name, version, False))
            if compiled is not None:
                return compiled, None
        history = self.contracts.histories[name]
        number = vn_versions.parse_or_none(version)
        oldest, newest = history[0], history[-1]
        recorded = ', '.join(entry[1] for entry in history)
        if number is None:
            found.add(VERSION, '%s %s: the version %s is not "MAJOR.MINOR"'
                      % (where, name, _shown(version)))
            return None, None
        if number[0] > newest[0][0]:
            found.add(NEWER_MAJOR, '%s %s %s is of a newer major version '
                      'than the newest recorded, %s: a consumer of %d.x '
                      'cannot read it' % (where, name, version, newest[1],
                                          newest[0][0]))
            return None, None
        if number < oldest[0]:
            found.add(OLDER_THAN_RECORDED, '%s %s %s is older than its '
                      'oldest recorded version, %s (recorded: %s)'
                      % (where, name, version, oldest[1], recorded))
            return None, None
        for entry in history:
            if entry[0] == number:
                return self._compiled_for(name, entry, relaxed=False), None
        below = [entry for entry in history
                 if entry[0][0] == number[0] and entry[0] < number]
        if not below:
            found.add(VERSION, '%s %s %s: no version of major %d is recorded '
                      '(recorded: %s)' % (where, name, version, number[0],
                                          recorded))
            return None, None
        return self._compiled_for(name, below[-1], relaxed=True), below[-1][1]

    def _compiled_for(self, name, entry, relaxed):
        key = (name, entry[1], relaxed)
        compiled = self._compiled.get(key)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(key)
                if compiled is None:
                    compiled = self._compiled[key] = self._compile(
                        entry[2], relaxed)
        return compiled

    def _compile(self, fields, relaxed):
        keep_enum = not (relaxed and self.contracts.enum_added_compatible)
        properties = {field: contract_schema(contract, relaxed, keep_enum)
                      for field, contract in fields.items()}
        checks = {}
        for field, schema in properties.items():
            checks[field] = (quickschema.predicate(schema) or
                             jsonschema.Draft7Validator(schema).is_valid)
        return _Compiled(
            validator=jsonschema.Draft7Validator(
                {'type': 'object', 'properties': properties}),
            checks=checks,
            fields=frozenset(fields),
            objects={field: contract for field, contract in fields.items()
                     if _holds_object(contract)})

    def _fields(self, data, name, version, compiled, newer, place, found):
        label = '%s %s' % (name, version)
        fields = compiled.fields
        unknown = [] if fields.issuperset(data) else sorted(
            (field for field in data if field not in fields), key=str)
        if newer is not None:
            found.newer.append(NewerMinor(
                found.event_type, found.message_id, name, version, newer,
                tuple(str(field) for field in unknown)))
            unknown = []
        details = ['%s (%s): the field %s is not in %s' % (
            _dotted(place + (field,)), label, _shown(field), label)
            for field in unknown]
        if self.contracts.complete and not fields.issubset(data):
            details += ['%s (%s): the field %s is missing; every field is '
                        'sent' % (_dotted(place), label, field)
                        for field in sorted(compiled.fields - set(data))]
        checks = compiled.checks
        holds = True
        for field, value in data.items():
            check = checks.get(field)
            if check is not None and not check(value):
                holds = False
                break
        if not holds:
            by_field = {}
            for error in compiled.validator.iter_errors(data):
                by_field.setdefault(error.absolute_path[0], []).append(error)
            for field, errors in sorted(by_field.items()):
                error = jsonschema.exceptions.best_match(errors)
                details.append('%s (%s, field %s): %s' % (
                    _dotted(place + tuple(error.absolute_path)), label, field,
                    _reason(error)))
        if len(details) > MAX_FIELD_PROBLEMS:
            more = len(details) - MAX_FIELD_PROBLEMS + 1
            details[MAX_FIELD_PROBLEMS - 1:] = [
                '%s (%s): and %d more fields that do not hold'
                % (_dotted(place), label, more)]
        for detail in details:
            found.add(FIELD, detail)
        for field, contract in compiled.objects.items():
            if field not in data:
                continue
            for where, value, obj_name in _object_places(
                    data[field], contract, place + (field,)):
                if isinstance(value, dict):
                    self._object(value, obj_name, where, found)


def _reason(error):
    shown = repr(error.instance)
    if error.message.startswith(shown):
        reason = error.message[len(shown):].strip()
    else:
        reason = 'does not match: %s' % error.message
    if len(reason) > 160:
        reason = reason[:157] + '...'
    return '%s %s' % (_shown(error.instance), reason)


def serial_namespace(value):
    """The serial namespace an object primitive's keys use
    ('nova_object' of 'nova_object.name'), or None."""
    if not isinstance(value, dict):
        return None
    for key in value:
        if isinstance(key, str) and key.endswith('.name'):
            prefix = key[:-len('.name')]
            if '%s.data' % prefix in value:
                return prefix
    return None


class _Found:
    """What checking one message found so far."""

    def __init__(self, event_type, message_id):
        self.event_type = event_type
        self.message_id = message_id
        self.problems = []
        self.newer = []

    def add(self, kind, detail):
        self.problems.append(Problem(self.event_type, self.message_id, kind,
                                     detail))
