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

"""Sphinx extension: the notification reference, from the code and the
samples.

Enable it with ``extensions = ['versioned_notifications.sphinxext']``, then
write ``.. versioned_notifications::`` where the reference goes, and link
to it with ``:notification:`action_plan.cancel.start``` and
``:payload:`ActionPlanCancelPayload```. Configuration values are listed in
:mod:`versioned_notifications.sphinxext.config`.

One module per component: ``config`` (values and their validation),
``directive``, ``domain`` (targets and roles), ``fieldtable`` (types in
words, descriptions), ``descriptions`` (inline markup only),
``history`` (``# Version`` comments), ``samples`` (reading) and
``staleness`` (contract drift of a sample),
``nodebuilder`` (section bodies, each one ``bodynode.reference_body``
holding its content as data) or ``templates`` (the same through jinja2 and
reStructuredText, when a project overrides them), ``htmlbody`` (a body's
HTML, written in one go), ``plainnodes`` (a body as docutils nodes, for
every other builder), ``schemafiles`` (the linked JSON Schema files, copied
into HTML builds), ``collapsible`` (HTML-only ``<details>`` around the
templates' samples).
"""

import versioned_notifications
from versioned_notifications.sphinxext import bodynode
from versioned_notifications.sphinxext import collapsible
from versioned_notifications.sphinxext import config
from versioned_notifications.sphinxext import descriptions
from versioned_notifications.sphinxext import directive
from versioned_notifications.sphinxext import domain
from versioned_notifications.sphinxext import htmlbody
from versioned_notifications.sphinxext import plainnodes
from versioned_notifications.sphinxext import schemafiles


def setup(app):
    config.register(app)
    app.add_domain(domain.NotificationDomain)
    for role in (domain.NOTIFICATION, domain.PAYLOAD):
        app.add_role(role, domain.NotificationXRefRole(warn_dangling=True))
    app.add_role(descriptions.ROLE, descriptions.description_role)
    app.add_directive('versioned_notifications',
                      directive.VersionedNotificationsDirective)
    app.add_node(collapsible.sample_details,
                 html=(collapsible.visit_details_html,
                       collapsible.depart_details_html))
    app.add_node(collapsible.sample_summary,
                 html=(collapsible.visit_summary_html,
                       collapsible.depart_summary_html))
    app.add_node(bodynode.reference_body,
                 html=(htmlbody.visit_reference_body_html,
                       htmlbody.depart_reference_body_html))
    app.add_post_transform(plainnodes.ExpandBodies)
    app.add_post_transform(collapsible.CollapseSamples)
    app.connect('build-finished', schemafiles.copy_schemas)
    return {
        'version': versioned_notifications.__version__,
        'env_version': 2,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
