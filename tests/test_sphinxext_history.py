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

"""The reference's version history from the recorded contracts, beside
the "# Version" comments."""

import copy
import json
import pathlib
import shutil

import pytest

from tests.conftest import fill_samples
from tests.test_sphinxext import warnings

HISTORY = 'schemas/history/TerseAuditPayload.json'
REPO_SAMPLES = pathlib.Path(__file__).parent.parent / 'samples'


def _copy(rootdir, tempdir, name):
    srcdir = tempdir / name
    shutil.copytree(rootdir / 'test-reference', srcdir, dirs_exist_ok=True)
    sample_dir = fill_samples(srcdir)
    return srcdir, sample_dir / HISTORY


def _recorded():
    """TerseAuditPayload's history as committed in samples/."""
    return json.loads((REPO_SAMPLES / HISTORY).read_text('utf-8'))


def test_a_recorded_version_no_comment_describes_warns_and_shows(
        make_app, sphinx_test_tempdir, rootdir):
    srcdir, path = _copy(rootdir, sphinx_test_tempdir, 'history-extra')
    recorded = _recorded()
    # A 0.9 without the "goal_uuid" field before the class's 1.0.
    older = copy.deepcopy(recorded['versions'][0])
    older['version'] = '0.9'
    del older['fields']['goal_uuid']
    recorded['versions'].insert(0, older)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(recorded), 'utf-8')
    app = make_app('html', srcdir=srcdir)
    app.build()
    text = warnings(app)
    assert ('WARNING: TerseAuditPayload: the recorded contracts have version '
            '0.9, which no "# Version 0.9: <what changed>" comment above '
            'VERSION describes; add one') in text
    assert text.count('WARNING') == 1, text
    page = (app.outdir / 'index.html').read_text('utf-8')
    assert ('History<span class="colon">:</span></dt>\n'
            '<dd class="field-odd"><ul class="simple">\n'
            '<li><p>0.9</p></li>\n'
            '<li><p>1.0: Initial version</p>\n'
            '<ul class="vn-changes">\n'
            '<li><p>field \'goal_uuid\' (UUID, not nullable) added'
            '</p></li>\n</ul>\n</li>\n</ul>\n</dd>') in page
    # Other builders list the change under the entry too.
    text_app = make_app('text', srcdir=srcdir)
    text_app.build()
    output = (text_app.outdir / 'index.txt').read_text('utf-8')
    assert ('* field \'goal_uuid\' (UUID, not nullable) added'
            in output)


def test_an_unreadable_history_file_is_a_located_warning(
        make_app, sphinx_test_tempdir, rootdir):
    srcdir, path = _copy(rootdir, sphinx_test_tempdir, 'history-bad')
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"format": 1, "name": "TerseAuditPayload", '
                    '"versions": "no"}', 'utf-8')
    app = make_app('html', srcdir=srcdir)
    app.build()
    text = warnings(app)
    assert text.count('WARNING') == 1, text
    assert 'index.rst' in text
    assert ('TerseAuditPayload: its recorded contracts cannot be shown: '
            in text)
    assert 'TerseAuditPayload.json' in text
    # The page is built all the same, from the comments.
    page = (app.outdir / 'index.html').read_text('utf-8')
    assert 'id="payload-terseauditpayload"' in page


def test_a_comment_inside_the_recorded_span_without_a_contract_warns(
        make_app, sphinx_test_tempdir, rootdir):
    srcdir, path = _copy(rootdir, sphinx_test_tempdir, 'history-gap')
    recorded = _recorded()
    # Recorded 0.9 and 1.1 around the class's own "# Version 1.0".
    older = copy.deepcopy(recorded['versions'][0])
    older['version'] = '0.9'
    newer = copy.deepcopy(recorded['versions'][0])
    newer['version'] = '1.1'
    recorded['versions'] = [older, newer]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(recorded), 'utf-8')
    app = make_app('html', srcdir=srcdir)
    app.build()
    text = warnings(app)
    assert ('WARNING: TerseAuditPayload: "# Version 1.0" is not among the '
            'recorded contracts (0.9, 1.1), so the changes shown for 1.1 '
            'include its own; if 1.0 was never released, fold its line into '
            '"# Version 1.1"') in text
    # And the two recorded versions no comment describes.
    assert text.count('which no "# Version') == 2, text
    assert text.count('WARNING') == 3, text


@pytest.mark.sphinx('html', testroot='first-version')
def test_a_first_version_needs_no_comment_a_later_one_does(app):
    app.build()
    text = warnings(app)
    # Nothing for the classes at 1.0, nor for the bumped payloads' 1.0;
    # the 1.1 no comment describes is still a warning, located.
    assert text.count('WARNING') == 1, text
    assert ('index.rst:4: WARNING: FirstVersionUndescribedPayload: the '
            'recorded contracts have version 1.1, which no "# Version 1.1: '
            '<what changed>" comment above VERSION describes; add one') in text
    page = (app.outdir / 'index.html').read_text('utf-8')
    # The first version is in every history all the same, with what its
    # contract says changed after it.
    def entries(label, items):
        return ('%s<span class="colon">:</span></dt>\n<dd class="field-%s">'
                '<ul class="simple">\n%s</ul>\n</dd>'
                % (label, '%s', ''.join(items)))

    only_first = '<li><p>1.0</p></li>\n'
    assert page.count(entries('Notification history', [only_first]) % (
        'even')) == 3
    assert page.count(entries('Payload history', [only_first]) % (
        'odd')) == 1
    assert entries('Payload history', [
        only_first, '<li><p>1.1: Added \'colour\'</p>\n'
        '<ul class="vn-changes">\n<li><p>field \'colour\' (String, '
        'not nullable) added</p></li>\n</ul>\n</li>\n']) % 'odd' in page
    assert entries('History', [only_first]) % 'odd' in page
    assert 'history in the class source' not in page
