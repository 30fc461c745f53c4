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

"""The extension's configuration values, declared once and checked when
the configuration is read.

``versioned_notifications_project``
    What to document: a ``NotificationProject``, a dict of its fields, or
    a ``'module:attribute'`` string naming either. No default: a directive
    without it (and without ``:project:``) is a warning located at the
    directive, never another project's reference.
``versioned_notifications_sample_dir``
    The directory of the JSON samples, relative to the directory of
    ``conf.py`` (never the working directory). Default: the project's
    ``sample_dir``, relative to the directory of ``conf.py``.
``versioned_notifications_check_stale``
    Whether a sample whose contract differs from the code (the payload's
    or a nested object's version or field set) is a warning. Default:
    true. The values of the other samples are validated whatever it says
    (:mod:`versioned_notifications.validation`; warning subtype
    ``invalid``).
``versioned_notifications_link_schemas``
    Whether each event and payload links its JSON Schema file
    (``schemas/`` in the project's contract directory, by default the
    sample directory, written by the generator); a missing one is a
    warning. Default: true. A project whose ``exports`` leave the schemas
    out links none, and warns of none.
``versioned_notifications_regenerate_command``
    The command the warnings about missing or stale samples tell the
    reader to run.

``versioned_notifications_template_dir`` (reStructuredText templates) is
gone: a project that still sets it gets a warning saying that the
reference is made of standard nodes, restyled with a style sheet.
"""


from sphinx.errors import ConfigError
from sphinx.util import logging

from versioned_notifications import catalog as vn_catalog
from versioned_notifications import project as vn_project

__all__ = ['DEFAULT_REGENERATE', 'NO_PROJECT', 'PREFIX', 'REMOVED', 'VALUES',
           'register', 'sample_dir', 'validate']

DEFAULT_REGENERATE = 'tox -e samples (versioned-notifications generate)'

# name (without prefix) -> (default, accepted types)
VALUES = {
    # None: unset; the directive says what to set (NO_PROJECT).
    'project': (None, (str, dict, vn_project.NotificationProject,
                       type(None))),
    'sample_dir': (None, (str, type(None))),
    'check_stale': (True, (bool,)),
    'link_schemas': (True, (bool,)),
    'regenerate_command': (DEFAULT_REGENERATE, (str,)),
}
PREFIX = 'versioned_notifications_'
# Values that are gone -> what to do instead.
REMOVED = {
    'template_dir': 'the reStructuredText templates are gone; the '
                    'reference is made of standard nodes, which every '
                    'builder and theme writes: restyle it with a style '
                    'sheet of your own (html_css_files; its classes are '
                    'vn-summary, vn-fields, vn-facts and vn-sample); '
                    'remove the setting',
}
# What a directive says when no project is named, as the command line
# does without one (versioned_notifications.cli).
NO_PROJECT = (
    'no notification project: set %sproject = "MODULE:NAME" in conf.py, '
    'naming your NotificationProject (for example '
    '"myservice.notifications.doc:PROJECT"; the adoption guide shows one), '
    'or give this directive the option :project: MODULE:NAME' % PREFIX)
logger = logging.getLogger(__name__)
# Set on the Config at config-inited: the directory of conf.py, which the
# relative values are read against (the environment's reference to the
# application is deprecated; private config attributes are not pickled).
_CONFDIR = '_versioned_notifications_confdir'


def _type_names(types):
    return ' or '.join('None' if t is type(None) else t.__name__
                       for t in types)


def validate(app, config):
    """``config-inited``: refuse values that cannot work, saying which
    value and why."""
    setattr(config, _CONFDIR, str(app.confdir))
    for name, (_, types) in VALUES.items():
        value = config[PREFIX + name]
        if not isinstance(value, types):
            raise ConfigError('%s%s must be a %s, not %r'
                              % (PREFIX, name, _type_names(types), value))
    spec = config[PREFIX + 'project']
    if spec is None:
        # Only a directive can say where it is missing: a project may name
        # its projects on each directive (:project:).
        pass
    elif isinstance(spec, str):
        if spec.count(':') != 1 or not all(spec.split(':')):
            raise ConfigError(
                '%sproject must name the project as "package.module:NAME", '
                'not %r' % (PREFIX, spec))
    else:
        try:
            vn_project.load_project(spec)
        except vn_project.ProjectError as exc:
            raise ConfigError('%sproject: %s' % (PREFIX, exc)) from None
    for name, instead in REMOVED.items():
        if config[PREFIX + name] is not None:
            logger.warning('%s%s is no longer used: %s', PREFIX, name,
                           instead, type='versioned_notifications',
                           subtype='config')


def sample_dir(config, project):
    """The absolute sample directory."""
    return vn_catalog.sample_dir(project, getattr(config, _CONFDIR),
                                 config[PREFIX + 'sample_dir']).resolve()


def register(app):
    for name, (default, types) in VALUES.items():
        app.add_config_value(PREFIX + name, default, 'env',
                             types=frozenset(types))
    for name in REMOVED:
        # Registered, so that a project still setting it is told.
        app.add_config_value(PREFIX + name, None, '')
    app.connect('config-inited', validate)
