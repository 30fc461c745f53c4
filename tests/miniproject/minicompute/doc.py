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

"""How minicompute documents its notifications with versioned-notifications.

Some samples come from example data sent through the service's own code;
the others are built by the generator from the payloads' field types, with
their event types given here. The server samples share the fragments in
samples/common_payloads/ ($ref), as Nova's do.
"""

import datetime

from minicompute import compute
from minicompute import objects
from versioned_notifications.project import NotificationProject

PROJECT = NotificationProject(
    registry='minicompute.objects:MiniComputeObjectRegistry',
    notification_base='minicompute.notification_base:ComputeNotificationBase',
    modules=['minicompute.notifications', 'minicompute.maintenance'],
    sample_dir='samples',
    examples='minicompute.doc:examples',
    capture='minicompute.notification_base:capturing',
    event_types={
        'server-power_on-end.json': 'server.power_on.end',
        'server-update.json': 'server.update',
        'flavor-create.json': 'flavor.create',
        'keypair-create-end.json': 'keypair.create.end',
        'aggregate-add_host-start.json': 'aggregate.add_host.start',
        'aggregate-add_host-end.json': 'aggregate.add_host.end',
        # Type-derived: the phase error gives the priority ERROR.
        'host-maintenance-start.json': 'host.maintenance.start',
        'host-maintenance-error.json': 'host.maintenance.error',
    },
    # Hand-written, like Nova's instance-delete-end_compute_down.json: a
    # locked server's create.end, which functional tests compare with.
    variants={
        'ServerCreateNotification': ['server-create-end_*.json'],
    },
)

SERVER_UUID = '178b0921-8f85-4257-88b6-2e743b5a975c'
VOLUME_UUID = 'a07f71dc-8151-4e7d-a0cc-cd24a3f11113'


def server():
    return objects.Server(
        uuid=SERVER_UUID, display_name='some-server', host='compute-1',
        power_state='shutdown',
        launched_at=datetime.datetime(2012, 10, 29, 13, 42, 11,
                                      tzinfo=datetime.timezone.utc),
        flavor=objects.Flavor(flavorid='a22d5517', name='m1.tiny',
                              vcpus=1, memory_mb=512,
                              extra_specs={'hw:watchdog': 'on'}),
        fixed_ips=[objects.FixedIp(address='192.168.1.3',
                                   mac='fa:16:3e:4c:2c:30', version=4)],
        tags=['tag1'], locked=False)


class VolumeBusy(Exception):
    pass


def _refuse(server, volume_id):
    raise VolumeBusy('volume %s is attached elsewhere' % volume_id)


def _attach_failing(context):
    try:
        compute.attach_volume(context, server(), VOLUME_UUID, _refuse)
    except VolumeBusy:
        pass


def examples():
    running = server()
    running.power_state = 'running'
    # Each example sends exactly the one notification its sample shows.
    return {
        'server-create-start.json': lambda c: compute.notify_create(
            c, server(), 'start'),
        'server-create-end.json': lambda c: compute.notify_create(
            c, running, 'end'),
        'server-power_on_share-start.json': lambda c: compute.power_on(
            c, server(), 'admin'),
        'server-volume_attach-error.json': _attach_failing,
        'keypair-create-start.json': lambda c: compute.create_keypair(
            c, objects.Keypair(name='my-key', user_id='fake',
                               fingerprint='1e:2c:9b:56:79:4b:45:77',
                               type='ssh')),
        'service-update.json': lambda c: compute.update_service(
            c, objects.ComputeService(host='host2', binary='nova-compute',
                                      disabled=True,
                                      disabled_reason='maintenance',
                                      version=23)),
    }
