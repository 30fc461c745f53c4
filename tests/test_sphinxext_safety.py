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

"""What the Sphinx extension refuses: names that leave a directory,
settings that cannot work, markup a docstring must not carry. Each case is
a real build of a tiny project in tests/roots/ whose warning is located
(``index.rst:N: WARNING: ...``), so that ``sphinx-build -W`` fails on it,
and never a traceback."""

import json
import re
import shutil
import sys

import pytest

from tests.conftest import fill_samples


def warnings(app):
    return re.sub(r'\x1b\[[0-9;]*m', '', app.warning.getvalue())


def assert_only_warning(app, expected):
    text = warnings(app)
    assert expected in text, text
    assert text.count('WARNING') == 1, text
    assert 'Traceback' not in text


@pytest.mark.sphinx('html', testroot='unsafe-event-type')
def test_an_event_type_leaving_the_directory_writes_nothing_outside(app):
    app.build()
    sample = app.srcdir / 'deep' / 'samples' / 'unsafe-update.json'
    assert_only_warning(app, (
        "index.rst:4: WARNING: UnsafeEventNotification: sample %s has the "
        "event type '../../../../evil', which cannot name a file or an "
        "anchor" % sample))
    # Only the planted file: nothing was copied next to it, into the
    # build directory or anywhere in the output.
    assert sorted(app.srcdir.parent.rglob('evil.json')) == [
        app.srcdir / 'evil.json']
    assert not (app.outdir / '_notifications').exists()
    assert 'evil' not in (app.outdir / 'index.html').read_text('utf-8')


@pytest.mark.sphinx('html', testroot='unsafe-sample-name')
def test_a_sample_name_leaving_the_directory_warns_naming_the_class(app):
    app.build()
    assert_only_warning(app, (
        "index.rst:4: WARNING: UnsafeNameNotification (../x.json): the "
        "sample name '../x.json' is not a plain \"<name>.json\" file name"))
    # The planted x.json next to the sample directory is not read.
    assert 'leaked.event' not in (app.outdir / 'index.html').read_text(
        'utf-8')


# 100,000: far deeper than the JSON parser follows. The recursion limit:
# refused by the parser where it shares Python's limit (3.11), else by
# resolving "$ref". 600: parses here, but resolving the message recurses
# deeper than that on top of Sphinx's stack.
@pytest.mark.parametrize('depth', [100000, sys.getrecursionlimit(), 600])
def test_a_sample_nested_too_deeply_warns_naming_the_file(
        make_app, rootdir, sphinx_test_tempdir, depth):
    srcdir = sphinx_test_tempdir / ('deep-sample-%d' % depth)
    shutil.copytree(rootdir / 'test-deep-sample', srcdir, dirs_exist_ok=True)
    sample = fill_samples(srcdir) / 'action-cancel-end.json'
    message = json.loads(sample.read_text('utf-8'))
    text = json.dumps(dict(message, deep='DEEP'), indent=2)
    sample.write_text(text.replace('"DEEP"', '[' * depth + ']' * depth),
                      'utf-8')
    app = make_app('html', srcdir=srcdir)
    app.build()
    assert_only_warning(app, (
        'index.rst:4: WARNING: ActionCancelNotification: %s is not valid '
        'JSON: ' % sample))
    assert 'nested more than 100 arrays or objects deep' in warnings(app)
    html = (app.outdir / 'index.html').read_text('utf-8')
    assert 'id="notification-action.cancel.end"' not in html
    assert 'id="notification-action.cancel.start"' in html


# A setting that names the wrong thing: the warning names the setting,
# what it names and what to set instead (and no issubclass() TypeError).
@pytest.mark.parametrize('root, expected', [
    ('registry-not-a-class',
     'registry: versioned_notifications.catalog:WIRE_PRIORITIES is a tuple, '
     'not a class; set registry to "myservice.objects.base:'
     'MyObjectRegistry"'),
    ('registry-not-a-registry',
     'registry: versioned_notifications.project:NotificationProject is not '
     'a subclass of oslo_versionedobjects.base.VersionedObjectRegistry; set '
     'registry to "myservice.objects.base:MyObjectRegistry"'),
    ('base-not-a-class',
     'notification_base: versioned_notifications.catalog:DEFAULT_PRIORITY '
     'is a str, not a class; set notification_base to '
     '"myservice.notifications.base:NotificationBase"'),
    # Checked when the project is made: modules='pkg' used to import 'p',
    # 'k' and 'g'; a number as sample_dir failed far from the setting.
    ('modules-string',
     "modules must be a list of module names, such as "
     "[\"myservice.notifications\"], not "
     "'versioned_notifications.watcher.notifications'"),
    ('sample-dir-int',
     'sample_dir must be a directory path, such as "samples" (relative to '
     'the file naming the project), not 1'),
])
def test_a_setting_naming_the_wrong_thing_warns_saying_what_to_set(
        make_app, rootdir, sphinx_test_tempdir, root, expected):
    srcdir = sphinx_test_tempdir / root
    shutil.copytree(rootdir / ('test-' + root), srcdir, dirs_exist_ok=True)
    app = make_app('html', srcdir=srcdir)
    app.build()
    assert_only_warning(app, 'index.rst:4: WARNING: cannot document the '
                             'notifications: ')
    assert expected in warnings(app)


@pytest.mark.sphinx('html', testroot='unmatched-pattern')
def test_an_event_types_pattern_matching_nothing_warns_naming_it(app):
    # A misspelt pattern used to leave its events out without a word.
    fill_samples(app.srcdir)
    app.build()
    assert_only_warning(app, (
        "index.rst:4: WARNING: :event-types: pattern 'action_plan.cancle.*' "
        "matches no event type of the project"))
    html = (app.outdir / 'index.html').read_text('utf-8')
    assert html.count('<section id="notification-action_plan.cancel.') == 3


def test_two_directives_on_a_page_give_unique_ids_and_one_warning_each(
        make_app, rootdir, sphinx_test_tempdir):
    srcdir = sphinx_test_tempdir / 'two-directives'
    shutil.copytree(rootdir / 'test-two-directives', srcdir,
                    dirs_exist_ok=True)
    fill_samples(srcdir)
    app = make_app('html', srcdir=srcdir)
    app.build()
    text = warnings(app)
    assert text.count('WARNING') == 2, text
    # In the page's order: an action's phases as they happen.
    assert ('index.rst:12: WARNING: event type(s) already documented in '
            'this document: action.cancel.start, action.cancel.end, '
            'action.cancel.error, action_plan.cancel.end; narrow the '
            "directives' :event-types:") in text
    assert ('index.rst:18: WARNING: event type(s) already documented in '
            'this document: action.cancel.start, action.cancel.end, '
            'action.cancel.error, action_plan.cancel.start, '
            'action_plan.cancel.end, action_plan.cancel.error;') in text
    html = (app.outdir / 'index.html').read_text('utf-8')
    ids = re.findall(r'\bid="([^"]*)"', html)
    assert sorted(set(ids)) == sorted(ids)
    assert 'id="notification-action.cancel.end"' in html
    assert 'id="payload-terseauditpayload"' in html


def test_field_descriptions_are_inline_markup_and_safe_links_only(
        make_app, rootdir, sphinx_test_tempdir):
    srcdir = sphinx_test_tempdir / 'unsafe-descriptions'
    shutil.copytree(rootdir / 'test-unsafe-descriptions', srcdir,
                    dirs_exist_ok=True)
    app = make_app('html', srcdir=srcdir)
    app.build()
    html = (app.outdir / 'index.html').read_text('utf-8')
    table = html.split('vn-fields')[1].split(
        '</table>')[0]
    # The local file is neither read into the page nor copied.
    # (Tags stripped: highlighting splits the file's words.)
    assert 'TOP-SECRET' not in re.sub(r'<[^>]*>', '', html)
    assert not list(app.outdir.rglob('secret.txt'))
    assert '.. literalinclude:: secret.txt' in table
    # Script links and raw HTML are text; http(s) links and inline markup
    # stay.
    assert 'href="javascript:' not in html.lower()
    assert 'See the docs, ' in table
    assert ' and JavaScript:alert(2).' in table
    assert 'href="https://example.org/ok"' in table
    assert '<script>alert(3)' not in html
    assert '&lt;script&gt;alert(3)&lt;/script&gt;' in table
    assert '<em>emphasis</em>' in table
    text = warnings(app)
    assert 'Traceback' not in text
    # Located at the directive.
    for reason in ('a download of a local file', "a link to "
                   "'javascript:alert(1)'", "a link to 'JavaScript:alert(2'",
                   'raw markup'):
        assert re.search(r'index\.rst:\d+: WARNING: a field description '
                         r'holds %s, shown as text' % re.escape(reason),
                         text), text
    assert text.count('WARNING') == 4, text
