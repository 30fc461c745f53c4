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

"""The ``notifications`` domain: where each event type, payload, field
and sample is documented, the roles that link to them, and the links to
the JSON Schema files.

Roles: ``:notifications:notification:`action_plan.cancel.start```,
``:notifications:payload:`ActionPlanCancelPayload```,
``:notifications:field:`ActionPlanCancelPayload.uuid``` and
``:notifications:sample:`action_plan-cancel-start.json```; after
``.. default-domain:: notifications`` a page writes them without the
prefix. An event type or payload may be documented in several documents
(for example by directives that filter by event type); a reference then
goes to the one in the referring document if there is one, else to the
first document by name, so that serial and parallel builds link alike.

A ``schema`` reference (made by the directive, no role) names a JSON
Schema file relative to the contract directory: HTML builders with
downloads link the file's copy (:mod:`~versioned_notifications.sphinxext.
schemafiles`), every other builder shows the name.
"""

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain
from sphinx.domains import ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_id
from sphinx.util.nodes import make_refnode

from versioned_notifications.sphinxext import schemafiles

__all__ = ['DOMAIN', 'FIELD', 'NOTIFICATION', 'NotificationDomain', 'PAYLOAD',
           'SAMPLE', 'SCHEMA', 'TARGETS', 'copy_schemas', 'field_target',
           'pending', 'stable_id', 'target_id']

logger = logging.getLogger(__name__)

DOMAIN = 'notifications'
NOTIFICATION = 'notification'
PAYLOAD = 'payload'
FIELD = 'field'
SAMPLE = 'sample'
# Not an object type: the JSON Schema files the documents link.
SCHEMA = 'schema'
TARGETS = (NOTIFICATION, PAYLOAD, FIELD, SAMPLE)


def target_id(env, document, kind, name):
    """The id of ``name``'s target in ``document``: ``<kind>-<name>``,
    lower-cased, as readers' links have it (``notification-<event type>``,
    ``payload-<class name>``, ``sample-<file>``); a field's
    ``payload-<class name>-<field>``."""
    if kind == FIELD:
        payload, field = name.rsplit('.', 1)
        kind, name = '%s-%s' % (PAYLOAD, payload.lower()), field
    return make_id(env, document, kind, name.lower())


class _NoIds:
    """A document without ids, where every target keeps its wanted id."""

    ids = {}


def stable_id(kind, name):
    """The id of ``name``'s target where it is free: what readers link to
    (the directive's own, :func:`target_id`, unless the page has a target
    of that id already)."""
    return target_id(None, _NoIds, kind, name)


def field_target(payload, field):
    """A field's target name, as ``:notifications:field:`` takes it."""
    return '%s.%s' % (payload, field)


def pending(kind, target, content, docname):
    """A reference to ``target`` of ``kind`` around ``content`` (inline
    nodes), resolved by this domain."""
    return addnodes.pending_xref(
        '', *content, refdomain=DOMAIN, reftype=kind, reftarget=target,
        refexplicit=True, refwarn=True, refdoc=docname)


class NotificationDomain(Domain):
    name = DOMAIN
    label = 'Versioned notifications'
    object_types = {
        NOTIFICATION: ObjType('notification', NOTIFICATION),
        PAYLOAD: ObjType('payload', PAYLOAD),
        FIELD: ObjType('field', FIELD),
        SAMPLE: ObjType('sample', SAMPLE),
    }
    roles = {kind: XRefRole(warn_dangling=True) for kind in TARGETS}
    dangling_warnings = {
        NOTIFICATION: 'unknown notification event type: %(target)s (no '
                      'versioned_notifications directive documents it)',
        PAYLOAD: 'unknown payload class: %(target)s (no '
                 'versioned_notifications directive documents it)',
        FIELD: 'unknown payload field: %(target)s (write '
               '<payload class>.<field>, of a payload a '
               'versioned_notifications directive documents)',
        SAMPLE: 'unknown sample: %(target)s (no versioned_notifications '
                'directive shows it)',
    }
    # kind -> name -> {docname: (anchor, title)}; SCHEMA -> file name
    # (relative to the contract directory) -> {docname: absolute path}.
    initial_data = {kind: {} for kind in (*TARGETS, SCHEMA)}
    data_version = 3

    def note(self, kind, name, anchor, title):
        self.data[kind].setdefault(name, {})[self.env.docname] = (anchor,
                                                                  title)

    def documents(self, kind, name):
        """Whether the current document documents ``name`` already."""
        return self.env.docname in self.data[kind].get(name, ())

    def note_schema(self, name, path):
        """The current document links the JSON Schema file ``name``."""
        self.data[SCHEMA].setdefault(name, {})[self.env.docname] = path

    def schema_files(self):
        """{file name: absolute path} of every linked JSON Schema file."""
        return {name: places[min(places)]
                for name, places in self.data[SCHEMA].items()}

    def clear_doc(self, docname):
        for kind in self.initial_data:
            for name, places in list(self.data[kind].items()):
                places.pop(docname, None)
                if not places:
                    del self.data[kind][name]

    def merge_domaindata(self, docnames, otherdata):
        for kind in self.initial_data:
            for name, places in otherdata[kind].items():
                for docname, place in places.items():
                    if docname in docnames:
                        self.data[kind].setdefault(name, {})[docname] = place

    def check_consistency(self):
        for name, places in sorted(self.data[SCHEMA].items()):
            if len(set(places.values())) > 1:
                logger.warning(
                    'JSON Schema %s is linked from sample directories that '
                    'differ (%s); the build has one copy of it, from %s. '
                    'Document each project in a build of its own.',
                    name, ', '.join(sorted(set(places.values()))),
                    places[min(places)], location=(min(places), None),
                    type='versioned_notifications', subtype='schema')
        for event_type, places in sorted(self.data[NOTIFICATION].items()):
            if len(places) > 1:
                logger.warning(
                    'event type %s is documented in several documents (%s); '
                    ':notification: links to %s. Narrow the directives\' '
                    ':event-types: so each is documented once.',
                    event_type, ', '.join(sorted(places)), min(places),
                    location=(min(places), None),
                    type='versioned_notifications', subtype='duplicate')

    def _find(self, kind, target, fromdocname):
        places = self.data[kind].get(target)
        if not places:
            return None
        docname = fromdocname if fromdocname in places else min(places)
        anchor, title = places[docname]
        return docname, anchor, title

    def resolve_xref(self, env, fromdocname, builder, typ, target, node,
                     contnode):
        if typ == SCHEMA:
            if target not in self.data[SCHEMA]:
                return None
            if not schemafiles.links_schemas(builder):
                return contnode
            return nodes.reference(
                '', '', contnode, internal=True,
                refuri=schemafiles.uri(builder, fromdocname, target))
        found = self._find(typ, target, fromdocname)
        if found is None:
            return None
        docname, anchor, title = found
        # A title that only repeats the link's text says nothing.
        return make_refnode(builder, fromdocname, docname, anchor, contnode,
                            None if title == target else title)

    def resolve_any_xref(self, env, fromdocname, builder, target, node,
                         contnode):
        results = []
        for kind in TARGETS:
            found = self._find(kind, target, fromdocname)
            if found is not None:
                docname, anchor, title = found
                results.append(('%s:%s' % (DOMAIN, kind), make_refnode(
                    builder, fromdocname, docname, anchor, contnode, title)))
        return results

    def get_objects(self):
        for kind in TARGETS:
            # Fields and samples: for intersphinx, not the search page.
            priority = 1 if kind in (NOTIFICATION, PAYLOAD) else -1
            for name, places in sorted(self.data[kind].items()):
                docname = min(places)
                yield (name, name, kind, docname, places[docname][0],
                       priority)


def copy_schemas(app, exception):
    """``build-finished``: the linked JSON Schema files into an HTML
    build's output."""
    if exception is None and schemafiles.links_schemas(app.builder):
        schemafiles.copy(app.env.domains[DOMAIN].schema_files(), app.outdir)
