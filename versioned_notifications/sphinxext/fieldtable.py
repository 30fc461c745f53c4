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

"""A payload's field table: each field's type in words, nullability,
default and description.

Types come from the fields themselves (``describe()``, and the element,
valid values or object name they carry), never from the field's class
name. Descriptions are the ``:field name: text`` entries of the class
docstrings (:func:`versioned_notifications.fielddescriptions.read`).
"""

import dataclasses

from oslo_versionedobjects import fields as ovo_fields

from versioned_notifications import catalog as vn_catalog
from versioned_notifications import fielddescriptions
from versioned_notifications import fieldshape
from versioned_notifications import fieldtypes

__all__ = ['COLUMNS', 'FieldRow', 'LITERAL', 'PAYLOAD', 'TypeDescriber',
           'columns', 'parts_text']

# A type in words is a tuple of parts: plain text, (LITERAL, value) for an
# enum value, (PAYLOAD, name) for a nested object that is linked.
LITERAL = 'literal'
PAYLOAD = 'payload'

# How the field table names oslo's compound types (a project's own
# compound type is named by its describe()).
_COMPOUND_WORDS = {fieldshape.LIST: 'List', fieldshape.SET: 'Set',
                   fieldshape.DICT: 'Dict'}


def parts_text(parts):
    return ''.join(p if isinstance(p, str) else p[1] for p in parts)


@dataclasses.dataclass(frozen=True, slots=True)
class FieldRow:
    name: str
    # The type in words as parts (see above).
    type_parts: tuple
    nullable: bool
    # repr() of the default, or None when the field has none.
    default: str | None
    # reStructuredText from the docstring (inline markup only, see
    # descriptions); '' when undocumented.
    description: str


# The field table's columns: (title, width). In LaTeX, paragraph columns
# (Sphinx's \X) of these fractions of the line, which wrap their text and
# fit "Nullable" and "Default"; without a column specification Sphinx sizes
# them by their content (tabulary), and a long field name ran into the Type
# column.
COLUMNS = (('Field', 20), ('Type', 27), ('Nullable', 12), ('Default', 11),
           ('Description', 30))


def columns(payload):
    """The field table's columns for ``payload``: a column only where some
    row has a value."""
    return [(title, width) for title, width in COLUMNS
            if title == 'Default' and any(
                field.default is not None for field in payload.fields)
            or title == 'Description' and any(
                field.description for field in payload.fields)
            or title not in ('Default', 'Description')]


class TypeDescriber:
    """Puts field types into words, resolving object names against the
    project's registry so that nested payloads carry their version.

    A type that does not describe itself is named with its shape as
    :mod:`versioned_notifications.fieldtypes` finds it ("FlexibleListOfDict
    (list of objects)", "FieldType (any JSON value)"); ``describer`` is the
    project's :class:`~versioned_notifications.fieldtypes.Describer`.
    """

    def __init__(self, registry, describer=None):
        # Names resolve in oslo's one registry, as the catalog's do; the
        # project's registry class only says whose objects these are.
        self.registry = registry
        self._describer = describer or fieldtypes.DEFAULT
        self._words_of = {}

    def object_class(self, obj_name):
        try:
            return vn_catalog.newest(obj_name)
        except vn_catalog.CatalogError:
            return None

    def describe(self, field_type):
        """(parts, [object names]) of an oslo field type in words."""
        return self._shape_words(fieldshape.of_type(field_type))

    def _shape_words(self, shape):
        if shape.kind == fieldshape.OBJECT:
            name = shape.obj_name
            cls = self.object_class(name)
            if cls is None:
                return ('Object: %s' % name,), []
            return ('Object: ', (PAYLOAD, name), ' %s' % cls.VERSION), [name]
        if shape.kind == fieldshape.ENUM:
            parts = ['Enum: ']
            for index, value in enumerate(shape.valid_values):
                if index:
                    parts.append(', ')
                parts.append((LITERAL, str(value)))
            return tuple(parts), []
        word = _COMPOUND_WORDS.get(shape.kind)
        if word is not None:
            parts, names = self._shape_words(shape.element)
            return ('%s of ' % word,) + parts, names
        return (self._scalar_words(shape.field_type),), []

    def _scalar_words(self, field_type):
        # Types of one class and state read alike: a registry repeats a
        # few of them in every payload.
        try:
            key = (type(field_type), tuple(sorted(vars(field_type).items())))
            hash(key)
        except TypeError:
            return self._type_text(field_type)
        if key not in self._words_of:
            self._words_of[key] = self._type_text(field_type)
        return self._words_of[key]

    def _type_text(self, field_type):
        description = self._describer.describe(field_type)
        if description.is_fallback or (
                description.how == fieldtypes.DECLARED):
            return '%s (%s)' % (fieldtypes.type_name(field_type),
                                fieldtypes.description_words(description))
        return field_type.describe()

    def rows(self, payload_cls):
        """The field rows of ``payload_cls``, sorted by name, and the names
        of the objects its fields carry."""
        descriptions = fielddescriptions.read(payload_cls)
        rows = []
        nested = []
        for name, field in sorted(payload_cls.fields.items()):
            parts, names = self._shape_words(fieldshape.of(field))
            for obj_name in names:
                if obj_name not in nested:
                    nested.append(obj_name)
            default = field.default
            rows.append(FieldRow(
                name=name, type_parts=parts,
                nullable=bool(field.nullable),
                default=(None if default is ovo_fields.UnspecifiedDefault
                         else repr(default)),
                description=descriptions.get(name, '')))
        return rows, nested
