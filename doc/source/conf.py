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

"""Sphinx configuration of the versioned-notifications documentation."""

import versioned_notifications

extensions = [
    'openstackdocstheme',
    'sphinx.ext.autodoc',
    'versioned_notifications.sphinxext',
]
# A cross-reference that resolves nowhere (a renamed class, a mistyped
# configuration value) is a warning, so tox -e docs (-W) fails on it
# instead of printing the name unlinked.
nitpicky = True
# Except the annotations' standard-library and oslo classes: the build is
# offline, without intersphinx inventories to link them to.
nitpick_ignore_regex = [
    ('py:class', r'(collections\.abc|typing|os|oslo_messaging)\..*'),
]

project = 'versioned-notifications'
copyright = '2026, versioned-notifications maintainers'

# openstackdocstheme
html_theme = 'openstackdocs'
openstackdocs_repo_name = 'openstack/versioned-notifications'
openstackdocs_auto_name = False
# The package's own version, not one derived from git tags (there are none).
openstackdocs_auto_version = False
version = release = versioned_notifications.__version__
openstackdocs_use_storyboard = False
openstackdocs_pdf_link = False

# The extension: document this project's notifications (named, as every
# project must) from the committed samples, which live at the top of the
# repository, two levels above this file.
versioned_notifications_project = (
    'versioned_notifications.watcher.project:PROJECT')
versioned_notifications_sample_dir = '../../samples'

master_doc = 'index'
exclude_patterns = []
# No pygments_style here: HTML pages get openstackdocstheme's ('native',
# from its theme.conf), the PDF Sphinx's light default. 'native' is a dark
# style, and on the PDF's light code background its punctuation was
# nearly invisible.

# The PDF (tox -e pdf-docs). openstackdocstheme sets latex_engine to
# xelatex (and its own latex_elements) only once Sphinx's LaTeX builder has
# made its preamble: a pdflatex one (T1 fonts), which xelatex then ran
# without the glyphs for U+2019 and U+2026, so every typographic
# apostrophe was lost. Naming the engine here gets xelatex's preamble
# (fontspec, Sphinx's FreeFont fonts: Debian's fonts-freefont-otf).
latex_engine = 'xelatex'
latex_documents = [
    (master_doc, 'doc-versioned-notifications.tex',
     'versioned-notifications Documentation',
     'versioned-notifications maintainers', 'manual'),
]
latex_elements = {
    # Sphinx's xelatex font setup, but with code never hyphenated: the
    # monospaced font is by default, which split field names such as
    # action_type as "ac- tion_type".
    'fontenc': '\n'.join((
        r'\usepackage{fontspec}',
        r'\defaultfontfeatures[\rmfamily,\sffamily,\ttfamily]{}',
        r'\defaultfontfeatures[\ttfamily]{HyphenChar=None}',
    )),
}
# makeindex, not xindy: xindy is one more binary Debian ships separately.
latex_use_xindy = False
