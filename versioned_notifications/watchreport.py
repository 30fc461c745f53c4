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

"""What a watch saw: counts, problems, and their report.

A :class:`Tally` adds up the :class:`~versioned_notifications.watch.
Verdict` of every message (from several threads at once) and renders:

* :meth:`Tally.live_line`, the one line of counts shown while running;
* :meth:`Tally.table`, the end report: a row per event type (received,
  held, problems by kind), the newer minor versions seen and the first
  problems of each kind;
* :meth:`Tally.document`, the ``--json`` object::

      {"received": 80, "valid": 60,
       "problems": [{"event_type": ..., "message_id": ..., "kind": ...,
                     "detail": ...}, ...],
       "problems_omitted": 0,
       "by_event_type": {"action.cancel.start": {"received": 10,
                         "valid": 10, "problems": {"field": 1}}, ...},
       "newer_minors": [{"event_type": ..., "message_id": ..., "name": ...,
                         "version": ..., "checked_against": ...,
                         "new_fields": [...]}, ...],
       "recorded": ["1.0/action-cancel-start.json", ...]}

``by_event_type`` counts the problems of each kind found, kinds without
one left out. Memory stays flat however long it runs: it keeps at most
:data:`MAX_PROBLEMS` problems (the others are counted, in
``problems_omitted`` and by kind), one newer minor per class and version,
and at most :data:`MAX_EVENT_TYPES` event types (the others are counted
under :data:`OTHER`).
"""

import json
import threading

from versioned_notifications import catalog as vn_catalog
from versioned_notifications import watch

__all__ = ['MAX_EVENT_TYPES', 'MAX_PROBLEMS', 'NO_EVENT_TYPE', 'OTHER',
           'Tally']

MAX_PROBLEMS = 1000
MAX_EVENT_TYPES = 1000
# Problems of each kind the table lists in full (the JSON has them all,
# up to MAX_PROBLEMS).
TABLE_PROBLEMS = 5
# The rows of messages without an event type, and of the event types past
# MAX_EVENT_TYPES.
NO_EVENT_TYPE = '(no event type)'
OTHER = '(other event types)'


class _Row:
    __slots__ = ('received', 'valid', 'kinds')

    def __init__(self):
        self.received = 0
        self.valid = 0
        self.kinds = {}


class Tally:
    """The counts of one watch; thread-safe."""

    def __init__(self):
        self._lock = threading.Lock()
        self.received = 0
        self.valid = 0
        self.problems = []
        self.problem_count = 0
        self.rows = {}
        self.newer_minors = {}
        self.recorded = []

    def add(self, verdict):
        """Count one message's verdict; the number of messages received
        so far."""
        with self._lock:
            self.received += 1
            name = verdict.event_type or NO_EVENT_TYPE
            row = self.rows.get(name)
            if row is None:
                if len(self.rows) >= MAX_EVENT_TYPES:
                    name = OTHER
                row = self.rows.setdefault(name, _Row())
            row.received += 1
            if verdict.held:
                self.valid += 1
                row.valid += 1
            for problem in verdict.problems:
                self.problem_count += 1
                row.kinds[problem.kind] = row.kinds.get(problem.kind, 0) + 1
                if len(self.problems) < MAX_PROBLEMS:
                    self.problems.append(problem)
            for newer in verdict.newer_minors:
                self.newer_minors.setdefault((newer.name, newer.version),
                                             newer)
            return self.received

    def note_recorded(self, name):
        with self._lock:
            self.recorded.append(name)

    @property
    def held(self):
        """Whether every message held."""
        return self.valid == self.received

    def live_line(self):
        """The counts on one line."""
        with self._lock:
            kinds = {}
            for row in self.rows.values():
                for kind, count in row.kinds.items():
                    kinds[kind] = kinds.get(kind, 0) + count
            problems = ', '.join('%d %s' % (kinds[kind], kind)
                                 for kind in watch.KINDS if kinds.get(kind))
            return 'received %d, valid %d, problems %d%s' % (
                self.received, self.valid, self.problem_count,
                ' (%s)' % problems if problems else '')

    def _ordered_rows(self):
        special = (NO_EVENT_TYPE, OTHER)
        names = sorted((name for name in self.rows if name not in special),
                       key=vn_catalog.phase_order)
        return [(name, self.rows[name]) for name in
                names + [name for name in special if name in self.rows]]

    def table(self):
        """The end report, as text lines."""
        with self._lock:
            rows = self._ordered_rows()
            heading = ('event type', 'received', 'valid', 'problems')
            body = [(name, str(row.received), str(row.valid), ', '.join(
                '%d %s' % (row.kinds[kind], kind) for kind in watch.KINDS
                if row.kinds.get(kind)) or '-') for name, row in rows]
            body.append(('total', str(self.received), str(self.valid),
                         str(self.problem_count)))
            widths = [max(len(line[column]) for line in [heading] + body)
                      for column in range(3)]
            lines = []
            for line in [heading] + body:
                lines.append('%s  %s  %s  %s' % (
                    line[0].ljust(widths[0]), line[1].rjust(widths[1]),
                    line[2].rjust(widths[2]), line[3]))
            for newer in sorted(self.newer_minors.values(),
                                key=lambda item: (item.name, item.version)):
                lines.append('newer minor (not a problem): %s: %s'
                             % (newer.event_type, newer.detail))
            shown = {}
            for problem in self.problems:
                if shown.get(problem.kind, 0) >= TABLE_PROBLEMS:
                    continue
                shown[problem.kind] = shown.get(problem.kind, 0) + 1
                lines.append('%s: %s (message %s): %s' % (
                    problem.kind, problem.event_type or NO_EVENT_TYPE,
                    problem.message_id or '?', problem.detail))
            unlisted = self.problem_count - sum(shown.values())
            if unlisted:
                lines.append('(%d more problem%s: --json lists up to %d)' % (
                    unlisted, '' if unlisted == 1 else 's', MAX_PROBLEMS))
            for name in sorted(self.recorded):
                lines.append('recorded %s' % name)
            return lines

    def document(self):
        """The ``--json`` object."""
        with self._lock:
            return {
                'received': self.received,
                'valid': self.valid,
                'problems': [problem.as_json() for problem in self.problems],
                'problems_omitted': self.problem_count - len(self.problems),
                'by_event_type': {
                    name: {'received': row.received, 'valid': row.valid,
                           'problems': {kind: row.kinds[kind]
                                        for kind in watch.KINDS
                                        if row.kinds.get(kind)}}
                    for name, row in self._ordered_rows()},
                'newer_minors': [
                    {'event_type': newer.event_type,
                     'message_id': newer.message_id, 'name': newer.name,
                     'version': newer.version,
                     'checked_against': newer.checked_against,
                     'new_fields': list(newer.new_fields)}
                    for _, newer in sorted(self.newer_minors.items())],
                'recorded': sorted(self.recorded),
            }

    def json_line(self):
        """:meth:`document` on one line."""
        return json.dumps(self.document(), sort_keys=True,
                          ensure_ascii=False)
