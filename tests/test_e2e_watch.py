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

"""``versioned-notifications watch`` on the real RabbitMQ CI starts, as
issue 19's "Done when" says: the six cancel samples sent ten times and
twenty broken messages (an unknown event type, a newer major version, a
field of the wrong type, the payload of another event: five each) give
received 80, valid 60 and twenty problems, exit status 1, and ``--record``
keeps one sample per event type and version, which the generator reads
back. Skips without a broker, fails without one when ``CI=true``
(:func:`tests.test_e2e_rabbitmq.broker`)."""

import json
import pathlib
import threading
import uuid

from oslo_config import cfg
import oslo_messaging
from oslo_messaging import opts as messaging_opts

from tests.test_e2e_rabbitmq import broker  # noqa: F401 - the fixture
from versioned_notifications import cli
from versioned_notifications import generator
from versioned_notifications import samplefile

REPO = pathlib.Path(__file__).resolve().parent.parent
SAMPLES = REPO / 'samples'
DATA = 'watcher_object.data'
SAMPLE_NAMES = sorted(path.name for path in SAMPLES.glob('action*.json'))
WATCHER = 'versioned_notifications.watcher.project:PROJECT'
WAIT = 120


def sample(name):
    return json.loads((SAMPLES / name).read_text('utf-8'))


def broken_messages():
    """Five of each kind of broken message, told apart by their event
    type and kind."""
    found = []
    for _ in range(5):
        unknown = sample('action-cancel-end.json')
        unknown['event_type'] = 'action.cancel.finish'
        newer = sample('action-cancel-start.json')
        newer['payload']['watcher_object.version'] = '2.0'
        wrong = sample('action_plan-cancel-end.json')
        wrong['payload'][DATA]['global_efficacy'] = ['not', 'a', 'dict']
        other = sample('action_plan-cancel-start.json')
        other['payload'] = sample('action-cancel-error.json')['payload']
        found += [unknown, newer, wrong, other]
    return found


def config_file(directory, exchange):
    """What the service and the watcher share: an exchange of the test's
    own, and queues that go with their consumers."""
    path = directory / 'watch.conf'
    path.write_text('[DEFAULT]\ncontrol_exchange = %s\n\n'
                    '[oslo_messaging_rabbit]\namqp_auto_delete = true\n'
                    % exchange)
    return path


def sender(url, path):
    conf = cfg.ConfigOpts()
    for group, options in messaging_opts.list_opts():
        if group in ('oslo_messaging_rabbit', None, 'DEFAULT'):
            conf.register_opts(options, group=group)
    conf([], default_config_files=[str(path)])
    return oslo_messaging.get_notification_transport(conf, url=url)


def test_watch_tells_valid_and_broken_messages_apart_on_rabbitmq(
        broker, tmp_path, capsys):  # noqa: F811 - the fixture
    topic = 'vn-e2e-watch-%s' % uuid.uuid4().hex
    path = config_file(tmp_path, 'vn_e2e_watch_%s' % uuid.uuid4().hex)
    record = tmp_path / 'recorded'
    result = {}

    def watch():
        result['status'] = cli.main([
            '--project', WATCHER, 'watch', '--transport-url', broker,
            '--config-file', str(path), '--topic', topic, '--count', '80',
            '--json', '--record', str(record)])

    watcher = threading.Thread(target=watch)
    watcher.start()
    transport = sender(broker, path)
    try:
        messages = [sample(name) for name in SAMPLE_NAMES] * 10
        messages += broken_messages()
        for message in messages:
            notifier = oslo_messaging.Notifier(
                transport, publisher_id=message['publisher_id'],
                driver='messagingv2', topics=[topic])
            getattr(notifier, message['priority'].lower())(
                {}, message['event_type'], message['payload'])
        watcher.join(WAIT)
    finally:
        transport.cleanup()
    assert not watcher.is_alive(), 'watch did not receive 80 messages'
    out, err = capsys.readouterr()
    print(out)
    assert result['status'] == 1, err
    report = json.loads(out.splitlines()[-1])
    assert (report['received'], report['valid']) == (80, 60)
    assert len(report['problems']) == 20
    kinds = {}
    for problem in report['problems']:
        key = (problem['event_type'], problem['kind'])
        kinds[key] = kinds.get(key, 0) + 1
    assert kinds == {('action.cancel.finish', 'unknown-event-type'): 5,
                     ('action.cancel.start', 'newer-major'): 5,
                     ('action_plan.cancel.end', 'field'): 5,
                     ('action_plan.cancel.start', 'payload-class'): 5}
    assert report['by_event_type']['action_plan.cancel.end'] == {
        'received': 15, 'valid': 10, 'problems': {'field': 5}}
    assert report['by_event_type']['action.cancel.error'] == {
        'received': 10, 'valid': 10, 'problems': {}}

    # One sample per event type and version: what was sent, with the
    # message_id and timestamp the generator gives that file.
    assert report['recorded'] == ['1.0/%s' % name
                                  for name in sorted(SAMPLE_NAMES)]
    assert sorted(p.relative_to(record).as_posix()
                  for p in record.rglob('*') if p.is_file()) == \
        report['recorded']
    for name in SAMPLE_NAMES:
        text = (record / '1.0' / name).read_text('utf-8')
        assert text == (SAMPLES / name).read_text('utf-8')
        assert samplefile.read(record / '1.0' / name).message == \
            sample(name)
    # generate reads the recorded directory as a sample directory.
    regenerated = generator.generate(WATCHER, record / '1.0')
    assert regenerated.errors == [] and regenerated.invalid == []
    assert {s.name: s.text for s in regenerated.samples} == {
        name: (record / '1.0' / name).read_text('utf-8')
        for name in SAMPLE_NAMES}
