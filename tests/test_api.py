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

"""The public API: every module says what it exports, every error the
package raises has one base, the entry points are annotated."""

import dataclasses
import importlib
import inspect
import pkgutil

import pytest

import versioned_notifications
from versioned_notifications import cli
from versioned_notifications import confinement
from versioned_notifications import errors
from versioned_notifications import listener
from versioned_notifications import project
from versioned_notifications import sampledir
from versioned_notifications import testing
from versioned_notifications import versions

# The spec's service (its own exceptions mirror Watcher's), not the library.
_SERVICE = 'versioned_notifications.watcher'


def _library_modules():
    for info in pkgutil.walk_packages(versioned_notifications.__path__,
                                      'versioned_notifications.'):
        if info.name == _SERVICE or info.name.startswith(_SERVICE + '.'):
            continue
        yield importlib.import_module(info.name)


MODULES = list(_library_modules())


@pytest.mark.parametrize('module', [m for m in MODULES
                                    if not m.__name__.endswith('__init__')
                                    and not hasattr(m, '__path__')],
                         ids=lambda m: m.__name__)
def test_each_module_says_what_it_exports(module):
    assert isinstance(module.__all__, list), module.__name__
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert not missing, '%s.__all__ names %s' % (module.__name__, missing)


def test_every_error_derives_from_the_one_base():
    strays = []
    for module in MODULES:
        for name, value in vars(module).items():
            if (inspect.isclass(value) and value.__module__ == module.__name__
                    and issubclass(value, BaseException)
                    and not issubclass(value,
                                       errors.VersionedNotificationsError)):
                strays.append('%s.%s' % (module.__name__, name))
    assert not strays
    # And callers can still catch them as the built-in kinds they were.
    assert issubclass(versions.VersionError, ValueError)
    assert issubclass(confinement.OutsideError, ValueError)
    assert issubclass(sampledir.WriteError, OSError)


@pytest.mark.parametrize('function', [
    cli.main, listener.get_listener, listener.get_raw_listener,
    listener.event_type_filter, listener.NotificationEndpoint.__init__,
    listener.NotificationEndpoint.receive,
    listener.NotificationEndpoint.to_object, testing.load_sample,
    testing.assert_notification_matches_sample, project.load_project,
    project.resolve, project.expand_event_types, project.declared_events,
], ids=lambda f: f.__qualname__)
def test_the_public_entry_points_are_annotated(function):
    signature = inspect.signature(function)
    unannotated = [name for name, parameter in signature.parameters.items()
                   if name != 'self'
                   and parameter.annotation is inspect.Parameter.empty]
    assert not unannotated
    assert signature.return_annotation is not inspect.Signature.empty


def test_the_project_settings_are_typed():
    assert all(field.type for field in dataclasses.fields(
        project.NotificationProject))
