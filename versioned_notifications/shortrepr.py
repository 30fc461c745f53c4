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

"""Values as messages show them: a bounded repr, readable whatever the
value holds (a received message or a sample may carry anything)."""

import reprlib

__all__ = ['shown']

_REPR = reprlib.Repr()
_REPR.maxlevel = 2
_REPR.maxstring = 60
_REPR.maxother = 60
_REPR.maxdict = 4
_REPR.maxlist = 4


def shown(value: object) -> str:
    """``value``'s repr, cut to a few dozen characters and two levels."""
    return _REPR.repr(value)
