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

import re

import pytest


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
