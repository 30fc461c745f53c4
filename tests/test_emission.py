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

"""The notifier's configuration inside a real service: its own
``[DEFAULT] host``, options registered once, the documented defaults."""

import pathlib
import shutil
import subprocess
import sys

from oslo_config import cfg
import pytest

from versioned_notifications import capture
from versioned_notifications import watcher
from versioned_notifications.watcher import emission
from versioned_notifications.watcher import sample_data


def service_conf(conf=None):
    """A configuration as Watcher and Nova build theirs: their own
    ``[DEFAULT] host``, defined differently from ours, registered first."""
    conf = cfg.ConfigOpts() if conf is None else conf
    conf.register_opt(cfg.HostDomainOpt(
        'host', default='service-node',
        help='The service\'s own definition of the node name.'))
    return conf


def registered_capturing(conf):
    """``conf`` with the notifier's options, sending to the capture."""
    emission.register_opts(conf)
    conf([], project='watcher')
    conf.set_override('driver', [capture.CAPTURE_DRIVER],
                      group='oslo_messaging_notifications')
    return conf


def test_the_services_own_host_is_reused():
    conf = registered_capturing(service_conf())
    try:
        emission.init(conf)
        with capture.NotificationCapture() as captured:
            watcher.send_cancel_notification(
                {}, sample_data.action_plan(), 'start')
    finally:
        emission.cleanup()
    assert [m['publisher_id'] for m in captured.messages] == [
        'infra-optim:service-node']


def test_our_host_is_registered_where_the_service_has_none():
    conf = cfg.ConfigOpts()
    emission.register_opts(conf)
    conf([])
    assert conf.host == emission.host_opts[0].default


class RecordingConf(cfg.ConfigOpts):
    """A real configuration that counts the options registered on it."""

    # A class attribute: ConfigOpts.__init__ registers options already.
    registered = 0

    def register_opt(self, *args, **kwargs):
        self.registered += 1
        return super().register_opt(*args, **kwargs)


def test_sending_registers_no_option_again():
    conf = registered_capturing(RecordingConf())
    try:
        # Building the notifier registers (oslo.messaging does, too);
        # sending must not.
        emission.init(conf)
        assert conf.registered > 0
        conf.registered = 0
        with capture.NotificationCapture() as captured:
            for phase in ('start', 'end'):
                watcher.send_cancel_notification(
                    {}, sample_data.action_plan(), phase)
    finally:
        emission.cleanup()
    assert len(captured.messages) == 2
    assert conf.registered == 0


def test_registering_twice_keeps_a_default_the_service_changed():
    # Registering once also means the bounded retry is set once: a service
    # that chose another default keeps it.
    conf = cfg.ConfigOpts()
    emission.register_opts(conf)
    conf.set_default('retry', 5, group='oslo_messaging_notifications')
    emission.register_opts(conf)
    conf([])
    assert conf.oslo_messaging_notifications.retry == 5


def test_runtime_retry_default_is_bounded():
    conf = cfg.ConfigOpts()
    emission.register_opts(conf)
    conf([])
    assert conf.oslo_messaging_notifications.retry == (
        emission.DEFAULT_SEND_RETRY)


def generator_script():
    # The console script installed beside this interpreter (a virtualenv's
    # bin/), else the one on PATH.
    beside = pathlib.Path(sys.executable).parent / 'oslo-config-generator'
    found = str(beside) if beside.exists() else shutil.which(
        'oslo-config-generator')
    if found is None:
        pytest.fail('oslo-config-generator is not installed (oslo.config)')
    return found


def sample_section(text, name):
    lines = text.splitlines()
    start = lines.index('[%s]' % name) + 1
    end = next((i for i in range(start, len(lines))
                if lines[i].startswith('[')), len(lines))
    return lines[start:end]


def test_generated_sample_documents_the_bounded_retry(tmp_path):
    # The generator's own process, through the installed entry points
    # (oslo.config.opts and oslo.config.opts.defaults), as a service's
    # tox -e genconfig runs it.
    out = tmp_path / 'sample.conf'
    subprocess.run(
        [generator_script(),
         '--namespace', 'versioned_notifications.watcher',
         '--namespace', 'oslo.messaging',
         '--output-file', str(out)],
        check=True, capture_output=True, text=True)
    section = sample_section(out.read_text(), 'oslo_messaging_notifications')
    # Entry points are read from the installed metadata: after editing
    # setup.cfg, reinstall (pip install -e .) for the generator to see them.
    assert '#retry = %d' % emission.DEFAULT_SEND_RETRY in section, (
        'is the oslo.config.opts.defaults entry point installed?')
    assert '#retry = -1' not in section
