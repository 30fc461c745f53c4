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

"""The reference on hostile sample directories: real builds of
minicompute's documentation (tests/miniproject, composed samples and
all) and of tiny roots. Each problem is a located warning, never a crash
or a traceback, nothing outside the sample directory is published, and an
incremental build sees every file a page read."""

import json
import pathlib
import re
import shutil

import pytest

from tests.conftest import fill_samples

MINI = pathlib.Path(__file__).parent / 'miniproject'


def warnings(app):
    return re.sub(r'\x1b\[[0-9;]*m', '', app.warning.getvalue())


@pytest.fixture
def mini(tmp_path, monkeypatch):
    """A copy of minicompute whose documentation the test builds."""
    copy = tmp_path / 'mini'
    shutil.copytree(MINI, copy,
                    ignore=shutil.ignore_patterns('__pycache__'))
    monkeypatch.syspath_prepend(str(copy))
    return copy


def build(make_app, mini, **kwargs):
    app = make_app('html', srcdir=mini / 'doc' / 'source', **kwargs)
    app.build()
    return app, (app.outdir / 'index.html').read_text('utf-8')


def test_an_edited_fragment_renders_the_page_again(make_app, mini):
    # server-create-start.json includes ServerPayload.json, which includes
    # FlavorPayload.json: the page depends on both.
    app, page = build(make_app, mini)
    assert '&quot;m1.tiny&quot;' in page or '"m1.tiny"' in page
    fragment = mini / 'samples' / 'common_payloads' / 'FlavorPayload.json'
    fragment.write_text(fragment.read_text().replace('m1.tiny',
                                                     'm1.edited'))

    app, page = build(make_app, mini)

    assert 'm1.edited' in page
    assert 'index.rst' not in warnings(app)


def test_a_sample_linked_out_is_refused_and_not_published(make_app, mini,
                                                          tmp_path):
    outside = tmp_path / 'notes.json'
    message = json.loads((mini / 'samples' / 'flavor-create.json')
                         .read_text())
    message['payload']['minicompute_object.data']['name'] = 'do not publish'
    outside.write_text(json.dumps(message))
    sample = mini / 'samples' / 'flavor-create.json'
    sample.unlink()
    sample.symlink_to(outside)

    app, page = build(make_app, mini)

    text = warnings(app)
    assert ('index.rst:20: WARNING: FlavorCreateNotification: %s leaves '
            'the sample directory %s: its real path is %s'
            % (sample, mini / 'samples', outside)) in text, text
    assert 'do not publish' not in page
    assert 'Traceback' not in text


def test_a_history_version_too_long_to_read_is_a_located_warning(
        make_app, mini):
    path = mini / 'samples' / 'schemas' / 'history' / 'FlavorPayload.json'
    history = json.loads(path.read_text())
    history['versions'][0]['version'] = '1.' + '9' * 5000
    path.write_text(json.dumps(history))

    app, page = build(make_app, mini)

    text = warnings(app)
    assert re.search(
        r'index\.rst:\d+: WARNING: FlavorPayload: its recorded contracts '
        r'cannot be shown: .*FlavorPayload\.json: versions\[0\]\.version '
        r"'1\.9+\.\.\.9+' is not a \"MAJOR\.MINOR\" version", text), text
    # Named, not repeated whole.
    assert '9' * 100 not in text
    assert 'Traceback' not in text
    assert 'id="notification-flavor.create"' in page


# As written in the file: %00, or a JSON escape of a NUL character.
@pytest.mark.parametrize('ref', ['ServerPayload.json%00#',
                                 'ServerPayload.json\\u0000#',
                                 'ServerPayload.json#/' + '9' * 5000])
def test_a_ref_no_file_system_can_take_is_a_located_warning(make_app, mini,
                                                            ref):
    sample = mini / 'samples' / 'server-create-start.json'
    sample.write_text(sample.read_text().replace(
        'common_payloads/ServerPayload.json#', 'common_payloads/' + ref))

    app, page = build(make_app, mini)

    text = warnings(app)
    # Its event type is its file's to say: the page's first directive
    # reports it, once.
    found = re.findall(r'index\.rst:14: WARNING: ServerCreateNotification: '
                       r'\S*server-create-start\.json: "\$ref": ', text)
    assert len(found) == 1, text
    assert 'Traceback' not in text
    # The other events are documented.
    assert 'id="notification-server.create.end"' in page


@pytest.mark.sphinx('html', testroot='empty-event-types')
def test_an_empty_event_types_option_is_a_located_error_not_a_crash(app):
    fill_samples(app.srcdir)
    app.build()
    text = warnings(app)
    assert ('index.rst:4: ERROR: Error in "versioned_notifications" '
            'directive:\ninvalid option value: (option: "event-types"; '
            'value: None)\ngive at least one event type pattern') in text, \
        text
    assert 'Traceback' not in text
    html = (app.outdir / 'index.html').read_text('utf-8')
    # The directive after it still documents its events.
    assert html.count('<section id="notification-action.cancel.') == 3
