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

"""The primer's reference of a real registry's notifications.

primer/run.py sets, in the environment: VN_PRIMER_PROJECT, the project
file (``watcher_project:PROJECT``, ``nova_project:PROJECT``);
VN_PRIMER_SAMPLE_DIR, the directory it regenerated; VN_PRIMER_TITLE, the
reference's title (optional).
"""

import os
import pathlib
import sys
import warnings

from sphinx.errors import ConfigError

# oslo.messaging, which Watcher and Nova import, still imports eventlet.
warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')

# The project files live in primer/, next to this directory.
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))


def _setting(name, what):
    try:
        return os.environ[name]
    except KeyError:
        raise ConfigError(
            '%s is not set: it names %s; build this reference with '
            '"tox -e primer" (primer/run.py)' % (name, what)) from None


versioned_notifications_project = _setting(
    'VN_PRIMER_PROJECT', 'the project file (e.g. nova_project:PROJECT)')
versioned_notifications_sample_dir = _setting(
    'VN_PRIMER_SAMPLE_DIR', 'the directory of the regenerated samples')
project = '%s (versioned-notifications primer)' % os.environ.get(
    'VN_PRIMER_TITLE', 'Notifications')
extensions = ['versioned_notifications.sphinxext']
versioned_notifications_regenerate_command = 'python primer/run.py'
