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

from versioned_notifications import errors
from versioned_notifications import samplefile

__all__ = ['SampleProblem', 'read_sample']


class SampleProblem(errors.VersionedNotificationsError):
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
        return samplefile.read_notification(path, resolver=resolver)
    except samplefile.SampleFileError as exc:
        # The reader's message names the file at fault (the sample or one
        # of its fragments) and what is wrong; a sample of its own that is
        # missing or no notification is the generator's to write.
        advice = ''
        if exc.path == path and exc.kind in _REGENERATED:
            advice = '; regenerate the samples with: %s' % regenerate_command
        raise SampleProblem('%s: %s%s' % (notification_name, exc,
                                          advice)) from None


# The problems of a sample file that regenerating it mends.
_REGENERATED = frozenset(('missing', 'json', 'notification'))
