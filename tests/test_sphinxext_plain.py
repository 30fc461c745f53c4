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

"""Plain texts: what the reference shows without parsing must be what
parsing (inline markup, then SmartQuotes) would have shown."""

from docutils import core
from docutils import nodes
from hypothesis import example
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
import pytest

from versioned_notifications.sphinxext import descriptions

# Letters and digits, and every character inline markup or SmartQuotes
# may act on.
TEXT = st.text(alphabet='ab1 ,.;:()/+=%#!?&<>-\'"*_`|\\@[]~^$',
               max_size=30)


def parsed(text):
    """The text docutils makes of ``text`` as a paragraph's inline markup,
    with typographic quotes, dashes and ellipses; None when it makes any
    node but text."""
    # "x " first: a paragraph, whatever the text starts with.
    doctree = core.publish_doctree(
        'x ' + text, settings_overrides={
            'smart_quotes': True, 'report_level': 5, 'halt_level': 5})
    if len(doctree) != 1 or not isinstance(doctree[0], nodes.paragraph):
        return None
    paragraph = doctree[0]
    if not all(isinstance(child, nodes.Text) for child in paragraph):
        return None
    return paragraph.astext()[2:]


@settings(max_examples=500, deadline=None)
@given(text=TEXT.map(str.strip))
@example(text='Size in bytes, or null when unknown.')
@example(text='1.0: Initial version')
@example(text='a: b <c> & d (e/f) 100%')
def test_a_plain_text_reads_as_parsed(text):
    if descriptions.is_plain(text):
        assert parsed(text) == text


@pytest.mark.parametrize('text', [
    "The action's plugin", 'a "quoted" word', 'a -- b', 'wait...',
    '``code``', '*em*', 'a_', '|sub|', 'http://example.org', 'a@b.org',
    'a\\b', '[1]_', 'a:b'])
def test_what_parsing_may_change_is_not_plain(text):
    assert not descriptions.is_plain(text)
