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

"""Field types that do not describe themselves, as Watcher 17.0.0 writes
them (watcher/objects/fields.py), described by fieldtypes and used alike
by the sample values and the schemas."""

import ast
import dataclasses
import json

import jsonschema
from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields
import pytest

from versioned_notifications import fieldtypes
from versioned_notifications import project as vn_project
from versioned_notifications import schema
from versioned_notifications import typedata


# Copies of Watcher's coerce-only types: only coerce(), no get_schema().
class FlexibleDict(ovo_fields.FieldType):
    def coerce(self, obj, attr, value):
        if isinstance(value, str):
            value = ast.literal_eval(value)
        return dict(value)


class FlexibleListOfDict(ovo_fields.FieldType):
    def coerce(self, obj, attr, value):
        if isinstance(value, str):
            value = ast.literal_eval(value)
        return list(value)


class Json(ovo_fields.FieldType):
    def coerce(self, obj, attr, value):
        if isinstance(value, str):
            return json.loads(value)
        return value

    def from_primitive(self, obj, attr, value):
        return self.coerce(obj, attr, value)

    def to_primitive(self, obj, attr, value):
        return json.dumps(value)


class Numeric(ovo_fields.FieldType):
    def coerce(self, obj, attr, value):
        if value is None:
            return value
        f_value = float(value)
        return f_value if not f_value.is_integer() else value


class Declared(ovo_fields.FieldType):
    """Described only by the project's field_types setting."""

    def coerce(self, obj, attr, value):
        if not (isinstance(value, str) and value.startswith('rgb:')):
            raise ValueError('%s must be "rgb:..."' % attr)
        return value


class FieldTypesRegistry(ovo_base.VersionedObjectRegistry):
    pass


@FieldTypesRegistry.register
class FieldTypesTestPayload(ovo_base.VersionedObject):
    VERSION = '1.0'
    fields = {
        'parameters': ovo_fields.Field(FlexibleDict(), nullable=True),
        'efficacy': ovo_fields.Field(FlexibleListOfDict()),
        'blob': ovo_fields.Field(Json()),
        'ratio': ovo_fields.Field(Numeric()),
        # Watcher's DictField: a Dict of the bare FieldType.
        'inputs': ovo_fields.Field(ovo_fields.Dict(ovo_fields.FieldType())),
        'colour': ovo_fields.Field(Declared()),
    }


DECLARED_SPEC = '%s:Declared' % __name__
PROJECT = vn_project.NotificationProject(
    registry='%s:FieldTypesRegistry' % __name__,
    notification_base='%s:FieldTypesTestPayload' % __name__,
    field_types={DECLARED_SPEC: {
        'schema': {'type': ['string'], 'pattern': '^rgb:'},
        'example': 'rgb:336699'}})
DESCRIBER = fieldtypes.Describer.for_project(PROJECT)


def data_schema(cls, describer=DESCRIBER):
    document = schema.object_schema(cls, describer=describer)
    return document['properties']['versioned_object.data']


@pytest.mark.parametrize('field_type, how, example, expected', [
    (FlexibleListOfDict(), fieldtypes.INFERRED, [{'key': 'value'}],
     {'type': ['array'], 'items': {'type': ['object']}}),
    (FlexibleDict(), fieldtypes.INFERRED, {'key': 'value'},
     {'type': ['object']}),
    # Json sends JSON text, whatever it holds.
    (Json(), fieldtypes.INFERRED, [{'key': 'value'}], {'type': ['string']}),
    (Numeric(), fieldtypes.INFERRED, 1.5, {'type': ['number']}),
    (ovo_fields.FieldType(), fieldtypes.ANY_VALUE, 'value', {}),
], ids=lambda value: type(value).__name__)
def test_coerce_only_types_are_inferred(field_type, how, example, expected):
    description = fieldtypes.DEFAULT.describe(field_type)
    assert (description.how, description.example) == (how, example)
    shape = {key: value for key, value in description.schema.items()
             if key in ('type', 'items')}
    assert shape == expected
    assert description.schema[fieldtypes.NOTE_KEY] == how
    assert description.is_fallback


def test_values_and_schemas_agree():
    """The derived sample validates against the derived schema, and a
    value of the wrong shape does not."""
    payload = typedata.build(FieldTypesTestPayload, describer=DESCRIBER)
    primitive = payload.obj_to_primitive()
    data = primitive['versioned_object.data']
    assert data == {
        'parameters': {'key': 'value'},
        'efficacy': [{'key': 'value'}],
        'blob': '[{"key": "value"}]',
        'ratio': 1.5,
        'inputs': {'key': 'value'},
        'colour': 'rgb:336699',
    }
    validator = jsonschema.Draft7Validator(data_schema(FieldTypesTestPayload))
    assert list(validator.iter_errors(data)) == []
    for name, wrong in (('efficacy', {'a': 1}), ('parameters', [1]),
                        ('ratio', 'x'), ('blob', {'a': 1}),
                        ('colour', 'blue')):
        assert not validator.is_valid(dict(data, **{name: wrong})), name
    # A nullable inferred type accepts null; "any JSON value" anything.
    assert validator.is_valid(dict(data, parameters=None,
                                   inputs={'key': [1, {'x': None}]}))


def test_declared_type_is_used_by_values_and_schemas():
    colour = data_schema(FieldTypesTestPayload)['properties']['colour']
    assert colour == {'type': ['string'], 'pattern': '^rgb:'}
    # Without the project, the type accepts none of the probed values.
    description = fieldtypes.DEFAULT.describe(Declared())
    assert description.how == fieldtypes.ANY_VALUE
    assert description.example is fieldtypes.NO_EXAMPLE
    with pytest.raises(typedata.TypeDataError,
                       match='FieldTypesTestPayload.colour: cannot derive a '
                             'value: its type tests.test_fieldtypes:Declared '
                             'refuses every value derived for it'):
        typedata.build(FieldTypesTestPayload)


def test_a_declared_type_without_example_gets_one_from_its_schema():
    project = vn_project.NotificationProject(
        registry='r:R', notification_base='b:B',
        field_types={DECLARED_SPEC: {'schema': {'type': 'string',
                                                'enum': ['rgb:1', 'rgb:1']}}})
    describer = fieldtypes.Describer.for_project(project)
    assert describer.declared(Declared()).schema['enum'] == ['rgb:1']
    payload = typedata.build(FieldTypesTestPayload, describer=describer)
    assert payload.colour == 'rgb:1'


@pytest.mark.parametrize('entry, message', [
    ({'example': 1}, '"schema" must be a JSON Schema'),
    ({'schema': {}, 'examples': [1]}, 'unknown key.*examples'),
    ('rgb', 'must be a dict with "schema" and "example"'),
])
def test_a_bad_declaration_is_named(entry, message):
    project = vn_project.NotificationProject(
        registry='r:R', notification_base='b:B',
        field_types={DECLARED_SPEC: entry})
    with pytest.raises(vn_project.ProjectError,
                       match=r"field_types\['%s'\].*%s"
                             % (DECLARED_SPEC, message)):
        fieldtypes.Describer.for_project(project)


def test_a_declaration_of_a_missing_type_is_named():
    project = vn_project.NotificationProject(
        registry='r:R', notification_base='b:B',
        field_types={'%s:NoSuchType' % __name__: {'schema': {}}})
    with pytest.raises(vn_project.ProjectError,
                       match='NoSuchType'):
        fieldtypes.Describer.for_project(project)


def test_project_with_field_types_stays_hashable():
    again = dataclasses.replace(PROJECT, sample_dir='other')
    assert again.field_types == PROJECT.field_types
    assert hash(again) != hash(PROJECT)
    assert fieldtypes.Describer.for_project(again).declared(
        Declared()).example == 'rgb:336699'


def test_fallback_notes_name_the_fields():
    assert DESCRIBER.fallback_notes(FieldTypesTestPayload) == [
        ('FieldTypesTestPayload.blob', 'Json', fieldtypes.INFERRED),
        ('FieldTypesTestPayload.efficacy', 'FlexibleListOfDict',
         fieldtypes.INFERRED),
        ('FieldTypesTestPayload.inputs[]', 'FieldType', fieldtypes.ANY_VALUE),
        ('FieldTypesTestPayload.parameters', 'FlexibleDict',
         fieldtypes.INFERRED),
        ('FieldTypesTestPayload.ratio', 'Numeric', fieldtypes.INFERRED),
    ]


class Counting(ovo_fields.FieldType):
    calls = 0

    def coerce(self, obj, attr, value):
        type(self).calls += 1
        return dict(value)


def test_probing_runs_once_per_type_class():
    fieldtypes.DEFAULT.describe(Counting())
    first = Counting.calls
    assert first > 0
    for _ in range(50):
        fieldtypes.DEFAULT.describe(Counting())
    assert Counting.calls == first


def test_a_probe_does_not_see_changes_coerce_makes():
    class Mutating(ovo_fields.FieldType):
        def coerce(self, obj, attr, value):
            value.clear()
            return value

    assert fieldtypes.CANDIDATES[1] == {'key': 'value'}
    fieldtypes.DEFAULT.describe(Mutating())
    assert fieldtypes.CANDIDATES[1] == {'key': 'value'}


@pytest.mark.parametrize('words, schema_', [
    ('list of objects', {'type': ['array'], 'items': {'type': ['object']}}),
    ('object', {'type': ['object', 'null']}),
    ('string', {'type': 'string'}),
    (fieldtypes.ANY_VALUE, {}),
])
def test_schema_words(words, schema_):
    assert fieldtypes.schema_words(schema_) == words
