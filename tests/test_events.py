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

"""Events declared in the project file (NotificationProject.events): for
classes that name no samples, or more events of those that do."""

import dataclasses
import json

import pytest

from tests import typed_project
from versioned_notifications import catalog as vn_catalog
from versioned_notifications import cli
from versioned_notifications import project as vn_project

EVENTS = typed_project.EVENTS


def entries(project=EVENTS):
    return [(entry.sample, entry.notification.__name__, entry.event_type,
             entry.priority, entry.publisher)
            for entry in vn_catalog.load(project).entries]


def test_declared_events_are_entries_named_as_the_registrys_samples():
    assert entries() == [
        # The phases of each action in the order they happen; the samples
        # named as the registry's own ("events_thing_update.json" for
        # events_thing.update): dots become "_"; error gives ERROR, the
        # project's publisher_id by default.
        ('events_thing_create_start.json', 'EventsQuietNotification',
         'events_thing.create.start', 'INFO', 'events-conductor:host-1'),
        ('events_thing_create_error.json', 'EventsQuietNotification',
         'events_thing.create.error', 'ERROR', 'events-conductor:host-1'),
        ('events_thing_delete_start.json', 'EventsQuietNotification',
         'events_thing.delete.start', 'INFO', 'events-conductor:host-1'),
        ('events_thing_delete_error.json', 'EventsQuietNotification',
         'events_thing.delete.error', 'ERROR', 'events-conductor:host-1'),
        # A class that names a sample keeps it; its declared event adds
        # one, with the declared priority (as sent: WARN) and publisher.
        ('events_thing_update.json', 'EventsThingNotification',
         'events_thing.update', None, None),
        ('events_thing_rename_progress.json', 'EventsThingNotification',
         'events_thing.rename.progress', 'WARN', 'events-api:host-2'),
    ]


def test_without_sample_names_to_learn_from_dots_become_dashes():
    project = dataclasses.replace(EVENTS, event_types={})
    assert [sample for sample, *_ in entries(project)][:2] == [
        'events_thing-create-start.json', 'events_thing-create-error.json']


def test_the_error_priority_and_a_declared_sample_name_are_used():
    project = dataclasses.replace(EVENTS, error_priority='CRITICAL', events={
        'events_thing.create.error': {'notification':
                                      'EventsQuietNotification',
                                      'sample': 'thing-failed.json'}})
    assert entries(project)[0] == (
        'thing-failed.json', 'EventsQuietNotification',
        'events_thing.create.error', 'CRITICAL', 'events-conductor:host-1')


def test_the_setting_is_normalised_and_hashable():
    again = dataclasses.replace(EVENTS)
    assert again == EVENTS and hash(again) == hash(EVENTS)
    assert dict(EVENTS.events)['events_thing.rename.progress'] == (
        ('notification', 'EventsThingNotification'),
        ('priority', 'warning'), ('publisher', 'events-api:host-2'))


def test_brace_patterns_expand_as_a_shell_does():
    assert vn_project.expand_event_types(
        'share.{create,delete}.{start,end,error}') == [
        'share.create.start', 'share.create.end', 'share.create.error',
        'share.delete.start', 'share.delete.end', 'share.delete.error']
    assert vn_project.expand_event_types('a.create{,_bulk}.end') == [
        'a.create.end', 'a.create_bulk.end']


@pytest.mark.parametrize('events, message', [
    ('a.b', "events must be a dict of event type (or brace pattern) -> "
            "notification class name or settings"),
    ({'': 'X'}, "events: '' is not an event type"),
    ({'a.*': 'X'}, "events: 'a.*' is a shell pattern, not event types"),
    ({'a.{b': 'X'}, "events: 'a.{b' opens a brace it never closes"),
    ({'a.b}': 'X'}, "events: 'a.b}' closes a brace it never opened"),
    ({'a.{b,{c,d}}': 'X'}, "events: 'a.{b,{c,d}}' nests braces"),
    ({'a.{}': 'X'}, "events: 'a.{}' has a brace group \"{}\" with no "
                    "alternative"),
    ({'{,}': 'X'}, "events: '{,}' expands to '', which is no event type"),
    ({'a..b': 'X'}, "events: 'a..b' expands to 'a..b', which is no event "
                    "type"),
    ({'a.-b': 'X'}, "events: 'a.-b' expands to 'a.-b', which is no event "
                    "type"),
    ({'a.b': 42}, "events: 'a.b': must be the notification class's name or "
                  "a dict of notification, priority, publisher, sample"),
    ({'a.b': 'not a class'}, "events: 'a.b': \"notification\" must name the "
                             "notification class"),
    ({'a.b': {'priority': 'INFO'}}, "events: 'a.b': \"notification\" must "
                                    "name the notification class"),
    ({'a.b': {'notification': 'X', 'level': 'INFO'}},
     "events: 'a.b': unknown setting(s) level; the settings are "
     "notification, priority, publisher, sample"),
    ({'a.b': {'notification': 'X', 'priority': 'loud'}},
     "events: 'a.b': priority 'loud' is not one of AUDIT, CRITICAL"),
    ({'a.b': {'notification': 'X', 'publisher': ''}},
     "events: 'a.b': publisher must be a publisher_id"),
    ({'a.b': {'notification': 'X', 'sample': '../a.json'}},
     "events: 'a.b': sample must be a plain \"<name>.json\" file name"),
    ({'a.b': {'notification': 'X', 'sample': 'a.txt'}},
     "events: 'a.b': sample must be a plain \"<name>.json\" file name"),
    ({'a.{b,c}': {'notification': 'X', 'sample': 'a.json'}},
     "events: 'a.{b,c}' expands to 2 event types, but \"sample\" names one "
     "file"),
    ({'a.{b,c}': 'X', 'a.b': 'Y'},
     "events: the event type a.b is declared twice (by 'a.b' and "
     "'a.{b,c}'); declare it once"),
    ({'a.{b,b}': 'X'}, "events: the event type a.b is declared twice"),
    ({'a.b': {'notification': 'X', 'sample': 'a.json'},
      'a.c': {'notification': 'X', 'sample': 'a.json'}},
     "events: the sample a.json is named by both 'a.b' and 'a.c'; give "
     "each event its own file"),
])
def test_a_setting_that_cannot_work_is_refused_naming_the_pattern(events,
                                                                   message):
    with pytest.raises(vn_project.ProjectError) as raised:
        dataclasses.replace(EVENTS, events=events)
    assert message in str(raised.value)


@pytest.mark.parametrize('events, message', [
    ({'a.b': 'NoSuchNotification'},
     "events: 'a.b' names NoSuchNotification, which is no class derived "
     "from tests.typed_project:EventsNotificationBase after importing "
     "tests.typed_project; name one of its notification classes"),
    # A class, but of another notification base.
    ({'a.b': 'TypedServerNotification'},
     "events: 'a.b' names TypedServerNotification, which is no class"),
    ({'a.b': 'EventsNoPayloadNotification'},
     "events: 'a.b': EventsNoPayloadNotification has no \"payload\" object "
     "field; a notification class needs one"),
    # The default name is a sample the class names already.
    ({'events_thing.update': 'EventsQuietNotification'},
     "events: 'events_thing.update': events_thing_update.json is already "
     "the sample of EventsThingNotification (events_thing.update); name "
     "another file for events_thing.update with \"sample\""),
    ({'events_thing.update': {'notification': 'EventsQuietNotification',
                              'sample': 'other.json'}},
     "events: 'events_thing.update': the event type events_thing.update is "
     "already documented by the sample events_thing_update.json of "
     "EventsThingNotification; declare it once"),
    ({'events_thing.a': {'notification': 'EventsQuietNotification',
                         'sample': 'events_thing_b.json'},
      'events_thing.b': 'EventsQuietNotification'},
     "events: 'events_thing.b': events_thing_b.json is already the sample "
     "of EventsQuietNotification (events_thing.a)"),
])
def test_a_declaration_the_registry_cannot_satisfy_is_refused(events,
                                                              message):
    project = dataclasses.replace(EVENTS, events=events)
    with pytest.raises(vn_catalog.CatalogError) as raised:
        vn_catalog.load(project)
    assert message in str(raised.value)


def test_the_command_generates_and_checks_declared_events(tmp_path, capsys,
                                                         monkeypatch):
    monkeypatch.chdir(tmp_path)
    argv = ['--project', 'tests.typed_project:EVENTS']
    output = str(tmp_path)
    assert cli.main(argv + ['generate', '--output', output]) == 0
    message = json.loads(
        (tmp_path / 'events_thing_rename_progress.json').read_text())
    assert (message['event_type'], message['priority'],
            message['publisher_id']) == (
        'events_thing.rename.progress', 'WARN', 'events-api:host-2')
    assert (tmp_path / 'schemas' / 'notifications' /
            'events_thing.create.error.json').is_file()
    assert cli.main(argv + ['check', '--output', output]) == 0
    capsys.readouterr()
    assert cli.main(argv + ['list']) == 0
    rows = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert ['events_thing.create.error', 'ERROR', 'events-conductor:host-1',
            'EventsQuietNotification', '1.0', 'EventsPayload', '1.0',
            'events_thing_create_error.json'] in rows


def test_the_command_names_an_unusable_declaration(capsys, tmp_path,
                                                   monkeypatch):
    monkeypatch.setattr(typed_project, 'BROKEN', dataclasses.replace(
        EVENTS, events={'a.b': 'NoSuchNotification'}), raising=False)
    status = cli.main(['--project', 'tests.typed_project:BROKEN', 'check',
                       '--output', str(tmp_path)])
    err = capsys.readouterr().err
    assert status == 2
    assert err == ("versioned-notifications: error: events: 'a.b' names "
                   "NoSuchNotification, which is no class derived from "
                   "tests.typed_project:EventsNotificationBase after "
                   "importing tests.typed_project; name one of its "
                   "notification classes\n")


def test_phases_of_any_name_are_ordered_as_they_happen():
    event_types = ['x.act.error', 'x.act.success', 'x.act.end', 'x.act.start',
                   'x.act.progress', 'x.update', 'x.act', 'w.act.start',
                   'x.error']
    assert sorted(event_types, key=vn_catalog.phase_order) == [
        # x.error is x's own error; x.act and x.update have no phase.
        'w.act.start', 'x.error', 'x.act', 'x.act.start', 'x.act.end',
        'x.act.progress', 'x.act.success', 'x.act.error', 'x.update']
    assert vn_catalog.phase('x.act.success') == 'success'
    assert vn_catalog.phase('x.update') is None
    assert vn_catalog.phase('x.error') == 'error'
