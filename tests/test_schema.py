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

"""The JSON Schemas of payloads and notification messages."""

import copy
import json
import types

import jsonschema
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields
import pytest

from tests.conftest import load_fixture
from versioned_notifications import catalog as vn_catalog
from versioned_notifications import fieldtypes
from versioned_notifications import schema
from versioned_notifications.watcher import fields as watcher_fields
from versioned_notifications.watcher import payloads
from versioned_notifications.watcher.project import PROJECT

Validator = jsonschema.Draft7Validator


def seed_samples():
    """The specification's six samples, as the schema builders take
    samples."""
    found = []
    for entry in vn_catalog.load(PROJECT).entries:
        message = load_fixture('seed', entry.sample)
        found.append(types.SimpleNamespace(
            name=entry.sample, notification_class=entry.notification,
            payload_class=entry.payload,
            event_type=message['event_type'], message=message))
    return found


SAMPLES = seed_samples()
SAMPLE_IDS = [sample.name for sample in SAMPLES]
# This project's contract: its emit() refuses unset fields.
DESCRIBER = fieldtypes.Describer.for_project(PROJECT)


@pytest.fixture(scope='module')
def documents():
    return schema.schema_documents(SAMPLES, DESCRIBER)


def errors(document, instance):
    validator = Validator(document, format_checker=Validator.FORMAT_CHECKER)
    return sorted(error.message for error in validator.iter_errors(instance))


def test_one_file_per_payload_object_and_event_type(documents):
    assert list(documents) == [
        'notifications/action.cancel.end.json',
        'notifications/action.cancel.error.json',
        'notifications/action.cancel.start.json',
        'notifications/action_plan.cancel.end.json',
        'notifications/action_plan.cancel.error.json',
        'notifications/action_plan.cancel.start.json',
        'payloads/ActionCancelPayload.json',
        'payloads/ActionPlanCancelPayload.json',
        'payloads/ExceptionPayload.json',
        'payloads/StrategyPayload.json',
        'payloads/TerseActionPlanPayload.json',
        'payloads/TerseAuditPayload.json',
    ]


def test_documents_are_valid_draft_07(documents):
    for document in documents.values():
        assert document['$schema'] == schema.DRAFT
        Validator.check_schema(document)


def test_documents_are_deterministic(documents):
    again = schema.schema_documents(list(reversed(seed_samples())),
                                    DESCRIBER)
    assert json.dumps(again, sort_keys=True) == json.dumps(
        documents, sort_keys=True)


def test_nested_objects_are_references_to_definitions(documents):
    document = documents['payloads/ActionPlanCancelPayload.json']
    assert sorted(document['definitions']) == [
        'ExceptionPayload', 'StrategyPayload', 'TerseAuditPayload']
    data = document['properties']['watcher_object.data']['properties']
    # With a description beside it: under allOf, which draft-07 reads.
    assert data['audit'] == {
        'allOf': [{'$ref': '#/definitions/TerseAuditPayload'}],
        'description': 'The audit that produced the plan.'}
    assert data['fault']['anyOf'] == [
        {'$ref': '#/definitions/ExceptionPayload'}, {'type': 'null'}]
    # Each file stands alone: nothing refers outside it.
    text = json.dumps(documents)
    assert '"$ref": "#/definitions/' in text
    assert '.json#' not in text


@pytest.mark.parametrize('sample', SAMPLES, ids=SAMPLE_IDS)
def test_seed_sample_is_valid(documents, sample):
    message_schema = documents[schema.message_path(sample.event_type)]
    payload_schema = documents[schema.payload_path(
        sample.payload_class.obj_name())]
    assert errors(message_schema, sample.message) == []
    assert errors(payload_schema, sample.message['payload']) == []


def _plan_cancel(documents):
    sample = SAMPLES[SAMPLE_IDS.index('action_plan-cancel-end.json')]
    return (documents['notifications/action_plan.cancel.end.json'],
            copy.deepcopy(sample.message))


def test_wrong_type_is_rejected(documents):
    document, message = _plan_cancel(documents)
    message['payload']['watcher_object.data']['uuid'] = 42
    assert errors(document, message) == ["42 is not of type 'string'"]


def test_malformed_uuid_is_rejected(documents):
    document, message = _plan_cancel(documents)
    message['payload']['watcher_object.data']['strategy'][
        'watcher_object.data']['uuid'] = 'not-a-uuid'
    assert len(errors(document, message)) == 1


def test_missing_required_field_is_rejected(documents):
    document, message = _plan_cancel(documents)
    del message['payload']['watcher_object.data']['state']
    assert errors(document, message) == ["'state' is a required property"]


def test_missing_nested_required_field_is_rejected(documents):
    document, message = _plan_cancel(documents)
    del message['payload']['watcher_object.data']['audit'][
        'watcher_object.data']['goal_uuid']
    assert errors(document, message) == [
        "'goal_uuid' is a required property"]


def test_wrong_date_time_is_rejected(documents):
    document, message = _plan_cancel(documents)
    message['payload']['watcher_object.data']['created_at'] = 'yesterday'
    assert errors(document, message) == ["'yesterday' is not a 'date-time'"]


def test_other_object_in_place_of_payload_is_rejected(documents):
    document, message = _plan_cancel(documents)
    message['payload']['watcher_object.name'] = 'ActionCancelPayload'
    assert errors(document, message) == [
        "'ActionPlanCancelPayload' was expected"]


def test_envelope_is_checked(documents):
    document, message = _plan_cancel(documents)
    message['event_type'] = 'action_plan.cancel.start'
    message['priority'] = 'info'
    message['timestamp'] = '2016-10-18T09:52:05Z'
    del message['message_id']
    assert len(errors(document, message)) == 4


def test_newer_minor_version_with_a_new_field_is_accepted(documents):
    document, message = _plan_cancel(documents)
    message['payload']['watcher_object.version'] = '1.7'
    message['payload']['watcher_object.data']['new_field'] = 'added in 1.7'
    assert errors(document, message) == []
    message['payload']['watcher_object.version'] = '2.0'
    assert errors(document, message) == [
        "'2.0' does not match '^1\\\\.[0-9]+$'"]


def test_serial_namespace_comes_from_the_class():
    class OtherNamespaceObject(ovo_base.VersionedObject):
        OBJ_SERIAL_NAMESPACE = 'other_object'
        OBJ_PROJECT_NAMESPACE = 'other'
        VERSION = '3.2'
        fields = {'name': ovo_fields.StringField()}

    document = schema.object_schema(OtherNamespaceObject)
    assert sorted(document['properties']) == [
        'other_object.changes', 'other_object.data', 'other_object.name',
        'other_object.namespace', 'other_object.version']
    assert document['required'] == [
        'other_object.namespace', 'other_object.name',
        'other_object.version', 'other_object.data']
    assert document['properties']['other_object.namespace']['const'] == (
        'other')
    assert errors(document, {
        'other_object.namespace': 'other',
        'other_object.name': 'OtherNamespaceObject',
        'other_object.version': '3.0',
        'other_object.data': {'name': 'x'}}) == []


@pytest.mark.parametrize('cls', vn_catalog.object_closure(
    [payloads.ActionPlanCancelPayload, payloads.ActionCancelPayload]),
    ids=lambda cls: cls.obj_name())
def test_shape_is_oslo_to_json_schema(cls):
    """Apart from the documented differences, the schema is what
    oslo.versionedobjects' own to_json_schema() says."""
    oslo = cls.to_json_schema()
    ours = schema.object_schema(cls, describer=DESCRIBER)
    assert ours['title'] == oslo['title']
    assert ours['required'] == oslo['required']
    assert sorted(ours['properties']) == sorted(oslo['properties'])
    data_key = cls._obj_primitive_key('data')
    oslo_data = oslo['properties'][data_key]
    ours_data = ours['properties'][data_key]
    # oslo requires the non-nullable fields; a complete payload sends
    # every field, so all of them are required.
    assert set(oslo_data['required']) <= set(ours_data['required'])
    assert ours_data['required'] == sorted(cls.fields)
    assert ours_data['description'] == oslo_data['description']
    for name, field in cls.fields.items():
        if isinstance(field._type, ovo_fields.Object):
            continue
        expected = oslo_data['properties'][name]
        # The field's description is ours alone (oslo's has none).
        ours_field = dict(ours_data['properties'][name])
        ours_field.pop('description', None)
        assert ours_field == without_readonly(expected), name


def without_readonly(oslo_schema):
    """oslo's schema as plain JSON, without its ``readonly: false``."""
    plain = {}
    for key, value in json.loads(json.dumps(oslo_schema)).items():
        if key == 'readonly':
            assert value is False
            continue
        plain[key] = without_readonly(value) if isinstance(
            value, dict) else value
    return plain


def field_errors(field, value):
    return errors(schema.field_schema(field), value)


def test_nullable_enum_accepts_null():
    field = watcher_fields.NotificationPhaseField(nullable=True)
    assert field_errors(field, None) == []
    assert field_errors(field, 'start') == []
    assert field_errors(field, 'later') != []
    # oslo's own schema rejects the null the field allows.
    assert errors(field.get_schema(), None) != []


def test_ip_address_field_has_a_schema():
    field = ovo_fields.IPAddressField(nullable=True)
    with pytest.raises(AttributeError):
        field.get_schema()
    for good in ('192.168.1.3', 'fe80::1', None):
        assert field_errors(field, good) == [], good
    assert field_errors(field, 'not-an-address') != []


def test_ipv4_and_v6_address_is_decidable_without_format_checks():
    document = schema.field_schema(ovo_fields.IPV4AndV6AddressField())
    assert Validator(document).is_valid('192.168.1.3')


def test_list_of_objects_references_the_element():
    field = ovo_fields.ListOfObjectsField('ExceptionPayload')
    assert schema.field_schema(field) == {
        'type': ['array'], 'items': {'$ref': '#/definitions/ExceptionPayload'}}


def test_read_only_and_default_survive_a_reference():
    field = ovo_fields.ObjectField('ExceptionPayload', read_only=True,
                                   default=None)
    assert schema.field_schema(field) == {
        'allOf': [{'$ref': '#/definitions/ExceptionPayload'}],
        'readOnly': True, 'default': None}


def test_unregistered_object_is_named():
    class Broken(ovo_base.VersionedObject):
        fields = {'thing': ovo_fields.ObjectField('NoSuchObject')}

    with pytest.raises(schema.SchemaError,
                       match='Broken.thing names the object NoSuchObject, '
                             'which is not registered'):
        schema.object_schema(Broken)


def test_field_type_without_schema_is_any_json_value():
    class Opaque(ovo_fields.FieldType):
        pass

    class Holder(ovo_base.VersionedObject):
        fields = {'blob': ovo_fields.Field(Opaque(), nullable=True)}

    document = schema.object_schema(Holder)
    blob = document['properties']['versioned_object.data']['properties'][
        'blob']
    assert blob[fieldtypes.NOTE_KEY] == fieldtypes.ANY_VALUE
    assert 'Opaque does not describe itself' in blob['description']
    for value in ({'a': [1]}, 'text', None, 2.5):
        assert errors(blob, value) == [], value


def test_every_failing_field_is_reported_at_once():
    class Broken(ovo_base.VersionedObject):
        fields = {
            'first': ovo_fields.ObjectField('NoSuchObject'),
            'fine': ovo_fields.StringField(),
            'second': ovo_fields.ListOfObjectsField('NoSuchOther'),
            'third': ovo_fields.Field(ovo_fields.FieldType(),
                                      default=object()),
        }

    with pytest.raises(schema.SchemaError) as error:
        schema.object_schema(Broken)
    message = str(error.value)
    assert message.startswith('3 fields cannot be described:')
    assert 'Broken.first names the object NoSuchObject' in message
    assert 'Broken.second names the object NoSuchOther' in message
    assert 'Broken.third: the default' in message
    assert len(error.value.problems) == 3


class _UnsetRegistry(ovo_base.VersionedObjectRegistry):
    pass


@_UnsetRegistry.register
class SchemaTestUnsetPayload(ovo_base.VersionedObject):
    VERSION = '1.0'
    fields = {
        'name': ovo_fields.StringField(),
        'note': ovo_fields.StringField(nullable=True),
    }


@pytest.mark.parametrize('complete, valid', [(False, True), (True, False)])
def test_unset_fields_are_valid_unless_payloads_are_complete(complete,
                                                             valid):
    # oslo leaves unset fields out of the primitive, nullable or not.
    primitive = SchemaTestUnsetPayload(note='set').obj_to_primitive()
    assert primitive['versioned_object.data'] == {'note': 'set'}
    document = schema.object_schema(
        SchemaTestUnsetPayload,
        describer=fieldtypes.Describer(complete_payloads=complete))
    assert (errors(document, primitive) == []) is valid
    full = SchemaTestUnsetPayload(name='n', note=None).obj_to_primitive()
    assert errors(document, full) == []


def test_duplicated_enum_values_are_listed_once():
    field = ovo_fields.EnumField(
        valid_values=['running', '_unused', 'paused', '_unused'],
        nullable=True)
    assert schema.field_schema(field)['enum'] == [
        'running', '_unused', 'paused', None]


class _IPSubclass(ovo_fields.IPAddress):
    """A project's own subclass of a type whose oslo schema raises."""


class _RaisingDict(ovo_fields.Dict):
    def get_schema(self):
        raise NotImplementedError


def test_subclass_of_an_oslo_type_is_described_as_its_ancestor():
    ip = schema.field_schema(ovo_fields.Field(_IPSubclass()))
    assert errors(ip, 'fe80::1') == []
    assert errors(ip, 'not-an-address') != []
    mapping = schema.field_schema(ovo_fields.Field(
        _RaisingDict(ovo_fields.String())))
    assert mapping == {'type': ['object'],
                       'additionalProperties': {'type': ['string']}}


def test_sample_without_event_type_is_named():
    sample = types.SimpleNamespace(**dict(vars(SAMPLES[0]), event_type=None))
    with pytest.raises(schema.SchemaError, match=sample.name):
        schema.schema_documents([sample])


def test_event_type_sent_by_two_classes_accepts_either_payload():
    first, second = SAMPLES[0], SAMPLES[3]
    assert first.payload_class is not second.payload_class
    shared = [types.SimpleNamespace(**dict(vars(s), event_type='x.shared'))
              for s in (first, second)]
    document = schema.schema_documents(shared)['notifications/x.shared.json']
    for sample in (first, second):
        message = dict(sample.message, event_type='x.shared')
        assert errors(document, message) == []


class SchemaTestRegistry(ovo_base.VersionedObjectRegistry):
    pass


@SchemaTestRegistry.register
class SchemaTestNode(ovo_base.VersionedObject):
    """A tree: an object that holds objects of its own class."""

    OBJ_SERIAL_NAMESPACE = 'schematest_object'
    OBJ_PROJECT_NAMESPACE = 'schematest'
    VERSION = '1.0'
    fields = {
        'label': ovo_fields.StringField(),
        'children': ovo_fields.ListOfObjectsField('SchemaTestNode'),
    }


def test_an_object_holding_its_own_class_refers_to_itself():
    document = schema.payload_document(SchemaTestNode)
    Validator.check_schema(document)
    assert 'definitions' not in document
    data = document['properties']['schematest_object.data']['properties']
    assert data['children'] == {'type': ['array'], 'items': {'$ref': '#'}}
    leaf = SchemaTestNode(label='leaf', children=[])
    tree = SchemaTestNode(label='root', children=[leaf])
    primitive = tree.obj_to_primitive()
    assert errors(document, primitive) == []
    primitive['schematest_object.data']['children'][0][
        'schematest_object.data']['label'] = 7
    assert errors(document, primitive) == ["7 is not of type 'string'"]
