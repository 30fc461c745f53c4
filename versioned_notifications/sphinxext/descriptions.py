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

"""Field descriptions (``:field name: text`` in a docstring) as inline
reStructuredText, and nothing more.

A description is parsed as inline markup only (the directive parses it
with its state's inliner, :func:`sanitize` cleans the result). So no
directive (``.. literalinclude::`` would read a local file into the
page), no substitution definition and no other block markup takes effect;
it shows as text. Of the inline result, a link whose URI is neither
relative nor ``http``, ``https`` or ``mailto`` (``javascript:``,
``data:``, ...), raw markup (a role derived from ``raw``) and a download
(``:download:`` copies a local file into the build) are shown as their
text, with a warning.
"""

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

__all__ = ['SAFE_SCHEMES', 'is_safe_uri', 'sanitize', 'warn']

logger = logging.getLogger(__name__)

SAFE_SCHEMES = ('http', 'https', 'mailto')
_SCHEME = re.compile(r'^([A-Za-z][A-Za-z0-9+.\-]*):')
# Browsers ignore these anywhere in a URL's scheme ("java\tscript:").
_IGNORED = re.compile(r'[\x00-\x20\x7f]+')


def is_safe_uri(uri):
    """Whether a link to ``uri`` may be live: relative, or one of
    :data:`SAFE_SCHEMES`."""
    match = _SCHEME.match(_IGNORED.sub('', uri))
    return match is None or match[1].lower() in SAFE_SCHEMES


def _neutralised(node):
    """Why ``node`` must show as text, or None."""
    if isinstance(node, nodes.raw):
        return 'raw markup'
    if isinstance(node, addnodes.download_reference):
        return 'a download of a local file'
    if isinstance(node, (nodes.reference, nodes.target)) and (
            not is_safe_uri(node.get('refuri', ''))):
        return 'a link to %r' % node['refuri']
    return None


def sanitize(inline):
    """``inline`` (a list of inline nodes) with what a description must not
    carry turned into text; returns (nodes, [reasons])."""
    reasons = []
    result = []
    for node in inline:
        why = _neutralised(node) if isinstance(node, nodes.Element) else None
        if why is not None:
            reasons.append(why)
            # An embedded URI's target shows nothing; the rest, its text.
            if not isinstance(node, nodes.target):
                result.append(nodes.Text(node.astext()))
            continue
        if isinstance(node, nodes.Element):
            children, inner = sanitize(node.children)
            reasons.extend(inner)
            node[:] = children
        result.append(node)
    return result, reasons


def warn(reasons, location):
    for reason in dict.fromkeys(reasons):
        logger.warning('a field description holds %s, shown as text: '
                       'descriptions allow inline markup and http(s), '
                       'mailto and relative links only', reason,
                       location=location, type='versioned_notifications',
                       subtype='description')
