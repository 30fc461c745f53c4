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

"""Abort handlers: how an ONGOING action of a given type is stopped.

Cancelling an action plan aborts each of its ONGOING actions through the
handler registered for the action's ``action_type``. A handler is a
callable ``handler(context, action)``; it returns once the action has
stopped and raises when it could not stop it, which fails that action's
abort (``action.cancel.error``).

Handlers are registered in code::

    from versioned_notifications.watcher import abort

    @abort.register('migrate')
    def abort_migration(context, action):
        ...

or by an installed distribution, under the entry point group
``versioned_notifications.watcher.abort_handlers`` (name: the action type).
The built-in ``nop`` handler stops a ``nop`` action, which does nothing.
"""

from importlib import metadata
import threading

from versioned_notifications.watcher import exception

ENTRY_POINT_GROUP = 'versioned_notifications.watcher.abort_handlers'


class AbortHandlerRegistry:
    """Action type -> abort handler, looked up in code registrations first
    and then in the entry point group."""

    def __init__(self, entry_point_group=ENTRY_POINT_GROUP):
        self.entry_point_group = entry_point_group
        self._handlers = {}
        self._lock = threading.Lock()

    def register(self, action_type, handler=None):
        """Register ``handler`` for ``action_type``; without a handler,
        return a decorator. A later registration replaces an earlier one."""
        if handler is None:
            def decorator(func):
                self.register(action_type, func)
                return func
            return decorator
        if not callable(handler):
            raise TypeError('abort handler for %r must be callable, not %r'
                            % (action_type, handler))
        with self._lock:
            self._handlers[action_type] = handler
        return handler

    def _entry_points(self):
        if self.entry_point_group is None:
            return {}
        return {ep.name: ep for ep in
                metadata.entry_points(group=self.entry_point_group)}

    def known(self):
        """Every action type a handler is available for, sorted."""
        with self._lock:
            names = set(self._handlers)
        return sorted(names | set(self._entry_points()))

    def find(self, action_type):
        """The handler of ``action_type``, or None."""
        with self._lock:
            handler = self._handlers.get(action_type)
        if handler is not None:
            return handler
        entry_point = self._entry_points().get(action_type)
        if entry_point is None:
            return None
        # Loaded once, then kept like a code registration.
        return self.register(action_type, entry_point.load())

    def get(self, action):
        """The handler for ``action``; ``AbortHandlerNotFound`` names the
        action and the known types when there is none."""
        handler = self.find(action.action_type)
        if handler is None:
            raise exception.AbortHandlerNotFound(
                uuid=action.uuid, action_type=action.action_type,
                known=', '.join(self.known()) or 'none',
                entry_points=(' or in the entry point group %s'
                              % self.entry_point_group
                              if self.entry_point_group else ''))
        return handler


def nop(context, action):
    """A ``nop`` action does nothing, so it stops at once."""


# The registry the cancel workflow uses unless it is given another.
HANDLERS = AbortHandlerRegistry()
HANDLERS.register('nop', nop)
register = HANDLERS.register
