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

import pathlib

from versioned_notifications import drift
from versioned_notifications import samplefile

__all__ = ['problems']


def problems(entry, path, resolver=None, validator=None):
    """What makes the variant at ``path`` (a catalog entry's file) unlike
    what its notification class sends: [message naming the file and the
    class, version or field]. The same contract check as the reference's
    (:mod:`versioned_notifications.drift`); a variant of the class's
    contract then has its values checked by ``validator`` (a
    :class:`~versioned_notifications.validation.SampleValidator`), when
    given: [message naming the file, the field and the value]."""
    path = pathlib.Path(path)
    where = '%s (variant of %s)' % (path, entry.notification.__name__)
    try:
        sample = samplefile.read_notification(path, resolver=resolver)
    except samplefile.SampleFileError as exc:
        return ['%s: %s' % (where, exc)]
    message = sample.message
    differences = drift.contract_drift(message.get('payload'), entry.payload)
    if differences or validator is None:
        # Values of another contract are not the class's to judge.
        return ['%s: %s' % (where, difference) for difference in differences]
    return ['%s: %s' % (where, problem.detail) for problem in
            validator.problems(str(path), message, entry.notification,
                               entry.payload)]
