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

"""The cyclic garbage collector, paused while the reference is built.

Describing a registry makes many small objects at once (parsed source,
field rows, sample data, nodes), next to what a Sphinx build already holds
(the project's classes, the environment). Each few hundred allocations
would let the collector scan the older objects again, and those scans cost
more than the work itself (a third of the directive's time at 1,000
notifications). Nothing made here is garbage until the directive returns;
objects in cycles are collected as usual once the collector runs again.
"""

import contextlib
import gc


@contextlib.contextmanager
def paused():
    """No cyclic collection inside the block (nests; restores the state
    it found)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
