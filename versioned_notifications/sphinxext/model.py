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

"""The reference's typed model.

The directive describes every event type and payload as the dataclasses
below, then renders them as standard docutils and Sphinx nodes
(:mod:`~versioned_notifications.sphinxext.render`), which every builder
writes.
"""

import dataclasses

__all__ = ['ClassDoc', 'EventDoc', 'EventSample', 'PayloadDoc', 'SampleDoc',
           'SchemaDoc', 'history_line']


@dataclasses.dataclass(slots=True)
class ClassDoc:
    name: str
    version: str
    # [(version, text), ...], oldest first: the "# Version" comments, and
    # the versions only the recorded contracts know (text '').
    history: list
    # {version: [what changed, in words]} from the recorded contracts,
    # against the version recorded before it.
    changes: dict


@dataclasses.dataclass(slots=True)
class SchemaDoc:
    # The file relative to the sample directory, as the reference shows it.
    name: str


@dataclasses.dataclass(slots=True)
class PayloadDoc(ClassDoc):
    # fieldtable.FieldRow, sorted by name.
    fields: list
    # Names of the objects the fields carry.
    nested: list
    # None when schemas are not linked or the file is missing.
    schema: SchemaDoc | None = None


@dataclasses.dataclass(slots=True)
class SampleDoc:
    name: str
    path: str
    # A hand-written variant the project declares (``variants``).
    variant: bool = False

    @property
    def label(self):
        # A declared variant is hand-written, not generated: say so.
        return 'Variant sample' if self.variant else 'Sample'


@dataclasses.dataclass(slots=True)
class EventSample:
    """One sample of an event type (generated, composed or a declared
    variant) with the classes that send it."""

    notification: ClassDoc
    payload: PayloadDoc
    priority: str
    sample: SampleDoc
    # Whether this section shows the payload's field table: the first
    # event of a payload that is not nested; the others link to it.
    shows_fields: bool = False


@dataclasses.dataclass(slots=True)
class EventDoc:
    event_type: str
    # EventSample, by file name.
    samples: list
    # The message's schema; None when not linked or missing.
    schema: SchemaDoc | None = None


def history_line(version, text):
    """A history entry as the reference shows it."""
    return '%s: %s' % (version, text) if text else version
