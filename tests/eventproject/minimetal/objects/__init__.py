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

"""minimetal's data model.

Importing this package registers nothing: the service calls
:func:`register_all` when it starts, as Nova, Ironic and Watcher do, and
no notification module imports the data model's modules.
"""


def register_all():
    # NOTE: the objects are registered as a side effect of their import.
    __import__('minimetal.objects.chassis')
    __import__('minimetal.objects.node')
