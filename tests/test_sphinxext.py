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

"""The Sphinx extension, through real Sphinx builds of the test projects
in tests/roots/ (sphinx.testing)."""

import json
import os
import re
import shutil
import time

from docutils import nodes
import pytest
import sphinx
from sphinx import addnodes
from sphinx.errors import ConfigError

from tests.conftest import fill_samples
from tests.conftest import generated_samples
from tests.conftest import SEED

# In the order of the page: by name, an action's phases as they happen.
EVENTS = ['action.cancel.start', 'action.cancel.end', 'action.cancel.error',
          'action_plan.cancel.start', 'action_plan.cancel.end',
          'action_plan.cancel.error']
SEED_OF = {json.loads(path.read_text('utf-8'))['event_type']: path
           for path in SEED.glob('*.json')}


def generated_messages():
    """{event type: message} of the samples the generator writes now."""
    messages = [json.loads(text) for text in generated_samples().values()]
    return {message['event_type']: message for message in messages}


def plain_doctree(app, docname='index'):
    """The document as every builder gets it: references resolved."""
    doctree = app.env.get_doctree(docname)
    app.env.resolve_references(doctree, docname, app.builder)
    return doctree


def build(app, drop=()):
    fill_samples(app.srcdir, drop)
    app.build()
    return plain_doctree(app)


def warnings(app):
    return re.sub(r'\x1b\[[0-9;]*m', '', app.warning.getvalue())


# sphinx.testing swaps the default theme for 'basic' after comparing the
# configuration with the saved environment's; naming it keeps a second
# application on the same project from seeing a changed configuration.
SAME_THEME = {'html_theme': 'basic'}


def event_sections(doctree):
    return {section['ids'][0]: section
            for section in doctree.findall(nodes.section)
            if section['ids'][0].startswith('notification-')}


def table_rows(section):
    table = next(section.findall(nodes.table))
    rows = []
    for row in table.findall(nodes.row):
        rows.append([entry.astext() for entry in row.findall(nodes.entry)])
    return rows[0], rows[1:]


def sample_blocks(node):
    return [block for block in node.findall(nodes.literal_block)
            if block.get('language') == 'json']


@pytest.mark.sphinx('html', testroot='reference', srcdir='reference-tree')
def test_one_section_per_event_type_with_stable_anchor_toc_and_index(app):
    doctree = build(app)
    assert warnings(app) == ''
    assert sorted(EVENTS) == sorted(
        json.loads(path.read_text('utf-8'))['event_type']
        for path in SEED.glob('*.json'))
    sections = event_sections(doctree)
    assert list(sections) == ['notification-%s' % e for e in EVENTS]
    for event_type, section in zip(EVENTS, sections.values(), strict=True):
        assert section[0].astext() == event_type
        index = next(section.findall(addnodes.index))
        assert index['entries'] == [
            ('single', '%s (notification)' % event_type,
             'notification-%s' % event_type, '', None)]
    toc = app.env.tocs['index'].astext()
    for event_type in EVENTS:
        assert event_type in toc


@pytest.mark.sphinx('html', testroot='reference', srcdir='reference-tree')
def test_event_shows_priority_classes_versions_and_history(app):
    doctree = build(app)
    sections = event_sections(doctree)

    def facts(event_type):
        return {field[0].astext(): field[1].astext() for field in
                sections['notification-' + event_type].findall(nodes.field)}

    common = {
        'Priority': 'INFO',
        'Notification': 'ActionPlanCancelNotification 1.0',
        'Payload': 'ActionPlanCancelPayload 1.0',
        'Payload schema': 'schemas/payloads/ActionPlanCancelPayload.json',
        'Notification history': '1.0: Initial version'}
    # The payload's first event holds its field table and history ...
    assert facts('action_plan.cancel.start') == dict(
        common, **{
            'Message schema':
                'schemas/notifications/action_plan.cancel.start.json',
            'Payload history': '1.0: Initial version'})
    # ... the others link to it.
    assert facts('action_plan.cancel.error') == dict(
        common, **{
            'Priority': 'ERROR',
            'Message schema':
                'schemas/notifications/action_plan.cancel.error.json',
            'Fields': 'see ActionPlanCancelPayload'})
    section = sections['notification-action_plan.cancel.error']
    [link] = [ref for ref in section.findall(nodes.reference)
              if ref.astext() == 'ActionPlanCancelPayload'
              and ref.parent.parent.parent[0].astext() == 'Fields']
    assert link['refid'] == 'payload-actionplancancelpayload'
    history = [item.astext() for item in section.findall(nodes.list_item)]
    assert history == ['1.0: Initial version']


@pytest.mark.sphinx('html', testroot='reference', srcdir='reference-tree')
def test_field_tables_list_the_seed_payload_fields(app):
    doctree = build(app)
    sections = event_sections(doctree)
    # Each payload's table once, in its first event's section.
    tabled = ['notification-%s' % event_type for event_type in EVENTS
              if list(sections['notification-%s' % event_type].findall(
                  nodes.table))]
    assert tabled == ['notification-action.cancel.start',
                      'notification-action_plan.cancel.start']
    for event_type in ('action.cancel.start', 'action_plan.cancel.start'):
        seed = json.loads(SEED_OF[event_type].read_text('utf-8'))
        header, rows = table_rows(sections['notification-%s' % event_type])
        # No field has a default: no Default column.
        assert header == ['Field', 'Type', 'Nullable', 'Description']
        assert [row[0] for row in rows] == sorted(
            seed['payload']['watcher_object.data'])
        assert all(row[3] for row in rows), rows  # every field described
    _, rows = table_rows(sections['notification-action_plan.cancel.start'])
    by_name = {row[0]: row for row in rows}
    assert by_name['audit'][1:3] == ['Object: TerseAuditPayload 1.0', 'no']
    assert by_name['fault'][1:3] == ['Object: ExceptionPayload 1.0', 'yes']
    assert by_name['uuid'][1:3] == ['UUID', 'no']
    assert by_name['created_at'][1:3] == ['DateTime', 'yes']
    assert by_name['global_efficacy'][1:3] == ['Dict', 'yes']
    # Inherited from the mixin's and the base class's docstrings.
    assert by_name['uuid'][3] == 'UUID of the action plan.'
    assert by_name['created_at'][3] == 'When the object was created (UTC).'
    _, rows = table_rows(sections['notification-action.cancel.start'])
    assert {row[0]: row[1] for row in rows}['parents'] == 'List of UUID'


@pytest.mark.sphinx('html', testroot='reference', srcdir='reference-tree')
def test_nested_payloads_are_rendered_once_and_linked(app):
    doctree = build(app)
    ids = [section['ids'][0] for section in doctree.findall(nodes.section)]
    for name in ('terseauditpayload', 'strategypayload', 'exceptionpayload',
                 'terseactionplanpayload'):
        assert ids.count('payload-%s' % name) == 1
    refs = [ref.get('refid') for ref in doctree.findall(nodes.reference)]
    assert refs.count('payload-terseauditpayload') == 2  # the table, prose
    assert 'notification-action_plan.cancel.start' in refs
    # A top-level payload's anchor is its field table, in its first
    # event's section; a nested payload's, its section.
    sections = event_sections(doctree)
    [table] = [table for table in sections[
        'notification-action_plan.cancel.start'].findall(nodes.table)
        if 'vn-fields' in table['classes']]
    assert table['ids'] == ['payload-actionplancancelpayload']
    # Each field row: its own anchor, payload-<class>-<field>.
    targets = [target['ids'] for target in table.findall(nodes.target)]
    assert targets[:2] == [['payload-actionplancancelpayload-audit'],
                           ['payload-actionplancancelpayload-audit_uuid']]
    assert len(targets) == 11


@pytest.mark.sphinx('html', testroot='reference', srcdir='reference-tree')
def test_a_summary_table_opens_the_reference_with_links(app):
    doctree = build(app)
    [table] = [table for table in doctree.findall(nodes.table)
               if 'vn-summary' in table['classes']]
    # Before every event's section.
    first = next(iter(event_sections(doctree).values()))
    assert table.parent is first.parent
    assert table.parent.index(table) < table.parent.index(first)
    header, rows = table_rows(table)
    assert header == ['Event type', 'Priority', 'Notification', 'Payload',
                      'Sample']
    assert rows[0] == ['action.cancel.start', 'INFO',
                       'ActionCancelNotification 1.0',
                       'ActionCancelPayload 1.0', 'action-cancel-start.json']
    assert [row[0] for row in rows] == EVENTS
    assert [row[1] for row in rows] == ['INFO', 'INFO', 'ERROR'] * 2
    refs = [ref['refid'] for ref in table.findall(nodes.reference)]
    # The sample column links to the sample, in every builder.
    assert refs[:3] == ['notification-action.cancel.start',
                        'payload-actioncancelpayload',
                        'sample-action-cancel-start.json']
    # In HTML, a sample is collapsed: <details> (opened by the script when
    # a link targets it).
    page = (app.outdir / 'index.html').read_text('utf-8')
    assert page.index('vn-summary') < page.index(
        'id="notification-action.cancel.start"')
    assert ('<a class="reference internal" '
            'href="#sample-action-cancel-start.json" '
            'title="Sample: action-cancel-start.json"><code class="xref '
            'sample docutils literal notranslate">action-<wbr>cancel-<wbr>'
            'start.<wbr>json</code></a>') in page
    assert '<details class="vn-sample" ' \
        'id="sample-action-cancel-start.json"><summary>Sample: ' in page
    assert '_static/versioned_notifications.js' in page


@pytest.mark.sphinx('html', testroot='reference', srcdir='reference-tree')
def test_sample_blocks_are_the_sample_files(app):
    doctree = build(app)
    for event_type, section in zip(EVENTS, event_sections(doctree).values(),
                                   strict=True):
        [block] = sample_blocks(section)
        assert block['language'] == 'json'
        assert json.loads(block.astext()) == generated_messages()[
            event_type]
    assert not list(doctree.findall(nodes.raw))


@pytest.mark.sphinx('html', testroot='reference', srcdir='reference-tree')
def test_roles_resolve_across_documents(app):
    build(app)
    # other.rst writes them without the prefix, after default-domain.
    other = (app.outdir / 'other.html').read_text('utf-8')
    assert 'href="index.html#notification-action.cancel.end"' in other
    # A field's row, and a sample (whose <details> the script opens).
    assert ('href="index.html#payload-actionplancancelpayload-uuid" '
            'title="ActionPlanCancelPayload.uuid"') not in other
    assert 'href="index.html#payload-actionplancancelpayload-uuid"' in other
    assert 'href="index.html#sample-action-cancel-end.json"' in other
    index = (app.outdir / 'index.html').read_text('utf-8')
    assert 'id="payload-actionplancancelpayload-uuid"' in index


@pytest.mark.sphinx('html', testroot='unknown-target')
def test_unknown_role_targets_warn_with_location(app):
    build(app)
    text = warnings(app)
    assert ('index.rst:4: WARNING: unknown notification event type: '
            'action_plan.explode.start') in text
    assert 'WARNING: unknown payload class: NoSuchPayload' in text


def build_reference_copy(make_app, tempdir, rootdir, buildername, filename,
                         name):
    """Build a copy of test-reference, with its samples, with
    ``buildername``; return the app and the text of output ``filename``."""
    srcdir = tempdir / name
    shutil.copytree(rootdir / 'test-reference', srcdir, dirs_exist_ok=True)
    fill_samples(srcdir)
    app = make_app(buildername, srcdir=srcdir)
    app.build()
    assert warnings(app) == ''
    return app, (app.outdir / filename).read_text('utf-8')


@pytest.mark.parametrize('buildername, filename', [
    ('html', 'index.html'), ('text', 'index.txt'),
    ('latex', 'projectnamenotset.tex'), ('man', 'projectnamenotset.1')])
def test_every_builder_contains_every_sample(make_app, sphinx_test_tempdir,
                                             rootdir, buildername, filename):
    app, output = build_reference_copy(
        make_app, sphinx_test_tempdir, rootdir, buildername, filename,
        'reference-%s' % buildername)
    for event_type, message in generated_messages().items():
        # The first group of hex digits: latex escapes the hyphens.
        assert message['message_id'].split('-')[0] in output, (
            event_type, buildername)
    assert output.count('<details') == (6 if buildername == 'html' else 0)


@pytest.mark.parametrize('theme', ['alabaster', 'openstackdocs'])
def test_default_theme_and_openstackdocstheme(make_app, sphinx_test_tempdir,
                                              rootdir, theme):
    srcdir = sphinx_test_tempdir / ('theme-%s' % theme)
    shutil.copytree(rootdir / 'test-theme', srcdir, dirs_exist_ok=True)
    fill_samples(srcdir)
    app = make_app('html', srcdir=srcdir, confoverrides={'html_theme': theme})
    app.build()
    assert warnings(app) == ''
    assert app.builder.theme.name == theme
    html = (app.outdir / 'index.html').read_text('utf-8')
    assert 'id="notification-action_plan.cancel.start"' in html
    assert html.count('<details') == 1
    assert '<summary>Sample: ' in html
    # The extension's style sheet (left-aligned cells, wrapped samples).
    assert '_static/versioned_notifications.css' in html
    assert 'text-align: left' in (
        app.outdir / '_static' / 'versioned_notifications.css').read_text(
            'utf-8')


@pytest.mark.sphinx('html', testroot='missing-sample')
def test_missing_sample_warns_with_class_path_and_command(app):
    doctree = build(app, drop={'action-cancel-end.json'})
    text = warnings(app)
    expected = app.srcdir / 'samples' / 'action-cancel-end.json'
    assert 'index.rst:4: WARNING: ActionCancelNotification: %s does not ' \
           'exist; regenerate the samples with: ' % expected in text
    assert 'tox -e samples' in text
    assert 'versioned-notifications generate' in text
    assert 'Traceback' not in text
    assert 'notification-action.cancel.end' not in event_sections(doctree)
    assert len(event_sections(doctree)) == 5


@pytest.mark.sphinx('html', testroot='invalid-sample')
def test_invalid_sample_warns_with_file_line_and_column(app):
    doctree = build(app)
    text = warnings(app)
    path = app.srcdir / 'samples' / 'action-cancel-end.json'
    assert ('index.rst:4: WARNING: ActionCancelNotification: %s is not '
            'valid JSON: line 4, column 5' % path) in text
    assert 'Traceback' not in text
    assert len(event_sections(doctree)) == 5


@pytest.mark.sphinx('html', testroot='stale-sample')
def test_stale_sample_warns_with_file_and_command(app):
    sample_dir = fill_samples(app.srcdir)
    stale = sample_dir / 'action_plan-cancel-end.json'
    # A hand-written sample of an older contract: the nested audit at
    # another version and without one of its fields.
    message = json.loads(stale.read_text('utf-8'))
    audit = message['payload']['watcher_object.data']['audit']
    audit['watcher_object.version'] = '0.9'
    del audit['watcher_object.data']['interval']
    stale.write_text(json.dumps(message, indent=2), 'utf-8')
    app.build()
    text = warnings(app)
    assert ('index.rst:4: WARNING: ActionPlanCancelNotification: sample %s '
            'is stale: TerseAuditPayload (ActionPlanCancelPayload.audit): '
            'version 0.9 in the sample, 1.0 in the code; '
            'TerseAuditPayload (ActionPlanCancelPayload.audit): the code has '
            'field(s) the sample lacks: interval; regenerate the samples '
            'with: tox -e samples' % stale) in text
    assert text.count('WARNING') == 1  # the other samples are current


@pytest.mark.sphinx('html', testroot='stale-sample', srcdir='same-contract')
def test_a_sample_with_other_data_but_the_same_contract_is_current(app):
    # Hand-written data is not drift: only versions and field sets are.
    sample_dir = fill_samples(app.srcdir)
    current = sample_dir / 'action_plan-cancel-end.json'
    current.write_text(current.read_text('utf-8').replace(
        '"CANCELLED"', '"CANCELED"'), 'utf-8')
    app.build()
    assert 'WARNING' not in warnings(app)


@pytest.mark.sphinx('html', testroot='stale-sample', srcdir='stale-off',
                    confoverrides={
                        'versioned_notifications_check_stale': False})
def test_stale_check_can_be_turned_off(app):
    sample_dir = fill_samples(app.srcdir)
    stale = sample_dir / 'action_plan-cancel-end.json'
    stale.write_text(stale.read_text('utf-8').replace(
        '"CANCELLED"', '"CANCELED"'), 'utf-8')
    app.build()
    assert warnings(app) == ''


@pytest.mark.sphinx('html', testroot='escape')
def test_sample_content_is_escaped(app):
    doctree = build(app)
    assert warnings(app) == ''
    [block] = sample_blocks(doctree)
    assert '</pre><script>alert(1)</script>' in block.astext()
    assert not list(doctree.findall(nodes.raw))
    html = (app.outdir / 'index.html').read_text('utf-8')
    assert '<script>alert(1)' not in html
    assert '&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;' in html


@pytest.mark.sphinx('html', testroot='no-payload')
def test_notification_without_payload_field_warns(app):
    app.build()
    assert ('index.rst:4: WARNING: ThingNotification has no "payload" '
            'object field') in warnings(app)
    assert 'Traceback' not in warnings(app)


@pytest.mark.sphinx('html', testroot='bad-project')
def test_unimportable_project_warns(app):
    app.build()
    text = warnings(app)
    assert ('index.rst:4: WARNING: cannot document the notifications: the '
            'notification project: cannot import module '
            'vn_test_no_such_module.doc') in text
    assert 'Traceback' not in text


@pytest.mark.sphinx('html', testroot='no-project')
def test_without_a_project_the_directive_warns_where_it_is(app):
    app.build()
    text = warnings(app)
    assert text.count('WARNING') == 1, text
    assert ('index.rst:4: WARNING: no notification project: set '
            'versioned_notifications_project = "MODULE:NAME" in conf.py, '
            'naming your NotificationProject') in text
    assert ':project: MODULE:NAME' in text
    # Nothing documented, least of all this package's own service.
    html = (app.outdir / 'index.html').read_text('utf-8')
    assert 'action_plan.cancel' not in html
    assert 'notification-' not in html


@pytest.mark.sphinx('html', testroot='history-mismatch')
def test_version_ahead_of_history_warns_and_other_registries_work(app):
    app.build()
    assert warnings(app).count('WARNING') == 1
    assert ('index.rst:4: WARNING: HistoryThingPayload: VERSION is 1.1 but '
            'the last "# Version" comment says 1.0; add a "# Version 1.1: '
            '<what changed>" line above VERSION') in warnings(app)
    doctree = plain_doctree(app)
    section = event_sections(doctree)['notification-thing.update']
    _, rows = table_rows(section)
    assert rows == [['parts', 'List of Object: HistoryThingPart 1.0', 'no',
                     'The thing’s parts.']]
    assert 'payload-historythingpart' in [
        s['ids'][0] for s in doctree.findall(nodes.section)]


@pytest.mark.sphinx('html', testroot='restyle')
def test_a_project_restyles_the_reference_with_its_own_style_sheet(app):
    build(app)
    assert warnings(app) == ''
    html = (app.outdir / 'index.html').read_text('utf-8')
    # After the extension's, so that its rules win.
    ours = html.index('_static/versioned_notifications.css')
    assert html.index('_static/notifications.css') > ours
    assert (app.outdir / '_static' / 'notifications.css').is_file()
    assert (app.outdir / '_static' / 'versioned_notifications.css').is_file()
    assert html.count('<details class="vn-sample"') == 3


@pytest.mark.sphinx('html', testroot='old-template-dir')
def test_the_removed_template_dir_setting_warns_what_to_do_instead(app):
    build(app)
    text = warnings(app)
    assert text.count('WARNING') == 1, text
    assert ('WARNING: versioned_notifications_template_dir is no longer '
            'used: the reStructuredText templates are gone; the reference '
            'is made of standard nodes, which every builder and theme '
            'writes: restyle it with a style sheet of your own '
            '(html_css_files') in text
    # The reference is built as usual.
    html = (app.outdir / 'index.html').read_text('utf-8')
    assert html.count('<details') == 3


@pytest.mark.parametrize('name, value, message', [
    ('project', 42, 'versioned_notifications_project must be a str'),
    ('project', 'no colon', 'package.module:NAME'),
    ('project', {'registry': 'a:b'}, 'versioned_notifications_project: '),
    # A project in conf.py is checked when the configuration is read.
    ('project', {'registry': 'a:b', 'notification_base': 'c:d',
                 'modules': 'pkg'},
     'versioned_notifications_project: modules must be a list of module '
     'names'),
    ('project', {'registry': 'a:b', 'notification_base': 'c:d',
                 'sample_dir': 1},
     'versioned_notifications_project: sample_dir must be a directory '
     'path'),
    ('check_stale', 1, 'versioned_notifications_check_stale must be a '
                         'bool'),
])
def test_bad_configuration_is_refused(make_app, rootdir, sphinx_test_tempdir,
                                      name, value, message):
    srcdir = sphinx_test_tempdir / 'config-errors'
    shutil.copytree(rootdir / 'test-reference', srcdir, dirs_exist_ok=True)
    with pytest.raises(ConfigError, match=message):
        make_app('html', srcdir=srcdir, confoverrides={
            'versioned_notifications_' + name: value})


def docs_read_by_rebuild(app, make_app):
    """The documents a fresh build of ``app``'s project reads again."""
    again = make_app('html', srcdir=app.srcdir, confoverrides=SAME_THEME)
    read = []
    again.connect('env-before-read-docs',
                  lambda _app, _env, docnames: read.extend(docnames))
    again.build()
    return sorted(read)


@pytest.mark.sphinx('html', testroot='reference', srcdir='reference-rebuild',
                    confoverrides=SAME_THEME)
def test_incremental_rebuild_reads_only_what_changed(app, make_app):
    build(app)
    assert warnings(app) == ''

    def rebuild_reads():
        return docs_read_by_rebuild(app, make_app)

    assert rebuild_reads() == []
    sample = app.srcdir / 'samples' / 'action-cancel-end.json'
    time.sleep(0.01)
    os.utime(sample)  # now: later than the last read
    assert rebuild_reads() == ['index']
    assert rebuild_reads() == []


def test_parallel_build_gives_the_same_pages(make_app, rootdir,
                                             sphinx_test_tempdir):
    serial_src = sphinx_test_tempdir / 'parallel-serial'
    parallel_src = sphinx_test_tempdir / 'parallel-j2'
    for srcdir in (serial_src, parallel_src):
        shutil.copytree(rootdir / 'test-parallel', srcdir, dirs_exist_ok=True)
        fill_samples(srcdir)
    app = make_app('html', srcdir=serial_src)
    app.build()
    assert warnings(app) == ''
    # Node classes are registered process-wide; let the next app do it.
    app.cleanup()
    parallel = make_app('html', srcdir=parallel_src, parallel=2)
    merged = []
    parallel.connect('env-merge-info', lambda *args: merged.append(args[2]))
    parallel.build()
    assert warnings(parallel) == ''
    assert merged  # the documents were read by worker processes
    pages = sorted(path.name for path in app.outdir.glob('*.html'))
    assert len(pages) >= 8
    for page in pages:
        assert (parallel.outdir / page).read_text('utf-8') == (
            app.outdir / page).read_text('utf-8'), page


def _variant(sample_dir, edit=None):
    message = json.loads((sample_dir / 'action-cancel-end.json').read_text(
        'utf-8'))
    if edit is not None:
        edit(message['payload'])
    path = sample_dir / 'action-cancel-end_slow.json'
    path.write_text(json.dumps(message, indent=2), 'utf-8')
    return path


@pytest.mark.sphinx('html', testroot='variant')
def test_a_declared_variant_is_shown_under_its_event(app):
    _variant(fill_samples(app.srcdir))
    app.build()
    assert 'WARNING' not in warnings(app)
    page = (app.outdir / 'index.html').read_text('utf-8')
    section = page.split('id="notification-action.cancel.end"')[1].split(
        'id="notification-action.cancel.error"')[0]
    assert 'Variant sample: ' in section
    assert 'action-cancel-end_slow.json' in section


@pytest.mark.sphinx('html', testroot='variant', srcdir='variant-drift')
def test_a_variant_of_another_contract_warns(app):
    path = _variant(fill_samples(app.srcdir), lambda payload: payload[
        'watcher_object.data'].update(colour='red'))
    app.build()
    assert ('WARNING: ActionCancelNotification: sample %s is stale: '
            'ActionCancelPayload: the sample has field(s) the code does not: '
            'colour' % path) in warnings(app)


@pytest.mark.sphinx('html', testroot='variant', srcdir='variant-none')
def test_a_variant_pattern_matching_nothing_warns(app):
    fill_samples(app.srcdir)
    app.build()
    assert ("index.rst:4: WARNING: variants: ActionCancelNotification: "
            "'action-cancel-end_*.json' matches no file in ") in warnings(app)


@pytest.mark.sphinx('html', testroot='variant', srcdir='variant-invalid')
def test_a_variant_value_its_class_would_not_send_warns(app):
    path = _variant(fill_samples(app.srcdir), lambda payload: payload[
        'watcher_object.data'].update(uuid=12345))
    app.build()
    text = warnings(app)
    assert ("index.rst:4: WARNING: ActionCancelNotification: sample %s is "
            "invalid: payload.watcher_object.data.uuid (ActionCancelPayload."
            "uuid): 12345 is not of type 'string' (JSON Schema); correct it"
            % path) in text
    assert text.count('WARNING') == 1


@pytest.mark.sphinx('html', testroot='invalid-value')
def test_a_sample_value_its_classes_would_not_send_warns_and_is_shown(app):
    sample_dir = fill_samples(app.srcdir)
    path = sample_dir / 'action-cancel-end.json'
    message = json.loads(path.read_text('utf-8'))
    data = message['payload']['watcher_object.data']
    data['uuid'] = 12345
    data['created_at'] = 'yesterday'
    path.write_text(json.dumps(message, indent=4), 'utf-8')
    app.build()
    text = warnings(app)
    assert ("index.rst:4: WARNING: ActionCancelNotification: sample %s is "
            "invalid: payload.watcher_object.data.created_at "
            "(ActionCancelPayload.created_at): 'yesterday' is refused by its "
            "field type DateTime (ValueError: Unable to parse date string "
            "'yesterday'); payload.watcher_object.data.uuid "
            "(ActionCancelPayload.uuid): 12345 is not of type 'string' (JSON "
            "Schema); regenerate it with: tox -e samples (versioned-"
            "notifications generate); if it stays invalid, "
            "versioned-notifications check names the field type at fault"
            % path) in text
    # Sphinx 8 and newer name the warning's type; 7.4 does not.
    assert ' [versioned_notifications.invalid]' in text or \
        sphinx.version_info < (8,)
    assert text.count('WARNING') == 1  # the other samples are valid
    page = (app.outdir / 'index.html').read_text('utf-8')
    section = page.split('id="notification-action.cancel.end"')[1].split(
        'id="notification-action.cancel.error"')[0]
    # Shown all the same, as it is.
    assert '12345' in section and 'yesterday' in section


def test_many_event_types_are_grouped_by_object(make_app, rootdir,
                                                sphinx_test_tempdir,
                                                monkeypatch):
    from tests.test_miniproject import MINI
    from versioned_notifications.sphinxext import render
    monkeypatch.syspath_prepend(str(MINI))
    srcdir = sphinx_test_tempdir / 'grouped'
    shutil.copytree(rootdir / 'test-grouped', srcdir, dirs_exist_ok=True)
    app = make_app('html', srcdir=srcdir, confoverrides={
        'versioned_notifications_sample_dir': str(MINI / 'samples')})
    app.build()
    assert warnings(app) == ''
    doctree = app.env.get_doctree('index')
    groups = [section for section in doctree.findall(nodes.section)
              if 'vn-group' in section['classes']]
    assert [group[0].astext() for group in groups] == [
        'aggregate', 'flavor', 'host', 'keypair', 'server', 'service']
    events = [section['ids'][0] for section in groups[-2].children
              if isinstance(section, nodes.section)]
    assert len(events) > 1 and all(
        event.startswith('notification-server.') for event in events)
    assert sum(len(list(group.findall(nodes.section))) - 1
               for group in groups) > render.GROUP_ABOVE
    # The table of contents: a map of two levels.
    toc = app.env.tocs['index']
    [server] = [item for item in toc.findall(nodes.list_item)
                if item[0].astext() == 'server']
    assert 'server.create.start' in server[1].astext()
    page = (app.outdir / 'index.html').read_text('utf-8')
    assert 'id="events-server"' in page
    assert 'id="notification-server.create.start"' in page
