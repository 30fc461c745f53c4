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

"""Listening to the cancel notifications: the user guide's example.

An event-based plugin starts a listener on the service's notification
transport and gets each cancel notification as the payload object it was
sent from. This module is what the user guide shows and what the demo and
the end-to-end test over RabbitMQ run.
"""

from versioned_notifications import listener
from versioned_notifications.watcher import base

# The events of an action plan's cancellation; shell-style patterns.
CANCEL_EVENTS = ('action_plan.cancel.*', 'action.cancel.*')


def start_cancel_listener(transport, on_notification,
                          topics=('notifications',), pool=None):
    """Start handing the cancel notifications sent on ``topics`` to
    ``on_notification(event_type, payload, metadata)``; return the
    listener, to ``stop()`` and ``wait()`` for later.

    ``payload`` is an ``ActionPlanCancelPayload`` or an
    ``ActionCancelPayload``; ``metadata`` holds ``priority``,
    ``publisher_id``, ``message_id`` and ``timestamp``. Listeners that share
    a ``pool`` name share the messages; each pool gets every message.
    """
    endpoint = listener.NotificationEndpoint(
        object_base=base.WatcherObject,
        registry=base.WatcherObjectRegistry,
        callback=on_notification,
        event_types=CANCEL_EVENTS)
    server = listener.get_listener(transport, topics, endpoint, pool=pool)
    server.start()
    return server


def describe(event_type, payload, metadata):
    """One line per notification: what happened to which object."""
    line = '%-24s %-5s %s %s %s' % (
        event_type, metadata['priority'], type(payload).__name__,
        payload.uuid, payload.state)
    if payload.fault is not None:
        line += ' (%s: %s)' % (payload.fault.exception,
                               payload.fault.exception_message)
    return line
