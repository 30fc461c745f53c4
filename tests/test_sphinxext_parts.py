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

"""The extension's parts that need no Sphinx build: types in words,
descriptions inherited through the MRO, version history comments."""

from oslo_versionedobjects import fields as ovo_fields

from tests import test_fieldtypes
from versioned_notifications import versioncomments
from versioned_notifications.sphinxext import fieldtable
from versioned_notifications.watcher import base
from versioned_notifications.watcher import fields


def test_types_in_words():
    describer = fieldtable.TypeDescriber(base.WatcherObjectRegistry)
    cases = {
        fields.UUIDField(): 'UUID',
        fields.DateTimeField(nullable=True): 'DateTime',
        fields.StringField(): 'String',
        fields.NotificationPhaseField(): 'Enum: start, end, error',
        fields.ListOfUUIDsField(): 'List of UUID',
        ovo_fields.ObjectField('TerseAuditPayload'):
            'Object: TerseAuditPayload 1.0',
        ovo_fields.ListOfObjectsField('StrategyPayload'):
            'List of Object: StrategyPayload 1.0',
        ovo_fields.DictOfIntegersField(): 'Dict of Integer',
        ovo_fields.ObjectField('NotRegistered'): 'Object: NotRegistered',
    }
    for field, words in cases.items():
        parts, _ = describer.describe(field._type)
        assert fieldtable.parts_text(parts) == words


def test_types_that_do_not_describe_themselves_in_words():
    # Watcher 17.0.0's coerce-only types, and a duplicated enum value.
    describer = fieldtable.TypeDescriber(base.WatcherObjectRegistry)
    cases = {
        ovo_fields.Field(test_fieldtypes.FlexibleListOfDict()):
            'FlexibleListOfDict (list of objects)',
        ovo_fields.Field(test_fieldtypes.FlexibleDict()):
            'FlexibleDict (object)',
        ovo_fields.Field(test_fieldtypes.Json()): 'Json (string)',
        ovo_fields.Field(ovo_fields.Dict(ovo_fields.FieldType())):
            'Dict of FieldType (any JSON value)',
        ovo_fields.EnumField(valid_values=['on', '_unused', 'off',
                                           '_unused']):
            'Enum: on, _unused, off',
    }
    for field, words in cases.items():
        parts, _ = describer.describe(field._type)
        assert fieldtable.parts_text(parts) == words
    declared = fieldtable.TypeDescriber(base.WatcherObjectRegistry,
                                        test_fieldtypes.DESCRIBER)
    parts, _ = declared.describe(test_fieldtypes.Declared())
    assert fieldtable.parts_text(parts) == 'Declared (string)'


def test_nested_object_types_link_to_the_payload():
    describer = fieldtable.TypeDescriber(base.WatcherObjectRegistry)
    parts, names = describer.describe(
        ovo_fields.ListOfObjectsField('StrategyPayload')._type)
    assert parts == ('List of ', 'Object: ',
                     (fieldtable.PAYLOAD, 'StrategyPayload'), ' 1.0')
    assert names == ['StrategyPayload']


class Versioned:
    # Version 1.0: Initial version
    # Version 1.1: Added 'reason', which older
    #              consumers ignore

    # Version 1.2: Made 'reason' nullable
    VERSION = '1.2'

    def method(self):
        # Version 9.9: not history, below VERSION
        return None


class Inheriting(Versioned):
    pass


def test_version_history_from_comments():
    assert versioncomments.read(Versioned) == [
        ('1.0', 'Initial version'),
        ('1.1', "Added 'reason', which older consumers ignore"),
        ('1.2', "Made 'reason' nullable"),
    ]
    assert versioncomments.read(Inheriting) == versioncomments.read(
        Versioned)
    assert versioncomments.read(type('Made', (), {'VERSION': '1.0'})) \
        == []
