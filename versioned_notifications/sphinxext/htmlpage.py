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
import weakref

from docutils import nodes
from markupsafe import escape
from markupsafe import Markup
import pygments
from pygments.token import Token
from sphinx.jinja2glue import SphinxFileSystemLoader

from versioned_notifications.sphinxext import domain as vn_domain
from versioned_notifications.sphinxext import fieldtable
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
        return ''.join(translator.body)
    finally:
        translator.body = saved


# One lexer and one formatter per builder for every sample (Sphinx makes a
# formatter, and its style sheet, per block).
_HIGHLIGHTERS = weakref.WeakKeyDictionary()


def _formatter_class(bridge):
    class Formatter(bridge.formatter):
        """The builder's formatter, less the span Pygments puts around
        every run of spaces, which no style colours (a sample is a quarter
        smaller without them)."""

        def _get_css_class(self, ttype):
            if ttype is Token.Text.Whitespace:
                return ''
            return super()._get_css_class(ttype)

    return Formatter


def _highlighted(builder, text):
    """``text`` (JSON) as Sphinx's HTML writer shows a ``json`` literal
    block, without the whitespace spans; None where Sphinx's own path must
    do it (``highlight_options`` for json, a token Pygments cannot lex)."""
    bridge = builder.highlighter
    if builder.config.highlight_options.get('json'):
        return None
    if builder not in _HIGHLIGHTERS:
        # Without the filter that raises at each token Pygments cannot lex
        # (force): such a token shows as class "err", and then Sphinx's
        # path lexes again and warns.
        _HIGHLIGHTERS[builder] = (
            bridge.get_lexer('', 'json', force=True),
            _formatter_class(bridge)(**bridge.formatter_args))
    lexer, formatter = _HIGHLIGHTERS[builder]
    highlighted = pygments.highlight(text, lexer, formatter)
    if 'class="err"' in highlighted:
        return None
    return '<div class="highlight-json notranslate">%s</div>\n' % highlighted


def _literal(text):
    # What Sphinx writes for ``text``, less the span per word that keeps
    # a long literal on one line (a table cell may wrap a name) and the
    # class that keeps translation tools off it (not on every name of a
    # page that is mostly names: the page is the bigger for it).
    return Markup('<code class="literal">%s</code>' % escape(text))


def context(translator, node):
    builder = translator.builder
    docname = getattr(builder, 'current_docname', None) or node['docname']
    domain = builder.env.domains[vn_domain.DOMAIN]
    children = model.keyed_children(node)
    links_schemas = schemafiles.links_schemas(builder)

    def parsed(key, plain):
        child = children.get(key)
        if child is None:
            return plain
        return Markup(_written(translator, child.children))

    def link(uri, content):
        if not uri:
            return content
        return Markup('<a class="reference internal" href="%s">%s</a>'
                      ) % (uri, content)

    def payload_link(name):
        return link(domain.target_uri(builder, docname, vn_domain.PAYLOAD,
                                      name), _literal(name))

    def notification_link(event_type):
        return link(domain.target_uri(builder, docname,
                                      vn_domain.NOTIFICATION, event_type),
                    _literal(event_type))

    def type_html(parts):
        html = Markup()
        for part in parts:
            if isinstance(part, str):
                html += part
            elif part[0] == fieldtable.PAYLOAD:
                html += payload_link(part[1])
            else:
                html += _literal(part[1])
        return html

    def field_table(payload):
        # The shown columns' titles and one list of ready cells per field:
        # a payload of many fields costs the template a loop, not a
        # look-up per cell.
        titles = [title for title, _ in fieldtable.columns(payload)]
        rows = []
        for field in payload.fields:
            cells = {
                'Field': _literal(field.name),
                'Type': type_html(field.type_parts),
                'Nullable': 'yes' if field.nullable else 'no',
                'Default': '' if field.default is None else _literal(
                    field.default),
                'Description': parsed(model.description_key(
                    payload.name, field.name), field.description)}
            rows.append([cells[title] for title in titles])
        return titles, rows

    def history_entry(cls, index):
        return parsed(model.history_key(cls.name, index),
                      model.history_line(*cls.history[index]))

    def sample_html(sample):
        block = children[model.sample_key(sample.name)]
        return Markup(_highlighted(builder, block.astext())
                      or _written(translator, [block]))

    def schema_uri(schema):
        if not links_schemas:
            return None
        return urllib.parse.quote(schemafiles.uri(builder, docname,
                                                  schema.name))

    return {
        'kind': node['kind'], 'doc': node['doc'], 'literal': _literal,
        'payload_link': payload_link, 'notification_link': notification_link,
        'type_html': type_html, 'field_table': field_table,
        'history_entry': history_entry, 'sample_html': sample_html,
        'schema_uri': schema_uri, 'sample_anchor': model.sample_anchor,
    }


def visit_body_html(translator, node):
    translator.body.append(translator.builder.templates.render(
        TEMPLATE, context(translator, node)))
    raise nodes.SkipNode


def depart_body_html(translator, node):
    """Never called: the visitor writes the whole body."""
