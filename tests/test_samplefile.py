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

"""The sample reader: composed samples ($ref to fragments) and its
errors."""

import json
import os
import pathlib
import tempfile

from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
import pytest

from versioned_notifications import samplefile
from versioned_notifications import testing
from versioned_notifications.sphinxext import samples as sphinx_samples


def write(directory, name, value):
    path = pathlib.Path(directory) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(value if isinstance(value, str) else json.dumps(value))
    return path


FRAGMENT = {'nova_object.name': 'P', 'nova_object.version': '1.0',
            'nova_object.data': {'a': 1, 'b': {'x': 1, 'y': 2},
                                 'c': [1, 2]}}


def test_ref_is_resolved_and_overrides_merge_key_by_key(tmp_path):
    write(tmp_path, 'common_payloads/P.json', FRAGMENT)
    path = write(tmp_path, 's.json', {
        'event_type': 'e', 'payload': {
            '$ref': 'common_payloads/P.json#',
            'nova_object.data': {'b': {'y': 3}, 'c': [9]}}})
    sample = samplefile.read(path)
    assert sample.message['payload']['nova_object.data'] == {
        'a': 1, 'b': {'x': 1, 'y': 3}, 'c': [9]}
    assert sample.raw['payload']['$ref'] == 'common_payloads/P.json#'
    assert sample.fragments == ('common_payloads/P.json',)
    assert sample.composed
    assert json.loads(sample.resolved_text) == sample.message


def test_nested_fragments_and_json_pointers(tmp_path):
    write(tmp_path, 'common_payloads/Inner.json', {'deep': {'v': 1}})
    write(tmp_path, 'common_payloads/Outer.json',
          {'inner': {'$ref': 'Inner.json#/deep'}, 'k': 0})
    path = write(tmp_path, 's.json',
                 {'payload': {'$ref': 'common_payloads/Outer.json'}})
    sample = samplefile.read(path)
    assert sample.message == {'payload': {'inner': {'v': 1}, 'k': 0}}
    assert sample.fragments == ('common_payloads/Inner.json',
                                'common_payloads/Outer.json')


def test_an_uncomposed_sample_is_its_own_text(tmp_path):
    path = write(tmp_path, 's.json', '{"event_type": "e"}\n')
    sample = samplefile.read(path)
    assert not sample.composed
    assert sample.resolved_text == '{"event_type": "e"}\n'


@pytest.mark.parametrize('ref', ['../outside.json#', '/etc/passwd',
                                 '../../x.json', 'file:///etc/passwd'])
def test_a_ref_leaving_the_sample_directory_is_refused(tmp_path, ref):
    root = tmp_path / 'samples'
    write(tmp_path, 'outside.json', {'secret': 1})
    path = write(root, 's.json', {'payload': {'$ref': ref}})
    with pytest.raises(samplefile.SampleFileError) as failure:
        samplefile.read(path)
    assert 's.json' in str(failure.value)
    assert 'sample directory' in str(failure.value)


def test_a_symlink_out_of_the_sample_directory_is_refused(tmp_path):
    root = tmp_path / 'samples'
    write(tmp_path, 'outside.json', {'secret': 1})
    root.mkdir()
    (root / 'link.json').symlink_to(tmp_path / 'outside.json')
    path = write(root, 's.json', {'payload': {'$ref': 'link.json'}})
    with pytest.raises(samplefile.SampleFileError, match='leaves'):
        samplefile.read(path)


def test_a_missing_fragment_is_named_with_the_referencing_file(tmp_path):
    path = write(tmp_path, 's.json', {'payload': {'$ref': 'c/Nope.json#'}})
    with pytest.raises(samplefile.SampleFileError) as failure:
        samplefile.read(path)
    message = str(failure.value)
    assert 's.json' in message and 'Nope.json does not exist' in message
    assert failure.value.kind == 'ref'


def test_a_cycle_is_refused(tmp_path):
    write(tmp_path, 'c/A.json', {'$ref': 'B.json#'})
    write(tmp_path, 'c/B.json', {'x': {'$ref': 'A.json#'}})
    path = write(tmp_path, 's.json', {'payload': {'$ref': 'c/A.json#'}})
    with pytest.raises(samplefile.SampleFileError, match='cycle'):
        samplefile.read(path)


def test_invalid_json_has_file_line_and_column(tmp_path):
    write(tmp_path, 'c/A.json', '{\n  "a": ,\n}')
    path = write(tmp_path, 's.json', {'payload': {'$ref': 'c/A.json#'}})
    with pytest.raises(samplefile.SampleFileError) as failure:
        samplefile.read(path)
    assert failure.value.path.name == 'A.json'
    assert 'A.json is not valid JSON: line 2, column 8' in str(
        failure.value)


def nested_text(depth, inner='1', kind='dict'):
    """JSON text nesting ``inner`` ``depth`` arrays or objects deep."""
    if kind == 'list':
        return '[' * depth + inner + ']' * depth
    return '{"a": ' * depth + inner + '}' * depth


@pytest.mark.parametrize('kind', ['list', 'dict'])
@pytest.mark.parametrize('inner', ['1', '{"$ref": "f.json#"}'],
                         ids=['plain', 'ref'])
# 500 and 900 parse, then used to exhaust the recursion resolving them;
# 3,000 and more the parser itself cannot follow.
@pytest.mark.parametrize('depth', [500, 900, 3000, 100000])
def test_a_file_nested_too_deeply_is_refused(tmp_path, depth, inner,
                                             kind):
    write(tmp_path, 'f.json', {'x': 1})
    path = write(tmp_path, 's.json', nested_text(depth, inner, kind))
    with pytest.raises(samplefile.SampleFileError) as failure:
        samplefile.read(path)
    assert failure.value.kind == 'json'
    assert str(failure.value) == (
        '%s is not valid JSON: nested more than %d arrays or objects deep'
        % (path, samplefile.MAX_DEPTH))


def test_a_fragment_nested_too_deeply_is_named(tmp_path):
    write(tmp_path, 'c/F.json', nested_text(900))
    path = write(tmp_path, 's.json', {'payload': {'$ref': 'c/F.json#'}})
    with pytest.raises(samplefile.SampleFileError) as failure:
        samplefile.read(path)
    assert failure.value.path.name == 'F.json'
    assert 'nested more than' in str(failure.value)


def test_nesting_up_to_the_limit_is_read(tmp_path):
    write(tmp_path, 'f.json', {'x': 1})
    path = write(tmp_path, 's.json', nested_text(
        samplefile.MAX_DEPTH - 1, '{"$ref": "f.json#"}'))
    value = samplefile.read(path).message
    for _ in range(samplefile.MAX_DEPTH - 1):
        value = value['a']
    assert value == {'x': 1}


def test_a_chain_of_fragments_too_deep_to_resolve_is_refused(tmp_path):
    # Each file is within the limit; included one in the other, deep
    # down, they nest deeper than resolving can recurse.
    depth = samplefile.MAX_DEPTH - 10
    for index in range(12):
        write(tmp_path, 'c/F%d.json' % index, nested_text(
            depth, '{"$ref": "F%d.json#"}' % (index + 1)))
    write(tmp_path, 'c/F12.json', '1')
    path = write(tmp_path, 's.json', nested_text(depth,
                                                 '{"$ref": "c/F0.json#"}'))
    with pytest.raises(samplefile.SampleFileError) as failure:
        samplefile.read(path)
    assert failure.value.kind == 'ref'
    assert 'fragments nest too deeply to be resolved' in str(failure.value)


def test_decompose_gives_exactly_the_difference():
    base = {'a': 1, 'b': {'x': 1, 'y': 2}, 'c': True}
    value = {'a': 1, 'b': {'x': 1, 'y': 3, 'z': 0}, 'c': 1, 'd': None}
    overrides = samplefile.decompose(value, base)
    # true is not 1: the type counts.
    assert overrides == {'b': {'y': 3, 'z': 0}, 'c': 1, 'd': None}
    assert samplefile.merge(json.loads(json.dumps(base)),
                            overrides) == value
    assert samplefile.decompose({'a': 1}, base) is samplefile.INEXPRESSIBLE


def test_testing_and_sphinx_read_the_resolved_sample(tmp_path):
    write(tmp_path, 'common_payloads/P.json', FRAGMENT)
    path = write(tmp_path, 's.json', {
        'event_type': 'e', 'payload': {'$ref': 'common_payloads/P.json#',
                                       'nova_object.data': {'a': 2}}})
    loaded = testing.load_sample('s.json', sample_dir=tmp_path)
    assert loaded['payload']['nova_object.data']['a'] == 2
    assert loaded['payload']['nova_object.data']['b'] == {'x': 1, 'y': 2}
    sample = sphinx_samples.read_sample(path, 'N', 'tox -e samples',
                                        samplefile.Resolver(tmp_path))
    assert '"y": 2' in sample.resolved_text
    write(tmp_path, 'bad.json', {'event_type': 'e',
                                 'payload': {'$ref': '../x.json'}})
    with pytest.raises(sphinx_samples.SampleProblem,
                       match='N: .*bad.json: "\\$ref": .*leaves the sample'):
        sphinx_samples.read_sample(tmp_path / 'bad.json', 'N', 'cmd',
                                   samplefile.Resolver(tmp_path))
    with pytest.raises(AssertionError, match='leaves the sample'):
        testing.load_sample('bad.json', sample_dir=tmp_path)


# Random JSON, with "$ref" keys whose values are drawn from a few file
# names (existing, missing, escaping, self-referencing) and pointers.
REFS = st.sampled_from(['f0.json', 'f1.json#', 'f2.json#/a', 'f0.json#/0',
                        'missing.json', '../up.json', '/abs.json', '#',
                        'f1.json#x', 's.json', 'f0.json#/a~1b/%7E'])
SCALARS = st.none() | st.booleans() | st.integers() | st.text(max_size=5) \
    | st.floats(allow_nan=False, allow_infinity=False)
KEYS = st.sampled_from(['a', 'b', '$ref', 'a/b', '~']) | st.text(max_size=3)
JSON = st.recursive(
    SCALARS | REFS,
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(KEYS, children, max_size=4)
    | st.builds(lambda ref, rest: dict(rest, **{'$ref': ref}), REFS,
                st.dictionaries(KEYS, children, max_size=3)),
    max_leaves=12)
# Nesting up to beyond what the parser follows, with or without a "$ref"
# at the bottom.
DEEP = st.builds(nested_text, st.integers(1, 3000),
                 st.sampled_from(['1', '{"$ref": "f0.json#"}',
                                  '{"$ref": "f1.json#/a"}']),
                 st.sampled_from(['list', 'dict']))
DOCUMENT = JSON.map(json.dumps) | st.text(max_size=20) | st.binary(
    max_size=20) | DEEP


@settings(max_examples=300, deadline=None)
@given(sample=DOCUMENT, fragments=st.lists(DOCUMENT, min_size=3,
                                           max_size=3))
def test_random_documents_raise_nothing_but_the_readers_error(sample,
                                                              fragments):
    with tempfile.TemporaryDirectory() as directory:
        root = pathlib.Path(directory) / 'samples'
        root.mkdir()
        for index, document in enumerate([sample] + fragments):
            name = 's.json' if index == 0 else 'f%d.json' % (index - 1)
            data = document if isinstance(document, bytes) else (
                document.encode('utf-8', 'surrogatepass'))
            (root / name).write_bytes(data)
        try:
            result = samplefile.read(root / 's.json')
        except samplefile.SampleFileError as exc:
            assert str(exc)
        else:
            # Resolved means no string "$ref" is left anywhere.
            assert samplefile.references(result.message) == []


def test_a_fifo_reached_through_a_fragment_is_refused_not_opened(tmp_path):
    # Opening a FIFO blocks until someone writes to it: the reader must
    # never open one, however it is reached.
    os.mkfifo(tmp_path / 'common.json')
    sample = tmp_path / 'x.json'
    sample.write_text(json.dumps({'event_type': 'a.b', 'payload': {
        '$ref': 'common.json#'}}))
    with pytest.raises(samplefile.SampleFileError, match='is a FIFO, not a '
                       'file; delete it or put the sample there'):
        samplefile.read(sample, root=tmp_path)


def test_serialize_is_sorted_indented_utf8_with_a_final_newline():
    text = samplefile.serialize({'b': [1, {'é': None}], 'a': 'ü'})
    assert text == ('{\n'
                    '    "a": "ü",\n'
                    '    "b": [\n'
                    '        1,\n'
                    '        {\n'
                    '            "é": null\n'
                    '        }\n'
                    '    ]\n'
                    '}\n')


def test_serialize_refuses_what_is_not_json():
    with pytest.raises(ValueError, match='not JSON'):
        samplefile.serialize({'a': float('nan')})
