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

"""Capture what the real oslo.messaging notifier emits, without a bus.

oslo.messaging's ``test`` notification driver keeps every message it is
given in memory; a notifier configured with ``driver = test`` therefore goes
through all of oslo.messaging's real code (serializer, envelope, priority)
and stops short of the transport. Tests and the sample generator read the
messages from here.
"""

from oslo_messaging.notify import _impl_test

__all__ = ['CAPTURE_DRIVER', 'NotificationCapture']

# The value of ``[oslo_messaging_notifications] driver`` that captures.
CAPTURE_DRIVER = 'test'


class NotificationCapture:
    """Context manager collecting the messages sent while it is active::

        with NotificationCapture() as captured:
            send_cancel_notification(...)
        captured.messages[0]['event_type']
    """


    def __enter__(self):
        _impl_test.reset()
        return self

    def __exit__(self, *exc_info):
        return False

    @property
    def messages(self):
        """The envelopes sent so far: event_type, payload, priority,
        publisher_id, message_id and timestamp, as they would go on the
        wire."""
        return [message for _, message, _, _ in _impl_test.NOTIFICATIONS]
