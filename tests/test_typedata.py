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

"""Data derived from field types, on a test-only notification whose
payload uses every field type of the catalog."""

import datetime
import uuid

from oslo_versionedobjects import fields as ovo_fields
import pytest

from tests import typed_project
from versioned_notifications import typedata

UTC = datetime.timezone.utc


def derived_uuid(name):
    return str(uuid.uuid5(typedata.UUID_NAMESPACE, name))


@pytest.fixture(scope='module')
def notification():
    return typedata.build(typed_project.TypedServerNotification)


def test_builds_the_real_classes_without_their_constructors(notification):
    payload = notification.payload
    # Both constructors raise when called: the objects exist regardless,
    # and the nearest constructor that needs no argument did run.
    assert type(notification) is typed_project.TypedServerNotification
    assert type(payload) is typed_project.TypedServerPayload
    assert payload.base_initialised is True
    assert all(payload.obj_attr_is_set(name) for name in payload.fields)


def test_scalar_fields(notification):
    payload = notification.payload
    assert payload.uuid == derived_uuid('TypedServerPayload.uuid')
    assert payload.name == 'name'
    assert payload.created_at == datetime.datetime(2016, 10, 18, 9, 52, 5,
                                                   tzinfo=UTC)
    assert payload.locked is True
    assert payload.interval == 1
    assert payload.ratio == 1.5


def test_nullable_fields_get_a_value_of_their_type(notification):
    payload = notification.payload
    assert payload.deleted_at == typedata.FIXED_INSTANT
    assert payload.interval == 1
    assert payload.fault.obj_name() == 'TypedHostPayload'


def test_enums_take_their_first_valid_value(notification):
    assert notification.payload.state == 'start'
    assert notification.payload.power == 'on'
    assert notification.priority == 'debug'
    assert notification.event_type.action == 'update'


def test_nested_objects_are_built_recursively(notification):
    host = notification.payload.host
    assert type(host) is typed_project.TypedHostPayload
    assert (host.name, str(host.address), host.cores) == (
        'name', '192.0.2.1', 1)


def test_lists_hold_one_element(notification):
    payload = notification.payload
    [volume] = payload.volumes
    assert type(volume) is typed_project.TypedVolumePayload
    assert volume.uuid == derived_uuid('TypedVolumePayload.uuid')
    assert payload.tags == ['tags']
    assert payload.parents == [derived_uuid('TypedServerPayload.parents')]


def test_dicts_hold_one_stable_entry(notification):
    payload = notification.payload
    assert payload.metadata == {'key': 'metadata'}
    # The project's own field types are derived from their JSON Schema.
    assert payload.parameters == {'key': 'value'}
    assert payload.scope == [{'key': 'value'}]


@typed_project.TypedRegistry.register
class TypedTreePayload(typed_project.TypedObject):
    VERSION = '1.0'

    fields = {
        'name': ovo_fields.StringField(),
        'parent': ovo_fields.ObjectField('TypedTreePayload', nullable=True),
        'children': ovo_fields.ListOfObjectsField('TypedTreePayload'),
    }


@typed_project.TypedRegistry.register
class TypedLoopPayload(typed_project.TypedObject):
    VERSION = '1.0'

    fields = {'next': ovo_fields.ObjectField('TypedLoopPayload')}


def test_a_reference_back_to_the_class_ends_the_recursion():
    tree = typedata.build(TypedTreePayload)
    assert (tree.name, tree.parent, tree.children) == ('name', None, [])


def test_a_loop_of_required_objects_asks_for_hand_written_data():
    with pytest.raises(typedata.TypeDataError,
                       match='^TypedLoopPayload.next: TypedLoopPayload '
                             'contains itself'):
        typedata.build(TypedLoopPayload)


def test_the_primitive_has_no_pending_changes(notification):
    primitive = notification.payload.obj_to_primitive()
    assert 'typed_object.changes' not in primitive
    assert 'typed_object.changes' not in primitive['typed_object.data'][
        'host']


def test_same_classes_same_data():
    first = typedata.build(typed_project.TypedServerNotification)
    second = typedata.build(typed_project.TypedServerNotification)
    assert first.obj_to_primitive() == second.obj_to_primitive()


def test_hand_written_values_override_and_are_coerced():
    notification = typedata.build(
        typed_project.TypedServerNotification,
        {'payload': {'name': 'web-1', 'parameters': '{"cpu": 2}',
                     'host': {'cores': 8}}})
    payload = notification.payload
    assert payload.name == 'web-1'
    # The class's own coercion ran: the JSON string became a dict.
    assert payload.parameters == {'cpu': 2}
    assert payload.host.cores == 8
    assert payload.host.name == 'name'
    assert payload.uuid == derived_uuid('TypedServerPayload.uuid')


def test_a_refused_value_names_the_field():
    with pytest.raises(typedata.TypeDataError) as error:
        typedata.build(typed_project.TypedServerNotification,
                       {'payload': {'uuid': 'not-a-uuid'}})
    message = str(error.value)
    assert 'TypedServerNotification.payload.uuid' in message
    assert "'not-a-uuid' is not a UUID" in message


def test_an_unknown_override_names_the_class():
    with pytest.raises(typedata.TypeDataError,
                       match='names colour, which TypedVolumePayload has '
                             'no field for'):
        typedata.build(typed_project.TypedVolumePayload, {'colour': 'red'})


class Refusing(ovo_fields.FieldType):
    """A field type that describes itself nowhere and whose coerce()
    accepts none of the JSON values offered."""

    def coerce(self, obj, attr, value):
        if not isinstance(value, bytes):
            raise ValueError('%s wants bytes' % attr)
        return value


@typed_project.TypedRegistry.register
class TypedOpaquePayload(typed_project.TypedObject):
    VERSION = '1.0'

    fields = {
        'blob': ovo_fields.Field(Refusing()),
        'maybe': ovo_fields.Field(Refusing(), nullable=True),
    }


def test_an_underivable_type_names_the_field():
    with pytest.raises(typedata.TypeDataError) as error:
        typedata.build(TypedOpaquePayload)
    assert str(error.value).startswith(
        'TypedOpaquePayload.blob: cannot derive a value: its type '
        'tests.test_typedata:Refusing refuses every value derived for it '
        '(tried "blob", "%s", ' % derived_uuid('TypedOpaquePayload.blob'))
    assert str(error.value).endswith(
        'declare what it sends: NotificationProject(field_types='
        '{\'tests.test_typedata:Refusing\': {"schema": <JSON Schema of what '
        'it sends>, "example": <a value it sends>}}), or give hand-written '
        'data for it')
    [refusal] = error.value.refusals
    assert (refusal.field, refusal.spec) == ('TypedOpaquePayload.blob',
                                             'tests.test_typedata:Refusing')
    # Hand-written data is the way out; the nullable field is null.
    built = typedata.build(TypedOpaquePayload, {'blob': b'x'})
    assert (built.blob, built.maybe) == (b'x', None)


@typed_project.TypedRegistry.register
class TypedManyFailuresPayload(typed_project.TypedObject):
    VERSION = '1.0'

    fields = {
        'blob': ovo_fields.Field(Refusing()),
        'count': ovo_fields.IntegerField(),
        'host': ovo_fields.ObjectField('TypedHostPayload'),
        'name': ovo_fields.StringField(),
    }


def test_every_failing_field_is_reported_in_one_error():
    with pytest.raises(typedata.TypeDataError) as error:
        typedata.build(TypedManyFailuresPayload,
                       {'count': 'many', 'host': {'cores': 'all'}})
    message = str(error.value)
    assert message.startswith(
        '3 fields of TypedManyFailuresPayload cannot be given a value:')
    assert [problem.split(':')[0] for problem in error.value.problems] == [
        'TypedManyFailuresPayload.blob',
        'TypedManyFailuresPayload.count',
        'TypedManyFailuresPayload.host.cores']
    assert "'many'" in message and "'all'" in message
