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

"""The ``versioned-notifications`` console script.

Importing the command takes a second (oslo.messaging and the project's
modules): a Ctrl-C then must end it with one line too, not a traceback,
so the script's own module imports nothing heavy before it can catch it.
"""

import sys

__all__ = ['EXIT_INTERRUPTED', 'INTERRUPTED', 'main']

# As a shell reports a command that SIGINT ended.
EXIT_INTERRUPTED = 130
INTERRUPTED = ('versioned-notifications: interrupted; no file is '
               'half-written (each is replaced whole or not at all)')


def main() -> int:
    """Run the command line; the exit status."""
    try:
        from versioned_notifications import cli
        return cli.main()
    except KeyboardInterrupt:
        # Before cli.main() could catch it: while importing.
        print(INTERRUPTED, file=sys.stderr)
        return EXIT_INTERRUPTED
