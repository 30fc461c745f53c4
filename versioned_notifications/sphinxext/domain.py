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

"""The ``notifications`` domain: where each event type and payload is
documented, and the ``:notification:`` and ``:payload:`` roles.

The roles are also registered without the domain prefix
(``:notification:`action_plan.cancel.start```). An event type or payload
may be documented in several documents (for example by directives that
filter by event type); a reference then goes to the one in the referring
document if there is one, else to the first document by name, so that
serial and parallel builds link alike.
"""

from sphinx.domains import Domain
from sphinx.domains import ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

logger = logging.getLogger(__name__)

DOMAIN = 'notifications'
NOTIFICATION = 'notification'
PAYLOAD = 'payload'
# Not an object type: the JSON Schema files the documents link.
SCHEMA = 'schema'


def notification_anchor(event_type):
    return 'notification-%s' % _id_safe(event_type)


def payload_anchor(name):
    return 'payload-%s' % _id_safe(name)


def _id_safe(text):
    # Stable: derived from the name only, readable in a URL.
    return ''.join(c if c.isalnum() or c in '._-' else '-'
                   for c in text).lower()


class NotificationXRefRole(XRefRole):
    """An XRefRole that resolves in this domain even when used without its
    prefix."""

    def run(self):
        result = super().run()
        for node in result[0]:
            if node.get('refdomain') == '':
                node['refdomain'] = DOMAIN
        return result


class NotificationDomain(Domain):
    name = DOMAIN
    label = 'Versioned notifications'
    object_types = {
        NOTIFICATION: ObjType('notification', NOTIFICATION),
        PAYLOAD: ObjType('payload', PAYLOAD),
    }
    roles = {
        NOTIFICATION: NotificationXRefRole(warn_dangling=True),
        PAYLOAD: NotificationXRefRole(warn_dangling=True),
    }
    dangling_warnings = {
        NOTIFICATION: 'unknown notification event type: %(target)s (no '
                      'versioned_notifications directive documents it)',
        PAYLOAD: 'unknown payload class: %(target)s (no '
                 'versioned_notifications directive documents it)',
    }
    # kind -> name -> {docname: (anchor, title)}; SCHEMA -> file name
    # (relative to the sample directory) -> {docname: absolute path}.
    initial_data = {NOTIFICATION: {}, PAYLOAD: {}, SCHEMA: {}}
    data_version = 2

    def note(self, kind, name, anchor, title):
        self.data[kind].setdefault(name, {})[self.env.docname] = (anchor,
                                                                  title)

    def note_schema(self, name, path):
        """The current document links the JSON Schema file ``name``."""
        self.data[SCHEMA].setdefault(name, {})[self.env.docname] = path

    def schema_files(self):
        """{file name: absolute path} of every linked JSON Schema file."""
        return {name: places[min(places)]
                for name, places in self.data[SCHEMA].items()}

    def clear_doc(self, docname):
        for kind in (NOTIFICATION, PAYLOAD, SCHEMA):
            for name, places in list(self.data[kind].items()):
                places.pop(docname, None)
                if not places:
                    del self.data[kind][name]

    def merge_domaindata(self, docnames, otherdata):
        for kind in (NOTIFICATION, PAYLOAD, SCHEMA):
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

    def target_uri(self, builder, fromdocname, kind, name):
        """The URI of ``name``'s anchor relative to ``fromdocname``, as a
        resolved reference would have it, or None when it is unknown."""
        found = self._find(kind, name, fromdocname)
        if found is None:
            return None
        docname, anchor, _ = found
        if docname == fromdocname:
            return '#' + anchor
        return '%s#%s' % (builder.get_relative_uri(fromdocname, docname),
                          anchor)

    def resolve_xref(self, env, fromdocname, builder, typ, target, node,
                     contnode):
        found = self._find(typ, target, fromdocname)
        if found is None:
            return None
        docname, anchor, title = found
        return make_refnode(builder, fromdocname, docname, anchor, contnode,
                            title)

    def resolve_any_xref(self, env, fromdocname, builder, target, node,
                         contnode):
        results = []
        for kind in (NOTIFICATION, PAYLOAD):
            found = self._find(kind, target, fromdocname)
            if found is not None:
                docname, anchor, title = found
                results.append(('%s:%s' % (DOMAIN, kind), make_refnode(
                    builder, fromdocname, docname, anchor, contnode, title)))
        return results

    def get_objects(self):
        for kind in (NOTIFICATION, PAYLOAD):
            for name, places in sorted(self.data[kind].items()):
                docname = min(places)
                yield name, name, kind, docname, places[docname][0], 1
