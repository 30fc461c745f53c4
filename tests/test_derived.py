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

"""Derived data a reader takes for real: each field gets the first of its
candidates that its own coerce() accepts, through the command a project
runs; a type refusing them all is one error saying how to declare it."""

import dataclasses
import json
import re

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from oslo_versionedobjects import fields as ovo_fields
import pytest

from tests import typed_project
from versioned_notifications import cli
from versioned_notifications import fieldtypes
from versioned_notifications import generator
from versioned_notifications import typedata

IDENT = 'tests.typed_project:IDENT'
REFUSED = 'tests.typed_project:REFUSED'


def run(capsys, *argv):
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def data(path, namespace):
    message = json.loads(path.read_text('utf-8'))
    return message['payload']['%s_object.data' % namespace]


def test_a_services_own_uuid_types_get_uuids(tmp_path, capsys):
    status, out, err = run(capsys, '--project', IDENT, 'generate',
                           '--output', str(tmp_path))
    assert (status, err) == (0, '')
    uuid = typedata.derived_uuid
    assert data(tmp_path / 'ident-update.json', 'ident') == {
        # A String subclass named for UUIDs, refusing its field's name.
        'id': uuid('IdentPayload', 'id'),
        # A FieldType with no get_schema(), and a nullable list of it.
        'key': uuid('IdentPayload', 'key'),
        'keys': [uuid('IdentPayload', 'keys')],
        # Plain strings whose names say more than their type.
        'image_uuid': uuid('IdentPayload', 'image_uuid'),
        'created_at': '2016-10-18T09:52:05Z',
        'host': 'host-1',
        # Where neither says more: the name.
        'name': 'name',
    }
    # The undescribed type is documented as what it takes.
    schema = json.loads((tmp_path / 'schemas/payloads/IdentPayload.json')
                        .read_text('utf-8'))
    key = schema['properties']['ident_object.data']['properties']['key']
    assert (key['type'], key['format'], key[fieldtypes.NOTE_KEY]) == (
        ['string'], 'uuid', fieldtypes.INFERRED)
    status, out, err = run(capsys, '--project', IDENT, 'check', '--output',
                           str(tmp_path))
    assert (status, err) == (0, '')
    assert '2 samples current' in out


def _tried(field):
    return ', '.join([
        '"%s"' % field, '"%s"' % typedata.derived_uuid('RefusedPayload',
                                                       field),
        'datetime 2016-10-18T09:52:05+00:00', '"2016-10-18T09:52:05Z"',
        '"192.0.2.1"', '"2001:db8::1"', '"192.0.2.0/24"', '"2001:db8::/64"',
        '"52:54:00:12:34:56"', '"0000:00:01.0"', '1', '1.5', 'true',
        '{"key": "value"}', '["value"]', '[{"key": "value"}]', '"value"'])


def test_a_type_refusing_every_value_is_one_error_saying_how_to_declare_it(
        tmp_path, capsys):
    status, out, err = run(capsys, '--project', REFUSED, 'generate',
                           '--output', str(tmp_path))
    # Two fields of the type, two samples carrying them: one error.
    assert status == 2
    assert err.splitlines() == [
        'versioned-notifications: error: the field type '
        'tests.typed_project:RefusedBlob refuses every value derived for '
        'RefusedPayload.blob, RefusedPayload.blobs (tried for '
        'RefusedPayload.blob: %s); declare what it sends: '
        'NotificationProject(field_types={\'tests.typed_project:RefusedBlob\''
        ': {"schema": <JSON Schema of what it sends>, "example": <a value it '
        'sends>}}), or give hand-written data for them (examples); not '
        'built: refused-update.json, refused-delete.json' % _tried('blob'),
        'versioned-notifications: error: the schemas and asyncapi.json are '
        'left as they are until every sample can be built']
    assert out.splitlines()[-1] == (
        '0 written, 0 unchanged, 0 deleted, 2 failed in %s' % tmp_path)
    assert not (tmp_path / 'refused-update.json').exists()


def test_each_sample_a_refusal_stops_still_fails_with_its_own_cause():
    result = generator.generate(typed_project.REFUSED, '/nonexistent')
    assert [(error.sample, error.refused_only) for error in result.errors] \
        == [('refused-update.json', True), ('refused-delete.json', True)]
    assert result.errors[0].cause == (
        'the types of RefusedPayload.blob, RefusedPayload.blobs refuse every '
        'value derived for them (reported once per field type)')
    [first, *_] = result.errors[0].refusals
    assert str(first) == (
        'RefusedNotification.payload.blob: cannot derive a value: its type '
        'tests.typed_project:RefusedBlob refuses every value derived for it '
        '(tried %s); declare what it sends: NotificationProject(field_types='
        '{\'tests.typed_project:RefusedBlob\': {"schema": <JSON Schema of '
        'what it sends>, "example": <a value it sends>}}), or give '
        'hand-written data for it' % _tried('blob'))
    # Its nullable field is null: no refusal.
    assert {refusal.field for refusal in result.errors[0].refusals} == {
        'RefusedPayload.blob', 'RefusedPayload.blobs'}
    payload = typedata.build(typed_project.RefusedPayload,
                             {'blob': b'x', 'blobs': [b'y']})
    assert payload.spare is None


def test_a_declared_example_the_type_refuses_names_the_setting(
        tmp_path, capsys):
    project = dataclasses.replace(typed_project.REFUSED, field_types={
        'tests.typed_project:RefusedBlob': {'schema': {'type': 'string'},
                                            'example': 'blob'}})
    result = generator.generate(project, tmp_path)
    assert [error.refused_only for error in result.errors] == [False, False]
    assert result.errors[0].cause.startswith(
        '3 fields of RefusedNotification cannot be given a value:\n'
        '  RefusedNotification.payload.blob: the example the project '
        'declares for RefusedBlob, "blob", is refused by its coerce(): blob '
        'must be bytes; correct field_types['
        '\'tests.typed_project:RefusedBlob\']\n')


class HypoMAC(ovo_fields.String):
    """A String that says what it takes in its schema's pattern only."""

    PATTERN = '^[0-9a-f]{2}(:[0-9a-f]{2}){5}$'

    def coerce(self, obj, attr, value):
        if not re.match(self.PATTERN, str(value)):
            raise ValueError('%s: not a MAC address' % attr)
        return str(value)

    def get_schema(self):
        return {'type': ['string'], 'pattern': self.PATTERN}


class HypoUUIDText(ovo_fields.String):
    """A String that takes any text but says it holds a UUID."""

    def get_schema(self):
        return {'type': ['string'], 'format': 'uuid'}


def _oslo_types():
    """Every oslo.versionedobjects field type made without arguments."""
    found = []
    for _, kind in sorted(vars(ovo_fields).items()):
        if not (isinstance(kind, type)
                and issubclass(kind, ovo_fields.FieldType)):
            continue
        try:
            kind()
        except TypeError:
            continue  # Enum, Object and the compounds: below
        found.append(kind)
    return found


OSLO_TYPES = _oslo_types()
SCALARS = (
    st.sampled_from(OSLO_TYPES + [typed_project.IdentUUID,
                                  typed_project.IdentKey, HypoMAC,
                                  HypoUUIDText]).map(lambda kind: kind())
    | st.lists(st.text(min_size=1, max_size=8), min_size=1, max_size=4,
               unique=True).map(ovo_fields.Enum))


@st.composite
def any_field(draw):
    field_type = draw(SCALARS)
    compound = draw(st.sampled_from([None, ovo_fields.List,
                                     ovo_fields.Dict]))
    if compound:
        field_type = compound(field_type)
    return ovo_fields.Field(field_type, nullable=draw(st.booleans()))


NAMES = (st.sampled_from(['uuid', 'image_uuid', 'created_at', 'host',
                          'hosts', 'source_host', 'name', 'address'])
         | st.from_regex(r'\Af_[a-z0-9_]{0,12}\Z'))


@pytest.fixture(scope='module')
def hypo_dir(tmp_path_factory):
    yield tmp_path_factory.mktemp('hypo')
    # Back to the payload tests/typed_project.py registers.
    typed_project.TypedRegistry.register(typed_project.HypoPayload)


def test_the_oslo_types_are_all_there():
    names = {kind.__name__ for kind in OSLO_TYPES}
    assert {'String', 'UUID', 'DateTime', 'IPAddress', 'IPV6Network',
            'MACAddress', 'PCIAddress', 'VersionPredicate', 'FieldType',
            'SensitiveString', 'FlexibleBoolean'} <= names


@settings(max_examples=150, deadline=None)
@given(field=any_field(), name=NAMES)
def test_every_field_type_gets_a_value_it_accepts_in_a_valid_sample(
        field, name, hypo_dir):
    payload_cls = type('HypoPayload', (typed_project.HypoObject,), {
        'VERSION': '1.0', 'fields': {name: field},
        '__module__': typed_project.__name__})
    typed_project.TypedRegistry.register(payload_cls)
    result = generator.generate(typed_project.HYPO, hypo_dir)
    # Built, and valid against its JSON Schema and its field types.
    assert (result.errors, result.invalid) == ([], [])
    [sample] = result.samples
    value = sample.message['payload']['hypo_object.data'][name]
    # A value, even for a nullable field.
    assert value is not None
    # The field's own coerce() takes the value read back.
    read = payload_cls.obj_from_primitive(sample.message['payload'])
    field.coerce(read, name, getattr(read, name))
    schema = fieldtypes.DEFAULT.describe(field._type).schema
    if schema.get('format') == 'uuid':
        assert value == typedata.derived_uuid('HypoPayload', name)
