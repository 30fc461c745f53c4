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

"""Samples validated against their JSON Schema and their field types:
``generate`` and ``check`` in-process on the typed test projects and a
copy of minicompute, and the validator on mutated real samples
(hypothesis)."""

import functools
import json
import pathlib
import shutil

import hypothesis
from hypothesis import strategies as st
import pytest

from versioned_notifications import catalog as vn_catalog
from versioned_notifications import cli
from versioned_notifications import samplefile
from versioned_notifications import validation
from versioned_notifications.watcher import project as watcher_project

REPO = pathlib.Path(__file__).resolve().parent.parent
MINI = REPO / 'tests' / 'miniproject'
MINI_SPEC = 'minicompute.doc:PROJECT'
VARIANT = 'server-create-end_locked.json'
LIAR = 'tests.typed_project:LIAR'
ADVICE = (
    "the field type TypedText describes itself wrongly (its own "
    "get_schema()); declare what it sends in the project: "
    "NotificationProject(field_types={'tests.typed_project:TypedText': "
    "{\"schema\": <JSON Schema of what it sends>, \"example\": <a value it "
    "sends>}})")


def run(capsys, *argv):
    status = cli.main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def liar_error(sample):
    return ("versioned-notifications: error: %s: payload.liar_object.data."
            "note (LiarPayload.note): \"{'key': 'value'}\" is not of type "
            "'object' (JSON Schema); %s" % (sample, ADVICE))


def test_a_type_whose_schema_refuses_what_it_sends_fails_generate_and_check(
        tmp_path, capsys):
    status, out, err = run(capsys, '--project', LIAR, 'generate',
                           '--output', str(tmp_path))
    sample = tmp_path / 'liar-update.json'
    assert status == 2
    assert liar_error(sample) in err.splitlines()
    # Written all the same: it is what the code sends.
    assert 'wrote %s' % sample in out
    assert json.loads(sample.read_text())['payload']['liar_object.data'][
        'note'] == "{'key': 'value'}"
    assert (tmp_path / 'schemas' / 'payloads' / 'LiarPayload.json').is_file()

    status, out, err = run(capsys, '--project', LIAR, 'check', '--output',
                           str(tmp_path))
    assert status == 2
    assert liar_error(sample) in err.splitlines()
    assert 'Traceback' not in out + err


def test_declaring_what_the_type_sends_makes_its_samples_valid(tmp_path,
                                                               capsys):
    project = 'tests.typed_project:LIAR_DECLARED'
    status, out, err = run(capsys, '--project', project, 'generate',
                           '--output', str(tmp_path))
    assert (status, err) == (0, '')
    assert json.loads((tmp_path / 'liar-update.json').read_text())[
        'payload']['liar_object.data']['note'] == 'a note'
    assert run(capsys, '--project', project, 'check', '--output',
               str(tmp_path))[:3:2] == (0, '')


def test_a_declaration_that_refuses_what_the_type_sends_is_named(tmp_path,
                                                                 capsys):
    status, _, err = run(capsys, '--project',
                         'tests.typed_project:LIAR_MISDECLARED', 'generate',
                         '--output', str(tmp_path))
    assert status == 2
    assert ("versioned-notifications: error: %s: payload.liar_object.data."
            "note (LiarPayload.note): 'a note' is not of type 'integer' "
            "(JSON Schema); the project's field_types['tests.typed_project:"
            "TypedText'] describes what TypedText sends wrongly; correct its "
            "\"schema\"" % (tmp_path / 'liar-update.json')) in err.splitlines()


@pytest.fixture
def mini(tmp_path, monkeypatch):
    """A copy of minicompute's samples, and its code importable."""
    monkeypatch.syspath_prepend(str(MINI))
    samples = tmp_path / 'samples'
    shutil.copytree(MINI / 'samples', samples)
    return samples


def edit_variant(samples, data):
    path = samples / VARIANT
    value = json.loads(path.read_text())
    value['payload']['minicompute_object.data'].update(data)
    path.write_text(json.dumps(value, indent=4) + '\n')
    return path


def test_the_committed_minicompute_samples_and_variant_are_valid(mini,
                                                                 capsys):
    status, out, err = run(capsys, '--project', MINI_SPEC, 'check',
                           '--output', str(mini))
    assert (status, err) == (0, ''), out
    assert '16 samples current in %s' % mini in out


@pytest.mark.parametrize('data, problem', [
    ({'uuid': 12345},
     "payload.minicompute_object.data.uuid (ServerPayload.uuid): 12345 is "
     "not of type 'string' (JSON Schema)"),
    ({'launched_at': 'yesterday'},
     "payload.minicompute_object.data.launched_at (ServerPayload.launched_"
     "at): 'yesterday' is refused by its field type DateTime (ValueError: "
     "Unable to parse date string 'yesterday')"),
])
def test_a_variant_value_its_class_would_not_send_fails_check(
        mini, capsys, data, problem):
    path = edit_variant(mini, data)
    line = 'invalid %s (variant of ServerCreateNotification): %s' % (
        path, problem)
    status, out, err = run(capsys, '--project', MINI_SPEC, 'check',
                           '--output', str(mini))
    assert status == 1, err
    assert line in out.splitlines()
    assert "variant samples are invalid: correct them or the project's " \
        '"variants"' in out
    # generate cannot correct a hand-written sample: a warning.
    status, out, err = run(capsys, '--project', MINI_SPEC, 'generate',
                           '--output', str(mini))
    assert status == 0
    assert 'versioned-notifications: warning: %s' % line[len('invalid '):] \
        in err.splitlines()


# The validator on mutated real samples.

@functools.lru_cache(maxsize=1)
def real_samples():
    """(validator, [(name, message, notification class, payload class)])
    of this project's and minicompute's committed samples, variants
    included, ``$ref`` resolved."""
    import sys
    sys.path.insert(0, str(MINI))
    try:
        from minicompute import doc
    finally:
        sys.path.remove(str(MINI))
    found = []
    validators = {}
    for project, directory in ((watcher_project.PROJECT, REPO / 'samples'),
                               (doc.PROJECT, MINI / 'samples')):
        catalog = vn_catalog.load(project, directory)
        validators[project] = validation.SampleValidator(catalog)
        for entry in catalog.entries:
            message = samplefile.read(directory / entry.sample,
                                      root=directory).message
            found.append((project, entry.sample, message, entry.notification,
                          entry.payload))
    return validators, found


def test_every_committed_sample_is_valid():
    validators, samples = real_samples()
    # Watcher's 6, minicompute's 14 and its variant.
    assert len(samples) == 21
    assert VARIANT in [name for _, name, *_ in samples]
    for project, name, message, notification, payload in samples:
        assert validators[project].problems(name, message, notification,
                                            payload) == [], name


def leaves(value, place=()):
    """The places of every value in ``value``, itself included."""
    yield place
    if isinstance(value, dict):
        for key, item in value.items():
            yield from leaves(item, place + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from leaves(item, place + (index,))


def replaced(message, place, value):
    message = json.loads(json.dumps(message))
    if not place:
        return value
    node = message
    for step in place[:-1]:
        node = node[step]
    node[place[-1]] = value
    return message


def within(one, other):
    """Whether either place is inside the other."""
    size = min(len(one), len(other))
    return tuple(one[:size]) == tuple(other[:size])


def kind(value):
    if isinstance(value, bool):
        return 'boolean'
    if isinstance(value, (int, float)):
        return 'number'
    return type(value).__name__


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(
        allow_nan=False, allow_infinity=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.text(max_size=10), inner, max_size=4),
    max_leaves=12)


@hypothesis.settings(max_examples=300, deadline=None)
@hypothesis.given(data=st.data(), value=JSON)
def test_a_mutated_sample_gives_located_one_line_problems_never_raises(
        data, value):
    validators, samples = real_samples()
    project, name, message, notification, payload = data.draw(
        st.sampled_from(samples))
    place = data.draw(st.sampled_from(sorted(leaves(message), key=repr)))
    mutated = replaced(message, place, value)
    problems = validators[project].problems(name, mutated, notification,
                                            payload)
    for problem in problems:
        text = str(problem)
        assert isinstance(problem, validation.Problem)
        assert text.startswith('%s: ' % name)
        assert '\n' not in text and len(text) < 800, text
    original = message
    for step in place:
        original = original[step]
    typed = len(place) == 1 or (len(place) > 1 and isinstance(
        place[-2], str) and place[-2].endswith('_object.data'))
    # A null says nothing of the type of a nullable field.
    if typed and None not in (value, original) and kind(value) != kind(
            original):
        # A field's (or the envelope's) value of another JSON type than the
        # class sends is found where it is, or where the object holding it
        # is. (What a free-form dict or a list holds may be anything.)
        assert any(within(problem.place, place) for problem in problems), (
            place, value, problems)


def test_a_schema_jsonschema_cannot_apply_is_an_error_not_a_traceback(
        tmp_path, capsys):
    status, out, err = run(capsys, '--project',
                           'tests.typed_project:LIAR_UNUSABLE', 'generate',
                           '--output', str(tmp_path))
    assert status == 2
    [line] = [line for line in err.splitlines() if 'not validated' in line]
    assert line.startswith(
        "versioned-notifications: error: %s: not validated: its JSON Schema "
        "is not valid (UnknownType: Unknown type 'text' for validator with "
        "schema: {'type': 'text'}" % (tmp_path / 'liar-update.json'))
    assert line.endswith("); correct the field type's get_schema() or its "
                         "field_types declaration")
    assert 'Traceback' not in out + err
