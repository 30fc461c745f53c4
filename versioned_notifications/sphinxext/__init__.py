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
``directive`` (reads the project into the typed ``model``, one
``model.notification_body`` node per section body), ``domain`` (targets and
roles), ``fieldtable`` (types in words, descriptions), ``descriptions``
(inline markup only), ``history`` (``# Version`` comments), ``samples``
(reading) and ``staleness`` (contract drift of a sample), ``htmlpage``
(a body's HTML: the ``versioned_notifications/body.html`` template through
the builder's template bridge), ``plainnodes`` (a body as docutils nodes,
for every other builder), ``schemafiles`` (the linked JSON Schema files,
copied into HTML builds).
"""

import versioned_notifications
from versioned_notifications.sphinxext import config
from versioned_notifications.sphinxext import directive
from versioned_notifications.sphinxext import domain
from versioned_notifications.sphinxext import htmlpage
from versioned_notifications.sphinxext import model
from versioned_notifications.sphinxext import plainnodes
from versioned_notifications.sphinxext import schemafiles


def setup(app):
    config.register(app)
    app.add_domain(domain.NotificationDomain)
    for role in (domain.NOTIFICATION, domain.PAYLOAD):
        app.add_role(role, domain.NotificationXRefRole(warn_dangling=True))
    app.add_directive('versioned_notifications',
                      directive.VersionedNotificationsDirective)
    app.add_node(model.notification_body,
                 html=(htmlpage.visit_body_html, htmlpage.depart_body_html))
    app.add_post_transform(plainnodes.ExpandBodies)
    app.connect('builder-inited', htmlpage.init_html)
    app.connect('build-finished', schemafiles.copy_schemas)
    app.connect('build-finished', htmlpage.copy_css)
    return {
        'version': versioned_notifications.__version__,
        'env_version': 3,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
