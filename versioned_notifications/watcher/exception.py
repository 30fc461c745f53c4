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

"""Exceptions of the infra-optim service's cancel operation."""


class WatcherException(Exception):
    """Base of the service's errors; its message travels in a fault."""

    msg_fmt = 'An unknown exception occurred'

    def __init__(self, message=None, **kwargs):
        if message is None:
            message = self.msg_fmt % kwargs
        super().__init__(message)


class ActionPlanCancelError(WatcherException):
    msg_fmt = 'Cancelling action plan %(uuid)s failed: %(reason)s'


class ActionAbortError(WatcherException):
    msg_fmt = 'Aborting action %(uuid)s failed: %(reason)s'


class ActionPlanNotCancellable(WatcherException):
    msg_fmt = ('Action plan %(uuid)s is %(state)s and cannot be cancelled: '
               'only a PENDING or ONGOING action plan can be')


class AbortHandlerNotFound(WatcherException):
    msg_fmt = ('Action %(uuid)s of type %(action_type)s is ONGOING but no '
               'abort handler is registered for %(action_type)s (known: '
               '%(known)s); register one with the registry\'s register() '
               '(versioned_notifications.watcher.abort.register for the '
               'default one)%(entry_points)s')


class ActionAbortTimeout(WatcherException):
    msg_fmt = ('Aborting action %(uuid)s (%(action_type)s) did not finish '
               'within %(timeout)s s ([watcher_cancel] abort_timeout); the '
               'action may still be running')


class ActionPlanChanged(WatcherException):
    msg_fmt = ('Action plan %(uuid)s was read %(seen)s but is now %(state)s: '
               'read it and its actions again before cancelling it')
