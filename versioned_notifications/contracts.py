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

"""The machine-readable contracts generated from the same classes as the
samples.

In the contract directory (the project's ``contracts_dir``, relative to the
sample directory; by default the sample directory itself, beside the
samples):

``schemas/payloads/<ObjectName>.json``
    JSON Schema of each payload and of every object nested in one
    (:mod:`versioned_notifications.schema`).
``schemas/notifications/<event_type>.json``
    JSON Schema of each event type's oslo.messaging message.
``asyncapi.json``
    AsyncAPI 3.0 document of all the notifications
    (:mod:`versioned_notifications.asyncapi`).
``schemas/history/<ObjectName>.json``
    The contract of every recorded version of each notification class,
    payload and nested object, oldest first
    (:mod:`versioned_notifications.historyfile`): added to when a class is
    bumped, never rewritten (:mod:`versioned_notifications.evolution`).

The project's ``exports`` names the exports written: ``'asyncapi'`` and
``'schemas'`` (both by default); the history is always recorded, since
``check`` compares the classes with it. Every file is read, written and
deleted inside the contract directory only, by real path (a contract
directory outside the sample directory is confined to itself, the sample
directory to itself): :class:`Layout`.

The AsyncAPI document's ``info`` and topic come from the project's
``asyncapi`` setting: ``title`` (default ``"<namespace> notifications"``,
the objects' namespace), ``version`` (default ``1.0.0``; the version of the
notification interface as a whole, bumped by the project), ``topic``
(default ``notifications``, oslo.messaging's) and ``description``.
"""

import dataclasses
import os
import pathlib

from versioned_notifications import asyncapi
from versioned_notifications import fieldtypes
from versioned_notifications import project as vn_project
from versioned_notifications import schema

__all__ = ['ASYNCAPI_FILE', 'EXPORTS', 'HISTORY_DIR', 'Layout', 'SCHEMA_DIR',
           'asyncapi_settings', 'contract_documents', 'history_path',
           'is_contract', 'message_schema_path', 'payload_schema_path']

SCHEMA_DIR = 'schemas'
# Under SCHEMA_DIR: the recorded contracts of every version.
HISTORY_DIR = 'history'
ASYNCAPI_FILE = 'asyncapi.json'
ASYNCAPI_SETTINGS = ('description', 'title', 'topic', 'version')
# The exports a project may turn off (NotificationProject.exports): the
# AsyncAPI document, and the JSON Schemas of payloads and messages.
EXPORTS = ('asyncapi', 'schemas')
DEFAULT_VERSION = '1.0.0'


def payload_schema_path(obj_name):
    """The schema file of an object, relative to the sample directory."""
    return '%s/%s' % (SCHEMA_DIR, schema.payload_path(obj_name))


def history_path(obj_name):
    """The history file of an object, relative to the sample directory."""
    return '%s/%s/%s.json' % (SCHEMA_DIR, HISTORY_DIR, obj_name)


def message_schema_path(event_type):
    """The schema file of an event type's message, relative to the sample
    directory."""
    return '%s/%s' % (SCHEMA_DIR, schema.message_path(event_type))


def is_contract(name):
    """Whether a file of the contract directory (relative, '/'-separated)
    is one of the generated contracts."""
    return name == ASYNCAPI_FILE or name.startswith(SCHEMA_DIR + '/')


@dataclasses.dataclass(frozen=True)
class Layout:
    """Where the contracts of a project's sample directory go."""

    # The sample directory, and the contract directory (the same by
    # default), as given: real paths are confinement's business.
    sample_dir: pathlib.Path
    directory: pathlib.Path
    # The exports written (EXPORTS, or fewer).
    exports: frozenset = frozenset(EXPORTS)

    @classmethod
    def of(cls, project, sample_dir):
        """The layout of ``project`` (a NotificationProject; None: the
        default) for the sample directory ``sample_dir``."""
        sample_dir = pathlib.Path(sample_dir)
        if project is None:
            return cls(sample_dir, sample_dir)
        directory = pathlib.Path(os.path.normpath(
            sample_dir / project.contracts_dir))
        layout = cls(sample_dir, directory, frozenset(project.exports))
        within = layout._relative(sample_dir, directory / SCHEMA_DIR)
        if within is not None:
            raise vn_project.ProjectError(
                'contracts_dir: %r puts the sample directory %s inside the '
                'directory of the schemas and history (%s), whose every '
                'file is generated; choose a contract directory that does '
                'not hold the samples in its %s/'
                % (project.contracts_dir, sample_dir, directory / SCHEMA_DIR,
                   SCHEMA_DIR))
        return layout

    @staticmethod
    def _relative(path, root):
        """``path`` relative to ``root`` ('' for itself), '/'-separated, or
        None when it is not inside (compared as written, normalised)."""
        path = os.path.normpath(path)
        root = os.path.normpath(root)
        relative = os.path.relpath(path, root)
        if relative == os.curdir:
            return ''
        if relative == os.pardir or relative.startswith(os.pardir + os.sep):
            return None
        return relative.replace(os.sep, '/')

    @property
    def separate(self):
        """Whether the contracts go elsewhere than the sample directory."""
        return os.path.normpath(self.directory) != os.path.normpath(
            self.sample_dir)

    @property
    def what(self):
        """The contract directory's name in messages."""
        return 'contract directory' if self.separate else 'sample directory'

    @property
    def output_names(self):
        """What the generated contract files are, in messages: 'schemas
        and asyncapi.json' by default."""
        names = [name for name, export in (('schemas', 'schemas'),
                                           (ASYNCAPI_FILE, 'asyncapi'))
                 if export in self.exports]
        if 'schemas' not in self.exports:
            names.append('recorded contracts')
        return ' and '.join(names)

    def holds(self, name):
        """Whether ``name``, a file of the sample directory (relative,
        '/'-separated), is a contract file rather than a sample."""
        prefix = self._relative(self.directory, self.sample_dir)
        if prefix is None:
            return False
        if prefix:
            if not name.startswith(prefix + '/'):
                return False
            name = name[len(prefix) + 1:]
        return is_contract(name)

    def history_dir(self):
        """The directory of the recorded contracts."""
        return self.directory / SCHEMA_DIR / HISTORY_DIR


def asyncapi_settings(project, samples):
    """The project's ``asyncapi`` setting with its defaults filled in."""
    settings = dict(project.asyncapi)
    unknown = sorted(set(settings) - set(ASYNCAPI_SETTINGS))
    if unknown:
        raise vn_project.ProjectError(
            'asyncapi: unknown setting(s) %s; the settings are %s'
            % (', '.join(unknown), ', '.join(ASYNCAPI_SETTINGS)))
    for key, value in sorted(settings.items()):
        if not isinstance(value, str) or not value:
            raise vn_project.ProjectError(
                'asyncapi: %s must be a non-empty string, not %r'
                % (key, value))
    if 'title' not in settings:
        namespaces = sorted({sample.payload_class.OBJ_PROJECT_NAMESPACE
                             for sample in samples})
        settings['title'] = '%s notifications' % (
            ', '.join(namespaces) or project.registry)
    settings.setdefault('version', DEFAULT_VERSION)
    settings.setdefault('topic', asyncapi.DEFAULT_TOPIC)
    return settings


def contract_documents(project, samples):
    """Every exported contract file of ``samples`` (the project's
    ``exports``; the history is :mod:`versioned_notifications.evolution`'s)
    as {path relative to the contract directory: document}, sorted by
    path.

    Raises :class:`~versioned_notifications.schema.SchemaError` naming the
    class and field a schema cannot be made for, or
    :class:`~versioned_notifications.project.ProjectError` for an unusable
    ``asyncapi`` setting.
    """
    project = vn_project.load_project(project)
    samples = list(samples)
    describer = fieldtypes.Describer.for_project(project)
    documents = {}
    if 'schemas' in project.exports:
        documents.update(
            ('%s/%s' % (SCHEMA_DIR, path), document)
            for path, document in schema.schema_documents(
                samples, describer).items())
    if 'asyncapi' in project.exports:
        documents[ASYNCAPI_FILE] = asyncapi.asyncapi_document(
            samples, describer=describer,
            **asyncapi_settings(project, samples))
    return dict(sorted(documents.items()))
