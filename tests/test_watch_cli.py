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

"""``versioned-notifications watch`` in-process on oslo.messaging's
``fake://`` bus: the messages are sent by a real notifier to a topic of
the test's own, the command reads them with a real listener."""

import _thread
import copy
import io
import json
import pathlib
import threading
import time
import uuid

from oslo_config import cfg
import oslo_messaging
import pytest

from versioned_notifications import cli
from versioned_notifications import generator
from versioned_notifications import listener
from versioned_notifications import project as vn_project
from versioned_notifications import samplefile
from versioned_notifications import typedata
from versioned_notifications import watch
from versioned_notifications import watchbus
from versioned_notifications import watchrecord

REPO = pathlib.Path(__file__).resolve().parent.parent
SAMPLES = REPO / 'samples'
MINI = REPO / 'tests' / 'miniproject'
DATA = 'watcher_object.data'
SAMPLE_NAMES = sorted(path.name for path in SAMPLES.glob('action*.json'))
WAIT = 30


def sample(name, directory=SAMPLES):
    return json.loads((directory / name).read_text('utf-8'))


@pytest.fixture
def topic():
    return 'vn-watch-%s' % uuid.uuid4().hex


@pytest.fixture
def send(topic):
    """send(message, ...): each message sent as its envelope says, by a
    real notifier on fake://."""
    conf = cfg.ConfigOpts()
    conf([])
    transport = oslo_messaging.get_notification_transport(conf,
                                                          url='fake://')

    def send(*messages, to=None):
        for message in messages:
            notifier = oslo_messaging.Notifier(
                transport, publisher_id=message['publisher_id'],
                driver='messagingv2', topics=[to or topic])
            getattr(notifier, message['priority'].lower())(
                {}, message['event_type'], message['payload'])

    yield send
    transport.cleanup()


def run(capsys, topic, *argv):
    """(status, stdout lines, stderr) of ``watch`` on fake://."""
    status = cli.main(['watch', '--transport-url', 'fake://', '--topic',
                       topic, *argv])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


def broken():
    """The four kinds of broken message of the issue: an unknown event
    type, a newer major version, a field of the wrong type, the payload of
    another event."""
    unknown = dict(sample('action-cancel-end.json'),
                   event_type='action.cancel.finish')
    newer = sample('action-cancel-start.json')
    newer['payload']['watcher_object.version'] = '2.0'
    wrong = sample('action_plan-cancel-end.json')
    wrong['payload'][DATA]['state'] = 5
    other = dict(sample('action_plan-cancel-start.json'),
                 payload=sample('action-cancel-start.json')['payload'])
    return [unknown, newer, wrong, other]


def test_every_message_held(capsys, topic, send):
    send(*[sample(name) for name in SAMPLE_NAMES])
    status, out, err = run(capsys, topic, '--count', '6', '--json')
    assert status == 0, err
    report = json.loads(out[-1])
    assert (report['received'], report['valid'], report['problems'],
            report['problems_omitted']) == (6, 6, [], 0)
    assert report['by_event_type']['action.cancel.error'] == {
        'received': 1, 'valid': 1, 'problems': {}}
    assert out[0].split() == ['event', 'type', 'received', 'valid',
                              'problems']
    assert out[1].split() == ['action.cancel.start', '1', '1', '-']
    assert out[7].split() == ['total', '6', '6', '0']
    # Not a terminal: plain lines.
    assert 'received 6, valid 6, problems 0\n' in err
    assert '\r' not in err
    assert 'watching fake://, exchange openstack, topic %s (the topic\'s ' \
        'own queues' % topic in err


def test_each_problem_is_told_apart(capsys, topic, send):
    send(*[sample(name) for name in SAMPLE_NAMES], *broken())
    status, out, err = run(capsys, topic, '--count', '10', '--json')
    assert status == 1, err
    report = json.loads(out[-1])
    assert (report['received'], report['valid']) == (10, 6)
    found = sorted((p['event_type'], p['kind']) for p in report['problems'])
    assert found == [
        ('action.cancel.finish', 'unknown-event-type'),
        ('action.cancel.start', 'newer-major'),
        ('action_plan.cancel.end', 'field'),
        ('action_plan.cancel.start', 'payload-class')]
    field = next(p for p in report['problems'] if p['kind'] == 'field')
    assert field['detail'] == (
        "payload.watcher_object.data.state (ActionPlanCancelPayload 1.0, "
        "field state): 5 is not of type 'string'")
    assert uuid.UUID(field['message_id'])
    assert report['by_event_type']['action_plan.cancel.start'] == {
        'received': 2, 'valid': 1, 'problems': {'payload-class': 1}}
    table = '\n'.join(out[:-1])
    rows = {line.split()[0]: line.split()[1:] for line in out[1:9]}
    assert rows['action.cancel.finish'] == ['1', '0', '1',
                                            'unknown-event-type']
    assert rows['action.cancel.start'] == ['2', '1', '1', 'newer-major']
    assert rows['total'] == ['10', '6', '4']
    assert ("field: action_plan.cancel.end (message %s): "
            "payload.watcher_object.data.state" % field['message_id']) \
        in table
    assert 'received 10, valid 6, problems 4 (1 unknown-event-type, 1 ' \
        'payload-class, 1 newer-major, 1 field)' in err


def test_a_newer_minor_is_shown_not_counted_as_a_problem(capsys, topic,
                                                         send):
    newer = sample('action-cancel-end.json')
    newer['payload']['watcher_object.version'] = '1.1'
    newer['payload'][DATA]['progress'] = 50
    send(newer)
    status, out, err = run(capsys, topic, '--count', '1', '--json')
    assert status == 0, err
    report = json.loads(out[-1])
    assert report['valid'] == 1
    [shown] = report['newer_minors']
    assert (shown['name'], shown['version'], shown['checked_against'],
            shown['new_fields']) == ('ActionCancelPayload', '1.1', '1.0',
                                     ['progress'])
    assert ('newer minor (not a problem): action.cancel.end: '
            'ActionCancelPayload 1.1 is newer than recorded: checked against '
            '1.0: fields progress not checked') in out


def test_record_keeps_the_first_valid_message_of_each_version(
        capsys, topic, send, tmp_path):
    first = sample('action-cancel-start.json')
    first['payload'][DATA]['input_parameters'] = {'param1': 'secret',
                                                  'deep': [{'param1': 2}]}
    second = copy.deepcopy(first)
    second['payload'][DATA]['state'] = 'SECOND'
    newer = copy.deepcopy(first)
    newer['payload']['watcher_object.version'] = '1.1'
    invalid = sample('action-cancel-end.json')
    invalid['payload'][DATA]['state'] = 1
    send(invalid, first, second, newer)
    record = tmp_path / 'recorded'
    status, out, err = run(capsys, topic, '--count', '4', '--json',
                           '--record', str(record), '--redact', 'uuid',
                           'param1', 'no_such_key')
    assert status == 1, err
    assert json.loads(out[-1])['recorded'] == [
        '1.0/action-cancel-start.json', '1.1/action-cancel-start.json']
    assert sorted(path.relative_to(record).as_posix()
                  for path in record.rglob('*') if path.is_file()) == [
        '1.0/action-cancel-start.json', '1.1/action-cancel-start.json']
    assert 'recorded 1.0/action-cancel-start.json' in out
    assert 'note: --redact no_such_key: no recorded payload has that key' \
        in err
    # Read back as generate reads an existing sample.
    recorded = samplefile.read(record / '1.0' / 'action-cancel-start.json')
    message = recorded.message
    assert recorded.text == samplefile.serialize(message)
    assert message['message_id'] == generator.message_id(
        'action-cancel-start.json')
    assert message['timestamp'] == generator.TIMESTAMP
    data = message['payload'][DATA]
    assert data['state'] == 'CANCELLING'
    assert data['uuid'] == typedata.derived_uuid('ActionCancelPayload',
                                                 'uuid')
    assert data['action_plan'][DATA]['uuid'] == typedata.derived_uuid(
        'TerseActionPlanPayload', 'uuid')
    assert data['input_parameters'] == {
        'param1': watchrecord.REDACTED,
        'deep': [{'param1': watchrecord.REDACTED}]}
    assert data['action_plan'][DATA]['audit_uuid'] == first['payload'][
        DATA]['action_plan'][DATA]['audit_uuid']
    # The recorded sample holds.
    checker = watch.Checker(watch.Contracts.load(
        vn_project.load_project(cli.project_from_setup_cfg(REPO)), SAMPLES))
    assert checker.check(message).held


def test_recorded_data_is_what_generate_keeps(capsys, topic, send, tmp_path,
                                              monkeypatch):
    # minicompute's samples are derived from its types: generate keeps the
    # data of an existing sample its fields accept, a redacted UUID too.
    monkeypatch.chdir(MINI)
    message = sample('aggregate-add_host-start.json', MINI / 'samples')
    data = message['payload']['minicompute_object.data']
    data.update(name='rack-12', hosts=['compute-7', 'compute-8'],
                uuid='0e2b3ac4-7e23-4cf4-8d0b-4ba2d04b7a7c')
    send(message)
    record = tmp_path / 'recorded'
    status, out, err = run(capsys, topic, '--count', '1', '--record',
                           str(record), '--redact', 'uuid')
    assert status == 0, err
    directory = record / '1.1'
    result = generator.generate(cli.project_from_setup_cfg(MINI), directory)
    assert result.errors == [] and result.invalid == []
    assert result.replaced == []
    [regenerated] = [s for s in result.samples
                     if s.name == 'aggregate-add_host-start.json']
    kept = regenerated.message['payload']['minicompute_object.data']
    assert (kept['name'], kept['hosts']) == ('rack-12',
                                             ['compute-7', 'compute-8'])
    assert kept['uuid'] == typedata.derived_uuid('AggregatePayload', 'uuid')
    assert regenerated.text == (
        directory / 'aggregate-add_host-start.json').read_text('utf-8')


def test_nothing_received_is_said(capsys, topic):
    status, out, err = run(capsys, topic, '--duration', '0.3')
    assert status == 0
    assert out[-1].split() == ['total', '0', '0', '0']
    assert 'note: no message was received: nothing was checked' in err


def test_ctrl_c_prints_the_report_then_exits_130(capsys, topic, send,
                                                 tmp_path):
    send(*[sample(name) for name in SAMPLE_NAMES[:3]])
    record = tmp_path / 'recorded'

    def interrupt_when_recorded():
        deadline = time.monotonic() + WAIT
        while len(list(record.rglob('*.json'))) < 3 and \
                time.monotonic() < deadline:
            time.sleep(0.05)
        _thread.interrupt_main()

    threading.Thread(target=interrupt_when_recorded).start()
    status, out, err = run(capsys, topic, '--json', '--record', str(record))
    assert status == 130, err
    assert json.loads(out[-1])['received'] == 3
    assert out[-2] == 'recorded 1.0/%s' % SAMPLE_NAMES[2]
    assert 'Ctrl-C stops and reports' in err
    assert 'interrupted (Ctrl-C): the report covers the messages received ' \
        'until then' in err


@pytest.mark.parametrize('argv, said', [
    (['--redact', 'uuid'], '--redact needs --record DIR'),
    (['--count', '0'], 'argument --count: must be more than 0, not 0'),
    (['--duration', 'soon'], "argument --duration: 'soon' is not a number"),
    (['--record', ''], 'argument --record: is empty'),
])
def test_unusable_arguments(capsys, topic, argv, said):
    status, out, err = run(capsys, topic, *argv)
    assert status == 2
    assert said in err
    assert 'Traceback' not in err


def test_a_record_directory_that_is_a_file(capsys, topic, tmp_path):
    path = tmp_path / 'file'
    path.write_text('')
    status, out, err = run(capsys, topic, '--record', str(path))
    assert status == 2
    assert err.strip() == ('versioned-notifications: error: --record: %s is '
                           'a file, not a directory; name a directory'
                           % path)


def test_an_unreachable_broker_is_one_line_and_status_2(capsys, topic):
    # Nothing listens on the discard port of the loopback interface.
    started = time.monotonic()
    status = cli.main(['watch', '--transport-url',
                       'rabbit://guest:secret@127.0.0.1:9/',
                       '--connect-timeout', '2'])
    out, err = capsys.readouterr()
    assert status == 2
    assert time.monotonic() - started < WAIT
    assert err.startswith('versioned-notifications: error: no broker '
                          'answers at 127.0.0.1:9 (')
    assert 'within 2s; start it, or correct --transport-url' in err
    assert len(err.splitlines()) == 1
    assert 'secret' not in err and out == ''


def test_a_transport_url_of_no_driver(capsys):
    status = cli.main(['watch', '--transport-url', 'nosuch://host/'])
    out, err = capsys.readouterr()
    assert status == 2
    assert err.startswith('versioned-notifications: error: --transport-url '
                          'nosuch://host/ cannot be used: ')
    assert len(err.splitlines()) == 1


def test_the_help_names_every_kind_and_status(capsys):
    assert cli.main(['watch', '--help']) == 0
    out = capsys.readouterr().out
    for kind in watch.KINDS:
        assert '\n  %s\n' % kind in out
    assert '  130  interrupted (Ctrl-C), after the report' in out


def test_the_live_line_on_a_terminal_is_rewritten_in_place():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    line = watchbus.LiveLine(stream)
    line.update('received 1')
    line.update('received 2')  # within the interval: not shown
    line.finish('received 3')
    assert stream.getvalue() == ('\rreceived 1\x1b[K\rreceived 3\x1b[K\n')
    plain = io.StringIO()
    line = watchbus.LiveLine(plain)
    line.update('received 1')
    line.update('received 1')
    line.finish('received 1')
    assert plain.getvalue() == 'received 1\n'


def test_watchers_of_one_pool_share_the_stream_each_pool_gets_it(topic,
                                                                  send):
    contracts = watch.Contracts.load(
        vn_project.load_project(cli.project_from_setup_cfg(REPO)), SAMPLES)
    conf = cfg.ConfigOpts()
    conf([])
    transport = oslo_messaging.get_notification_transport(conf,
                                                          url='fake://')
    sessions = {name: watchbus.Session(watch.Checker(contracts))
                for name in ('a1', 'a2', 'b')}
    servers = [listener.get_raw_listener(
        transport, [oslo_messaging.Target(topic=topic)],
        session.handle, pool=name[0]) for name, session in sessions.items()]
    for server in servers:
        server.start()
    try:
        send(*[sample(name) for name in SAMPLE_NAMES] * 5)
        deadline = time.monotonic() + WAIT
        while (sessions['a1'].tally.received + sessions['a2'].tally.received
               < 30 or sessions['b'].tally.received < 30) and \
                time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
    finally:
        for server in servers:
            server.stop()
            server.wait()
        transport.cleanup()
    assert sessions['a1'].tally.received + sessions['a2'].tally.received \
        == 30
    assert sessions['b'].tally.received == sessions['b'].tally.valid == 30
