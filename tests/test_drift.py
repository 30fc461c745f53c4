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

"""The contract check reaches objects nested in lists, sets and dicts:
a stale object there is drift as much as one in an object field."""

import copy
import json

from oslo_versionedobjects import base as ovo_base
from oslo_versionedobjects import fields as ovo_fields
import pytest

from versioned_notifications import drift


class NestedDriftRegistry(ovo_base.VersionedObjectRegistry):
    pass


class NestedDriftObject(ovo_base.VersionedObject):
    OBJ_SERIAL_NAMESPACE = 'nested_drift_object'
    OBJ_PROJECT_NAMESPACE = 'nested_drift'


@NestedDriftRegistry.register
class NestedDriftItem(NestedDriftObject):
    # 1.1: added "size".
    VERSION = '1.1'

    fields = {
        'name': ovo_fields.StringField(),
        'size': ovo_fields.IntegerField(),
    }


@NestedDriftRegistry.register
class NestedDriftPayload(NestedDriftObject):
    VERSION = '1.0'

    fields = {
        'single': ovo_fields.ObjectField('NestedDriftItem'),
        'listed': ovo_fields.ListOfObjectsField('NestedDriftItem'),
        'keyed': ovo_fields.Field(
            ovo_fields.Dict(ovo_fields.Object('NestedDriftItem'))),
        'grouped': ovo_fields.Field(
            ovo_fields.Set(ovo_fields.Object('NestedDriftItem'))),
        'nested': ovo_fields.Field(ovo_fields.List(
            ovo_fields.Dict(ovo_fields.Object('NestedDriftItem')))),
    }


def _item(name):
    return NestedDriftItem(name=name, size=1)


def _current():
    payload = NestedDriftPayload(
        single=_item('single'), listed=[_item('a'), _item('b')],
        keyed={'k': _item('k')}, grouped={_item('g')},
        nested=[{'n': _item('n')}])
    # Through JSON, as a sample file holds it (a set becomes a list).
    return json.loads(json.dumps(payload.obj_to_primitive()))


def _stale(item):
    """An item as its 1.0 sent it: no "size"."""
    item['nested_drift_object.version'] = '1.0'
    del item['nested_drift_object.data']['size']


def _data(primitive):
    return primitive['nested_drift_object.data']


def test_the_current_primitive_has_no_drift():
    assert drift.contract_drift(_current(), NestedDriftPayload) == []


@pytest.mark.parametrize('field, reach, where', [
    ('single', lambda value: value, 'NestedDriftPayload.single'),
    ('listed', lambda value: value[1], 'NestedDriftPayload.listed[1]'),
    ('keyed', lambda value: value['k'], 'NestedDriftPayload.keyed[k]'),
    ('grouped', lambda value: value[0], 'NestedDriftPayload.grouped[0]'),
    ('nested', lambda value: value[0]['n'],
     'NestedDriftPayload.nested[0][n]'),
])
def test_a_stale_nested_object_is_drift(field, reach, where):
    primitive = _current()
    value = copy.deepcopy(_data(primitive)[field])
    _stale(reach(value))
    _data(primitive)[field] = value

    found = drift.contract_drift(primitive, NestedDriftPayload)

    assert found == [
        'NestedDriftItem (%s): version 1.0 in the sample, 1.1 in the code'
        % where,
        'NestedDriftItem (%s): the code has field(s) the sample lacks: size'
        % where,
    ]


def test_an_object_of_another_class_in_a_list_is_drift():
    primitive = _current()
    _data(primitive)['listed'][0]['nested_drift_object.name'] = 'Other'

    assert drift.contract_drift(primitive, NestedDriftPayload) == [
        "NestedDriftPayload.listed[0]: the sample has object 'Other' where "
        "the code sends NestedDriftItem"]
