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

"""Version history comments in the styles real projects write them; each
fixture is the comment text of a real class (project and class named)."""

import textwrap

import pytest

from versioned_notifications import versioncomments


def parse(source, name='Payload'):
    return versioncomments.from_source(textwrap.dedent(source))[name]


def test_watcher_one_entry_a_line_with_a_continuation():
    # Watcher: AuditCreatePayload.
    assert parse('''
        class Payload(AuditPayload):
            # Version 1.0: Initial version
            # Version 1.1: Added 'auto_trigger' field,
            #              Added 'next_run_time' field
            # Version 1.2: Added 'status_message' string field
            VERSION = '1.2'
            fields = {}
        ''') == [
        ('1.0', 'Initial version'),
        ('1.1', "Added 'auto_trigger' field, Added 'next_run_time' field"),
        ('1.2', "Added 'status_message' string field"),
    ]


def test_watcher_space_before_colon_and_a_misspelt_version():
    # Watcher: ActionPlanPayload, whose SCHEMA dict comes first.
    assert parse('''
        class Payload(base.NotificationPayloadBase):
            SCHEMA = {
                'uuid': ('action_plan', 'uuid'),
            }

            # Version 1.0: Initial version
            # Vesrsion 1.1: changed global_efficacy type
            # Version 1.2 : Added 'status_message' field
            VERSION = '1.2'
        ''') == [
        ('1.0', 'Initial version'),
        ('1.1', 'changed global_efficacy type'),
        ('1.2', "Added 'status_message' field"),
    ]


def test_a_skipped_version_is_no_gap_to_fill():
    assert parse('''
        class Payload(object):
            # Version 1.0: Initial version
            # Version 1.2: Added 'status_message' field
            VERSION = '1.2'
        ''') == [('1.0', 'Initial version'),
                 ('1.2', "Added 'status_message' field")]


def test_nova_continuation_entries_and_their_continued_text():
    # Nova: InstanceCreatePayload, which starts at 1.2.
    entries = parse('''
        class Payload(InstanceActionPayload):
            # No SCHEMA as all the additional fields are calculated

            # Version 1.2: Initial version. It starts at 1.2 to match with
            #              the version of the InstanceActionPayload at the
            #              time this payload was created.
            #         1.3: Add keypairs field
            #         1.4: Add key_name field to InstancePayload
            #         1.5: Add BDM related data to InstancePayload
            #         1.6: Add tags field to InstanceCreatePayload
            #         1.7: Added updated_at field to InstancePayload
            VERSION = '1.7'
        ''')
    assert [version for version, _ in entries] == [
        '1.2', '1.3', '1.4', '1.5', '1.6', '1.7']
    assert entries[0][1] == (
        'Initial version. It starts at 1.2 to match with the version of '
        'the InstanceActionPayload at the time this payload was created.')
    assert entries[-1] == ('1.7', 'Added updated_at field to InstancePayload')


def test_neutron_continuation_entries_end_at_a_note():
    # Neutron: QosRule; the NOTE and its indented lines are not history.
    assert parse('''
        class Payload(base.NeutronDbObject, metaclass=abc.ABCMeta):
            # Version 1.0: Initial version, only BandwidthLimitRule
            #         1.1: Added DscpMarkingRule
            #         1.2: Added QosMinimumBandwidthRule
            #
            # NOTE(mangelajo): versions need to be handled from the top
            #                  QosRule object because it's the only
            #                  reference QosPolicy can make
            VERSION = '1.2'
        ''') == [
        ('1.0', 'Initial version, only BandwidthLimitRule'),
        ('1.1', 'Added DscpMarkingRule'),
        ('1.2', 'Added QosMinimumBandwidthRule'),
    ]


def test_a_note_right_after_an_entry_is_not_its_text():
    assert parse('''
        class Payload(object):
            # Version 1.0: Initial version
            # Version 1.1: Added 'reason'
            # TODO(someone): drop 'reason' in 2.0
            VERSION = '1.1'
        ''')[-1] == ('1.1', "Added 'reason'")


def test_dash_separators_in_both_styles():
    assert parse('''
        class Payload(object):
            # Version 1.0 - Initial version
            # Version 1.1 - Added foo
            #         1.2 - Added bar
            VERSION = '1.2'
        ''') == [('1.0', 'Initial version'), ('1.1', 'Added foo'),
                 ('1.2', 'Added bar')]


def test_a_bare_number_outside_a_history_block_is_prose():
    # Without a "Version" line first, "1.1: ..." is not an entry.
    assert parse('''
        class Payload(object):
            # Steps:
            #   1.1: read the plan
            VERSION = '1.0'
        ''') == []


def test_newest_first_is_read_oldest_first():
    assert parse('''
        class Payload(object):
            # Version 1.1: Added foo
            # Version 1.0: Initial version
            VERSION = '1.1'
        ''') == [('1.0', 'Initial version'), ('1.1', 'Added foo')]


def test_comments_in_other_statements_or_below_version_are_not_history():
    assert parse('''
        class Payload(object):
            fields = {
                # Version 1.5: inside a dict, about a field
                'a': 1,
            }

            def method(self):
                # Version 9.9: inside a method
                VERSION = '9.9'
                return VERSION

            # Version 1.0: Initial version
            VERSION = '1.0'
            # Version 1.1: below VERSION, not yet released
        ''') == [('1.0', 'Initial version')]


def test_a_missing_entry_for_version_stays_visible():
    # The directive warns when the last entry is not VERSION: this is the
    # true positive it exists for.
    entries = parse('''
        class Payload(object):
            # Version 1.0: Initial version
            VERSION = '1.1'
        ''')
    assert entries[-1][0] == '1.0'


def test_nested_and_annotated_classes_and_bad_source():
    found = versioncomments.from_source(textwrap.dedent('''
        class Outer(object):
            class Inner(object):
                # Version 1.0: Initial version
                VERSION: str = '1.0'
            # Version 2.0: Initial version
            VERSION = '2.0'

        class NoVersion(object):
            # Version 1.0: Initial version
            pass
        '''))
    assert found == {'Outer': [('2.0', 'Initial version')],
                     'Outer.Inner': [('1.0', 'Initial version')],
                     'NoVersion': []}
    assert versioncomments.from_source('class (:\n') == {}


class Versioned:
    # Version 1.0: Initial version
    #         1.1: Added 'reason', which older
    #              consumers ignore
    VERSION = '1.1'


class Inheriting(Versioned):
    pass


@pytest.mark.parametrize('cls', [Versioned, Inheriting])
def test_a_class_reads_its_defining_classs_comments(cls):
    assert versioncomments.read(cls) == [
        ('1.0', 'Initial version'),
        ('1.1', "Added 'reason', which older consumers ignore"),
    ]


@pytest.mark.parametrize('versions, first', [
    (['1.0'], '1.0'),
    (['1.1', '1.0', '1.1'], '1.0'),
    # Known from a later version on: how it began is not known.
    (['1.3'], None),
    (['2.0'], None),
    # Something older than 1.0 was recorded: 1.0 was not its first.
    (['0.9', '1.0'], None),
    # What is no version is not one.
    (['1.0', 'x', 1.0, '1.' + '0' * 20], '1.0'),
    ([], None),
])
def test_the_first_version_is_1_0_when_nothing_older_is_known(versions,
                                                              first):
    assert versioncomments.first_version(versions) == first
