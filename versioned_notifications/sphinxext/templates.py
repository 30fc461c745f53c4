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

"""The jinja2 templates that turn a notification into reStructuredText.

``event.rst.jinja`` renders the body of an event type's section,
``payload.rst.jinja`` that of a nested payload's; both include
``fields.rst.jinja``. A project overrides any of them by putting a file of
the same name into the directory ``versioned_notifications_template_dir``
names; only then are the templates used (the others built-in), otherwise
:mod:`~versioned_notifications.sphinxext.nodebuilder` builds the same
content directly (a test checks that both agree). Templates produce
reStructuredText, so every value reaches the output through a docutils
writer, which escapes it; the filters ``rst_escape`` and ``rst_literal``
keep values from being read as markup.
"""

import functools
import pathlib

import jinja2

from versioned_notifications.sphinxext import fieldtable

BUILTIN_DIR = pathlib.Path(__file__).parent / 'templates'
EVENT_TEMPLATE = 'event.rst.jinja'
PAYLOAD_TEMPLATE = 'payload.rst.jinja'


@functools.lru_cache(maxsize=8)
def environment(user_dir=None):
    """The template environment; ``user_dir`` (absolute) is searched
    first."""
    search = [str(BUILTIN_DIR)]
    if user_dir:
        search.insert(0, str(user_dir))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(search),
        # The output is reStructuredText, not HTML: escaping for it is done
        # by the rst_* filters, and for HTML by the docutils writer.
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True)
    env.filters['rst_escape'] = fieldtable.rst_escape
    env.filters['rst_literal'] = fieldtable.rst_literal
    return env


def template_files(user_dir, name):
    """The files a template may be read from, for dependency tracking."""
    files = [BUILTIN_DIR / name, BUILTIN_DIR / 'fields.rst.jinja']
    if user_dir:
        files[:0] = [pathlib.Path(user_dir) / name,
                     pathlib.Path(user_dir) / 'fields.rst.jinja']
    return [path for path in files if path.is_file()]


def render(user_dir, name, **context):
    return environment(user_dir).get_template(name).render(**context)
