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

"""Variant samples: hand-written samples of a notification class.

Functional tests compare what a notification looks like in a special case
(Nova's ``instance-delete-end_compute_down.json``) with a sample no class
names. A project declares them per class
(``NotificationProject(variants={'ServerCreateNotification':
['server-create-end_*.json']})``, names or shell patterns relative to the
sample directory). They are documented under their class's event and
checked against the class, not compared byte for byte (nothing generates
them); they are never orphans.
"""

import dataclasses
import fnmatch
import pathlib

from versioned_notifications import project as vn_project
from versioned_notifications import samplefile


@dataclasses.dataclass(frozen=True)
class Found:
    # {file name: notification class name}, sorted by file name.
    files: dict
    # What is wrong with the declaration: unknown class, a pattern that
    # matches no file or leaves the directory.
    problems: list


def find(project, directory):
    """The variant files of ``project`` in ``directory``; generated
    sample names are not variants and are left out by the caller."""
    directory = pathlib.Path(directory)
    try:
        names = sorted(path.name for path in directory.iterdir()
                       if path.is_file() and path.name.endswith('.json'))
    except OSError:
        names = []
    known = {cls.__name__ for cls in vn_project.notification_classes(project)
             } if project.variants else set()
    files, problems = {}, []
    for class_name, patterns in project.variants:
        if class_name not in known:
            problems.append(
                'variants: %s is not a notification class of the project '
                'that names samples; correct the name' % class_name)
            continue
        for pattern in patterns:
            if '/' in pattern or '\\' in pattern or pattern.startswith('.'):
                problems.append(
                    'variants: %s: %r is not a file name in the sample '
                    'directory %s; variants live directly in it'
                    % (class_name, pattern, directory))
                continue
            matched = fnmatch.filter(names, pattern)
            if not matched:
                problems.append(
                    'variants: %s: %r matches no file in %s; add the '
                    'sample or correct the pattern'
                    % (class_name, pattern, directory))
            for name in matched:
                owner = files.setdefault(name, class_name)
                if owner != class_name:
                    problems.append(
                        'variants: %s is declared a variant of both %s and '
                        '%s; declare it for one class' % (name, owner,
                                                          class_name))
    return Found(files=dict(sorted(files.items())), problems=problems)


def names_for(project, directory, notification_cls):
    """The variant file names of ``notification_cls``, sorted, other than
    the samples it names itself."""
    found = find(project, directory)
    return [name for name, owner in found.files.items()
            if owner == notification_cls.__name__
            and name not in notification_cls.samples]


def problems(project, notification_cls, path, resolver=None):
    """What makes the variant at ``path`` unlike a ``notification_cls``
    notification: [message naming the file and the field]."""
    path = pathlib.Path(path)
    where = '%s (variant of %s)' % (path, notification_cls.__name__)
    try:
        sample = samplefile.read(path, resolver=resolver)
    except samplefile.SampleFileError as exc:
        return ['%s: %s' % (where, exc)]
    message = sample.message
    if not isinstance(message, dict) or not isinstance(
            message.get('event_type'), str):
        return ['%s: not a notification: it needs an object with an '
                '"event_type" string' % where]
    try:
        payload_cls = vn_project.payload_class(project, notification_cls)
    except vn_project.ProjectError as exc:
        return ['%s: %s' % (where, exc)]
    payload = message.get('payload')
    key = payload_cls._obj_primitive_key
    if not isinstance(payload, dict):
        return ['%s: has no payload object' % where]
    found = []
    name = payload.get(key('name'))
    if name != payload_cls.obj_name():
        found.append('%s: payload %s is %r, but %s carries %s'
                     % (where, key('name'), name, notification_cls.__name__,
                        payload_cls.obj_name()))
    version = payload.get(key('version'))
    major = payload_cls.VERSION.split('.')[0]
    if not isinstance(version, str) or version.split('.')[0] != major:
        found.append('%s: payload %s is %r; %s is version %s, so the '
                     'variant must be %s.x' % (where, key('version'),
                                               version, name,
                                               payload_cls.VERSION, major))
    data = payload.get(key('data'))
    if not isinstance(data, dict):
        found.append('%s: payload has no %s object' % (where, key('data')))
        return found
    for field in sorted(set(data) - set(payload_cls.fields)):
        found.append('%s: payload field %r is not a field of %s %s; remove '
                     'it or correct its name'
                     % (where, field, payload_cls.obj_name(),
                        payload_cls.VERSION))
    return found
