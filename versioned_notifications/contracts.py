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

"""The machine-readable contracts generated next to the samples.

In the sample directory, beside the samples:

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

The AsyncAPI document's ``info`` and topic come from the project's
``asyncapi`` setting: ``title`` (default ``"<namespace> notifications"``,
the objects' namespace), ``version`` (default ``1.0.0``; the version of the
notification interface as a whole, bumped by the project), ``topic``
(default ``notifications``, oslo.messaging's) and ``description``.
"""

from versioned_notifications import asyncapi
from versioned_notifications import fieldtypes
from versioned_notifications import project as vn_project
from versioned_notifications import schema

SCHEMA_DIR = 'schemas'
# Under SCHEMA_DIR: the recorded contracts of every version.
HISTORY_DIR = 'history'
ASYNCAPI_FILE = 'asyncapi.json'
ASYNCAPI_SETTINGS = ('description', 'title', 'topic', 'version')
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
    """Whether a file of the sample directory (relative, '/'-separated) is
    one of the generated contracts rather than a sample."""
    return name == ASYNCAPI_FILE or name.startswith(SCHEMA_DIR + '/')


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
    """Every contract file of ``samples`` as {path relative to the sample
    directory: document}, sorted by path.

    Raises :class:`~versioned_notifications.schema.SchemaError` naming the
    class and field a schema cannot be made for, or
    :class:`~versioned_notifications.project.ProjectError` for an unusable
    ``asyncapi`` setting.
    """
    project = vn_project.load_project(project)
    samples = list(samples)
    describer = fieldtypes.Describer.for_project(project)
    documents = {
        '%s/%s' % (SCHEMA_DIR, path): document
        for path, document in schema.schema_documents(
            samples, describer).items()}
    documents[ASYNCAPI_FILE] = asyncapi.asyncapi_document(
        samples, describer=describer, **asyncapi_settings(project, samples))
    return dict(sorted(documents.items()))
