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

"""The one reader of version strings.

A version is what oslo.versionedobjects classes set ``VERSION`` to and
what recorded contracts, ``# Version`` comments, a consumer's minimum
versions and a received message carry: ``MAJOR.MINOR``, ASCII digits, no
leading zero ("1.10" comes after "1.9"). Every place that compares
versions reads them with :func:`parse`.
"""

import re
import reprlib

from versioned_notifications import errors

__all__ = ['PATTERN', 'VersionError', 'is_version', 'parse', 'parse_or_none']

# One version, unanchored, for patterns that find one inside text (follow
# it with a look-ahead that refuses a further digit or ".digit"). At most
# nine digits a number: a longer one is no version, and past 4,300 digits
# int() refuses it.
PATTERN = r'(?:0|[1-9][0-9]{0,8})\.(?:0|[1-9][0-9]{0,8})'
_VERSION = re.compile(r'(0|[1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})')


class VersionError(errors.VersionedNotificationsError, ValueError):
    """A text that is not a version; the message says what one is."""


def parse(version):
    """``(major, minor)`` of ``version``, comparable as versions compare;
    :class:`VersionError` for anything that is not a version."""
    match = _VERSION.fullmatch(version) if isinstance(version, str) else None
    if match is None:
        raise VersionError('%s is not a "MAJOR.MINOR" version such as 1.10'
                           % reprlib.repr(version))
    return int(match[1]), int(match[2])


def is_version(version):
    """Whether :func:`parse` reads ``version``."""
    return parse_or_none(version) is not None


def parse_or_none(version):
    """:func:`parse`'s ``(major, minor)``, or None for what is not a
    version (a received message may carry anything)."""
    try:
        return parse(version)
    except VersionError:
        return None
