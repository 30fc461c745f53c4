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

"""Whether a sample's values are what its classes send.

:class:`SampleValidator` checks a sample's message (``$ref`` resolved)
against the notification and payload classes it documents, twice:

* against its **JSON Schema**, the one ``generate`` writes for the event
  type (:func:`versioned_notifications.schema.message_document`), compiled
  once per event type, notification class and payload class, except that
  ``message_id`` and ``timestamp``, which differ in every message, may be
  left out (Nova's hand-written samples have neither). Formats
  (``uuid``, ``date-time``) are not asserted, as draft-07 leaves them:
  oslo's own UUIDField accepts other strings (with a warning), and what a
  value means beyond its JSON type is its field type's to say;
* against its **field types**: the payload is read back into objects as a
  listener reads it
  (:meth:`versioned_notifications.listener.NotificationEndpoint.to_object`),
  so a value a field refuses is found by the field itself.

Each finding is a :class:`Problem` naming the sample file, the place in
the message (``payload.nova_object.data.uuid``), the class and field, the
value (shortened) and the reason, on one line. A sample the code sent (a
generated one) that fails says that a field type describes itself
wrongly: :func:`fault` words it so, naming the type and how to declare
what it sends in the project's ``field_types``.

A sample whose contract differs from the code (another version, other
fields: :mod:`versioned_notifications.drift`) is stale rather than
invalid; callers check that first, since its values follow other classes.
"""

from collections.abc import Sequence
import dataclasses

import jsonschema

from versioned_notifications import catalog as vn_catalog
from versioned_notifications import fieldshape
from versioned_notifications import fieldtypes
from versioned_notifications import listener
from versioned_notifications import project as vn_project
from versioned_notifications import schema
from versioned_notifications import shortrepr
from versioned_notifications import testing

__all__ = ['FIELD_TYPE', 'JSON_SCHEMA', 'NOT_VALIDATED', 'Problem',
           'SampleValidator', 'fault', 'summary']

# Problem.check: which check found it, or that the schema could not be
# applied at all.
JSON_SCHEMA = 'JSON Schema'
FIELD_TYPE = 'field type'
NOT_VALIDATED = 'not validated'

# How long a reason may be in a message; jsonschema's can quote a whole
# enum.
REASON_LENGTH = 200



def _bounded(text):
    text = ' '.join(str(text).split())
    if len(text) <= REASON_LENGTH:
        return text
    return text[:REASON_LENGTH - 3] + '...'


def _is_plain(name):
    return (isinstance(name, str) and 0 < len(name) <= 60
            and name.isprintable() and not any(c.isspace() for c in name))


def _name(name):
    """A name read from a sample, shown so that it stays on one line and
    short: as it is when it is a plain word, else as a bounded repr."""
    return name if _is_plain(name) else shortrepr.shown(name)


def _dotted(place):
    """``('payload', 'nova_object.data', 'tags', 0)`` as
    ``payload.nova_object.data.tags[0]``; a key that is no plain word as
    ``[repr]``."""
    text = ''
    for step in place:
        if isinstance(step, int):
            text += '[%d]' % step
        elif _is_plain(step):
            text += ('.' if text else '') + step
        else:
            text += '[%s]' % shortrepr.shown(step)
    return text or 'the message'


def _order(place):
    return [(0, step, '') if isinstance(step, int) else (1, 0, str(step))
            for step in place]


@dataclasses.dataclass(frozen=True)
class Problem:
    """A value of a sample that its classes would not send or read."""

    # The sample file, as the caller named it.
    sample: str
    # JSON keys from the message down to the value.
    place: tuple
    # The value found there.
    value: object
    # What is wrong, worded to follow the value ("is not of type
    # 'string' (JSON Schema)").
    reason: str
    # JSON_SCHEMA, FIELD_TYPE or NOT_VALIDATED.
    check: str
    # 'Class.field' the value belongs to, or None (the envelope, an
    # object's own keys).
    field: str | None = None
    # The field type the value is of (a compound's element where the place
    # is inside one), or None.
    field_type: object = None

    @property
    def where(self) -> str:
        return _dotted(self.place)

    @property
    def detail(self) -> str:
        """Place, class and field, value and reason, without the file."""
        if self.check == NOT_VALIDATED:
            return 'not validated: %s' % self.reason
        field = ' (%s)' % self.field if self.field else ''
        return '%s%s: %s %s' % (self.where, field, shortrepr.shown(self.value),
                                self.reason)

    def __str__(self):
        return '%s: %s' % (self.sample, self.detail)


def _within(one, other):
    """Whether either place is inside the other (or both are one)."""
    size = min(len(one), len(other))
    return tuple(one[:size]) == tuple(other[:size])


class SampleValidator:
    """Validates the samples of one project (a loaded
    :class:`~versioned_notifications.catalog.Catalog`); make one per run,
    not per sample: it keeps each compiled schema."""

    def __init__(self, catalog: vn_catalog.Catalog) -> None:
        self.registry = catalog.registry
        self.describer = fieldtypes.Describer.for_project(catalog.project)
        # (event type, notification class, payload class) -> validator,
        # or the reason there is none.
        self._schemas = {}
        # class -> its schema in a message document, shared by them all:
        # payloads share the objects nested in them.
        self._objects = {}
        # (serial namespace, project namespace) -> NotificationEndpoint.
        self._endpoints = {}

    def problems(self, sample: str, message: object,
                 notification_cls: type,
                 payload_cls: type) -> list[Problem]:
        """What in ``message`` (a notification as oslo.messaging sends
        it, ``$ref`` resolved) the classes would not send or read, sorted
        by place; empty when nothing. Never raises for any JSON value."""
        found = self._schema_problems(sample, message, notification_cls,
                                      payload_cls)
        for problem in self._read_back(sample, message, payload_cls):
            # The same value seen by both checks is reported once.
            if not any(_within(problem.place, other.place)
                       for other in found):
                found.append(problem)
        return sorted(found, key=lambda p: (_order(p.place), p.reason))

    def _validator(self, event_type, notification_cls, payload_cls):
        key = (event_type, notification_cls, payload_cls)
        if key not in self._schemas:
            try:
                document = schema.message_document(
                    event_type, [notification_cls], [payload_cls],
                    self.describer, self._objects)
                # A sample may leave out what differs in every message, as
                # Nova's hand-written ones do (its functional tests ignore
                # them); if there, they are checked. The generator always
                # writes them.
                document['required'] = [
                    name for name in document['required']
                    if name not in testing.RUN_DEPENDENT_ENVELOPE_KEYS]
                self._schemas[key] = jsonschema.Draft7Validator(document)
            except (schema.SchemaError, vn_project.ProjectError) as exc:
                # Whoever writes the schema files reports it too; here it
                # only means that the sample is not validated.
                self._schemas[key] = ('its JSON Schema cannot be made: %s'
                                      % _bounded(exc))
        return self._schemas[key]

    def _schema_problems(self, sample, message, notification_cls,
                         payload_cls):
        event_type = message.get('event_type') if isinstance(
            message, dict) else None
        if not isinstance(event_type, str):
            # The schema of no event type: the envelope's own check says
            # what is wrong.
            event_type = '?'
        validator = self._validator(event_type, notification_cls,
                                    payload_cls)
        if isinstance(validator, str):
            return [Problem(sample, (), None, validator, NOT_VALIDATED)]
        try:
            errors = list(validator.iter_errors(message))
        except Exception as exc:  # noqa: BLE001 - only a schema can raise
            # The message is JSON; what raises is a schema jsonschema
            # cannot apply (a declared or get_schema() one that is not a
            # JSON Schema). Every sample of the key gets it: none of them
            # is validated.
            self._schemas[(event_type, notification_cls, payload_cls)] = (
                'its JSON Schema is not valid (%s); correct the field '
                'type\'s get_schema() or its field_types declaration'
                % _bounded('%s: %s' % (type(exc).__name__, exc)))
            return self._schema_problems(sample, message, notification_cls,
                                         payload_cls)
        by_place = {}
        for error in errors:
            by_place.setdefault(tuple(error.absolute_path), []).append(error)
        found, seen = [], set()
        for group in by_place.values():
            error = jsonschema.exceptions.best_match(group)
            place = tuple(error.absolute_path)
            problem = self._schema_problem(sample, message, place, error,
                                           payload_cls)
            if (place, problem.reason) not in seen:
                seen.add((place, problem.reason))
                found.append(problem)
        return found

    def _schema_problem(self, sample, message, place, error, payload_cls):
        shown = repr(error.instance)
        if error.message.startswith(shown):
            reason = error.message[len(shown):].strip()
        else:
            reason = 'does not match: %s' % error.message
        field, field_type = self._field_at(message, place, payload_cls)
        return Problem(sample, place, error.instance,
                       '%s (%s)' % (_bounded(reason), JSON_SCHEMA),
                       JSON_SCHEMA, field, field_type)

    def _endpoint(self, payload_cls):
        key = (payload_cls.OBJ_SERIAL_NAMESPACE,
               payload_cls.OBJ_PROJECT_NAMESPACE)
        if key not in self._endpoints:
            # The payload class stands for the project's object base: the
            # endpoint only needs its namespaces and its look-up of
            # registered classes.
            self._endpoints[key] = listener.NotificationEndpoint(
                payload_cls, self.registry, lambda *args: None)
        return self._endpoints[key]

    def _read_back(self, sample, message, payload_cls):
        if not isinstance(message, dict) or 'payload' not in message:
            return []  # the schema says the payload is missing
        try:
            self._endpoint(payload_cls).to_object(message['payload'])
        except listener.SkipNotification as exc:
            if exc.path is None:
                return [Problem(sample, ('payload',), message['payload'],
                                'cannot be read as a listener reads it: %s'
                                % _bounded(exc), FIELD_TYPE)]
            field, field_type = self._field_at(message, exc.path,
                                               payload_cls)
            return [Problem(sample, tuple(exc.path), exc.value,
                            'is refused by its field type %s (%s)'
                            % (fieldtypes.type_name(field_type)
                               if field_type is not None else '?',
                               _bounded(exc.reason)),
                            FIELD_TYPE, field or exc.field, field_type)]
        return []

    def _field_at(self, message, place, payload_cls):
        """('Class.field', field type) of the value at ``place``: the
        innermost object primitive on the way names the class; ('Class',
        None) for the primitive itself or its data, (None, None) outside
        any object."""
        key = payload_cls._obj_primitive_key
        node, found = message, None
        for index, step in enumerate(place):
            if isinstance(node, dict) and isinstance(node.get(key('name')),
                                                     str):
                found = (node[key('name')], index + 1
                         if step == key('data') else len(place))
            try:
                node = node[step]
            except (KeyError, IndexError, TypeError):
                break
        if isinstance(node, dict) and isinstance(node.get(key('name')), str):
            found = (node[key('name')], len(place))
        if found is None:
            return None, None
        name, at = found
        if at >= len(place):
            return _name(name), None
        field_name = place[at]
        label = '%s.%s' % (_name(name), _name(field_name))
        try:
            field = vn_catalog.newest(name).fields.get(field_name)
        except vn_catalog.CatalogError:
            field = None
        if field is None:
            return label, None
        # As the schema describes a compound: by its element, unless the
        # project declares the compound itself.
        shape = fieldshape.of(field, self.describer)
        for _ in place[at + 1:]:
            if not shape.is_compound:
                break
            shape = shape.element
        return label, shape.field_type


def fault(problem: Problem, describer: fieldtypes.Describer) -> str:
    """The message of a problem in a sample the code sent: what the code
    sends is right by definition, so the field type describes itself
    wrongly (or cannot read back what it sends); says which type, and how
    to declare what it sends."""
    field_type = problem.field_type
    if problem.check == NOT_VALIDATED:
        return str(problem)
    if field_type is None or (fieldshape.of_type(field_type).kind
                              == fieldshape.OBJECT):
        return ('%s: the code sends what its JSON Schema refuses: %s'
                % (problem.sample, problem.detail))
    name = fieldtypes.type_name(field_type)
    spec = fieldtypes.type_spec(field_type)
    if problem.check == FIELD_TYPE:
        advice = ('the field type %s cannot read back the value it sends; '
                  'correct its coerce() or from_primitive()' % name)
    elif describer.declared(field_type) is not None:
        advice = ('the project\'s field_types[%r] describes what %s sends '
                  'wrongly; correct its "schema"' % (spec, name))
    else:
        advice = ('the field type %s describes itself wrongly (%s); '
                  'declare what it sends in the project: %s'
                  % (name, describer.describe(field_type).how,
                     fieldtypes.declaration(field_type)))
    return '%s: %s; %s' % (problem.sample, problem.detail, advice)


def summary(problems: Sequence[Problem], limit: int = 3) -> str:
    """The details of ``problems`` on one line, at most ``limit`` of
    them."""
    shown = '; '.join(problem.detail for problem in problems[:limit])
    if len(problems) > limit:
        shown += '; and %d more' % (len(problems) - limit)
    return shown
