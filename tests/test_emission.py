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

"""The notifier's configuration inside a real service."""

from oslo_config import cfg

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
