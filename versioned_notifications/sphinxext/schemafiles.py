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

"""The JSON Schema files the reference links, copied into HTML builds.

Each linked file is copied once per build to a stable place,
``_notifications/<path relative to the contract directory>`` (for example
``_notifications/schemas/payloads/ActionPlanCancelPayload.json``), so a
consumer can point at it; a file whose copy is current is left alone.
Sphinx's ``:download:`` would copy each file into a directory of its own
named by a hash, at several times the cost for a large reference (see
``benchmarks/bench_sphinx.py``). Which files each document links is kept by
the ``notifications`` domain (so incremental and parallel builds know
them), which resolves the links and copies the files at the build's end
(:func:`~versioned_notifications.sphinxext.domain.copy_schemas`); each is a
noted dependency of the documents linking it. Builders without downloads
(epub, latex, text, ...) show the file name.
"""

import os
import posixpath
import shutil
import urllib.parse

from sphinx.util import logging
from sphinx.util.osutil import relative_uri

__all__ = ['OUTPUT_DIR', 'copy', 'links_schemas', 'uri']

logger = logging.getLogger(__name__)

OUTPUT_DIR = '_notifications'


def links_schemas(builder):
    """Whether ``builder``'s output links (and gets a copy of) the files."""
    return builder.format == 'html' and getattr(
        builder, 'download_support', False)


def uri(builder, docname, name):
    """The URI of the copy of ``name`` from ``docname``'s page."""
    return urllib.parse.quote(posixpath.join(
        relative_uri(builder.get_target_uri(docname), OUTPUT_DIR), name))


def _current(source, target):
    try:
        have, want = os.stat(target), os.stat(source)
    except OSError:
        return False
    return (have.st_size, have.st_mtime_ns) == (want.st_size,
                                                want.st_mtime_ns)


def copy(files, outdir):
    """Copies ``files`` ({name: absolute path}) to ``_notifications/<name>``
    under ``outdir``."""
    made = set()
    for name, source in sorted(files.items()):
        target = os.path.join(outdir, OUTPUT_DIR, *name.split('/'))
        if _current(source, target):
            continue
        directory = os.path.dirname(target)
        if directory not in made:
            os.makedirs(directory, exist_ok=True)
            made.add(directory)
        try:
            shutil.copy2(source, target)
        except OSError as exc:
            logger.warning('cannot copy the JSON Schema %s to %s: %s',
                           source, target, exc,
                           type='versioned_notifications', subtype='schema')
