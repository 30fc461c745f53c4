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

"""One content in every builder: one project (tests/roots/test-golden:
minicompute's notifications, a variant, nested payloads, recorded history)
built with html, singlehtml, text and latex; each output must say the
same identifiers, versions, file names and history lines."""

import html
import json
import re

from docutils import nodes
import pytest
from sphinx.testing.util import SphinxTestApp

from tests.test_golden import build_golden_root
from tests.test_golden import html_document
from tests.test_golden import latex_document
from tests.test_miniproject import MINI
from versioned_notifications import catalog as vn_catalog
from versioned_notifications import project as vn_project

OUTPUTS = {'html': 'index.html', 'singlehtml': 'index.html',
           'text': 'index.txt', 'latex': 'golden.tex'}
# Quotes: SmartQuotes makes them typographic, the text writer puts straight
# ones around literals; what is said does not depend on them.
_QUOTES = re.compile('["\'\u2018\u2019\u201c\u201d]')


def _words(text):
    return ' '.join(_QUOTES.sub('', text).split())


def html_text(page):
    body = html_document(page)
    return html.unescape(re.sub(r'<[^>]*>', '', body))


def latex_text(tex):
    body = latex_document(tex)
    for command, text in ((r'\allowbreak{}', ''), (r'\sphinxhyphen{}', '-'),
                          (r'\_', '_'), (r'\&', '&'), (r'\#', '#')):
        body = body.replace(command, text)
    body = re.sub(r'\\[A-Za-z@]+', ' ', body)
    return re.sub(r'[{}]', '', body)


READERS = {'html': html_text, 'singlehtml': html_text,
           'text': lambda text: text, 'latex': latex_text}


def vocabulary(app, monkeypatch):
    """What the reference must say, by kind: from the project itself, and
    the history lines the document every builder gets holds."""
    monkeypatch.syspath_prepend(str(MINI))
    project = vn_project.load_project('minicompute.doc:PROJECT')
    catalog = vn_catalog.load(project, MINI / 'samples')
    entries = [entry for entry in catalog.entries
               if entry.sample.startswith(('server-create', 'host-maint'))]
    said = {'identifiers': set(), 'versions': set(), 'files': set(),
            'history': set()}
    for entry in entries:
        message = json.loads((MINI / 'samples' / entry.sample).read_text(
            'utf-8'))
        said['identifiers'].add(message['event_type'])
        said['files'].add(entry.sample)
        said['files'].add('schemas/notifications/%s.json'
                          % message['event_type'])
        for cls in (entry.notification, entry.payload):
            said['identifiers'].add(cls.obj_name())
            said['versions'].add('%s %s' % (cls.obj_name(), cls.VERSION))
        said['files'].add('schemas/payloads/%s.json'
                          % entry.payload.obj_name())
    doctree = app.env.get_and_resolve_doctree('index', app.builder)
    for field in doctree.findall(nodes.field):
        if field[0].astext().endswith(('history', 'History')):
            for item in field.findall(nodes.list_item):
                said['history'].add(item[0].astext())
    return said


@pytest.fixture(scope='module')
def outputs(tmp_path_factory, rootdir):
    """{builder: what it wrote, as text}, and what the reference must say;
    the four builds once for the module."""
    tempdir = tmp_path_factory.mktemp('builders')
    written, said = {}, None
    with pytest.MonkeyPatch.context() as monkeypatch:
        for buildername, filename in OUTPUTS.items():
            app = build_golden_root(SphinxTestApp, tempdir, rootdir,
                                    monkeypatch, buildername)
            try:
                written[buildername] = READERS[buildername](
                    (app.outdir / filename).read_text('utf-8'))
                if said is None:
                    said = vocabulary(app, monkeypatch)
            finally:
                # Node classes are registered process-wide: let the next
                # application register them.
                app.cleanup()
    return written, said


@pytest.mark.parametrize('kind', ['identifiers', 'versions', 'files',
                                  'history'])
def test_every_builder_says_the_same(outputs, kind):
    written, said = outputs
    expected = said[kind]
    assert len(expected) >= 2, expected
    found = {buildername: {item for item in expected
                           if _words(item) in _words(text)}
             for buildername, text in written.items()}
    for buildername in OUTPUTS:
        assert found[buildername] == expected, (
            buildername, sorted(expected - found[buildername]))


def test_the_history_includes_recorded_changes(outputs):
    # FlavorPayload's continuation-style comment, as one line everywhere.
    _, said = outputs
    assert ('1.1: Added extra_specs, free-form scheduling hints that '
            'consumers of 1.0 never see') in said['history']


def test_a_builder_that_drops_a_line_is_caught(outputs):
    written, said = outputs
    line = sorted(said['history'])[-1]
    text = _words(written['text']).replace(_words(line), '')
    assert _words(line) not in text
