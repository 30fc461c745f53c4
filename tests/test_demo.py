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

"""``versioned-notifications demo`` on the in-process fake:// transport."""

import io
import subprocess
import sys

from versioned_notifications import cli
from versioned_notifications.watcher import demo


def test_demo_prints_the_order_sent_then_the_order_received():
    out = io.StringIO()
    assert demo.main(['--timeout', '10'], out=out) == 0
    lines = out.getvalue().splitlines()
    assert lines[0].startswith('Cancelling action plan ') and lines[0] \
        .endswith('(ONGOING) over fake://')
    # The workflow's order leads; the arrival order, which on fake://
    # puts the error queue's notifications first, is labelled as such.
    assert lines[1] == 'In the order sent:'
    sent = [line.strip() for line in lines[2:8]]
    assert lines[8] == ('As the listener received them (info and error '
                        'notifications travel in different queues):')
    received, rest = [line.strip() for line in lines[9:15]], lines[15:]
    assert sorted(received) == sorted(sent)
    assert [line.split()[:2] for line in sent] == [
        ['action_plan.cancel.start', 'INFO'],
        ['action.cancel.start', 'INFO'], ['action.cancel.end', 'INFO'],
        ['action.cancel.start', 'INFO'], ['action.cancel.error', 'ERROR'],
        ['action_plan.cancel.error', 'ERROR']]
    assert sent[4].endswith('FAILED (ActionAbortError: Aborting action '
                            '%s failed: the instance is past the point of '
                            'no return)' % demo.ACTION_UUIDS[1])
    assert rest == ['Action plan %s is FAILED; actions: nop CANCELLED, '
                     'migrate FAILED, nop CANCELLED'
                     % demo.demo_plan()[0].uuid]


def test_demo_says_when_no_broker_answers(capsys):
    out = io.StringIO()
    assert demo.main(['--transport-url', 'rabbit://guest:guest@127.0.0.1:1/',
                      '--timeout', '0.1'], out=out) == 1
    assert out.getvalue() == ''
    assert ('no broker answers at 127.0.0.1:1' in capsys.readouterr().err)


def test_versioned_notifications_demo_is_the_cli_subcommand(capsys):
    assert cli.main(['demo', '--timeout', '10']) == 0
    out = capsys.readouterr().out
    assert 'In the order sent:' in out
    assert out.count('action_plan.cancel.error') == 2


def test_other_commands_do_not_import_the_demo():
    # Documenting another project must not import this one's code.
    code = ('import sys; from versioned_notifications import cli; '
            'cli.build_parser(["check"]); '
            'print(sorted(m for m in sys.modules '
            'if m.startswith("versioned_notifications.watcher")))')
    result = subprocess.run([sys.executable, '-c', code], check=True,
                            capture_output=True, text=True)
    assert result.stdout.strip() == '[]'


def test_the_command_list_shows_the_demo_s_own_description(capsys):
    assert cli.main(['--help']) == 0
    out = capsys.readouterr().out
    assert 'demo:DemoCommand' not in out
    help_text = ' '.join(out[out.index('    demo'):].split()[1:])
    assert help_text.startswith(' '.join(demo.DemoCommand.help.split()))
