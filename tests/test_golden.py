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

"""What the builders write, compared with reviewed files in tests/golden/.

One test project (tests/roots/test-golden: minicompute's server.create.*
and host.maintenance.* notifications, read from tests/miniproject/samples)
is built with the html, singlehtml, text and latex builders; the document
part of each output is compared with tests/golden/<builder>.<ext>, so that
any change to the page fails with a unified diff. After an intended change::

    VN_UPDATE_GOLDEN=1 pytest tests/test_golden.py

rewrites the files that differ (those tests report themselves skipped);
review them with ``git diff tests/golden/`` and commit them with the
change. See the contributor guide, "The reviewed pages".
"""

import difflib
import os
import pathlib
import re
import shutil

import pytest
import sphinx

from tests.test_miniproject import MINI

REPO = pathlib.Path(__file__).parent.parent
GOLDEN = REPO / 'tests' / 'golden'
UPDATE_VARIABLE = 'VN_UPDATE_GOLDEN'
UPDATE_COMMAND = '%s=1 pytest tests/test_golden.py' % UPDATE_VARIABLE


class RegionNotFound(AssertionError):
    """The output no longer has the markers its document part lies
    between: the extraction must be taught the new layout."""


def _between(text, start, end, what):
    if text.count(start) != 1:
        raise RegionNotFound('%s: expected %r once, found it %d times'
                             % (what, start, text.count(start)))
    head, _, rest = text.partition(start)
    if end not in rest:
        raise RegionNotFound('%s: %r not found after %r' % (what, end, start))
    return rest[:rest.index(end)]


# The document in the basic theme's page (html and singlehtml): the
# content of this element; the rest is theme chrome (head, navigation,
# sidebar, footer), which differs between Sphinx versions and themes.
HTML_BODY = '<div class="body" role="main">'


def html_document(page):
    """The content of the page's body element, found by counting the
    nested div elements (the document may have its own)."""
    region = _between(page, HTML_BODY, '</html>', 'HTML page')
    depth = 1
    for tag in re.finditer(r'<(/?)div\b', region):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return region[:tag.start()]
    raise RegionNotFound('HTML page: %r is never closed' % HTML_BODY)


def latex_document(tex):
    """From after the title page and the table of contents to the index:
    what comes before is the preamble and Sphinx's package options."""
    return _between(tex, '\\sphinxtableofcontents\n\\pagestyle{normal}\n',
                    '\\renewcommand{\\indexname}', 'LaTeX file')


def text_document(text):
    # The text builder writes the document and nothing else.
    return text


def plain_lines(document):
    """Whitespace at line ends and around the region: the templates'
    indentation, invisible in a diff and stripped by editors."""
    lines = [line.rstrip() for line in document.split('\n')]
    return '\n'.join(lines).strip('\n') + '\n'


def html_chrome(document):
    """The basic theme of Sphinx 9 closes the body element with
    ``<div class="clearer">``; Sphinx 7.4's closes it outside."""
    return re.sub(r'\s*<div class="clearer"></div>\s*$', '\n', document)


def singlehtml_links(document):
    """A link to another document's anchor, on the one page: Sphinx 7.4
    writes ``index.html#anchor`` (its ``fix_refuris``), Sphinx 9
    ``#document-index#anchor``; both are ``#anchor`` here."""
    return re.sub(r'href="(?:#document-[^"#]*|index\.html)#', 'href="#',
                  document)


# Sphinx 9.0 wraps every table cell in a varwidth environment ("9.0 wraps
# ALL cells contents", sphinx/writers/latex.py); 7.4 does not in \X
# columns. The cells without it, as 7.4 writes them.
_VARWIDTH_HEAD = re.compile(
    r'\\begin\{varwidth\}\[t\]\{\\sphinxcolwidth\{\d+\}\{\d+\}\}\n'
    r'\\sphinxstyletheadfamily ')
_VARWIDTH_BEGIN = re.compile(
    r'\\begin\{varwidth\}\[t\]\{\\sphinxcolwidth\{\d+\}\{\d+\}\}\n')
_VARWIDTH_END = '\\sphinxbeforeendvarwidth\n\\end{varwidth}%\n'


def latex_cells(document):
    document = _VARWIDTH_HEAD.sub(lambda m: '\\sphinxstyletheadfamily \n',
                                  document)
    document = _VARWIDTH_BEGIN.sub('\n', document)
    return document.replace(_VARWIDTH_END, '')


# builder: (file it writes, its document part, what Sphinx varies in it,
# expected file)
PAGES = {
    'html': ('index.html', html_document, [html_chrome], 'html.html'),
    'singlehtml': ('index.html', html_document,
                   [html_chrome, singlehtml_links], 'singlehtml.html'),
    'text': ('index.txt', text_document, [], 'text.txt'),
    'latex': ('golden.tex', latex_document, [latex_cells], 'latex.tex'),
}


def normalise(buildername, written):
    """The document part of ``written``, with what Sphinx varies between
    versions made constant; nothing else."""
    _, document, variations, _ = PAGES[buildername]
    document = document(written)
    for variation in variations:
        document = variation(document)
    return plain_lines(document)


def build_golden_root(make_app, tempdir, rootdir, monkeypatch, buildername):
    monkeypatch.syspath_prepend(str(MINI))
    srcdir = tempdir / ('golden-%s' % buildername)
    shutil.copytree(rootdir / 'test-golden', srcdir, dirs_exist_ok=True)
    app = make_app(buildername, srcdir=srcdir, confoverrides={
        'versioned_notifications_sample_dir': str(MINI / 'samples')})
    app.build(force_all=True)
    warnings = re.sub(r'\x1b\[[0-9;]*m', '', app.warning.getvalue())
    assert warnings == ''
    return app


def compare(written, expected_path, buildername):
    """Fail with a unified diff of the reviewed file and what was written;
    under VN_UPDATE_GOLDEN=1, rewrite the reviewed file instead."""
    expected = (expected_path.read_text('utf-8')
                if expected_path.exists() else '')
    if written == expected:
        return
    relative = os.path.relpath(expected_path, REPO)
    if os.environ.get(UPDATE_VARIABLE) == '1':
        expected_path.write_text(written, 'utf-8')
        pytest.skip('%s rewritten: review it with "git diff %s"'
                    % (relative, relative))
    if not expected_path.exists():
        pytest.fail('%s is missing: write it with "%s" and review it'
                    % (relative, UPDATE_COMMAND), pytrace=False)
    diff = ''.join(difflib.unified_diff(
        expected.splitlines(keepends=True), written.splitlines(keepends=True),
        relative, '%s builder, Sphinx %s' % (buildername,
                                                 sphinx.__version__)))
    pytest.fail('The %s output differs from the reviewed %s:\n\n%s\n'
                'If the change is intended, run "%s" and review and commit '
                '"git diff %s".' % (buildername, relative, diff,
                                    UPDATE_COMMAND, relative), pytrace=False)


@pytest.mark.parametrize('buildername', PAGES)
def test_written_page_is_the_reviewed_one(make_app, sphinx_test_tempdir,
                                          rootdir, monkeypatch, buildername):
    filename, _, _, expected = PAGES[buildername]
    app = build_golden_root(make_app, sphinx_test_tempdir, rootdir,
                            monkeypatch, buildername)
    written = (app.outdir / filename).read_text('utf-8')
    compare(normalise(buildername, written), GOLDEN / expected, buildername)


# What each Sphinx writes for the same source, as the builds above showed.
SPHINX_74 = {
    'latex': (
        '\\sphinxtoprule\n'
        '\\sphinxstyletheadfamily \n'
        '\\sphinxAtStartPar\n'
        'Field\n'
        '&\\sphinxstyletheadfamily \n'
        '\\sphinxAtStartPar\n'
        'Type\n'
        '\\\\\n'
        '\\sphinxmidrule\n'
        '\\sphinxtableatstartofbodyhook\n'
        '\n'
        '\\sphinxAtStartPar\n'
        '\\sphinxcode{\\sphinxupquote{host}}\n'
        '&\n'
        '\\sphinxAtStartPar\n'
        'String\n'
        '\\\\\n'
        '\\sphinxhline\n'
        '\\sphinxAtStartPar\n'
        '\\sphinxcode{\\sphinxupquote{reason}}\n'
        '&\n'
        '\\sphinxAtStartPar\n'
        'String\n'
        '\\\\\n'),
    'singlehtml': (
        '<p>See <a class="reference internal" '
        'href="index.html#payload-flavorpayload" title="FlavorPayload">'
        'FlavorPayload</a>.</p>\n'
        '</section>\n'),
    'html': '</section>\n\n\n          ',
}
SPHINX_90 = {
    'latex': (
        '\\sphinxtoprule\n'
        '\\begin{varwidth}[t]{\\sphinxcolwidth{1}{2}}\n'
        '\\sphinxstyletheadfamily \\sphinxAtStartPar\n'
        'Field\n'
        '\\sphinxbeforeendvarwidth\n'
        '\\end{varwidth}%\n'
        '&\\begin{varwidth}[t]{\\sphinxcolwidth{1}{2}}\n'
        '\\sphinxstyletheadfamily \\sphinxAtStartPar\n'
        'Type\n'
        '\\sphinxbeforeendvarwidth\n'
        '\\end{varwidth}%\n'
        '\\\\\n'
        '\\sphinxmidrule\n'
        '\\sphinxtableatstartofbodyhook\n'
        '\\begin{varwidth}[t]{\\sphinxcolwidth{1}{2}}\n'
        '\\sphinxAtStartPar\n'
        '\\sphinxcode{\\sphinxupquote{host}}\n'
        '\\sphinxbeforeendvarwidth\n'
        '\\end{varwidth}%\n'
        '&\\begin{varwidth}[t]{\\sphinxcolwidth{1}{2}}\n'
        '\\sphinxAtStartPar\n'
        'String\n'
        '\\sphinxbeforeendvarwidth\n'
        '\\end{varwidth}%\n'
        '\\\\\n'
        '\\sphinxhline\\begin{varwidth}[t]{\\sphinxcolwidth{1}{2}}\n'
        '\\sphinxAtStartPar\n'
        '\\sphinxcode{\\sphinxupquote{reason}}\n'
        '\\sphinxbeforeendvarwidth\n'
        '\\end{varwidth}%\n'
        '&\\begin{varwidth}[t]{\\sphinxcolwidth{1}{2}}\n'
        '\\sphinxAtStartPar\n'
        'String\n'
        '\\sphinxbeforeendvarwidth\n'
        '\\end{varwidth}%\n'
        '\\\\\n'),
    'singlehtml': (
        '<p>See <a class="reference internal" '
        'href="#document-index#payload-flavorpayload" title="FlavorPayload">'
        'FlavorPayload</a>.</p>\n'
        '</section>\n'),
    'html': '</section>\n\n\n            <div class="clearer"></div>\n\n  ',
}
VARIATIONS = {'latex': [latex_cells], 'singlehtml': [singlehtml_links],
              'html': [html_chrome]}


@pytest.mark.parametrize('buildername', sorted(VARIATIONS))
def test_each_sphinx_version_normalises_to_the_same_text(buildername):
    older, newer = SPHINX_74[buildername], SPHINX_90[buildername]
    assert older != newer

    def normalised(text):
        for variation in VARIATIONS[buildername]:
            text = variation(text)
        return plain_lines(text)

    assert normalised(newer) == normalised(older)
    if buildername == 'singlehtml':
        assert 'href="#payload-flavorpayload"' in normalised(older)
    else:
        # The older form is the one kept: nothing else is touched.
        assert normalised(older) == plain_lines(older)


def test_html_document_is_the_body_element_with_its_nested_divs():
    page = ('<html><body><div class="related">chrome</div>'
            '<div class="body" role="main">\n<div class="x"><p>doc</p>'
            '</div>\n</div><div class="sphinxsidebar">chrome</div>'
            '</body></html>')
    assert html_document(page) == '\n<div class="x"><p>doc</p></div>\n'


@pytest.mark.parametrize('extract, text', [
    (html_document, '<html><div class="document">x</div></html>'),
    (html_document, '<div class="body" role="main"><div>unclosed</html>'),
    (latex_document, '\\begin{document}\\sphinxmaketitle\\end{document}'),
])
def test_a_layout_the_extraction_does_not_know_is_an_error(extract, text):
    with pytest.raises(RegionNotFound):
        extract(text)


def test_a_changed_page_fails_with_a_unified_diff_and_the_command(
        tmp_path, monkeypatch):
    monkeypatch.delenv(UPDATE_VARIABLE, raising=False)
    expected = tmp_path / 'text.txt'
    expected.write_text('Title\n=====\n\nold line\n', 'utf-8')
    with pytest.raises(pytest.fail.Exception) as failure:
        compare('Title\n=====\n\nnew line\n', expected, 'text')
    message = str(failure.value)
    assert '-old line\n+new line\n' in message
    assert '+++ text builder, Sphinx %s' % sphinx.__version__ in message
    assert UPDATE_COMMAND in message
    assert expected.read_text('utf-8') == 'Title\n=====\n\nold line\n'


def test_a_missing_reviewed_file_fails_naming_the_command(tmp_path,
                                                          monkeypatch):
    monkeypatch.delenv(UPDATE_VARIABLE, raising=False)
    with pytest.raises(pytest.fail.Exception, match='is missing: write it'):
        compare('page\n', tmp_path / 'latex.tex', 'latex')
    assert not (tmp_path / 'latex.tex').exists()


def test_the_update_path_rewrites_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv(UPDATE_VARIABLE, '1')
    expected = tmp_path / 'html.html'
    expected.write_text('<p>old</p>\n', 'utf-8')
    with pytest.raises(pytest.skip.Exception, match='html.html rewritten'):
        compare('<p>new</p>\n', expected, 'html')
    assert expected.read_text('utf-8') == '<p>new</p>\n'
    # An unchanged page passes, and is left alone.
    compare('<p>new</p>\n', expected, 'html')
