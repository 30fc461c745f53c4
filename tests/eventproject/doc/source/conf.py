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

# minimetal's documentation, configured as the adoption guide says.
extensions = ['versioned_notifications.sphinxext']

project = 'minimetal'

versioned_notifications_project = 'minimetal.doc:PROJECT'
versioned_notifications_sample_dir = '../../samples'
versioned_notifications_regenerate_command = (
    'versioned-notifications generate (from tests/eventproject)')
