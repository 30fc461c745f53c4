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

"""Every file read or written stays inside its directory, by real path.

A sample directory is committed, symbolic links included, so a change
under review can bring a link that leaves it (``samples/schemas`` pointing
at ``$HOME``). Every reader and writer of the directory asks
:func:`confine` before it opens, replaces or deletes a file; the one
wording of the refusal is :class:`OutsideError`'s.
"""

import os
import pathlib

from versioned_notifications import errors

__all__ = ['OutsideError', 'confine', 'real_path']


class OutsideError(errors.VersionedNotificationsError, ValueError):
    """A path whose real path leaves its directory, or that no file can
    have (a NUL byte); the message names it and says what to do."""

    def __init__(self, message: str, path: os.PathLike | str):
        super().__init__(message)
        self.path = path


def real_path(path: os.PathLike | str) -> pathlib.Path:
    """The real path of ``path`` (symbolic links resolved, the missing
    rest taken as written); an OutsideError for a path with a NUL byte,
    which the operating system would refuse with a bare ValueError."""
    if '\x00' in os.fspath(path):
        raise OutsideError('%r holds a NUL byte, which no file name can; '
                           'correct it' % (os.fspath(path),), path)
    return pathlib.Path(os.path.realpath(path))


def confine(path: os.PathLike | str, root: os.PathLike | str,
            what: str = 'sample directory') -> pathlib.Path:
    """The real path of ``path``, which must be ``root`` or inside it (by
    real paths: a symbolic link is followed, at any depth); else an
    OutsideError naming the path, where it leads and what to do. ``what``
    names ``root`` in the message."""
    target, top = real_path(path), real_path(root)
    if target == top or top in target.parents:
        return target
    raise OutsideError(
        '%s leaves the %s %s: its real path is %s; nothing outside the %s '
        'is read, written or deleted: put the file itself inside it, not a '
        'symbolic link to it' % (path, what, root, target, what), path)
