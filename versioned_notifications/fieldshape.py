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

"""What an oslo.versionedobjects field holds: the one walk over field types.

:func:`of` describes a field as a :class:`Shape`: an object (with its
object name), a list, set or dict (with the :class:`Shape` of its
element, recursively), an enum (with its valid values) or a scalar. Every
tool that needs to know what a field holds asks here (the catalog's object
closure, the reference's field table, the contract check, the JSON
Schemas, the evolution contracts, the example values, the listener)
instead of testing oslo's type classes itself, so they all agree on what
a type is and all reach objects inside lists, sets and dicts.

A type the project declares in its ``field_types`` is what it declares,
compound or not: given the project's describer, :func:`of` makes it a
scalar (``declared`` set) and the walk stops there.
"""

from collections.abc import Mapping
import dataclasses

from oslo_versionedobjects import fields as ovo_fields

__all__ = ['COMPOUND', 'DICT', 'ENUM', 'LIST', 'OBJECT', 'SCALAR', 'SET',
           'Shape', 'of', 'of_type']

OBJECT = 'object'
LIST = 'list'
SET = 'set'
DICT = 'dict'
# A compound type of a project's own, neither a List, a Set nor a Dict.
COMPOUND = 'compound'
ENUM = 'enum'
SCALAR = 'scalar'

# Most specific first; oslo has no other compound types.
_COMPOUNDS = (
    (ovo_fields.Dict, DICT),
    (ovo_fields.Set, SET),
    (ovo_fields.List, LIST),
    (ovo_fields.CompoundFieldType, COMPOUND),
)


@dataclasses.dataclass(frozen=True)
class Shape:
    """What one field (or a compound field's element) holds."""

    kind: str
    # The oslo Field: its type, nullable, default, coerce(); a compound
    # wraps its element type in a Field too.
    field: ovo_fields.Field
    # A compound's element.
    element: 'Shape | None' = None
    # An object's name, as the registry knows it.
    obj_name: str | None = None
    # An enum's valid values, each once, in their order.
    valid_values: tuple = ()
    # Whether the project's field_types declares this type.
    declared: bool = False

    @property
    def field_type(self):
        return self.field._type

    @property
    def nullable(self):
        return bool(self.field.nullable)

    @property
    def is_compound(self):
        return self.element is not None

    def object_names(self):
        """The names of the objects this shape holds, however deeply (a
        List of Dict of Object included)."""
        if self.kind == OBJECT:
            return [self.obj_name]
        if self.element is not None:
            return self.element.object_names()
        return []

    def leaf(self):
        """(the innermost element's Shape, how many compounds deep)."""
        shape, depth = self, 0
        while shape.element is not None:
            shape, depth = shape.element, depth + 1
        return shape, depth

    def items(self, value):
        """[(key or index, element value)] of a value of this compound
        shape; empty when ``value`` is not of its shape (a sample may say
        anything)."""
        if self.element is None:
            return []
        if isinstance(value, Mapping) and self.kind in (DICT, COMPOUND):
            return list(value.items())
        if isinstance(value, (list, tuple)) and self.kind != DICT:
            # A set is a list on the wire.
            return list(enumerate(value))
        return []


def of(field, describer=None):
    """The :class:`Shape` of an oslo ``Field``; ``describer`` (a
    :class:`~versioned_notifications.fieldtypes.Describer`) says which
    types the project declares."""
    field_type = field._type
    if describer is not None and describer.declared(field_type) is not None:
        return Shape(SCALAR, field, declared=True)
    if isinstance(field_type, ovo_fields.Object):
        return Shape(OBJECT, field, obj_name=field_type._obj_name)
    for compound, kind in _COMPOUNDS:
        if isinstance(field_type, compound):
            return Shape(kind, field,
                         element=of(field_type._element_type, describer))
    if isinstance(field_type, ovo_fields.Enum):
        return Shape(ENUM, field, valid_values=tuple(
            dict.fromkeys(field_type.valid_values)))
    return Shape(SCALAR, field)


def of_type(field_type, describer=None):
    """The :class:`Shape` of a field type, as a field of that type."""
    return of(ovo_fields.Field(field_type), describer)
