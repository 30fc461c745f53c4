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

"""HTML of a :class:`~versioned_notifications.sphinxext.model.
notification_body`: the ``versioned_notifications/body.html`` template,
rendered through the builder's own template bridge, so that a project
overrides it from its ``templates_path`` (before this package's
``templates/`` directory, which is added to the search path last).

The template escapes every value (autoescape). The texts the directive
parsed (descriptions, history entries) and the samples' literal blocks are
written by the HTML translator itself, as the rest of the page, and handed
to the template as markup.
"""

import pathlib
import shutil
import urllib.parse

from docutils import nodes
from markupsafe import Markup
from sphinx.jinja2glue import SphinxFileSystemLoader

from versioned_notifications.sphinxext import domain as vn_domain
from versioned_notifications.sphinxext import model
from versioned_notifications.sphinxext import schemafiles

TEMPLATE = 'versioned_notifications/body.html'
TEMPLATE_DIR = pathlib.Path(__file__).parent / 'templates'
STATIC_DIR = pathlib.Path(__file__).parent / 'static'
CSS_FILE = 'versioned_notifications.css'


def init_html(app):
    """``builder-inited``: the built-in template, found after the
    project's ``templates_path`` and the theme's; the style sheet."""
    if app.builder.format != 'html':
        return
    loaders = getattr(getattr(app.builder, 'templates', None), 'loaders',
                      None)
    if loaders is not None:
        loaders.append(SphinxFileSystemLoader(str(TEMPLATE_DIR)))
    app.add_css_file(CSS_FILE)


def copy_css(app, exception):
    """``build-finished``: the style sheet into ``_static``."""
    if exception is None and app.builder.format == 'html':
        # Not sphinx.util.fileutil.copy_asset_file: it overwrites an older
        # copy only with force=True from Sphinx 8 on, a keyword Sphinx 7.4
        # refuses.
        static = pathlib.Path(app.outdir, '_static')
        static.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(STATIC_DIR / CSS_FILE, static / CSS_FILE)


def _written(translator, children):
    saved = translator.body
    translator.body = []
    try:
        for child in children:
            child.walkabout(translator)
        return Markup(''.join(translator.body))
    finally:
        translator.body = saved


def context(translator, node):
    builder = translator.builder
    docname = getattr(builder, 'current_docname', None) or node['docname']
    domain = builder.env.domains[vn_domain.DOMAIN]
    children = model.keyed_children(node)

    def html(key):
        child = children.get(key)
        if child is None:
            return None
        return _written(translator, child.children if isinstance(
            child, nodes.paragraph) else [child])

    def payload_uri(name):
        return domain.target_uri(builder, docname, vn_domain.PAYLOAD, name)

    def notification_uri(event_type):
        return domain.target_uri(builder, docname, vn_domain.NOTIFICATION,
                                 event_type)

    def schema_uri(name):
        if not schemafiles.links_schemas(builder):
            return None
        return urllib.parse.quote(schemafiles.uri(builder, docname, name))

    return {
        'kind': node['kind'], 'doc': node['doc'], 'html': html,
        'payload_uri': payload_uri, 'notification_uri': notification_uri,
        'schema_uri': schema_uri, 'sample_anchor': model.sample_anchor,
        'description_key': model.description_key,
        'history_key': model.history_key, 'sample_key': model.sample_key,
    }


def visit_body_html(translator, node):
    translator.body.append(translator.builder.templates.render(
        TEMPLATE, context(translator, node)))
    raise nodes.SkipNode


def depart_body_html(translator, node):
    """Never called: the visitor writes the whole body."""
