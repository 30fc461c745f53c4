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

"""Whether a sample still shows the contract the code sends.

What matters to a reader of a sample is not its text (hand-written
samples never match a generator byte for byte) but its contract: the
payload's object name and version, and its field set, and the same for
every object nested in it. :func:`contract_drift` compares a sample's
payload with the classes and names each difference: the class, where it
sits in the payload, the versions, the fields.
"""

from versioned_notifications import catalog as vn_catalog
from versioned_notifications import fieldshape

__all__ = ['contract_drift']


def _key(cls, name):
    return cls._obj_primitive_key(name)


def contract_drift(payload, cls):
    """Differences between the object primitive ``payload`` and class
    ``cls`` (and the classes nested in it), one sentence each; empty when
    the sample shows the contract the code sends."""
    found = []
    _compare(payload, cls, cls.obj_name(), found)
    return found


def _compare(primitive, cls, where, found):
    name = cls.obj_name()
    if not isinstance(primitive, dict):
        found.append('%s: the sample has %s where the code sends a %s '
                     'object' % (where, type(primitive).__name__, name))
        return
    theirs = primitive.get(_key(cls, 'name'))
    if theirs != name:
        found.append('%s: the sample has object %r where the code sends %s'
                     % (where, theirs, name))
        return
    label = name if where == name else '%s (%s)' % (name, where)
    version = primitive.get(_key(cls, 'version'))
    if version != cls.VERSION:
        found.append('%s: version %s in the sample, %s in the code'
                     % (label, version, cls.VERSION))
    data = primitive.get(_key(cls, 'data'))
    if not isinstance(data, dict):
        found.append('%s: the sample has no %s object'
                     % (label, _key(cls, 'data')))
        return
    lacking = sorted(set(cls.fields) - set(data))
    unknown = sorted(set(data) - set(cls.fields))
    if lacking:
        found.append('%s: the code has field(s) the sample lacks: %s'
                     % (label, ', '.join(lacking)))
    if unknown:
        found.append('%s: the sample has field(s) the code does not: %s'
                     % (label, ', '.join(unknown)))
    for field_name in sorted(set(data) & set(cls.fields)):
        _nested(data[field_name], fieldshape.of(cls.fields[field_name]),
                '%s.%s' % (where, field_name), found)


def _nested(value, shape, where, found):
    """Compare the objects ``value`` holds, a value of ``shape``: itself,
    or those in its list, set or dict, however deeply."""
    if value is None:
        return
    if shape.kind == fieldshape.OBJECT:
        try:
            nested = vn_catalog.newest(shape.obj_name, where)
        except vn_catalog.CatalogError as exc:
            found.append(str(exc))
            return
        _compare(value, nested, where, found)
        return
    if not shape.object_names():
        return
    items = shape.items(value)
    if isinstance(value, dict):
        items.sort(key=lambda pair: pair[0])
    for key, item in items:
        _nested(item, shape.element, '%s[%s]' % (where, key), found)
