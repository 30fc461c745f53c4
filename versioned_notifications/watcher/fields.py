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

"""Field types of the infra-optim notifications.

oslo.versionedobjects' own UUID field only warns on a malformed value and its
enum error does not say which field was wrong; notifications are a wire
contract, so the fields here reject bad values with a message that names the
object and the field.
"""

import json

from oslo_utils import uuidutils
from oslo_versionedobjects import fields

# Re-exported so that payload modules take every field from one place.
BooleanField = fields.BooleanField
DateTimeField = fields.DateTimeField
IntegerField = fields.IntegerField
ObjectField = fields.ObjectField
StringField = fields.StringField
ListOfObjectsField = fields.ListOfObjectsField


def _where(obj, attr):
    owner = obj.obj_name() if obj is not None else 'object'
    return '%s.%s' % (owner, attr)


class UUID(fields.UUID):
    def coerce(self, obj, attr, value):
        if not uuidutils.is_uuid_like(value):
            raise ValueError(
                '%s: %r is not a UUID; pass a value such as '
                '"76be87bd-3422-43f9-93a0-e85a577e3061"'
                % (_where(obj, attr), value))
        return str(value)


class UUIDField(fields.AutoTypedField):
    AUTO_TYPE = UUID()


class ListOfUUIDsField(fields.AutoTypedField):
    AUTO_TYPE = fields.List(UUID())


class BaseEnum(fields.Enum):
    """An enum whose valid values are declared as ``ALL`` on the subclass."""

    ALL = ()

    def __init__(self, **kwargs):
        super().__init__(valid_values=self.__class__.ALL, **kwargs)

    def coerce(self, obj, attr, value):
        if value not in self._valid_values:
            raise ValueError(
                '%s: %r is not one of %s'
                % (_where(obj, attr), value, ', '.join(self._valid_values)))
        return super().coerce(obj, attr, value)

    def get_schema(self):
        schema = super().get_schema()
        # oslo copies valid_values as given; ALL is a tuple, and a JSON
        # Schema "enum" must be an array.
        schema['enum'] = list(self._valid_values)
        return schema


class NotificationPriority(BaseEnum):
    DEBUG = 'debug'
    INFO = 'info'
    WARNING = 'warning'
    ERROR = 'error'
    CRITICAL = 'critical'

    # Ordered from least to most severe: the notification level compares by
    # position in this tuple.
    ALL = (DEBUG, INFO, WARNING, ERROR, CRITICAL)


class NotificationPhase(BaseEnum):
    START = 'start'
    END = 'end'
    ERROR = 'error'

    ALL = (START, END, ERROR)


class NotificationAction(BaseEnum):
    CREATE = 'create'
    UPDATE = 'update'
    DELETE = 'delete'
    EXECUTION = 'execution'
    CANCEL = 'cancel'

    ALL = (CREATE, UPDATE, DELETE, EXECUTION, CANCEL)


class NotificationPriorityField(fields.BaseEnumField):
    AUTO_TYPE = NotificationPriority()


class NotificationPhaseField(fields.BaseEnumField):
    AUTO_TYPE = NotificationPhase()


class NotificationActionField(fields.BaseEnumField):
    AUTO_TYPE = NotificationAction()


class FlexibleDict(fields.FieldType):
    """A JSON object whose values may be of any JSON type.

    Payloads carry free-form service data here (``global_efficacy``,
    ``input_parameters``); a JSON string is accepted because that is how the
    service stores these columns.
    """

    def coerce(self, obj, attr, value):
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError as exc:
                raise ValueError('%s: %r is not a JSON object: %s'
                                 % (_where(obj, attr), value, exc)) from exc
        if not isinstance(value, dict):
            raise ValueError('%s: a dict is required, not a %s'
                             % (_where(obj, attr), type(value).__name__))
        return dict(value)

    def describe(self):
        return 'Dict'

    def get_schema(self):
        return {'type': ['object']}


class FlexibleDictField(fields.AutoTypedField):
    AUTO_TYPE = FlexibleDict()


class FlexibleListOfDict(fields.FieldType):
    """A JSON array of JSON objects (for example an audit's ``scope``)."""

    def coerce(self, obj, attr, value):
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError as exc:
                raise ValueError('%s: %r is not a JSON array: %s'
                                 % (_where(obj, attr), value, exc)) from exc
        if not isinstance(value, (list, tuple)) or not all(
                isinstance(item, dict) for item in value):
            raise ValueError('%s: a list of dicts is required, not %r'
                             % (_where(obj, attr), value))
        return [dict(item) for item in value]

    def describe(self):
        return 'List of Dict'

    def get_schema(self):
        return {'type': ['array'], 'items': {'type': 'object'}}


class FlexibleListOfDictField(fields.AutoTypedField):
    AUTO_TYPE = FlexibleListOfDict()
