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

"""The checks of ``watch``, one by one, on the committed samples of this
project and of minicompute (whose AggregatePayload has two recorded
versions), then hypothesis over mutated real samples: each mutation is
held or reported with the kind it deserves, never a crash."""

import copy
import dataclasses
import json
import pathlib
import sys

from hypothesis import given
from hypothesis import HealthCheck
from hypothesis import settings
from hypothesis import strategies as st
import jsonschema
import pytest

from versioned_notifications import catalog as vn_catalog
from versioned_notifications import project as vn_project
from versioned_notifications import quickschema
from versioned_notifications import versions as vn_versions
from versioned_notifications import watch

REPO = pathlib.Path(__file__).resolve().parent.parent
SAMPLES = REPO / 'samples'
MINI = REPO / 'tests' / 'miniproject'
WATCHER = 'versioned_notifications.watcher.project:PROJECT'
DATA = 'watcher_object.data'
MINI_DATA = 'minicompute_object.data'
SAMPLE_NAMES = sorted(path.name for path in SAMPLES.glob('action*.json'))


def load(directory, name):
    return json.loads((directory / name).read_text('utf-8'))


@pytest.fixture(scope='module')
def checker():
    return watch.Checker(watch.Contracts.load(
        vn_project.load_project(WATCHER), SAMPLES))


@pytest.fixture(scope='module')
def mini_checker():
    sys.path.insert(0, str(MINI))
    try:
        from minicompute.doc import PROJECT
        yield watch.Checker(watch.Contracts.load(PROJECT, MINI / 'samples'))
    finally:
        sys.path.remove(str(MINI))


def sample(name='action-cancel-start.json'):
    return load(SAMPLES, name)


def kinds(verdict):
    return [problem.kind for problem in verdict.problems]


def only(verdict, kind):
    """The detail of the one problem of ``verdict``, of kind ``kind``."""
    assert kinds(verdict) == [kind], verdict.problems
    problem = verdict.problems[0]
    assert problem.event_type == verdict.event_type
    return problem.detail


# What the project documents.

def test_the_contracts_know_every_documented_event(checker):
    events = checker.contracts.events
    assert sorted(events) == sorted(
        load(SAMPLES, name)['event_type'] for name in SAMPLE_NAMES)
    start = events['action.cancel.start']
    assert start.payloads == {'ActionCancelPayload'}
    assert start.priorities == {'INFO'}
    assert start.publishers == {'infra-optim'}
    assert start.sample == 'action-cancel-start.json'
    assert events['action_plan.cancel.error'].priorities == {'ERROR'}
    assert checker.contracts.notes == []
    assert [entry[1] for entry in
            checker.contracts.histories['ActionCancelPayload']] == ['1.0']


@pytest.mark.parametrize('name', SAMPLE_NAMES)
def test_every_committed_sample_holds(checker, name):
    message = sample(name)
    verdict = checker.check(message)
    assert verdict.held, verdict.problems
    assert (verdict.event_type, verdict.message_id,
            verdict.payload_version) == (message['event_type'],
                                         message['message_id'], '1.0')
    assert verdict.newer_minors == ()


# The envelope.

@pytest.mark.parametrize('message, said', [
    ([1, 2], 'is list, not a JSON object'),
    ('text', 'is str, not a JSON object'),
    ({}, 'no event_type and no priority and no payload'),
    ({'event_type': 'action.cancel.start', 'priority': 'INFO'},
     'no payload'),
    ({'event_type': 3, 'priority': 'INFO', 'payload': {}},
     'no event_type string (3)'),
])
def test_what_is_not_a_notification(checker, message, said):
    detail = only(checker.check(message), watch.NOT_A_NOTIFICATION)
    assert said in detail


def test_an_undocumented_event_type(checker):
    message = dict(sample(), event_type='action.cancel.stat')
    verdict = checker.check(message)
    detail = only(verdict, watch.UNKNOWN_EVENT_TYPE)
    assert detail.startswith("the event type 'action.cancel.stat' is not "
                             "documented (did you mean action.cancel.start?)")
    assert verdict.message_id == message['message_id']


def test_a_priority_other_than_documented(checker):
    detail = only(checker.check(dict(sample(), priority='ERROR')),
                  watch.PRIORITY)
    assert detail == ("priority 'ERROR': action.cancel.start is documented "
                      "as INFO")
    # As oslo.messaging spells it or not.
    assert checker.check(dict(sample(), priority='info')).held
    assert kinds(checker.check(dict(sample(), priority='LOUD'))) == [
        watch.PRIORITY]


def test_the_publisher_is_its_service_on_any_host(checker):
    assert checker.check(dict(sample(), publisher_id='infra-optim:h9')).held
    detail = only(checker.check(dict(sample(),
                                     publisher_id='nova-compute:h9')),
                  watch.PUBLISHER)
    assert detail == ("publisher_id 'nova-compute:h9': action.cancel.start "
                      "is documented as sent by \"infra-optim:<host>\"")
    assert kinds(checker.check(dict(sample(), publisher_id=None))) == [
        watch.PUBLISHER]


def test_problems_of_one_level_are_each_reported(checker):
    verdict = checker.check(dict(sample(), priority='ERROR',
                                 publisher_id='x:y'))
    assert kinds(verdict) == [watch.PRIORITY, watch.PUBLISHER]


# The payload.

def test_the_payload_of_another_event(checker):
    message = dict(sample(), payload=sample(
        'action_plan-cancel-start.json')['payload'])
    detail = only(checker.check(message), watch.PAYLOAD_CLASS)
    assert detail == ("payload is 'ActionPlanCancelPayload' '1.0', but "
                      "action.cancel.start carries ActionCancelPayload")


@pytest.mark.parametrize('payload', ['text', None, {'uuid': 'x'}, [1]])
def test_a_payload_that_is_no_object(checker, payload):
    detail = only(checker.check(dict(sample(), payload=payload)),
                  watch.PAYLOAD_CLASS)
    assert 'not a ActionCancelPayload object primitive' in detail


def test_a_payload_of_another_namespace(checker):
    message = sample()
    message['payload']['watcher_object.namespace'] = 'nova'
    detail = only(checker.check(message), watch.NAMESPACE)
    assert detail == ("payload 'ActionCancelPayload' is of namespace "
                      "'nova', not 'watcher'")
    nova = {key.replace('watcher_object', 'nova_object'): value
            for key, value in sample()['payload'].items()}
    detail = only(checker.check(dict(sample(), payload=nova)),
                  watch.NAMESPACE)
    assert detail.startswith('payload is a nova_object primitive, not a '
                             'watcher_object one')


def test_a_newer_major_version(checker):
    message = sample()
    message['payload']['watcher_object.version'] = '2.0'
    # Its fields are not looked at: a consumer of 1.x cannot read it.
    message['payload'][DATA]['state'] = 5
    verdict = checker.check(message)
    detail = only(verdict, watch.NEWER_MAJOR)
    assert detail == ('payload ActionCancelPayload 2.0 is of a newer major '
                      'version than the newest recorded, 1.0: a consumer of '
                      '1.x cannot read it')
    assert verdict.payload_version is None


@pytest.mark.parametrize('version', ['1', '1.x', '01.0', 1.0, None])
def test_a_version_that_is_none(checker, version):
    message = sample()
    message['payload']['watcher_object.version'] = version
    detail = only(checker.check(message), watch.VERSION)
    assert 'is not "MAJOR.MINOR"' in detail


def test_a_newer_minor_is_shown_and_checked_for_the_fields_it_has(checker):
    message = sample()
    message['payload']['watcher_object.version'] = '1.4'
    message['payload'][DATA]['priority'] = 'high'
    verdict = checker.check(message)
    assert verdict.held and verdict.payload_version == '1.4'
    [newer] = verdict.newer_minors
    assert (newer.name, newer.version, newer.checked_against,
            newer.new_fields) == ('ActionCancelPayload', '1.4', '1.0',
                                  ('priority',))
    assert newer.detail == ('ActionCancelPayload 1.4 is newer than recorded:'
                            ' checked against 1.0: fields priority not '
                            'checked')
    message['payload'][DATA]['state'] = 7
    detail = only(checker.check(message), watch.FIELD)
    assert detail == ("payload.watcher_object.data.state "
                      "(ActionCancelPayload 1.4, field state): 7 is not of "
                      "type 'string', 'null'")


# Fields, against the contract of the version received.

def test_a_field_of_the_wrong_type(checker):
    message = sample()
    message['payload'][DATA]['parents'] = ['not-a-uuid']
    detail = only(checker.check(message), watch.FIELD)
    assert detail.startswith(
        "payload.watcher_object.data.parents[0] (ActionCancelPayload 1.0, "
        "field parents): 'not-a-uuid' does not match '^[a-fA-F0-9]{8}")


def test_a_field_unknown_to_its_version_and_a_missing_one(checker):
    message = sample()
    message['payload'][DATA]['colour'] = 'red'
    del message['payload'][DATA]['state']
    verdict = checker.check(message)
    assert kinds(verdict) == [watch.FIELD, watch.FIELD]
    assert [problem.detail for problem in verdict.problems] == [
        "payload.watcher_object.data.colour (ActionCancelPayload 1.0): the "
        "field 'colour' is not in ActionCancelPayload 1.0",
        "payload.watcher_object.data (ActionCancelPayload 1.0): the field "
        "state is missing; every field is sent"]


def test_nested_objects_are_checked_at_their_own_version(checker):
    message = sample()
    plan = message['payload'][DATA]['action_plan']
    plan[DATA]['uuid'] = 12
    detail = only(checker.check(message), watch.FIELD)
    assert detail == ("payload.watcher_object.data.action_plan."
                      "watcher_object.data.uuid (TerseActionPlanPayload 1.0, "
                      "field uuid): 12 is not of type 'string'")
    plan[DATA]['uuid'] = '76be87bd-3422-43f9-93a0-e85a577e3061'
    plan['watcher_object.version'] = '1.2'
    verdict = checker.check(message)
    assert verdict.held
    assert [(n.name, n.version) for n in verdict.newer_minors] == [
        ('TerseActionPlanPayload', '1.2')]
    plan['watcher_object.version'] = '3.1'
    detail = only(checker.check(message), watch.NEWER_MAJOR)
    assert detail.startswith('payload.watcher_object.data.action_plan '
                             'TerseActionPlanPayload 3.1 is of a newer major')
    plan['watcher_object.version'] = '1.0'
    plan['watcher_object.name'] = 'TerseAuditPayload'
    detail = only(checker.check(message), watch.FIELD)
    assert detail == ("payload.watcher_object.data.action_plan is "
                      "'TerseAuditPayload' '1.0', but the recorded contract "
                      "holds TerseActionPlanPayload")


def test_a_nullable_object_field_may_be_null_and_must_be_an_object(checker):
    message = sample('action-cancel-error.json')
    message['payload'][DATA]['fault'] = None
    assert checker.check(message).held
    message['payload'][DATA]['fault'] = 'boom'
    detail = only(checker.check(message), watch.FIELD)
    assert "field fault): 'boom' is not of type 'object', 'null'" in detail


def test_objects_nesting_without_end_are_refused_unread(checker):
    message = sample()
    deep = message['payload']
    for _ in range(watch.MAX_DEPTH):
        deep[DATA]['action_plan'] = copy.deepcopy(deep)
        deep = deep[DATA]['action_plan']
    verdict = checker.check(message)
    # The payload's own action_plan is a TerseActionPlanPayload: refused at
    # the first level, the rest never read.
    assert kinds(verdict) == [watch.FIELD]


def test_one_object_reports_a_bounded_number_of_wrong_fields(checker):
    message = sample()
    data = message['payload'][DATA]
    for name in ('action_type', 'state', 'uuid', 'parents', 'created_at'):
        data[name] = {'wrong': True}
    for index in range(20):
        data['extra%02d' % index] = index
    verdict = checker.check(message)
    assert len(verdict.problems) == watch.MAX_FIELD_PROBLEMS
    assert set(kinds(verdict)) == {watch.FIELD}


# Versions, on minicompute's recorded history (AggregatePayload 1.0 and
# 1.1: state and placement_rules added; FlavorPayload recorded from 1.1).

def aggregate(version, **data):
    message = load(MINI / 'samples', 'aggregate-add_host-start.json')
    message['payload']['minicompute_object.version'] = version
    message['payload'][MINI_DATA].update(data)
    return message


def test_a_recorded_older_version_is_checked_against_its_own_contract(
        mini_checker):
    message = aggregate('1.0')
    detail = [problem.detail for problem in
              mini_checker.check(message).problems]
    assert detail == [
        "payload.minicompute_object.data.placement_rules (AggregatePayload "
        "1.0): the field 'placement_rules' is not in AggregatePayload 1.0",
        "payload.minicompute_object.data.state (AggregatePayload 1.0): the "
        "field 'state' is not in AggregatePayload 1.0"]
    for name in ('placement_rules', 'state'):
        del message['payload'][MINI_DATA][name]
    assert mini_checker.check(message).held


def test_older_than_recorded(mini_checker):
    message = load(MINI / 'samples', 'flavor-create.json')
    message['payload']['minicompute_object.version'] = '1.0'
    detail = only(mini_checker.check(message), watch.OLDER_THAN_RECORDED)
    assert detail == ('payload FlavorPayload 1.0 is older than its oldest '
                      'recorded version, 1.1 (recorded: 1.1)')


def test_an_enum_value_a_newer_minor_added_holds(mini_checker):
    assert mini_checker.contracts.enum_added_compatible
    detail = only(mini_checker.check(aggregate('1.1', state='retired')),
                  watch.FIELD)
    assert "'retired' is not one of ['active', '_unused', 'draining', None]" \
        in detail
    verdict = mini_checker.check(aggregate('1.2', state='retired'))
    assert verdict.held and verdict.newer_minors
    # A compatible change may make a field nullable, not change its type.
    assert mini_checker.check(aggregate('1.2', name=None)).held
    assert kinds(mini_checker.check(aggregate('1.2', name=3))) == [
        watch.FIELD]


def test_an_enum_value_added_is_a_problem_where_it_is_incompatible(
        mini_checker):
    strict = watch.Checker(dataclasses.replace(
        mini_checker.contracts, enum_added_compatible=False))
    assert kinds(strict.check(aggregate('1.2', state='retired'))) == [
        watch.FIELD]


def test_a_major_no_version_of_which_is_recorded(mini_checker):
    histories = dict(mini_checker.contracts.histories)
    last = histories['AggregatePayload'][-1]
    histories['AggregatePayload'] += (((3, 0), '3.0', last[2]),)
    checker = watch.Checker(dataclasses.replace(mini_checker.contracts,
                                                histories=histories))
    detail = only(checker.check(aggregate('2.1')), watch.VERSION)
    assert detail == ('payload AggregatePayload 2.1: no version of major 2 '
                      'is recorded (recorded: 1.0, 1.1, 3.0)')
    assert checker.check(aggregate('3.0')).held


def test_a_compound_of_the_wrong_shape(mini_checker):
    detail = only(mini_checker.check(aggregate('1.1', metadata=['a'])),
                  watch.FIELD)
    assert "field metadata): ['a'] is not of type 'object'" in detail
    detail = only(mini_checker.check(aggregate('1.1', hosts={'a': 'b'})),
                  watch.FIELD)
    assert "field hosts): {'a': 'b'} is not of type 'array'" in detail


# The quick checks answer as jsonschema does.

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10)
    | st.floats(allow_nan=False, allow_infinity=False, width=32)
    | st.sampled_from(['', 'active', 'draining', '1.5', 'host-1',
                       '76be87bd-3422-43f9-93a0-e85a577e3061',
                       '2016-10-18T09:52:05Z']) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=8)

HAND_WRITTEN = [
    {'type': ['integer'], 'minimum': 0, 'maximum': 5},
    {'type': 'number', 'enum': [1, 1.5, True]},
    {'type': ['string'], 'minLength': 1, 'maxLength': 3},
    {'anyOf': [{'type': 'null'}, {'type': 'array', 'items': {
        'type': 'object', 'additionalProperties': {'type': 'boolean'}}}]},
    {'enum': [None, False, 0, '']},
]


def every_schema(*checkers):
    schemas = list(HAND_WRITTEN)
    for checker in checkers:
        contracts = checker.contracts
        for history in contracts.histories.values():
            for _, _, fields in history:
                for contract in fields.values():
                    for relaxed, keep_enum in ((False, True), (True, True),
                                               (True, False)):
                        schemas.append(watch.contract_schema(
                            contract, relaxed, keep_enum))
    unique = {json.dumps(schema, sort_keys=True): schema
              for schema in schemas}
    return [unique[key] for key in sorted(unique)]


def test_every_contract_schema_compiles_to_a_quick_check(checker,
                                                         mini_checker):
    schemas = every_schema(checker, mini_checker)
    assert len(schemas) > 30
    assert [schema for schema in schemas
            if quickschema.predicate(schema) is None] == []
    assert quickschema.predicate({'$ref': '#/x'}) is None
    assert quickschema.predicate({'type': 'object', 'required': ['a']}) \
        is None


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), value=JSON)
def test_quick_checks_answer_as_jsonschema(checker, mini_checker, data,
                                           value):
    schema = data.draw(st.sampled_from(every_schema(checker, mini_checker)))
    expected = jsonschema.Draft7Validator(schema).is_valid(value)
    assert quickschema.predicate(schema)(value) == expected, (schema, value)


# Mutated real samples: held, or reported with the kind they deserve.

PAYLOAD_SCHEMAS = {
    name: jsonschema.Draft7Validator(json.loads(
        (SAMPLES / 'schemas' / 'payloads' / (name + '.json')).read_text()))
    for name in ('ActionCancelPayload', 'ActionPlanCancelPayload')}


def places(value, path=()):
    """Every (path, value) inside the data of the objects of a payload."""
    if isinstance(value, dict) and DATA in value:
        for name, inner in value[DATA].items():
            where = path + (DATA, name)
            yield where
            yield from places(inner, where)


def value_at(message, path):
    container, key = at(message, path)
    value = container[key]
    return value if isinstance(value, dict) else None


def at(message, path):
    for step in path[:-1]:
        message = message[step]
    return message, path[-1]


@st.composite
def mutations(draw):
    """(message, the kinds it must be reported with or None: held, or the
    validator of its payload's JSON Schema, which decides)."""
    name = draw(st.sampled_from(SAMPLE_NAMES))
    message = sample(name)
    payload = message['payload']
    how = draw(st.sampled_from(['event_type', 'priority', 'publisher',
                                'payload_name', 'namespace', 'version',
                                'value', 'delete', 'add', 'anything']))
    if how == 'event_type':
        text = draw(st.text(max_size=30))
        message['event_type'] = text
        documented = {load(SAMPLES, n)['event_type'] for n in SAMPLE_NAMES}
        # Another documented event type: its payload class decides.
        expected = ({watch.UNKNOWN_EVENT_TYPE} if text not in documented
                    else 'schema-or-class')
    elif how == 'priority':
        priority = draw(st.sampled_from(
            list(vn_catalog.WIRE_PRIORITIES) + ['info', 'WARNING', 'x']))
        documented = message['priority']
        message['priority'] = priority
        expected = (set() if vn_catalog.wire_priority(priority) == documented
                    else {watch.PRIORITY})
    elif how == 'publisher':
        publisher = draw(st.one_of(st.text(max_size=20), st.none(),
                                   st.just('infra-optim:elsewhere')))
        message['publisher_id'] = publisher
        expected = (set() if isinstance(publisher, str)
                    and publisher.split(':', 1)[0] == 'infra-optim'
                    else {watch.PUBLISHER})
    elif how == 'payload_name':
        value = draw(st.text(max_size=30).filter(
            lambda text: text != payload['watcher_object.name']))
        payload['watcher_object.name'] = value
        expected = {watch.PAYLOAD_CLASS}
    elif how == 'namespace':
        payload['watcher_object.namespace'] = draw(
            JSON.filter(lambda value: value != 'watcher'))
        expected = {watch.NAMESPACE}
    elif how == 'version':
        major = draw(st.integers(0, 4))
        minor = draw(st.integers(0, 30))
        version = draw(st.sampled_from(['%d.%d' % (major, minor), 'x.1',
                                        '%d' % major]))
        payload['watcher_object.version'] = version
        number = vn_versions.parse_or_none(version)
        expected = ({watch.VERSION} if number is None else
                    {watch.NEWER_MAJOR} if number[0] > 1 else
                    {watch.OLDER_THAN_RECORDED} if number[0] == 0 else
                    set())
    elif how in ('value', 'delete'):
        path = draw(st.sampled_from(list(places(payload))))
        container, key = at(payload, path)
        if how == 'value':
            container[key] = draw(JSON)
        else:
            del container[key]
        expected = 'schema'
    elif how == 'add':
        objects = [()] + [path for path in places(payload)
                          if DATA in (value_at(payload, path) or ())]
        container, key = at(payload, draw(st.sampled_from(objects)) + (
            DATA, 'added'))
        container[key] = draw(JSON)
        expected = {watch.FIELD}
    else:
        return draw(JSON), 'anything'
    return message, expected


@settings(max_examples=400, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.too_slow])
@given(mutation=mutations())
def test_a_mutated_sample_is_held_or_reported_with_its_kind(checker,
                                                            mutation):
    message, expected = mutation
    verdict = checker.check(message)
    found = set(kinds(verdict))
    assert found <= set(watch.KINDS)
    for problem in verdict.problems:
        assert problem.detail and '\n' not in problem.detail
    if expected == 'anything':
        return
    if expected in ('schema', 'schema-or-class'):
        event = checker.contracts.events[message['event_type']]
        payload = message['payload']
        if payload['watcher_object.name'] not in event.payloads:
            assert found == {watch.PAYLOAD_CLASS}
            return
        [name] = event.payloads
        valid = PAYLOAD_SCHEMAS[name].is_valid(payload)
        assert verdict.held == valid, (verdict.problems, payload)
        assert found <= {watch.FIELD}
        return
    assert found == expected, verdict.problems
