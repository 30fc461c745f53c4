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

"""The parts of minicompute's service code that notify: the send path the
sample generator runs for the samples that have example data."""

from minicompute import notification_base as base
from minicompute import notifications as n

SERVICE = 'nova-compute'


def _emit(context, cls, obj, action, phase, payload, priority='info',
          host='compute-1'):
    cls(priority=priority,
        event_type=base.ComputeEventType(object=obj, action=action,
                                         phase=phase),
        publisher=base.ComputePublisher(host=host, source=SERVICE),
        payload=payload).emit(context)


def notify_create(context, server, phase):
    _emit(context, n.ServerCreateNotification, 'server', 'create', phase,
          n.ServerPayload(server))


def create_server(context, server):
    notify_create(context, server, 'start')
    server.power_state = 'running'
    notify_create(context, server, 'end')


def power_on(context, server, user):
    _emit(context, n.ServerActionNotification, 'server', 'power_on',
          'start', n.ServerActionPayload(server, user))


def attach_volume(context, server, volume_id, attach):
    try:
        attach(server, volume_id)
    except Exception as exc:
        _emit(context, n.ServerVolumeAttachNotification, 'server',
              'volume_attach', 'error',
              n.VolumeAttachPayload(server, volume_id,
                                    fault=n.ExceptionInfoPayload(exc)),
              priority='error')
        raise


def create_keypair(context, keypair):
    _emit(context, n.KeypairCreateNotification, 'keypair', 'create',
          'start', n.KeypairPayload(keypair))


def update_service(context, service):
    _emit(context, n.ServiceUpdateNotification, 'service', 'update', None,
          n.ServiceStatusPayload(service), host=service.host)
