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

The generator runs once per process and project, the first time a
document with the directive is read (an unchanged rebuild reads none, so
it does not run); each sample file's text is compared with the generated
``Sample.text`` of the same name.
"""

import difflib
import functools


@functools.lru_cache(maxsize=4)
def _generated(project):
    from versioned_notifications import generator
    result = generator.generate(project)
    return ({sample.name: sample for sample in result.samples},
            {error.sample: error for error in result.errors})


class Checker:
    def __init__(self, project):
        self.project = project

    def problem(self, notification_name, sample_name, text, path,
                regenerate_command):
        """Why the sample at ``path`` is stale, or None when it is not."""
        generated, errors = _generated(self.project)
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


def _first_difference(expected, actual):
    matcher = difflib.SequenceMatcher(
        None, actual.splitlines(), expected.splitlines(), autojunk=False)
    for tag, start, _, _, _ in matcher.get_opcodes():
        if tag != 'equal':
            return start + 1
    return 1


def checker(project):
    return Checker(project)
