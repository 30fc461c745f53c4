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

"""What changed in a class's contract, and the version bump it needs.

A class's **contract** is, per field: its type's name, whether it is
nullable, and what the type is on the wire, described as the schema files
describe it (:meth:`versioned_notifications.fieldtypes.Describer.describe`
through :func:`versioned_notifications.schema.type_schema`): an enum's
values apart, a list's or dict's element as a field contract of its own,
a nested object by name and version. Every version a class has had keeps
its contract in ``schemas/history/<ObjectName>.json`` beside the schemas
(:mod:`versioned_notifications.historyfile`): notification classes,
payloads and every object nested in one.

:func:`evaluate` compares each class with its last recorded version and
classifies what changed:

compatible: a minor bump (1.0 -> 1.1)
    a field added; a field made nullable; an enum value added (unless the
    project's ``enum_value_added`` is ``'incompatible'``); a nested object's
    minor bump.
incompatible: a major bump (1.1 -> 2.0)
    a field removed (or renamed: removed, then added); its type changed (its
    name, its JSON Schema, a list's or dict's element type, the object it
    holds); a field made not nullable; an enum value removed; a nested
    object's major bump.

A bump of at least the kind needed records the new version (a bump where
nothing the contract shows changed is accepted: what a field means may
change too); a smaller one, none, or a version older than the last recorded
one is a problem, one message per class. A bump of a nested object
requires one of every class that embeds it, however deeply: the message of
the class names that cascade. A notification class is not in it: it is
never sent whole, only its payload is, with the payload's own version
(Nova's and Watcher's notification classes stay at 1.0 while their
payloads move on), so its object fields are recorded by name only.

:func:`history` gives the reference a class's recorded versions, each with
its :class:`Change` list against the one before.
"""

import dataclasses
import functools

from versioned_notifications import catalog as vn_catalog
from versioned_notifications import contracts
from versioned_notifications import fieldshape
from versioned_notifications import fieldtypes
from versioned_notifications import historyfile
from versioned_notifications import sampledir
from versioned_notifications import schema
from versioned_notifications import versioncomments
from versioned_notifications import versions as vn_versions

__all__ = ['ADDED', 'BUMP_WORDS', 'Change', 'DEFAULT_RULES', 'ENUM_ADDED',
           'ENUM_REMOVED', 'ENUM_VALUE_ADDED', 'Evaluation', 'NESTED',
           'NOT_NULLABLE', 'NULLABLE', 'REMOVED', 'RETYPED', 'Rules',
           'bump_made', 'class_contract', 'compare', 'contract_words',
           'evaluate', 'field_contract', 'history', 'needed', 'next_version',
           'type_words']

# Bumps, in order of size.
NONE, MINOR, MAJOR = 0, 1, 2
BUMP_WORDS = {MINOR: 'compatible change', MAJOR: 'incompatible change'}
# NotificationProject.enum_value_added -> the bump an added value needs.
ENUM_VALUE_ADDED = {'compatible': MINOR, 'incompatible': MAJOR}

# Change kinds.
ADDED = 'added'
REMOVED = 'removed'
RETYPED = 'retyped'
NULLABLE = 'made nullable'
NOT_NULLABLE = 'made not nullable'
ENUM_ADDED = 'enum values added'
ENUM_REMOVED = 'enum values removed'
NESTED = 'nested object bumped'

# Schema keys that are prose, not contract: how a type is explained may
# change without the type changing.
_PROSE = frozenset(('description', '$comment', 'title', 'examples',
                    fieldtypes.NOTE_KEY))


@dataclasses.dataclass(frozen=True)
class Rules:
    """What a project's changes need: the bump of an added enum value."""

    enum_value_added: int = MINOR

    @classmethod
    def for_project(cls, project):
        """The rules of a NotificationProject (or None: the defaults)."""
        setting = getattr(project, 'enum_value_added', 'compatible')
        return cls(enum_value_added=ENUM_VALUE_ADDED[setting])


DEFAULT_RULES = Rules()


@dataclasses.dataclass(frozen=True)
class Change:
    """One difference between two recorded versions of a class."""

    # ADDED, REMOVED, RETYPED, NULLABLE, NOT_NULLABLE, ENUM_ADDED,
    # ENUM_REMOVED or NESTED.
    kind: str
    # The field; a list's or dict's element is 'tags[]'.
    field: str
    # MINOR (a compatible change) or MAJOR.
    bump: int
    # The field before and after, in words ("String, not nullable"); None
    # for the side where it does not exist.
    before: str | None
    after: str | None
    # ENUM_ADDED, ENUM_REMOVED: the values.
    values: tuple = ()
    # NESTED: the object's name and its versions before and after.
    obj: str | None = None
    old_version: str | None = None
    new_version: str | None = None

    @property
    def compatible(self):
        return self.bump == MINOR

    @property
    def text(self):
        """The change in one phrase, as messages and the reference say
        it."""
        name = "field '%s'" % self.field
        if self.kind in (ADDED, REMOVED):
            return '%s (%s) %s' % (name, self.before or self.after,
                                   self.kind)
        if self.kind == RETYPED:
            return '%s retyped: %s -> %s' % (name, self.before, self.after)
        if self.kind in (NULLABLE, NOT_NULLABLE):
            return '%s %s' % (name, self.kind)
        if self.kind in (ENUM_ADDED, ENUM_REMOVED):
            return '%s: enum value%s %s %s' % (
                name, 's' if len(self.values) > 1 else '',
                ', '.join(repr(value) for value in self.values),
                'added' if self.kind == ENUM_ADDED else 'removed')
        return '%s: %s bumped %s -> %s' % (name, self.obj, self.old_version,
                                           self.new_version)

    def __str__(self):
        return self.text


# Contracts.

def field_contract(field, describer=fieldtypes.DEFAULT, versions=True,
                   where='field'):
    """The contract of one field (or of a compound field's element).

    ``versions``: whether a nested object's version is part of it (not in
    a notification class, see the module documentation).
    """
    return _shape_contract(fieldshape.of(field, describer), describer,
                           versions, where)


def _shape_contract(shape, describer, versions, where):
    field_type = shape.field_type
    contract = {'type': fieldtypes.type_name(field_type),
                'nullable': shape.nullable}
    if shape.kind == fieldshape.OBJECT:
        contract['object'] = shape.obj_name
        if versions:
            contract['version'] = vn_catalog.newest(
                shape.obj_name, where).VERSION
        return contract
    if shape.is_compound:
        contract['element'] = _shape_contract(
            shape.element, describer, versions, '%s[]' % where)
        return contract
    described = schema.type_schema(field_type, describer)
    contract['schema'] = {key: value for key, value in described.items()
                          if key not in _PROSE and key != 'enum'}
    if 'enum' in described:
        contract['enum'] = list(described['enum'])
    return contract


def class_contract(cls, describer=fieldtypes.DEFAULT, notification=False):
    """{field name: field contract} of a versioned object class."""
    return {name: field_contract(field, describer, not notification,
                                 '%s.%s' % (cls.obj_name(), name))
            for name, field in sorted(cls.fields.items())}


def type_words(contract):
    """A field contract's type in words: 'String', 'List of UUID',
    'TerseAuditPayload 1.0'."""
    if 'object' in contract:
        return ' '.join(filter(None, (contract['object'],
                                      contract.get('version'))))
    if 'element' in contract:
        element = contract['element']
        return '%s of %s%s' % (contract['type'],
                               'nullable ' if element['nullable'] else '',
                               type_words(element))
    return contract['type']


def contract_words(contract):
    """A field contract in words: 'String, not nullable'."""
    return '%s, %s' % (type_words(contract), 'nullable'
                       if contract['nullable'] else 'not nullable')


# Comparing two contracts.

def compare(before, after, rules=DEFAULT_RULES):
    """The :class:`Change` list from the fields ``before`` to the fields
    ``after`` (each {name: field contract}), by field name."""
    changes = []
    for name in sorted(set(before) | set(after)):
        if name not in after:
            changes.append(Change(REMOVED, name, MAJOR,
                                  contract_words(before[name]), None))
        elif name not in before:
            changes.append(Change(ADDED, name, MINOR, None,
                                  contract_words(after[name])))
        else:
            _compare_field(name, before[name], after[name], rules, changes)
    return changes


def _same_type(old, new):
    return (old['type'] == new['type']
            and old.get('object') == new.get('object')
            and old.get('schema') == new.get('schema')
            and ('element' in old) == ('element' in new)
            and ('enum' in old) == ('enum' in new))


def _compare_field(path, old, new, rules, changes):
    if not _same_type(old, new):
        before, after = type_words(old), type_words(new)
        if before == after:
            before, after = ('%s (as %s was described)' % (before, before),
                             '%s (its JSON Schema changed)' % after)
        changes.append(Change(RETYPED, path, MAJOR, before, after))
        return
    if old['nullable'] != new['nullable']:
        changes.append(Change(
            NULLABLE if new['nullable'] else NOT_NULLABLE, path,
            MINOR if new['nullable'] else MAJOR, contract_words(old),
            contract_words(new)))
    if 'element' in old:
        _compare_field(path + '[]', old['element'], new['element'], rules,
                       changes)
    if 'enum' in old:
        removed = tuple(v for v in old['enum'] if v not in new['enum'])
        added = tuple(v for v in new['enum'] if v not in old['enum'])
        if removed:
            changes.append(Change(ENUM_REMOVED, path, MAJOR,
                                  contract_words(old), contract_words(new),
                                  values=removed))
        if added:
            changes.append(Change(ENUM_ADDED, path, rules.enum_value_added,
                                  contract_words(old), contract_words(new),
                                  values=added))
    if old.get('version') and new.get('version') and (
            old['version'] != new['version']):
        before = vn_versions.parse(old['version'])
        after = vn_versions.parse(new['version'])
        bump = MINOR if (after[0] == before[0] and after > before) \
            else MAJOR
        changes.append(Change(NESTED, path, bump, contract_words(old),
                              contract_words(new), obj=new['object'],
                              old_version=old['version'],
                              new_version=new['version']))


def needed(changes):
    """The bump ``changes`` need: NONE, MINOR or MAJOR."""
    return max((change.bump for change in changes), default=NONE)


def bump_made(recorded, current):
    """The bump from version ``recorded`` to ``current``; None when
    ``current`` is older."""
    old = vn_versions.parse(recorded)
    new = vn_versions.parse(current)
    if new == old:
        return NONE
    if new < old:
        return None
    return MAJOR if new[0] > old[0] else MINOR


def next_version(version, bump):
    """The version a bump of kind ``bump`` makes of ``version``."""
    major, minor = vn_versions.parse(version)
    return '%d.0' % (major + 1) if bump == MAJOR else '%d.%d' % (major,
                                                                 minor + 1)


# The reference's view.

def history(directory, name, project=None, what='sample directory'):
    """[(version, [Change, ...]), ...] of the class ``name`` as recorded in
    the contract directory ``directory`` (the sample directory unless the
    project's ``contracts_dir`` says otherwise; ``what`` names it in
    messages), oldest first; each version's changes are against the
    version before it (none for the first). [] when nothing is
    recorded.

    ``project`` (a NotificationProject) gives the rules: whether an added
    enum value is compatible. Raises :class:`~versioned_notifications.
    historyfile.HistoryError` naming the file when it cannot be read.
    """
    recorded = historyfile.read(directory, name, what)
    if recorded is None:
        return []
    rules = Rules.for_project(project)
    found, before = [], None
    for version, fields in recorded.versions:
        found.append((version, [] if before is None
                      else compare(before, fields, rules)))
        before = fields
    return found


# Evaluating a project.

@dataclasses.dataclass
class _Class:
    """One class being judged."""

    cls: type
    notification: bool
    contract: dict
    # The working tree's history, and the one compared with (the same, or
    # the git revision's).
    recorded: historyfile.History | None
    base: historyfile.History | None
    changes: list = dataclasses.field(default_factory=list)
    made: int | None = NONE
    needs: int = NONE

    @property
    def name(self):
        return self.cls.obj_name()

    @property
    def version(self):
        return self.cls.VERSION


@dataclasses.dataclass
class Evaluation:
    """What :func:`evaluate` found."""

    # One message per class whose version does not match its changes.
    problems: list
    # {class name: [(version, fields), ...]}: what each class's history
    # file holds, its current version added when it is new and
    # problem-free.
    histories: dict
    # [(class name, version)] the files record that were not recorded.
    recorded: list
    # Classes that had no recorded contract (the whole project on a first
    # run), and whether the sample directory had none at all.
    unrecorded: list
    first_run: bool
    # Classes the git revision (--against) has no recorded contract of.
    not_at_revision: list
    # How many classes were evaluated.
    classes: int
    # Where the classes' "# Version" comments disagree with their VERSION
    # or with the versions recorded once these files are written
    # (versioncomments.Problem), as the reference warns of them.
    comment_problems: list = dataclasses.field(default_factory=list)

    @property
    def ok(self):
        return not self.problems

    @functools.cached_property
    def files(self):
        """The history file of every class (sampledir.GeneratedFile):
        writing them records the new versions. Made when asked: the
        serialization costs more than the comparison."""
        return [sampledir.GeneratedFile(
                    contracts.history_path(name),
                    historyfile.history_text(name, versions))
                for name, versions in sorted(self.histories.items())]


def _classes(catalog):
    return ([(cls, True) for cls in catalog.notifications]
            + [(cls, False) for cls in catalog.objects])


def evaluate(project, directory, against=None):
    """Compare every class of ``project`` (a NotificationProject, a dict of
    its settings or a ``'module:attribute'``) with the contracts recorded
    for the sample directory ``directory`` (in the project's contract
    directory); with ``against`` (a git revision), also with those that
    revision recorded there, which the working tree must hold unchanged.

    Raises :class:`~versioned_notifications.historyfile.HistoryError`
    for a history file that cannot be read (naming it), and
    :class:`~versioned_notifications.catalog.CatalogError` for a project
    that cannot be loaded.
    """
    catalog = vn_catalog.load(project, directory)
    layout = contracts.Layout.of(catalog.project, directory)
    directory = layout.directory
    rules = Rules.for_project(catalog.project)
    describer = fieldtypes.Describer.for_project(catalog.project)
    judged = {}
    for cls, notification in _classes(catalog):
        recorded = historyfile.read(directory, cls.obj_name(), layout.what)
        judged[cls.obj_name()] = _Class(
            cls=cls, notification=notification,
            contract=class_contract(cls, describer, notification),
            recorded=recorded, base=recorded)
    problems = _judge_all(judged, rules)
    histories, recorded = _histories(judged, problems)
    not_at_revision = []
    if against is not None:
        not_at_revision = _against(judged, problems, directory, against,
                                   rules, layout.what)
    unrecorded = sorted(name for name, item in judged.items()
                        if item.recorded is None)
    return Evaluation(
        problems=[problems[name] for name in sorted(problems)],
        histories=histories, recorded=recorded, unrecorded=unrecorded,
        first_run=len(unrecorded) == len(judged), classes=len(judged),
        not_at_revision=not_at_revision,
        comment_problems=_comment_problems(judged, histories))


def _comment_problems(judged, histories):
    """The versioncomments problems of every class, by name. A
    notification class's own versions are not what consumers see (see the
    module documentation): only its VERSION is held to its comments, as
    in the reference."""
    found = []
    for name, item in sorted(judged.items()):
        recorded = [] if item.notification else [
            version for version, _ in histories.get(name, [])]
        found.extend(versioncomments.problems(item.cls, recorded))
    return found


def _judge_all(judged, rules, since=None):
    """{class name: its message} of every class whose version does not
    match its changes since its ``base``, each naming its cascade.
    ``since`` names where the bases come from when not the sample
    directory."""
    problems = {}
    for item in judged.values():
        problem = _judge(item, rules, since)
        if problem:
            problems[item.name] = problem
    embedders, total, pending = _bumps(judged)
    for name in sorted(pending):
        item = judged[name]
        own = [change for change in item.changes
               if not (change.kind == NESTED and change.obj in pending)]
        if needed(own) <= item.made:
            # Only what it embeds makes it need a bump: the message of
            # that class names it.
            continue
        last = item.base.last[0]
        message = '%s: %s%s: bump VERSION %s -> %s (%s)' % (
            name, '; '.join(change.text for change in item.changes),
            ' since %s' % since if since else '', item.version,
            next_version(last, total[name]), BUMP_WORDS[total[name]])
        problems[name] = '; '.join(
            [message] + _cascade(name, judged, embedders, total, pending))
    return problems


def _judge(item, rules, since=None):
    """Set ``item``'s changes since its base, the bump made and the bump
    they need; returns the message of a version that cannot be judged, or
    None."""
    item.changes, item.made, item.needs = [], NONE, NONE
    try:
        vn_versions.parse(item.version)
    except vn_versions.VersionError as exc:
        item.made = None
        return '%s: VERSION %s; set it to one' % (item.name, exc)
    if item.base is None:
        return None
    last, fields = item.base.last
    item.changes = compare(fields, item.contract, rules)
    item.needs = needed(item.changes)
    item.made = bump_made(last, item.version)
    if item.made is None:
        item.changes, item.needs = [], NONE
        return ('%s: VERSION %s is older than %s, its last recorded version '
                '(%s%s): a version is never reused; set VERSION to %s'
                % (item.name, item.version, last,
                   '%s:' % since if since else '',
                   contracts.history_path(item.name),
                   next_version(last, MINOR)))
    return None


def _embedders(judged):
    """{object name: [names of the classes whose fields hold it]}, among
    the payloads and nested objects (notification classes hold theirs by
    name only)."""
    found = {}
    for name, item in sorted(judged.items()):
        if item.notification:
            continue
        for field in item.cls.fields.values():
            for held in fieldshape.of(field).object_names():
                found.setdefault(held, [])
                if name not in found[held]:
                    found[held].append(name)
    return found


def _bumps(judged):
    """(embedders, {name: the bump it needs, its own changes' and that of
    every object it holds that still needs one}, the names of the classes
    whose bump made falls short of it)."""
    embedders = _embedders(judged)
    holds = {}
    for held, names in embedders.items():
        for name in names:
            holds.setdefault(name, []).append(held)
    total = {}

    def need(name, visiting=()):
        if name not in total:
            item = judged.get(name)
            if item is None or item.made is None or name in visiting:
                # Unknown, unjudgeable, or a cycle of objects.
                return NONE
            bump = item.needs
            for held in holds.get(name, ()):
                inner = judged.get(held)
                held_bump = need(held, (*visiting, name))
                if inner is not None and inner.made is not None and \
                        inner.made < held_bump:
                    bump = max(bump, held_bump)
            total[name] = bump if item.base is not None else NONE
        return total[name]

    for name in judged:
        need(name)
    pending = {name for name, item in judged.items()
               if item.made is not None and item.made < total[name]}
    return embedders, total, pending


def _cascade(name, judged, embedders, total, pending):
    """'E embeds D: bump ...' for every class E that embeds ``name``,
    however deeply, and needs a bump it has not made."""
    named, queue, seen = [], [name], {name}
    while queue:
        held = queue.pop(0)
        for outer_name in embedders.get(held, ()):
            if outer_name in seen or outer_name not in pending:
                # A bump made ends the cascade: what embeds that class
                # sees its new version in its own contract.
                continue
            seen.add(outer_name)
            outer = judged[outer_name]
            named.append('%s embeds %s: bump %s -> %s' % (
                outer_name, held, outer.version,
                next_version(outer.base.last[0], total[outer_name])))
            queue.append(outer_name)
    return named


def _histories(judged, problems):
    """{class name: the versions its history file holds}, and the
    versions they newly record."""
    histories, recorded = {}, []
    for name, item in sorted(judged.items()):
        versions = list(item.recorded.versions) if item.recorded else []
        known = {version for version, _ in versions}
        if name not in problems and item.version not in known:
            versions.append((item.version, item.contract))
            recorded.append((name, item.version))
        histories[name] = versions
    return histories, recorded


def _against(judged, problems, directory, revision, rules,
             what='sample directory'):
    """Add the problems found against the contracts ``revision`` recorded:
    a recorded version the sample directory lost or rewrote, and changes
    since then without the bump they need. Returns the classes the
    revision has no contract of."""
    there = historyfile.at_revision(directory, revision, judged)
    missing, differing = [], set()
    for name, item in sorted(judged.items()):
        base = there.get(name)
        item.base = base
        if base is None:
            missing.append(name)
            continue
        if item.recorded is not None and \
                item.recorded.versions == base.versions:
            # The same history: judged against it already.
            continue
        differing.add(name)
        mine = dict(item.recorded.versions) if item.recorded else {}
        for version, fields in base.versions:
            if mine.get(version) != fields:
                _add(problems, name, (
                    '%s: the contract of %s recorded at %s %s %s: a '
                    'recorded version is never rewritten; restore it (git '
                    'checkout %s -- <%s>/%s)' % (
                        name, version, revision,
                        'is missing from' if version not in mine
                        else 'differs from the one in',
                        contracts.history_path(name), revision, what,
                        contracts.history_path(name))))
                break
    found = _judge_all(judged, rules, since=revision)
    for name in sorted(differing & set(found)):
        _add(problems, name, found[name])
    return missing


def _add(problems, name, message):
    problems[name] = '; '.join(filter(None, (problems.get(name), message)))
