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

"""Whether a committed sample is what the generator would write now.

The generator runs once per process, project and sample directory, the
first time a document with the directive is read (an unchanged rebuild
reads none, so it does not run at all); each sample file's text is then
compared with the generated ``Sample.text`` of the same name. One
``sphinx-build`` is one process, so the code cannot change under the cache.
"""

import difflib
import functools

from versioned_notifications import generator
from versioned_notifications import project as vn_project


@functools.lru_cache(maxsize=4)
def _generated(project, directory):
    # The directory is only read: a sample derived from field types takes
    # its event type from the existing file when the project configures
    # none.
    try:
        result = generator.generate(project, directory=directory)
    except vn_project.ProjectError as exc:
        return exc, {}, {}
    return (None, {sample.name: sample for sample in result.samples},
            {error.sample: error for error in result.errors})


class Checker:
    def __init__(self, project, directory):
        self.project = project
        self.directory = str(directory)

    def problem(self, notification_name, sample_name, text, path,
                regenerate_command):
        """Why the sample at ``path`` is stale, or None when it is not."""
        failure, generated, errors = _generated(self.project, self.directory)
        if failure is not None:
            return ('%s: cannot check whether sample %s is up to date: the '
                    'generator cannot run: %s (set '
                    'versioned_notifications_check_stale = False to skip '
                    'the check)' % (notification_name, path, failure))
        if sample_name in errors:
            return ('%s: cannot check whether sample %s is up to date: the '
                    'generator fails for it: %s'
                    % (notification_name, path, errors[sample_name].cause))
        sample = generated.get(sample_name)
        if sample is None:
            return ('%s: the generator writes no sample named %s; remove %s '
                    'or regenerate the samples with: %s'
                    % (notification_name, sample_name, path,
                       regenerate_command))
        if sample.text == text:
            return None
        line = _first_difference(sample.text, text)
        return ('%s: sample %s is stale: it differs from what the generator '
                'writes now (first at line %d); regenerate the samples with: '
                '%s' % (notification_name, path, line, regenerate_command))


def generated_event_type(project, directory, sample_name):
    """The event type of ``sample_name`` by the project's configuration
    or the generator, or None when neither can tell."""
    configured = vn_project.event_type_for(project, sample_name)
    if configured:
        return configured
    _, generated, _ = _generated(project, str(directory))
    sample = generated.get(sample_name)
    return sample.event_type if sample is not None else None


def _first_difference(expected, actual):
    matcher = difflib.SequenceMatcher(
        None, actual.splitlines(), expected.splitlines(), autojunk=False)
    for tag, start, _, _, _ in matcher.get_opcodes():
        if tag != 'equal':
            return start + 1
    return 1


def checker(project, directory):
    return Checker(project, directory)
