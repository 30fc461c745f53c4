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

"""Real traffic turned into sample files: ``watch --record DIR``.

A :class:`Recorder` writes the first message that held of each (event
type, payload version) as ``DIR/<version>/<sample>``: ``<sample>`` is the
file the project documents the event type in, so each version's
directory is laid out as the sample directory is, and a file can be
copied over the committed sample for ``generate`` to keep its data
(:mod:`versioned_notifications.keeping`). A message that did not hold is
not recorded: a sample shows the contract. The file is what the generator
writes: its serialization, and the message_id and timestamp a generated
sample of that name has (the run's say nothing and differ every time).

``--redact KEY`` replaces the value of every ``KEY`` anywhere in the
payload: a field of an object by the value derived for that field from
its type (:func:`versioned_notifications.typedata.derived_primitive`:
a UUID field keeps a UUID, a date a date, so the sample still holds and
``generate`` keeps it), any other key (inside a dict field) by
:data:`REDACTED`. A null stays null: it hides nothing.

Files are written atomically and only inside ``DIR``, by real path
(:func:`versioned_notifications.sampledir.write_files`); an earlier run's
file of the same name is replaced.
"""

import copy
import pathlib
import threading

from versioned_notifications import catalog as vn_catalog
from versioned_notifications import fieldtypes
from versioned_notifications import generator
from versioned_notifications import sampledir
from versioned_notifications import samplefile
from versioned_notifications import typedata
from versioned_notifications import versions as vn_versions
from versioned_notifications import watch

__all__ = ['MAX_RECORDED', 'REDACTED', 'RecordError', 'Recorder']

REDACTED = '<redacted>'
# Files one run writes at most: a stream of ever new minor versions must
# not fill the disk.
MAX_RECORDED = 1000
WHAT = 'record directory'


class RecordError(watch.WatchError):
    """The record directory cannot be used."""


class Recorder:
    """Records the first held message of each (event type, payload
    version); thread-safe."""

    def __init__(self, directory, contracts, redact=(), describer=None):
        self.directory = pathlib.Path(directory)
        self.contracts = contracts
        self.redact_keys = frozenset(redact)
        self.describer = describer or fieldtypes.DEFAULT
        # The keys --redact named that some payload had.
        self.matched = set()
        self.errors = []
        self._taken = set()
        self._derived = {}
        self._lock = threading.Lock()

    def prepare(self):
        """Make the directory; a RecordError says why it cannot be."""
        kind = samplefile.irregular_kind(self.directory)
        if self.directory.exists() and kind != 'a directory':
            raise RecordError('--record: %s is %s, not a directory; name a '
                              'directory' % (self.directory,
                                             kind or 'a file'))
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RecordError('--record: cannot make %s: %s' % (
                self.directory, samplefile.os_cause(exc, self.directory))) \
                from None

    def offer(self, message, verdict):
        """Record ``message`` if it is the first held one of its event
        type and payload version; the file's name relative to the
        directory, or None."""
        event = self.contracts.events.get(verdict.event_type)
        version = verdict.payload_version
        if not verdict.held or event is None or \
                vn_versions.parse_or_none(version) is None:
            return None
        key = (verdict.event_type, version)
        with self._lock:
            if key in self._taken or len(self._taken) >= MAX_RECORDED:
                return None
            self._taken.add(key)
        name = '%s/%s' % (version, event.sample)
        recorded = {
            'event_type': verdict.event_type,
            'message_id': generator.message_id(event.sample),
            'payload': self.redact(message['payload']),
            'priority': message['priority'],
            'publisher_id': message.get('publisher_id'),
            'timestamp': generator.TIMESTAMP,
        }
        try:
            sampledir.write_files([sampledir.GeneratedFile(
                name, samplefile.serialize(recorded))], self.directory,
                what=WHAT)
        except (OSError, ValueError) as exc:
            with self._lock:
                self.errors.append('--record: %s: %s' % (name, exc))
            return None
        return name

    def redact(self, value):
        """A copy of ``value`` (a payload) with the values of the keys to
        redact replaced."""
        if not self.redact_keys:
            return value
        return self._redacted(value)

    def _redacted(self, value):
        if isinstance(value, list):
            return [self._redacted(item) for item in value]
        if not isinstance(value, dict):
            return value
        prefix = watch.serial_namespace(value)
        data_key = '%s.data' % prefix if prefix else None
        name = value.get('%s.name' % prefix) if prefix else None
        result = {}
        for key, item in value.items():
            if key == data_key and isinstance(item, dict):
                result[key] = {field: self._replaced(field, inner, name)
                               for field, inner in item.items()}
            elif prefix:
                # The object's own keys: name, namespace, version.
                result[key] = item
            else:
                result[key] = self._replaced(key, item, None)
        return result

    def _replaced(self, key, value, owner):
        if key not in self.redact_keys:
            return self._redacted(value)
        with self._lock:
            self.matched.add(key)
        if value is None:
            return None
        derived = self._derived_data(owner) if isinstance(owner, str) \
            else {}
        if key in derived:
            return copy.deepcopy(derived[key])
        return REDACTED

    def _derived_data(self, name):
        """The data of the object :mod:`~versioned_notifications.
        typedata` derives for class ``name``; {} when it cannot."""
        if name not in self._derived:
            cls = self.contracts.classes.get(name)
            data = {}
            if cls is not None:
                try:
                    primitive = typedata.derived_primitive(cls,
                                                           self.describer)
                    data = primitive[cls._obj_primitive_key('data')]
                except (typedata.TypeDataError, vn_catalog.CatalogError):
                    data = {}
            self._derived[name] = data
        return self._derived[name]

    def unmatched(self):
        """The keys to redact that no recorded payload had."""
        return sorted(self.redact_keys - self.matched)
