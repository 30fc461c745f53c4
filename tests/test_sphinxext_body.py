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

"""The reference as standard nodes, made when the page is read, as each
builder writes them, and the links to the JSON Schema files, through real
Sphinx builds of the test projects in tests/roots/."""

import dataclasses
import html.parser
import os
import re
import shutil
import time

from docutils import nodes
import pytest

from tests.conftest import fill_samples
from tests.conftest import generated_contracts
from tests.test_sphinxext import build
from tests.test_sphinxext import build_reference_copy
from tests.test_sphinxext import docs_read_by_rebuild
from tests.test_sphinxext import event_sections
from tests.test_sphinxext import plain_doctree
from tests.test_sphinxext import SAME_THEME
from tests.test_sphinxext import warnings
from versioned_notifications.sphinxext import blocks
from versioned_notifications.sphinxext import fieldtable
from versioned_notifications.sphinxext import pagenodes
from versioned_notifications.watcher import project as watcher_project

PAYLOAD_SCHEMA = 'schemas/payloads/ActionPlanCancelPayload.json'


class Tables(html.parser.HTMLParser):
    """The text of every table cell, by section id, and every link."""

    def __init__(self):
        super().__init__()
        self.tables = {}
        self.links = []
        self.section = None
        self.row = self.cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == 'section':
            self.section = attrs.get('id')
        elif tag == 'table':
            self.tables[self.section] = []
        elif tag == 'tr':
            self.row = []
        elif tag in ('td', 'th'):
            self.cell = []
        elif tag == 'a':
            self.links.append(attrs)

    def handle_endtag(self, tag):
        if tag in ('td', 'th'):
            self.row.append(''.join(self.cell).strip())
            self.cell = None
        elif tag == 'tr':
            self.tables[self.section].append(self.row)

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def html_tables(path):
    parser = Tables()
    parser.feed(path.read_text('utf-8'))
    return parser


def doctree_tables(doctree):
    tables = {}
    for section in doctree.findall(nodes.section):
        if not section['ids'][0].startswith(('notification-', 'payload-')):
            continue
        table = next(iter(section.findall(nodes.table)), None)
        if table is not None:
            tables[section['ids'][0]] = [
                [entry.astext() for entry in row.findall(nodes.entry)]
                for row in table.findall(nodes.row)]
    return tables


@pytest.mark.sphinx('html', testroot='reference', srcdir='body-html')
def test_doctree_holds_standard_nodes_and_two_small_ones(app):
    fill_samples(app.srcdir)
    app.build()
    read = app.env.get_doctree('index')
    # While read, the tables and facts are docutils' pending nodes (with
    # the parsed descriptions), then made for every builder: the summary
    # and six field tables, six events' and four nested payloads' facts.
    pending = [node for node in read.findall(nodes.pending)
               if node.transform is blocks.MakeBlocks]
    assert len(pending) == 17
    assert not list(read.findall(nodes.table))
    assert not list(read.findall(nodes.field_list))
    doctree = plain_doctree(app)
    assert not list(doctree.findall(nodes.pending))
    own = {type(node) for node in doctree.findall(nodes.Element)
           if type(node).__module__.startswith('versioned_notifications')}
    assert own == {pagenodes.collapsible_sample, pagenodes.breakable_name}
    # The summary, two top-level payloads' tables, four nested payloads'.
    tables_made = list(doctree.findall(nodes.table))
    assert len(tables_made) == 7
    assert len(list(doctree.findall(pagenodes.collapsible_sample))) == 6
    # The ids noted when read are the ones written.
    noted = {node_id for node in pending for node_id in node['ids']}
    written = {node_id for table in tables_made
               for node in [table, *table.findall(nodes.target)]
               for node_id in node['ids']}
    assert noted and noted == written
    # Sphinx indexes the words itself: field names and descriptions.
    index = (app.outdir / 'searchindex.js').read_text('utf-8')
    for word in ('global_efficaci', 'efficaci', 'strategy_uuid'):
        assert '"%s"' % word in index, word


@pytest.mark.sphinx('html', testroot='reference', srcdir='body-html')
def test_html_tables_have_the_rows_every_other_builder_gets(app):
    fill_samples(app.srcdir)
    app.build()
    assert warnings(app) == ''
    written = html_tables(app.outdir / 'index.html').tables
    doctree = plain_doctree(app)
    expected = doctree_tables(doctree)
    # Each payload's table once: two top-level payloads, four nested.
    assert len(expected) == 6
    # The summary table opens the reference, outside the sections.
    summary = written.pop('reference')
    assert written == expected
    assert written['notification-action_plan.cancel.start'][0] == [
        'Field', 'Type', 'Nullable', 'Description']
    [table] = [table for table in doctree.findall(nodes.table)
               if 'vn-summary' in table['classes']]
    expected = [[entry.astext() for entry in row.findall(nodes.entry)]
                for row in table.findall(nodes.row)]
    # The sample column: a link to the sample, on the page.
    assert summary == expected
    assert [row[-1] for row in summary][:3] == [
        'Sample', 'action-cancel-start.json', 'action-cancel-end.json']


@pytest.mark.sphinx('html', testroot='reference', srcdir='body-html')
def test_html_links_go_to_payload_anchors_and_copied_schemas(app):
    fill_samples(app.srcdir)
    app.build()
    links = html_tables(app.outdir / 'index.html').links
    hrefs = [link['href'] for link in links]
    # ActionPlanCancelPayload's table (once), the prose, the section's
    # permalink and the sidebar's table of contents.
    assert hrefs.count('#payload-terseauditpayload') == 4
    schemas = [href for href in hrefs if href.startswith('_notifications/')]
    # Six message schemas, the two top-level payloads' (three events
    # each), the four nested payloads'.
    assert len(schemas) == 6 + 6 + 4
    assert len(set(schemas)) == 12
    assert '_notifications/' + PAYLOAD_SCHEMA in schemas
    for href in schemas:
        name = href[len('_notifications/'):]
        assert (app.outdir / href).read_text('utf-8') == (
            generated_contracts()[name])
    copied = sorted(str(path.relative_to(app.outdir / '_notifications'))
                    for path in (app.outdir / '_notifications').rglob('*.*'))
    assert copied == sorted(name for name in generated_contracts()
                            if name.startswith('schemas/'))
    other = (app.outdir / 'other.html').read_text('utf-8')
    assert 'href="index.html#notification-action.cancel.end"' in other


@pytest.mark.sphinx('html', testroot='reference', srcdir='body-html')
def test_schema_links_in_the_doctree(app):
    doctree = build(app)
    sections = event_sections(doctree)
    section = sections['notification-action_plan.cancel.start']
    [message, payload] = [
        field for field in section.findall(nodes.field)
        if 'schema' in field[0].astext()]
    assert message.astext().endswith(
        'schemas/notifications/action_plan.cancel.start.json')
    # HTML links them, to their copies (elsewhere, the names:
    # test_other_builders_show_tables_and_schema_names).
    assert payload[1].astext() == PAYLOAD_SCHEMA
    [link] = payload.findall(nodes.reference)
    assert link['refuri'] == '_notifications/' + PAYLOAD_SCHEMA
    page = (app.outdir / 'index.html').read_text('utf-8')
    assert '<a class="reference internal" href="_notifications/%s">' % (
        PAYLOAD_SCHEMA) in page
    nested = [s for s in doctree.findall(nodes.section)
              if s['ids'][0] == 'payload-terseauditpayload'][0]
    facts = {field[0].astext(): field[1].astext()
             for field in nested.findall(nodes.field)}
    assert facts == {'Version': '1.0',
                     'Schema': 'schemas/payloads/TerseAuditPayload.json',
                     'History': '1.0: Initial version'}


@pytest.mark.parametrize('buildername, filename', [
    ('text', 'index.txt'), ('latex', 'projectnamenotset.tex'),
    ('singlehtml', 'index.html')])
def test_other_builders_show_tables_and_schema_names(
        make_app, sphinx_test_tempdir, rootdir, buildername, filename):
    app, output = build_reference_copy(
        make_app, sphinx_test_tempdir, rootdir, buildername, filename,
        'body-%s' % buildername)
    expected = doctree_tables(plain_doctree(app))
    for rows in expected.values():
        for row in rows[1:]:
            # Field names and the descriptions' last words.
            # LaTeX's break points: test_latex_field_tables_fit_the_page.
            name = row[0].replace(r'\allowbreak{}', '')
            if buildername == 'latex':
                name = name.replace('_', r'\_')
            assert name in output.replace(r'\allowbreak{}', ''), (
                buildername, row)
            assert row[-1].split()[-1].rstrip('.') in output, (
                buildername, row)
    # A longtable's head is written twice: for its first page and for the
    # pages it continues on. Each payload's table once.
    heads = 2 if buildername == 'latex' else 1
    assert output.count('Nullable') == 6 * heads
    assert output.count('Event type') == heads  # the summary
    assert 'ActionPlanCancelPayload.json' in output
    if buildername == 'singlehtml':
        assert output.count('<details') == 6
        assert 'versioned_notifications.css' in output
        assert written_links_resolve(output)
        assert 'href="_notifications/%s"' % PAYLOAD_SCHEMA in output
        assert (app.outdir / '_notifications' / PAYLOAD_SCHEMA).is_file()
    else:
        assert not (app.outdir / '_notifications').exists()


def test_text_tables_keep_each_name_whole(make_app, sphinx_test_tempdir,
                                          rootdir):
    app, output = build_reference_copy(
        make_app, sphinx_test_tempdir, rootdir, 'text', 'index.txt',
        'body-text-widths')
    # The text writer cuts a word longer than its column, and Sphinx 7.4
    # and 9.0 cut it at different places; hyphens it may break after.
    table_lines = [line for line in output.splitlines()
                   if line.startswith('|')]
    names = {literal.astext()
             for table in plain_doctree(app).findall(nodes.table)
             for literal in table.findall(nodes.literal)
             if '-' not in literal.astext()}
    assert 'ActionPlanCancelNotification' in names
    for name in sorted(names):
        assert any('"%s"' % name in line for line in table_lines), name


def test_latex_field_tables_fit_the_page(make_app, sphinx_test_tempdir,
                                         rootdir):
    app, output = build_reference_copy(
        make_app, sphinx_test_tempdir, rootdir, 'latex',
        'projectnamenotset.tex', 'body-latex-columns')
    # Every field table: paragraph columns of fixed widths that add up to
    # the line, in a longtable, which may continue on the next page; no
    # field has a default, so no Default column.
    shown = [column for column in fieldtable.COLUMNS
             if column[0] != 'Default']
    spec = blocks.latex_columns(shown)
    assert spec == r'\X{20}{89}\X{27}{89}\X{12}{89}\X{30}{89}'
    assert output.count(r'\begin{longtable}{%s}' % spec) == 6
    # The summary too.
    assert output.count(r'\begin{longtable}{%s}' % blocks.latex_columns(
        blocks.SUMMARY_COLUMNS)) == 1
    assert r'\begin{tabulary}' not in output
    # The summary's names may break after a dot or an underscore and
    # before an inner capital, never inside a word.
    assert (r'action\_\allowbreak{}plan.\allowbreak{}cancel.\allowbreak{}'
            r'start') in output
    assert r'Terse\allowbreak{}Action' not in output  # a nested payload
    assert (r'Action\allowbreak{}Plan\allowbreak{}Cancel\allowbreak{}'
            r'Payload') in output
    # The sample keeps every name whole.
    assert r'\PYGZdq{}input\PYGZus{}parameters\PYGZdq{}' in output


def test_latex_keeps_typographic_apostrophes(make_app, sphinx_test_tempdir,
                                             rootdir):
    app, output = build_reference_copy(
        make_app, sphinx_test_tempdir, rootdir, 'latex',
        'projectnamenotset.tex', 'body-latex-quotes')
    # SmartQuotes' apostrophe, as every other paragraph of the document has
    # it (the PDF prints it when the preamble suits the engine:
    # tests/test_doc_conf.py).
    assert 'The action\u2019s plugin' in output
    assert "The actions plugin" not in output


def written_links_resolve(page):
    ids = set(re.findall(r'id="([^"]+)"', page))
    targets = re.findall(r'href="#(payload-[^"]+)"', page)
    return targets and all(target in ids for target in targets)


@pytest.mark.sphinx('html', testroot='escape-fields')
def test_html_body_content_is_escaped(app):
    app.build()
    assert warnings(app) == ''
    page = (app.outdir / 'index.html').read_text('utf-8')
    page = page[page.index('<section'):page.rindex('</section>')]
    for raw in ('<script>', '<i>x', '<a>', '<b>code', '<em>markup', 'b&c'):
        assert raw not in page, raw
    assert ('<code class="docutils literal notranslate"><span class="pre">'
            '\'&lt;i&gt;x&lt;/i&gt;</span> <span class="pre">&amp;</span> '
            '<span class="pre">y\'</span></code>') in page
    # A description is reStructuredText: quoted as Sphinx quotes it, then
    # escaped. A "# Version" comment is plain text, shown as written.
    assert 'Tom &amp; Jerry’s “show” – plain text.' in page
    assert '1.0: Initial version with &lt;em&gt;markup&lt;/em&gt; &amp; ' \
        '&quot;quotes&quot;' in page
    rows = html_tables(app.outdir / 'index.html').tables[
        'notification-escape.update']
    assert rows == doctree_tables(plain_doctree(app))[
        'notification-escape.update']
    # A field has a default: the Default column is there.
    assert rows[0] == ['Field', 'Type', 'Nullable', 'Default',
                       'Description']
    assert rows[1:] == [
        ['label', 'String', 'no', "'<i>x</i> & y'",
         'Tom & Jerry’s “show” – plain text.'],
        ['markup', 'String', 'yes', '',
         'Parsed: <script>alert(1)</script> and <b>code</b>.'],
        ['state', 'Enum: <a>, b&c', 'no', '', 'One of the states.']]


@pytest.mark.sphinx('html', testroot='missing-schema')
def test_missing_schema_warns_with_file_and_command(app):
    missing = 'schemas/payloads/TerseAuditPayload.json'
    doctree = build(app, drop={missing})
    text = warnings(app)
    expected = app.srcdir / 'samples' / missing
    assert ('index.rst:4: WARNING: TerseAuditPayload: JSON Schema %s is '
            'missing (expected at %s); regenerate the samples and schemas '
            'with: tox -e samples' % (missing, expected)) in text
    assert text.count('WARNING') == 1
    assert 'Traceback' not in text
    nested = [s for s in doctree.findall(nodes.section)
              if s['ids'][0] == 'payload-terseauditpayload'][0]
    assert [field[0].astext() for field in nested.findall(nodes.field)] == [
        'Version', 'History']
    assert len(event_sections(doctree)) == 6


@pytest.mark.sphinx('html', testroot='missing-schema', srcdir='no-schemas',
                    confoverrides={
                        'versioned_notifications_link_schemas': False})
def test_schema_links_can_be_turned_off(app):
    doctree = build(app, drop={'schemas/payloads/TerseAuditPayload.json'})
    assert warnings(app) == ''
    assert not [field for field in doctree.findall(nodes.field)
                if 'chema' in field[0].astext()]
    assert not (app.outdir / '_notifications').exists()


@pytest.mark.sphinx('html', testroot='missing-schema',
                    srcdir='unexported-schemas', confoverrides={
                        'versioned_notifications_project':
                            dataclasses.replace(watcher_project.PROJECT,
                                                exports=('asyncapi',))})
def test_a_project_exporting_no_schemas_links_none_and_warns_of_none(app):
    doctree = build(app, drop={name for name in generated_contracts()
                               if not name.startswith('schemas/history/')})
    assert warnings(app) == ''
    assert not [field for field in doctree.findall(nodes.field)
                if 'chema' in field[0].astext()]
    assert not (app.outdir / '_notifications').exists()
    # The reference is whole but for the links.
    assert len(event_sections(doctree)) == 6


@pytest.mark.sphinx('html', testroot='missing-schema',
                    srcdir='contract-dir', confoverrides={
                        'versioned_notifications_project':
                            dataclasses.replace(watcher_project.PROJECT,
                                                contracts_dir='../contracts')})
def test_schemas_and_history_are_read_from_the_contract_directory(app):
    samples = fill_samples(app.srcdir)
    shutil.move(samples / 'schemas', app.srcdir / 'contracts' / 'schemas')
    shutil.move(samples / 'asyncapi.json',
                app.srcdir / 'contracts' / 'asyncapi.json')
    app.build()
    assert warnings(app) == ''
    page = (app.outdir / 'index.html').read_text('utf-8')
    assert 'href="_notifications/%s"' % PAYLOAD_SCHEMA in page
    assert (app.outdir / '_notifications' / PAYLOAD_SCHEMA).read_bytes() == (
        app.srcdir / 'contracts' / PAYLOAD_SCHEMA).read_bytes()


@pytest.mark.sphinx('html', testroot='reference', srcdir='schema-rebuild',
                    confoverrides=SAME_THEME)
def test_touching_a_schema_rereads_the_page_that_links_it(app, make_app):
    build(app)

    def rebuild_reads():
        return docs_read_by_rebuild(app, make_app)

    assert rebuild_reads() == []
    schema = app.srcdir / 'samples' / PAYLOAD_SCHEMA
    time.sleep(0.01)
    os.utime(schema)
    assert rebuild_reads() == ['index']
    assert rebuild_reads() == []
