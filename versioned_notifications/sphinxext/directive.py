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

"""The ``versioned_notifications`` directive: the notification reference.

For every notification class of the configured project and each of its
samples, sorted by event type with the phases of an action in the order
they happen (start first, error last:
:func:`versioned_notifications.catalog.phase_order`), a section with a
stable anchor (``notification-<event type>``), a table-of-contents entry
and an index entry, holding the priority, classes and versions, links to
the message's and the payload's JSON Schema, the payload's field table,
version history and the sample. Nested payloads follow once each, in
sections anchored ``payload-<class name>``. The directive reads the
project into the typed :mod:`~versioned_notifications.sphinxext.model`,
which :mod:`~versioned_notifications.sphinxext.render` makes into standard
nodes. Every sample
of the code's contract (generated, composed or variant) is validated
(:mod:`versioned_notifications.validation`); one its classes would not
send is a warning naming the file, the field and the value, and is shown
all the same.

Options:

``:event-types:``
    Space- or comma-separated shell patterns; only event types matching
    one are documented (``action_plan.cancel.*``); a pattern that matches
    no event type of the project is a warning. An event type a directive
    before it on the page documents already is left out, with one warning
    per directive naming them.
``:project:``
    ``'module:attribute'`` of another project than the configured one.
    With neither, the directive documents nothing and warns, naming
    ``versioned_notifications_project``.
"""

import dataclasses
import fnmatch
import os

from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from versioned_notifications import catalog as vn_catalog
from versioned_notifications import confinement
from versioned_notifications import contracts
from versioned_notifications import evolution
from versioned_notifications import fieldtypes
from versioned_notifications import historyfile
from versioned_notifications import project as vn_project
from versioned_notifications import samplefile
from versioned_notifications import validation
from versioned_notifications import versioncomments
from versioned_notifications.sphinxext import config as vn_config
from versioned_notifications.sphinxext import domain as vn_domain
from versioned_notifications.sphinxext import fieldtable
from versioned_notifications.sphinxext import model
from versioned_notifications.sphinxext import render
from versioned_notifications.sphinxext import samples
from versioned_notifications.sphinxext import staleness

__all__ = ['VersionedNotificationsDirective', 'WARNING_TYPE',
           'event_type_patterns']

logger = logging.getLogger(__name__)

WARNING_TYPE = 'versioned_notifications'
# Per document being read: project-wide problems already reported.
_REPORTED = 'versioned_notifications_reported_problems'


def event_type_patterns(argument):
    # docutils passes None for an option given without a value.
    patterns = [p for p in (argument or '').replace(',', ' ').split() if p]
    if not patterns:
        raise ValueError('give at least one event type pattern, for example '
                         'action_plan.cancel.*')
    return patterns


class VersionedNotificationsDirective(SphinxDirective):
    has_content = False
    required_arguments = 0
    optional_arguments = 0
    option_spec = {
        'event-types': event_type_patterns,
        'project': directives.unchanged_required,
    }

    def warn(self, message, subtype):
        logger.warning(message, location=(self.env.docname, self.lineno),
                       type=WARNING_TYPE, subtype=subtype)

    def run(self):
        spec = self.options.get(
            'project', self.config[vn_config.PREFIX + 'project'])
        if spec is None:
            self.warn(vn_config.NO_PROJECT, 'project')
            return []
        try:
            project = vn_project.load_project(spec)
            self.sample_dir = vn_config.sample_dir(self.config, project)
            # Schemas and recorded history: relative to the sample
            # directory, so that they follow it here too.
            self.layout = contracts.Layout.of(project, self.sample_dir)
            catalog = vn_catalog.load(project, self.sample_dir)
        except vn_project.ProjectError as exc:
            self.warn('cannot document the notifications: %s' % exc,
                      'project')
            return []
        self.project = project
        self.describer = fieldtable.TypeDescriber(
            catalog.registry, fieldtypes.Describer.for_project(project))
        # One per directive: it keeps each compiled schema.
        self.validator = validation.SampleValidator(catalog)
        self.payload_docs = {}
        # {sample name: text shown}: the literal blocks' text.
        self.sample_texts = {}
        self.dependencies = set()
        self.regenerate = self.config[
            vn_config.PREFIX + 'regenerate_command']
        return self.render(self.collect_events(catalog))

    def depend_on(self, path):
        # Once each: a registry defines many classes in one module, and
        # Sphinx's note_dependency() is not cheap.
        if path not in self.dependencies:
            self.dependencies.add(path)
            self.env.note_dependency(path)

    def depend_on_class(self, cls):
        path = versioncomments.source_file(cls)
        if path:
            self.depend_on(path)

    def class_doc(self, cls, recorded=False):
        """The ClassDoc of ``cls``; with what its ``recorded`` contracts say
        changed in each version (a payload's: a notification is never sent
        whole, its payload's versions are what consumers see)."""
        self.depend_on_class(versioncomments.defining_class(cls))
        name = cls.obj_name()
        entries = versioncomments.read(cls)
        recorded = self.recorded_changes(name) if recorded else []
        for problem in versioncomments.problems(
                cls, [version for version, _ in recorded]):
            self.warn(str(problem), 'history')
        merged = self.merged_history(entries, recorded)
        if not merged and versioncomments.first_version([cls.VERSION]):
            # Its first version, which needs no comment: no history is
            # missing.
            merged = [(cls.VERSION, '')]
        return model.ClassDoc(
            name=name, version=cls.VERSION, history=merged,
            changes={version: [change.text for change in changes]
                     for version, changes in recorded if changes})

    def recorded_changes(self, name):
        """[(version, [Change])] of the contracts recorded for ``name``."""
        path = self.layout.directory / contracts.history_path(name)
        # Only an existing one: a project need not record contracts, and a
        # recorded new version comes with a bump, which changes the class
        # (a dependency already).
        if path.is_file():
            self.depend_on(str(path))
        try:
            return evolution.history(self.layout.directory, name,
                                     self.project, self.layout.what)
        except historyfile.HistoryError as exc:
            self.warn('%s: its recorded contracts cannot be shown: %s'
                      % (name, exc), 'history')
            return []

    def merged_history(self, entries, recorded):
        """The comments' entries and the ``recorded`` versions no comment
        describes, in version order (where they disagree:
        :func:`versioned_notifications.versioncomments.problems`)."""
        commented = {version for version, _ in entries}
        merged = list(entries)
        merged.extend((version, '') for version, _ in recorded
                      if version not in commented)
        return versioncomments.in_version_order(merged)

    def payload_doc(self, cls):
        name = cls.obj_name()
        if name not in self.payload_docs:
            base = self.class_doc(cls, recorded=True)
            rows, nested = self.describer.rows(cls)
            self.payload_docs[name] = model.PayloadDoc(
                fields=rows, nested=nested,
                schema=self.schema_doc(contracts.payload_schema_path(name),
                                       name),
                **{field.name: getattr(base, field.name)
                   for field in dataclasses.fields(base)})
        return self.payload_docs[name]

    def schema_doc(self, relative, owner):
        """The schema file at ``relative`` (to the contract directory), or
        None with a warning when it is missing; None when the project
        exports no schemas."""
        if not self.config[vn_config.PREFIX + 'link_schemas'] or (
                'schemas' not in self.layout.exports):
            return None
        directory = self.layout.directory
        path = os.path.join(directory, relative)
        try:
            confinement.confine(path, directory, self.layout.what)
        except confinement.OutsideError as exc:
            self.warn('%s: JSON Schema %s cannot be linked: %s'
                      % (owner, relative, exc), 'schema')
            return None
        # Also when missing: the page is read again once it is generated.
        # (A directory cannot stand for its files: Sphinx takes a
        # dependency that is not a file for a missing one.)
        self.depend_on(path)
        if not os.path.isfile(path):
            self.warn('%s: JSON Schema %s is missing (expected at %s); '
                      'regenerate the samples and schemas with: %s'
                      % (owner, relative, path, self.regenerate), 'schema')
            return None
        self.env.domains[vn_domain.DOMAIN].note_schema(relative, path)
        return model.SchemaDoc(name=relative)

    def collect_events(self, catalog):
        patterns = self.options.get('event-types')
        regenerate = self.regenerate
        check_stale = self.config[vn_config.PREFIX + 'check_stale']
        events = {}

        def wanted(event_type):
            return not patterns or any(fnmatch.fnmatchcase(event_type, p)
                                       for p in patterns)

        # Problems of the project as a whole are reported once per document,
        # by whichever directive meets them first (filtered or not).
        reported = self.env.temp_data.setdefault(_REPORTED, set())
        for class_name, sample_name, cause in catalog.problems:
            reported_message = ('%s (%s): %s' % (class_name, sample_name,
                                                  cause)
                                if sample_name else cause)
            if reported_message not in reported:
                reported.add(reported_message)
                self.warn(reported_message, 'sample')
        for problem in catalog.variant_problems:
            if problem not in reported:
                reported.add(problem)
                self.warn(problem, 'sample')
        described = {}
        # Every event type the project's samples say or its code declares:
        # a pattern matching none of them documents nothing, silently.
        known = set()
        # One for the page: each fragment is read once, and the page
        # depends on every one a sample pulls in (or looked for).
        resolver = samplefile.Resolver(self.sample_dir)
        for entry in catalog.entries:
            if entry.event_type:
                known.add(entry.event_type)
            name = entry.notification.obj_name()
            path = self.sample_dir / entry.sample
            self.depend_on(str(path))
            try:
                sample = samples.read_sample(path, name, regenerate,
                                             resolver)
            except samples.SampleProblem as exc:
                # A filtered directive reports only its own events'
                # samples; the code may declare the event type of a
                # sample whose file cannot say it. One whose event type
                # nothing says is nobody's own: the page's first
                # directive reports it, as a problem of the project.
                if not patterns or (entry.event_type
                                    and wanted(entry.event_type)):
                    self.warn(str(exc), 'sample')
                elif not entry.event_type and str(exc) not in reported:
                    reported.add(str(exc))
                    self.warn(str(exc), 'sample')
                continue
            # Composed samples are shown resolved.
            text, message = sample.resolved_text, sample.message
            event_type = message['event_type']
            known.add(event_type)
            if not wanted(event_type):
                continue
            if not vn_catalog.is_safe_name(event_type):
                self.warn('%s: sample %s has the event type %r, which '
                          'cannot name a file or an anchor (letters, digits, '
                          '"_", "-" and "." only); correct it'
                          % (name, path, event_type), 'sample')
                continue
            if name not in described:
                try:
                    described[name] = (self.class_doc(entry.notification),
                                       self.payload_doc(entry.payload))
                except Exception as exc:
                    # A class that cannot describe itself (a field whose
                    # describe() raises, ...) is the project's bug: name
                    # it instead of ending the build with a traceback.
                    self.warn('cannot document %s: %s: %s'
                              % (name, type(exc).__name__, exc), 'payload')
                    described[name] = None
            if described[name] is None:
                continue
            notification, payload = described[name]
            stale = staleness.problem(entry, message, path, regenerate)
            if stale:
                if check_stale:
                    self.warn(stale, 'stale')
            else:
                # A stale sample's values follow other classes: only a
                # sample of the code's contract is judged by it.
                self.validate(entry, message, path)
            event = events.get(event_type)
            if event is None:
                event = events[event_type] = model.EventDoc(
                    event_type=event_type, samples=[],
                    schema=self.schema_doc(
                        contracts.message_schema_path(event_type), name))
            event.samples.append(model.EventSample(
                notification=notification, payload=payload,
                priority=str(message.get('priority', '')),
                sample=model.SampleDoc(name=entry.sample, path=str(path),
                                       variant=entry.variant)))
            self.sample_texts[entry.sample] = text
        for fragment in sorted(resolver.files):
            self.depend_on(str(fragment))
        for pattern in patterns or ():
            if not any(fnmatch.fnmatchcase(event_type, pattern)
                       for event_type in known):
                self.warn(':event-types: pattern %r matches no event type '
                          'of the project; correct it or remove it'
                          % pattern, 'pattern')
        for event in events.values():
            event.samples.sort(key=lambda shown: shown.sample.name)
        return sorted(events.values(), key=lambda event:
                      vn_catalog.phase_order(event.event_type))

    def validate(self, entry, message, path):
        """Warn when the sample's values are not what its classes send
        (its JSON Schema, its field types); it is shown all the same."""
        problems = self.validator.problems(str(path), message,
                                           entry.notification, entry.payload)
        if not problems:
            return
        if entry.variant:
            todo = 'correct it'
        else:
            todo = ('regenerate it with: %s; if it stays invalid, '
                    'versioned-notifications check names the field type at '
                    'fault' % self.regenerate)
        self.warn('%s: sample %s is invalid: %s; %s'
                  % (entry.notification.obj_name(), path,
                     validation.summary(problems), todo), 'invalid')

    def nested_payloads(self, events):
        """Objects carried inside the events' payloads, in the catalog's
        one order (by name)."""
        names = {name for event in events for shown in event.samples
                 for name in shown.payload.nested}
        classes = [cls for cls in map(self.describer.object_class,
                                      sorted(names)) if cls is not None]
        try:
            closure = vn_catalog.object_closure(classes)
        except vn_catalog.CatalogError as exc:
            self.warn(str(exc), 'payload')
            return []
        return [self.payload_doc(cls) for cls in closure]

    def render(self, events):
        domain = self.env.domains[vn_domain.DOMAIN]
        # Once per directive, all of its repeated events in one warning:
        # the location says which directive to narrow.
        repeated = [event.event_type for event in events
                    if domain.documents(vn_domain.NOTIFICATION,
                                        event.event_type)]
        if repeated:
            self.warn('event type(s) already documented in this document: '
                      '%s; narrow the directives\' :event-types:'
                      % ', '.join(repeated), 'duplicate')
        events = [event for event in events
                  if event.event_type not in repeated]
        # A second directive on the page links to the payloads a first one
        # documents instead of repeating them.
        nested = [payload for payload in self.nested_payloads(events)
                  if not domain.documents(vn_domain.PAYLOAD, payload.name)]
        return render.Page(self, self.sample_texts).render(events, nested)
