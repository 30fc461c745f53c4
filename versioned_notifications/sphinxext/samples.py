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

"""Reading the JSON samples the reference embeds.

Each problem is a :class:`SampleProblem` whose message names the file and
says what to do; the directive turns it into a warning at its location.
"""

from versioned_notifications import samplefile


class SampleProblem(Exception):
    """A sample cannot be embedded; the message says why and what to do."""


def read_sample(path, notification_name, regenerate_command, resolver):
    """The :class:`~versioned_notifications.samplefile.SampleFile` at
    ``path``: its text, and its message with ``$ref`` resolved by
    ``resolver`` (a :class:`~versioned_notifications.samplefile.Resolver`
    of the sample directory, which reads each fragment once).

    ``notification_name`` and ``regenerate_command`` go into the message
    about a missing file, so that it says which class expects it and how
    to make it.
    """
    try:
        # The reader refuses nesting it cannot follow, in the file and
        # through its fragments: nothing here recurses past it.
        sample = samplefile.read(path, resolver=resolver)
    except samplefile.SampleFileError as exc:
        own = exc.path == path
        if own and exc.kind == 'missing':
            raise SampleProblem(
                '%s: sample %s is missing (expected at %s); regenerate the '
                'samples with: %s'
                % (notification_name, path.name, path, regenerate_command)
            ) from None
        if own and exc.kind == 'json':
            where = ('line %d, column %d: %s' % (exc.lineno, exc.colno,
                                                 exc.msg)
                     if exc.lineno is not None else exc.msg)
            raise SampleProblem(
                '%s: sample %s is not valid JSON: %s; fix or regenerate it '
                'with: %s' % (notification_name, path, where,
                              regenerate_command)) from None
        # A fragment or a $ref of the sample: the message names the file.
        raise SampleProblem('%s: sample %s cannot be read: %s'
                            % (notification_name, path.name, exc)) from None
    message = sample.message
    if not isinstance(message, dict) or not isinstance(
            message.get('event_type'), str):
        raise SampleProblem(
            '%s: sample %s is not a notification: it needs an object with '
            'an "event_type" string; regenerate it with: %s'
            % (notification_name, path, regenerate_command))
    return sample
