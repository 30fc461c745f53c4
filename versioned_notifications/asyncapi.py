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

"""An AsyncAPI 3.0 document of a project's notifications.

How oslo.messaging delivers a notification, and how the document says it:

* The notifier sends each message to ``<topic>.<priority>``: the topic is
  ``[oslo_messaging_notifications] topics`` (``notifications`` unless the
  service configures another) and the priority is the message's own, in
  lower case (``notifications.info``, ``notifications.error``). The
  document has one channel per topic, its address
  ``<topic>.{priority}`` with the priority as a channel parameter. On
  RabbitMQ that address is the routing key (and queue name) in the
  service's control exchange.
* Every event type shares that channel; a consumer receives them all and
  tells them apart by ``event_type``. So there is one message per event
  type, whose ``event_type`` is a ``const``, which makes the messages of
  the channel mutually exclusive as AsyncAPI requires, and one ``receive``
  operation for consumers that takes all of them.
* A message's payload is the notification message as the samples show it
  (``event_type``, ``priority``, ``publisher_id``, ``message_id``,
  ``timestamp``, ``payload``): the schema of :mod:`.schema`, with the
  objects it nests under ``components/schemas``. With the ``messagingv2``
  driver the transport wraps that message as
  ``{"oslo.version": "2.0", "oslo.message": "<the message as JSON>"}``;
  the document describes what is inside, which is what every driver and
  every consumer library hands over.
* Each message's examples are its samples, unchanged.
"""

import re

from versioned_notifications import catalog as vn_catalog
from versioned_notifications import schema

__all__ = ['ASYNCAPI_VERSION', 'CONTENT_TYPE', 'DEFAULT_TOPIC', 'OPERATION',
           'asyncapi_document', 'component_name', 'components_ref']

ASYNCAPI_VERSION = '3.0.0'
DEFAULT_TOPIC = 'notifications'
CONTENT_TYPE = 'application/json'
OPERATION = 'receiveNotifications'


def components_ref(obj_name):
    """Where the document keeps the schema of an object."""
    return '#/components/schemas/%s' % obj_name


def _pointer(*parts):
    """A JSON pointer into the document, from its unescaped parts."""
    return '#/' + '/'.join(part.replace('~', '~0').replace('/', '~1')
                           for part in parts)


def component_name(event_type):
    """The key of an event type's message among the components: AsyncAPI
    allows letters, digits, '.', '-' and '_' in component names."""
    return re.sub(r'[^\w.\-]', '_', event_type)


def _without_schema_keyword(schema_dict):
    # Inside an AsyncAPI document the schema format is the document's.
    return {key: value for key, value in schema_dict.items()
            if key != '$schema'}


def _examples_by_event_type(samples):
    examples = {}
    for sample in sorted(samples, key=lambda s: s.name):
        examples.setdefault(sample.event_type, []).append(
            {'name': sample.name, 'payload': sample.message})
    return examples


def _message(event_type, notifications, payloads, examples):
    payload = schema.message_schema(event_type, notifications, payloads,
                                    ref=components_ref)
    summary = ', '.join(
        '%s %s' % (cls.obj_name(), cls.VERSION) for cls in notifications)
    return {
        'name': event_type,
        'title': event_type,
        'summary': 'Sent by %s.' % summary,
        'description': payload['description'],
        'contentType': CONTENT_TYPE,
        'payload': _without_schema_keyword(payload),
        'examples': examples,
    }


def asyncapi_document(samples, title, version, topic=DEFAULT_TOPIC,
                      description=None, describer=None):
    """The AsyncAPI 3.0 document (a dict) of the notifications that
    ``samples`` document.

    ``samples`` are the generator's samples, or anything with their
    ``name``, ``event_type``, ``notification_class``, ``payload_class``
    and ``message``. ``title`` and ``version`` become the document's
    ``info``; ``topic`` is the notifier's topic; ``describer`` is the
    project's :class:`~versioned_notifications.fieldtypes.Describer`.
    """
    samples = list(samples)
    groups = schema.event_groups(samples)
    examples = _examples_by_event_type(samples)
    messages = {}
    payload_classes = {}
    for event_type, (notifications, payloads) in groups.items():
        messages[component_name(event_type)] = _message(
            event_type, notifications, payloads, examples[event_type])
        for cls in payloads:
            payload_classes[cls.obj_name()] = cls
    schemas = {
        cls.obj_name(): _without_schema_keyword(
            schema.object_schema(cls, ref=components_ref,
                                 describer=describer))
        for cls in vn_catalog.object_closure(payload_classes.values())}
    priorities = [priority.lower() for priority in vn_catalog.WIRE_PRIORITIES]
    channel = {
        'address': '%s.{priority}' % topic,
        'title': 'Notifications',
        'description': (
            'oslo.messaging sends each notification to "%s.<priority>"; '
            'the topic is the notifier\'s [oslo_messaging_notifications] '
            'topics option. Every event type shares the channel: tell '
            'them apart by event_type.' % topic),
        'parameters': {
            'priority': {
                'description': 'The message\'s priority in lower case.',
                'enum': priorities,
                'default': 'info',
            },
        },
        'messages': {
            key: {'$ref': _pointer('components', 'messages', key)}
            for key in messages},
    }
    info = {'title': title, 'version': version}
    if description:
        info['description'] = description
    return {
        'asyncapi': ASYNCAPI_VERSION,
        'info': info,
        'defaultContentType': CONTENT_TYPE,
        'channels': {topic: channel},
        'operations': {
            OPERATION: {
                'action': 'receive',
                'title': 'Receive notifications',
                'summary': 'Listen to the notifications on the %s topic.'
                           % topic,
                'channel': {'$ref': _pointer('channels', topic)},
                'messages': [
                    {'$ref': _pointer('channels', topic, 'messages', key)}
                    for key in messages],
            },
        },
        'components': {
            'schemas': schemas,
            'messages': messages,
        },
    }
