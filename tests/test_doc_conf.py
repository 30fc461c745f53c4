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

"""The project's own documentation (doc/source/conf.py) as LaTeX, what
``tox -e pdf-docs`` turns into the PDF: a preamble for the engine that
runs it, and light code highlighting, while HTML keeps the theme's."""

import contextlib
import io
import pathlib

from sphinx.application import Sphinx
from sphinx.highlighting import PygmentsBridge
from sphinx.util.docutils import docutils_namespace
from sphinx.util.docutils import patch_docutils

DOC = pathlib.Path(__file__).parent.parent / 'doc' / 'source'


@contextlib.contextmanager
def doc_app(buildername, tmp_path):
    """A Sphinx application on doc/source writing under ``tmp_path``, set
    up as sphinx-build does it: the node classes it registers with docutils
    are forgotten afterwards, as the other tests' applications need."""
    warnings = io.StringIO()
    with patch_docutils(DOC), docutils_namespace():
        yield Sphinx(DOC, DOC, tmp_path / buildername,
                     tmp_path / buildername / '.doctrees', buildername,
                     status=io.StringIO(), warning=warnings,
                     freshenv=True), warnings


def luminance(color):
    color = color.lstrip('#')
    if len(color) == 3:
        color = ''.join(c * 2 for c in color)
    red, green, blue = (int(color[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_latex_preamble_is_the_engine_that_runs_it(tmp_path):
    with doc_app('latex', tmp_path) as (app, warnings):
        app.build()
    assert warnings.getvalue() == ''
    out = tmp_path / 'latex'
    tex = (out / 'doc-versioned-notifications.tex').read_text('utf-8')
    # openstackdocstheme makes latexmk run xelatex; with a pdflatex
    # preamble (T1 fonts) xelatex printed no U+2019: "The actions plugin".
    assert "'xelatex" in (out / 'latexmkrc').read_text('utf-8')
    assert r'\usepackage{fontspec}' in tex
    assert r'\usepackage[T1]{fontenc}' not in tex
    assert r'\defaultfontfeatures[\ttfamily]{HyphenChar=None}' in tex
    assert 'The action\u2019s plugin' in tex
    # makeindex, which TeX Live ships, not xindy.
    assert 'xindy' not in (out / 'latexmkrc').read_text('utf-8')


def test_code_is_highlighted_light_in_pdf_and_native_in_html(tmp_path):
    with doc_app('latex', tmp_path) as (latex, _):
        # What Sphinx's LaTeX builder writes sphinxhighlight.sty with.
        style = PygmentsBridge(
            'latex', latex.config.pygments_style).formatter_args['style']
    # Colours meant for a light background, as the PDF's code has.
    assert luminance(style.background_color) > 0.8
    with doc_app('html', tmp_path) as (html, _):
        style = html.builder.highlighter.formatter_args['style']
    assert style.__name__ == 'NativeStyle'
