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
to it with ``:notifications:notification:`action_plan.cancel.start```,
``:notifications:payload:`ActionPlanCancelPayload``` and
``:notifications:field:`ActionPlanCancelPayload.uuid``` (or, after
``.. default-domain:: notifications``, ``:notification:`...```).
Configuration values are listed in
:mod:`versioned_notifications.sphinxext.config`.

One module per component: ``config`` (values and their validation),
``directive`` (reads the project into the typed ``model``), ``render``
(the model as standard docutils and Sphinx nodes, which every builder
writes), ``blocks`` (the summary, facts and field tables, made from the
model when the page is written), ``pagenodes`` (the two nodes standard
ones lack: the collapsible sample and a break opportunity in a name, with
a visitor per builder), ``domain`` (targets, roles, links to the JSON
Schema files), ``fieldtable`` (types in words, descriptions),
``descriptions`` (inline markup only), ``history`` (``# Version``
comments), ``samples`` (reading) and ``staleness`` (contract drift of a
sample), ``schemafiles`` (the linked JSON Schema files, copied into HTML
builds). ``static/`` holds the style sheet and the script (open the
sample a link targets; a filter box over the summary table), added to
HTML builds through ``html_static_path``.
"""

import pathlib

import versioned_notifications
from versioned_notifications.sphinxext import blocks
from versioned_notifications.sphinxext import config
from versioned_notifications.sphinxext import directive
from versioned_notifications.sphinxext import domain
from versioned_notifications.sphinxext import pagenodes

STATIC_DIR = pathlib.Path(__file__).parent / 'static'
CSS_FILE = 'versioned_notifications.css'
JS_FILE = 'versioned_notifications.js'


def add_static_path(app, conf):
    """``config-inited``: this package's static files, copied by the HTML
    builders with the project's own."""
    conf.html_static_path = [*conf.html_static_path, str(STATIC_DIR)]


def setup(app):
    config.register(app)
    app.add_domain(domain.NotificationDomain)
    app.add_directive('versioned_notifications',
                      directive.VersionedNotificationsDirective)
    pagenodes.register(app)
    app.add_post_transform(blocks.MakeBlocks)
    app.connect('config-inited', add_static_path)
    app.add_css_file(CSS_FILE)
    app.add_js_file(JS_FILE, loading_method='defer')
    app.connect('build-finished', domain.copy_schemas)
    return {
        'version': versioned_notifications.__version__,
        # 5: the doctrees hold pending blocks and breakable_name, not
        # name_break: an environment pickled before is read again.
        'env_version': 5,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
