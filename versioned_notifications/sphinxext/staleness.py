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

"""Whether a committed sample still shows the contract the code sends.

The docs build reads samples and classes and never runs the generator: a
sample is stale when its payload's, or a nested object's, version or field
set differs from the code (:mod:`versioned_notifications.drift`), whoever
wrote it. ``versioned-notifications check`` keeps the exact comparison of
generated samples.
"""

from versioned_notifications import drift

__all__ = ['problem']


def problem(entry, message, path, regenerate_command):
    """Why the sample at ``path`` is stale, or None when it is not."""
    differences = drift.contract_drift(message.get('payload'), entry.payload)
    if not differences:
        return None
    return ('%s: sample %s is stale: %s; regenerate the samples with: %s'
            % (entry.notification.obj_name(), path, '; '.join(differences),
               regenerate_command))
