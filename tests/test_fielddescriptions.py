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

"""Field descriptions read below the extension: in the JSON Schemas and
the AsyncAPI document, as plain text, and never part of a contract."""

import json
import pathlib

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
import pytest

from tests.test_evolution import swap  # noqa: F401 (a fixture)
from tests.test_schema import DESCRIBER
from tests.test_schema import SAMPLES
from versioned_notifications import asyncapi
from versioned_notifications import evolution
from versioned_notifications import fielddescriptions
from versioned_notifications import schema
from versioned_notifications.watcher import payloads
from versioned_notifications.watcher.project import PROJECT as WATCHER

REPO = pathlib.Path(__file__).resolve().parent.parent
COMMITTED = REPO / 'samples'
DATA = 'watcher_object.data'


def test_descriptions_are_inherited_nearest_class_first():
    described = fielddescriptions.read(payloads.ActionPlanCancelPayload)
    assert described['uuid'] == 'UUID of the action plan.'
    assert described['created_at'] == 'When the object was created (UTC).'
    assert described['strategy_uuid'] == (
        'UUID of the strategy that computed the plan, or null.')
    assert described['fault'] == (
        'Why the cancellation failed; null unless the phase is ``error``.')


@pytest.mark.parametrize('written, shown', [
    ('null unless the phase is ``error``.', 'null unless the phase is '
                                            'error.'),
    ('``*not* markup``, *this*', '*not* markup, this'),
    ('See :class:`~nova.objects.flavor.Flavor`.', 'See Flavor.'),
    ('See :py:class:`!Flavor` and :ref:`the guide <guide-label>`.',
     'See Flavor and the guide.'),
    (':doc:`/admin/index`', '/admin/index'),
    ('`Watcher <https://docs.openstack.org/watcher>`_ docs',
     'Watcher docs'),
    ('`<https://example.org>`__', 'https://example.org'),
    ('See `a target`_.', 'See a target.'),
    ('**Deprecated**: use *name*.', 'Deprecated: use name.'),
    ('2*3*4 and a * b', '2*3*4 and a * b'),
    (r'a literal \*star\* and a\ joined word', 'a literal *star* and '
                                                'ajoined word'),
    ('spread\n   over   lines', 'spread over lines'),
    ('snake_case_name and x_', 'snake_case_name and x_'),
    ('', ''),
])
def test_plain_text_shows_inline_markup_as_its_text(written, shown):
    assert fielddescriptions.plain(written) == shown


WORDS = st.text(st.characters(codec='utf-8', exclude_characters='`*\\:<>_|'),
                max_size=40)


@settings(max_examples=300, deadline=None)
@given(text=WORDS)
def test_text_without_markup_is_itself_on_one_line(text):
    assert fielddescriptions.plain(text) == ' '.join(text.split())


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=60))
def test_any_text_is_one_line_of_plain_text(text):
    shown = fielddescriptions.plain(text)
    assert shown == ' '.join(shown.split())
    assert '``' not in shown or '``' in text


@settings(max_examples=200, deadline=None)
@given(word=st.text(st.characters(codec='utf-8', exclude_characters='`'),
                    min_size=1, max_size=20).filter(str.strip))
def test_a_literal_shows_its_content(word):
    assert fielddescriptions.plain('is ``%s``' % word) == ' '.join(
        ('is ' + word).split())


def test_every_documented_field_has_its_description_in_the_schema():
    cls = payloads.ActionPlanCancelPayload
    properties = schema.object_schema(cls, describer=DESCRIBER)[
        'properties'][DATA]['properties']
    written = fielddescriptions.read(cls)
    assert sorted(written) == sorted(properties) and len(properties) == 11
    for name, prop in properties.items():
        assert prop['description'] == fielddescriptions.plain(written[name])
    assert properties['fault'] == {'anyOf': [
        {'$ref': '#/definitions/ExceptionPayload'}, {'type': 'null'}],
        'description': 'Why the cancellation failed; null unless the phase '
                       'is error.'}
    # Beside a $ref, draft-07 ignores every keyword: so under allOf.
    assert properties['audit'] == {
        'allOf': [{'$ref': '#/definitions/TerseAuditPayload'}],
        'description': 'The audit that produced the plan.'}


def test_an_undocumented_field_has_no_description():
    cls = payloads.TerseActionPlanPayload
    properties = schema.object_schema(cls, describer=DESCRIBER)[
        'properties'][DATA]['properties']
    documented = fielddescriptions.read(cls)
    for name, prop in properties.items():
        assert ('description' in prop) == (name in documented), name


def test_the_asyncapi_document_carries_the_same_descriptions():
    document = asyncapi.asyncapi_document(SAMPLES, 'infra-optim', '1.0.0',
                                          describer=DESCRIBER)
    components = document['components']['schemas']
    for name in ('ActionPlanCancelPayload', 'ActionCancelPayload',
                 'TerseAuditPayload', 'ExceptionPayload'):
        cls = getattr(payloads, name)
        properties = components[name]['properties'][DATA]['properties']
        own = schema.object_schema(cls, describer=DESCRIBER)['properties'][
            DATA]['properties']
        assert {field: prop.get('description')
                for field, prop in properties.items()} == {
            field: prop.get('description') for field, prop in own.items()}
        assert any('description' in prop for prop in properties.values())


def test_the_committed_schemas_carry_the_descriptions():
    document = json.loads((COMMITTED / 'schemas' / 'payloads' /
                           'ActionPlanCancelPayload.json').read_text('utf-8'))
    properties = document['properties'][DATA]['properties']
    assert properties['uuid']['description'] == 'UUID of the action plan.'
    assert all('description' in prop for prop in properties.values())


class Redescribed:
    class ActionPlanCancelPayload(payloads.ActionPlanCancelPayload):
        """An action plan, described anew.

        :field uuid: The plan's identity, now said otherwise.
        :field fault: Gone into more detail: ``error`` phases only.
        """


def test_a_changed_description_is_no_contract_change(swap):  # noqa: F811
    before = evolution.class_contract(payloads.ActionPlanCancelPayload)
    # The schema says what the field means now...
    properties = schema.object_schema(
        Redescribed.ActionPlanCancelPayload,
        describer=DESCRIBER)['properties'][DATA]['properties']
    assert properties['uuid']['description'] == (
        "The plan's identity, now said otherwise.")
    # ...the contract, what it is: no bump asked for.
    assert evolution.class_contract(
        Redescribed.ActionPlanCancelPayload) == before
    swap(Redescribed.ActionPlanCancelPayload, module=payloads)
    evaluation = evolution.evaluate(WATCHER, COMMITTED)
    assert evaluation.problems == []
    assert evaluation.recorded == []
