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

"""The samples' own highlighting: what Sphinx's HTML writer shows for a
json literal block, less the whitespace spans, or Sphinx's path itself."""

import json

from hypothesis import given
from hypothesis import HealthCheck
from hypothesis import settings
from hypothesis import strategies as st
import pytest

from versioned_notifications.sphinxext import htmlpage

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(
        allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.text(max_size=8), inner, max_size=4),
    max_leaves=12)


@pytest.fixture
def builder(app):
    # Only read: the same one serves every hypothesis example.
    return app.builder


def sphinx_html(builder, text):
    """The block as Sphinx's writer writes it, whitespace spans removed."""
    html = builder.highlighter.highlight_block(text, 'json')
    pieces = html.split('<span class="w">')
    html = pieces[0] + ''.join(piece.replace('</span>', '', 1)
                               for piece in pieces[1:])
    return '<div class="highlight-json notranslate">%s</div>\n' % html


@pytest.mark.sphinx('html', testroot='reference', srcdir='highlight')
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=JSON, ensure_ascii=st.booleans())
def test_a_sample_reads_as_sphinx_writes_it_without_whitespace_spans(
        builder, value, ensure_ascii):
    text = json.dumps(value, indent=4, ensure_ascii=ensure_ascii)
    ours = htmlpage._highlighted(builder, text)
    assert ours == sphinx_html(builder, text)
    assert '<span class="w">' not in ours


@pytest.mark.sphinx('html', testroot='reference', srcdir='highlight')
def test_what_pygments_cannot_lex_goes_to_sphinx(builder):
    # Sphinx's path lexes it again and warns.
    assert htmlpage._highlighted(builder, '{"a": nope}') is None


@pytest.mark.sphinx('html', testroot='reference', srcdir='highlight')
def test_highlight_options_for_json_go_to_sphinx(builder, monkeypatch):
    monkeypatch.setitem(builder.config.highlight_options, 'json',
                        {'stripnl': False})
    assert htmlpage._highlighted(builder, '{"a": 1}') is None
