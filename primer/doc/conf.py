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

"""The primer's reference of python-watcher's notifications.

The sample directory is the one primer/run.py regenerated, given in the
environment variable VN_PRIMER_SAMPLE_DIR (run.py sets it).
"""

import os
import pathlib
import sys
import warnings

from sphinx.errors import ConfigError

# oslo.messaging, which Watcher imports, still imports eventlet.
warnings.filterwarnings('ignore', message=r'\s*Eventlet is deprecated')

# watcher_project.py lives in primer/, next to this directory.
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

project = 'python-watcher notifications (versioned-notifications primer)'
extensions = ['versioned_notifications.sphinxext']
versioned_notifications_project = 'watcher_project:PROJECT'
versioned_notifications_regenerate_command = 'python primer/run.py'

try:
    versioned_notifications_sample_dir = os.environ['VN_PRIMER_SAMPLE_DIR']
except KeyError:
    raise ConfigError(
        'VN_PRIMER_SAMPLE_DIR is not set: it names the directory of the '
        'regenerated Watcher samples; build this reference with '
        '"tox -e primer" (primer/run.py)') from None
