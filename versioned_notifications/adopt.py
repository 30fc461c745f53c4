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

"""Adopting versioned-notifications where the extension was copied.

Nova, Watcher and others carry a copy of the same Sphinx extension,
``doc/ext/versioned_notifications.py``, which names what a project file
needs: the registry (``base.NovaObjectRegistry``), the notification base
(``issubclass(cls, notification.NotificationBase)``) and the sample
directory (``SAMPLE_ROOT``). :func:`find` reads them from its source
(never importing it), :func:`plan` makes the changes as
:class:`Change` objects, which the ``adopt`` command shows
(``--dry-run``) or makes:

* ``doc/notification_project.py`` (next to the copied extension's
  package, so the ``conf.py`` that imported it imports this too): the
  :class:`~versioned_notifications.project.NotificationProject`, with the
  samples no class names declared as ``events`` or ``variants``;
* ``setup.cfg``: a ``[versioned_notifications]`` section naming it;
* each ``conf.py`` that loads the copied extension: this one instead, and
  the settings it needs;
* ``tox.ini``: a ``samples`` environment, and ``versioned-notifications
  check`` in the ``docs`` one (CI's documentation job);
* the documentation requirements: this package;
* the copied extension, deleted.

Every file is read when planned and must be the same when written: a
file that changed meanwhile, or one that exists where a new file goes, is
refused, never overwritten.
"""

import ast
import dataclasses
import difflib
import os
import pathlib
import re

from versioned_notifications import catalog as vn_catalog
from versioned_notifications import confinement
from versioned_notifications import contracts
from versioned_notifications import errors
from versioned_notifications import project as vn_project
from versioned_notifications import samplefile

__all__ = ['AdoptError', 'Change', 'Legacy', 'Unclaimed', 'apply',
           'declare', 'find', 'plan']

EXTENSION = 'doc/ext/versioned_notifications.py'
PROJECT_MODULE = 'notification_project'
REQUIREMENT = 'versioned-notifications[sphinx]'
# Relative to the sample directory: the contracts beside the samples'
# directory, so that it keeps holding the samples only.
CONTRACTS_DIR = '../notification_contracts'
SETUP_CFG = 'setup.cfg'
TOX_INI = 'tox.ini'


class AdoptError(errors.VersionedNotificationsError):
    """The repository cannot be adopted as it is; the message says what
    was not found and what to pass or do."""


@dataclasses.dataclass
class Legacy:
    """What the copied extension and the documentation say."""

    root: pathlib.Path
    # The copied extension, and the module name conf.py loads it by.
    extension: pathlib.Path
    extension_module: str
    # 'module:Class' of the registry and of the notification base.
    registry: str
    notification_base: str
    # Modules that define the notification classes.
    modules: list
    # The sample directory, relative to the root ('/'-separated).
    sample_dir: str
    # The conf.py files loading the copied extension.
    confs: list


@dataclasses.dataclass(frozen=True)
class Unclaimed:
    """A sample file no notification class names, and what it becomes."""

    sample: str
    event_type: str | None
    # 'event' or 'variant' of ``notification``; None: left as it is (an
    # orphan), ``reason`` says why.
    kind: str | None
    notification: str | None = None
    reason: str = ''


@dataclasses.dataclass(frozen=True)
class Change:
    """One file to write (``new``) or delete (``new`` None), as it was
    read (``old``, None for a file that must not exist)."""

    path: pathlib.Path
    old: str | None
    new: str | None
    why: str

    def diff(self, root):
        name = self.path.relative_to(root).as_posix()
        if self.new is None:
            return 'delete %s (%s)\n' % (name, self.why)
        lines = difflib.unified_diff(
            (self.old or '').splitlines(keepends=True),
            self.new.splitlines(keepends=True),
            fromfile='a/%s' % name if self.old is not None else '/dev/null',
            tofile='b/%s' % name)
        return '# %s\n%s' % (self.why, ''.join(lines))


# Reading the copied extension.

def _bindings(tree):
    """{name bound by an import: the dotted thing it names}."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and not \
                node.level:
            for alias in node.names:
                found[alias.asname or alias.name] = '%s.%s' % (
                    node.module, alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    found[alias.asname] = alias.name
                else:
                    top = alias.name.split('.')[0]
                    found.setdefault(top, top)
    return found


def _dotted(node, bindings):
    """'module:Name' of an attribute ``alias.Name`` whose alias an import
    bound to a module, or None."""
    if isinstance(node, ast.Attribute) and isinstance(node.value,
                                                      ast.Name):
        module = bindings.get(node.value.id)
        if module:
            return '%s:%s' % (module, node.attr)
    return None


def _read_extension(path):
    """(registry, notification base, SAMPLE_ROOT) found in the source of a
    copied extension; None for what is not there."""
    try:
        tree = ast.parse(path.read_text('utf-8'), str(path))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError) as exc:
        raise AdoptError('%s cannot be read: %s' % (path, exc)) from None
    bindings = _bindings(tree)
    registry = base = sample_root = None
    for node in ast.walk(tree):
        if registry is None and isinstance(node, ast.Attribute) and \
                node.attr.endswith('Registry'):
            registry = _dotted(node, bindings)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id == 'issubclass' and len(node.args) == 2:
            base = base or _dotted(node.args[1], bindings)
        if isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == 'SAMPLE_ROOT'
                for target in node.targets) and isinstance(
                    node.value, ast.Constant) and isinstance(
                        node.value.value, str):
            sample_root = node.value.value
    return registry, base, sample_root


def _extension_list(tree):
    """The string constants of a conf.py's ``extensions`` list."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == 'extensions'
                for target in node.targets) and isinstance(
                    node.value, (ast.List, ast.Tuple)):
            return [item.value for item in node.value.elts
                    if isinstance(item, ast.Constant)
                    and isinstance(item.value, str)]
    return []


def find(root, extension=None, registry=None, notification_base=None,
         sample_dir=None):
    """The :class:`Legacy` of the repository at ``root``; what is given
    wins over what the copied extension says. An AdoptError names what
    cannot be found."""
    root = pathlib.Path(root)
    _refuse_adopted(root)
    path = root / (extension or EXTENSION)
    if not path.is_file():
        raise AdoptError(
            'no copied extension at %s: run adopt at the top of the '
            'repository, or name the copy with --extension PATH' % path)
    try:
        confinement.confine(path, root, 'repository')
    except confinement.OutsideError as exc:
        raise AdoptError(str(exc)) from None
    found_registry, found_base, sample_root = _read_extension(path)
    registry = registry or found_registry
    notification_base = notification_base or found_base
    sample_dir = sample_dir or sample_root
    missing = [what for what, value in (
        ('the registry (--registry MODULE:CLASS)', registry),
        ('the notification base (--notification-base MODULE:CLASS)',
         notification_base),
        ('the sample directory (--sample-dir DIR)', sample_dir))
        if not value]
    if missing:
        raise AdoptError('%s does not say %s: pass %s' % (
            path, ' and '.join(what.split(' (')[0] for what in missing),
            ', '.join(what.split(' (')[1].rstrip(')') for what in missing)))
    sample_dir = pathlib.PurePosixPath(sample_dir.strip('/')).as_posix()
    if not (root / sample_dir).is_dir():
        raise AdoptError('the sample directory %s does not exist; pass '
                         '--sample-dir DIR (relative to %s)'
                         % (root / sample_dir, root))
    # conf.py imports the copy as <package>.<module> from the directory
    # that holds its package: doc/ext/x.py -> ext.x.
    module = '%s.%s' % (path.parent.name, path.stem)
    confs = []
    for conf in sorted(root.glob('**/conf.py')):
        if any(part.startswith('.') for part in conf.relative_to(
                root).parts) or 'site-packages' in conf.parts:
            continue
        try:
            tree = ast.parse(conf.read_text('utf-8'))
        except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
            continue
        if module in _extension_list(tree):
            confs.append(conf)
    if not confs:
        raise AdoptError('no conf.py under %s loads %s (its "extensions" '
                         'list): nothing to replace' % (root, module))
    return Legacy(
        root=root, extension=path, extension_module=module,
        registry=registry, notification_base=notification_base,
        modules=[notification_base.split(':')[0].rpartition('.')[0]
                 or notification_base.split(':')[0]],
        sample_dir=sample_dir, confs=confs)


# The samples no class names.

def declare(legacy, project):
    """[:class:`Unclaimed`] of the sample files directly in the sample
    directory that no class of ``project`` names: a variant of the class
    that has a sample of the same event type and payload, else an event of
    the one class that carries its payload, else left as it is."""
    directory = legacy.root / legacy.sample_dir
    catalog = vn_catalog.load(project, directory)
    named = {entry.sample for entry in catalog.entries}
    resolver = samplefile.Resolver(directory)
    known = {}
    for entry in catalog.entries:
        event_type = entry.event_type or _event_type(
            directory / entry.sample, resolver)
        known.setdefault((entry.payload.obj_name(), event_type),
                         set()).add(entry.notification.__name__)
    carriers = {}
    for cls in vn_catalog.notification_subclasses(catalog.base):
        try:
            payload = vn_catalog.payload_class(cls)
        except vn_catalog.CatalogError:
            continue
        carriers.setdefault(payload.obj_name(), set()).add(cls.__name__)
    found = []
    for path in sorted(directory.glob('*.json')):
        name = path.name
        if name in named or contracts.is_contract(name):
            continue
        try:
            message = samplefile.read(path, resolver=resolver).message
        except samplefile.SampleFileError as exc:
            found.append(Unclaimed(name, None, None,
                                   reason='cannot be read: %s' % exc))
            continue
        event_type = message.get('event_type') if isinstance(
            message, dict) else None
        payload = _payload_name(message)
        if not isinstance(event_type, str) or payload is None:
            found.append(Unclaimed(name, None, None, reason=(
                'not a notification of the registry (no event type or '
                'payload class)')))
            continue
        same = sorted(known.get((payload, event_type), ()))
        classes = sorted(carriers.get(payload, ()))
        if len(same) == 1:
            found.append(Unclaimed(name, event_type, 'variant', same[0]))
        elif len(classes) == 1:
            found.append(Unclaimed(name, event_type, 'event', classes[0]))
        else:
            found.append(Unclaimed(name, event_type, None, reason=(
                '%s is carried by %s: declare it by hand' % (
                    payload, ' and '.join(classes) if classes
                    else 'no notification class'))))
    return found


def _event_type(path, resolver):
    try:
        message = samplefile.read(path, resolver=resolver).message
    except samplefile.SampleFileError:
        return None
    value = message.get('event_type') if isinstance(message, dict) else None
    return value if isinstance(value, str) else None


def _payload_name(message):
    payload = message.get('payload') if isinstance(message, dict) else None
    if not isinstance(payload, dict):
        return None
    names = [value for key, value in payload.items()
             if key.endswith('.name') and isinstance(value, str)]
    return names[0] if len(names) == 1 else None


# The changes.

def project_settings(legacy, unclaimed=(), contracts_dir=CONTRACTS_DIR):
    """The settings of the project file: {setting: value}."""
    settings = {
        'registry': legacy.registry,
        'notification_base': legacy.notification_base,
        'modules': list(legacy.modules),
        'sample_dir': legacy.sample_dir,
        'contracts_dir': contracts_dir,
    }
    events = {item.event_type: {'notification': item.notification,
                                'sample': item.sample}
              for item in unclaimed if item.kind == 'event'}
    variants = {}
    for item in unclaimed:
        if item.kind == 'variant':
            variants.setdefault(item.notification, []).append(item.sample)
    if events:
        settings['events'] = dict(sorted(events.items()))
    if variants:
        settings['variants'] = dict(sorted(variants.items()))
    return settings


def project(settings):
    """The NotificationProject of ``settings``."""
    return vn_project.load_project(dict(settings))


def _python(value, indent):
    """``value`` as Python source, nested dicts and lists one item a
    line."""
    pad = ' ' * indent
    if isinstance(value, dict) and value:
        items = ''.join('%s    %r: %s,\n' % (pad, key,
                                              _python(item, indent + 4))
                        for key, item in value.items())
        return '{\n%s%s}' % (items, pad)
    if isinstance(value, list) and value and len(repr(value)) > 60:
        items = ''.join('%s    %r,\n' % (pad, item) for item in value)
        return '[\n%s%s]' % (items, pad)
    return repr(value)


def _module_text(legacy, settings):
    service = legacy.registry.split('.')[0]
    lines = ['%s=%s,' % (key, _python(value, 4))
             for key, value in settings.items()]
    return ('"""%s\'s notifications, as versioned-notifications documents '
            'them.\n\nWritten by ``versioned-notifications adopt`` from the '
            'copied extension,\n%s. ``events`` and ``variants``\ndeclare '
            'the samples no notification class names.\n"""\n\n'
            'from versioned_notifications.project import '
            'NotificationProject\n\nPROJECT = NotificationProject(\n%s)\n'
            % (service, legacy.extension.relative_to(legacy.root).as_posix(),
               ''.join('    %s\n' % line for line in lines)))


def _read(path):
    try:
        return path.read_text('utf-8')
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise AdoptError('%s cannot be read: %s' % (path, exc)) from None


def _refuse_adopted(root):
    path = root / SETUP_CFG
    old = _read(path)
    if old is not None and re.search(r'^\[versioned_notifications\]',
                                     old, re.M):
        raise AdoptError('%s has a [versioned_notifications] section '
                         'already: the repository is adopted (run '
                         '"versioned-notifications generate" or "check"), '
                         'or remove the section to adopt again' % path)


def _setup_cfg(legacy, module_dir):
    path = legacy.root / SETUP_CFG
    old = _read(path)
    section = ('[versioned_notifications]\n'
               '# The notification project the versioned-notifications '
               'command documents\n# (%s/%s.py), imported from '
               'pythonpath.\nproject = %s:PROJECT\npythonpath = %s\n'
               % (module_dir, PROJECT_MODULE, PROJECT_MODULE, module_dir))
    new = (old.rstrip('\n') + '\n\n' if old else '') + section
    return Change(path, old, new, 'the project the command documents')


def _conf(legacy, conf, sample_dir_from_conf):
    old = _read(conf)
    pattern = re.compile(r'''(['"])%s\1''' % re.escape(
        legacy.extension_module))
    new, count = pattern.subn(r"\1versioned_notifications.sphinxext\1", old)
    if count != 1:
        raise AdoptError('%s names %s %d times; replace it by hand with '
                         '"versioned_notifications.sphinxext"'
                         % (conf, legacy.extension_module, count))
    block = (
        '\n# -- versioned-notifications '
        '------------------------------------------------\n'
        '# The notification reference (.. versioned_notifications::), from '
        'the\n# notification classes and the samples; %s.py, beside the\n'
        '# copied extension\'s package, names them.\n'
        'versioned_notifications_project = \'%s:PROJECT\'\n'
        'versioned_notifications_sample_dir = %r\n'
        'versioned_notifications_regenerate_command = \'tox -e samples\'\n'
        % (PROJECT_MODULE, PROJECT_MODULE, sample_dir_from_conf))
    return Change(conf, old, new.rstrip('\n') + '\n' + block,
                  'the extension replaced, and its settings')


def _section(text, name):
    """(start, end) of the ini section ``name`` in ``text``, or None."""
    match = re.search(r'^\[%s\]\s*$' % re.escape(name), text, re.M)
    if match is None:
        return None
    following = re.search(r'^\[', text[match.end():], re.M)
    return match.start(), (match.end() + following.start() if following
                           else len(text))


def _tox(legacy, notes):
    path = legacy.root / TOX_INI
    old = _read(path)
    if old is None:
        notes.append('no tox.ini: run "versioned-notifications check" in '
                     'CI yourself')
        return None
    new = old
    docs = _section(new, 'testenv:docs')
    if docs is not None:
        body = new[docs[0]:docs[1]]
        match = re.search(r'^(\s+)(\S*sphinx-build\b.*)$', body, re.M)
        if match and 'versioned-notifications check' not in body:
            line = '%sversioned-notifications check\n' % match.group(1)
            at = docs[0] + match.start()
            if body[match.start() - 1:match.start()] == '\n':
                new = new[:at] + line + new[at:]
            else:
                new = new[:at] + '\n' + line.lstrip('\n') + new[at:]
        elif not match:
            notes.append('tox.ini\'s docs environment runs no sphinx-build: '
                         'add "versioned-notifications check" to it')
    else:
        notes.append('tox.ini has no docs environment: run '
                     '"versioned-notifications check" in CI')
    if _section(new, 'testenv:samples') is None:
        deps = ('{[testenv:docs]deps}' if docs is not None else
                '-r{toxinidir}/doc/requirements.txt')
        new = new.rstrip('\n') + (
            '\n\n[testenv:samples]\n'
            '# Regenerates the samples (%s) from the\n# notification '
            'classes, keeping their data; "tox -e samples -- check"\n'
            '# only compares (the docs environment runs it).\n'
            'deps =\n  %s\n'
            'commands = versioned-notifications {posargs:generate}\n'
            % (legacy.sample_dir, deps))
    else:
        notes.append('tox.ini has a samples environment already: it is '
                     'left as it is')
    if new == old:
        return None
    return Change(path, old, new, 'the samples environment; the docs '
                  'environment checks them')


def _requirements(legacy, requirement):
    path = legacy.root / 'doc' / 'requirements.txt'
    old = _read(path)
    if old is not None and re.search(r'^versioned-notifications\b', old,
                                     re.M):
        return None
    new = (old if not old or old.endswith('\n') else old + '\n') if old \
        else ''
    new += '%s  # Apache-2.0\n' % requirement
    return Change(path, old, new, 'the extension and the command')


def plan(legacy, unclaimed=(), requirement=REQUIREMENT,
         contracts_dir=CONTRACTS_DIR):
    """([:class:`Change`], [note for the reviewer]) that adopt makes."""
    notes = []
    module_dir = legacy.extension.parent.parent
    module = module_dir / ('%s.py' % PROJECT_MODULE)
    if module.exists():
        raise AdoptError('%s exists already: the repository is adopted '
                         'already (or move that file away)' % module)
    relative_dir = module_dir.relative_to(legacy.root).as_posix()
    settings = project_settings(legacy, unclaimed, contracts_dir)
    changes = [Change(module, None, _module_text(legacy, settings),
                      'the project file')]
    changes.append(_setup_cfg(legacy, relative_dir))
    for conf in legacy.confs:
        changes.append(_conf(legacy, conf, os.path.relpath(
            legacy.root / legacy.sample_dir, conf.parent)))
    for change in (_tox(legacy, notes), _requirements(legacy,
                                                      requirement)):
        if change is not None:
            changes.append(change)
    changes.append(Change(legacy.extension, _read(legacy.extension), None,
                          'replaced by versioned_notifications.sphinxext'))
    for item in unclaimed:
        if item.kind is None:
            notes.append('%s is left as it is (an orphan): %s'
                         % (item.sample, item.reason))
    return changes, notes


def apply(changes):
    """Make ``changes``: each file must still be as it was read; refused
    all at once, before anything is written, when one is not."""
    for change in changes:
        if _read(change.path) != change.old:
            raise AdoptError('%s changed since adopt read it (or appeared): '
                             'nothing was written; run adopt again'
                             % change.path)
    for change in changes:
        if change.new is None:
            change.path.unlink()
            continue
        change.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = change.path.with_name('.%s.adopt' % change.path.name)
        temporary.write_text(change.new, 'utf-8')
        os.replace(temporary, change.path)


def reference_pages(root):
    """The pages under ``root``'s doc directory with the directive."""
    return sorted(path for path in pathlib.Path(root).glob('doc/**/*.rst')
                  if '.. versioned_notifications::' in path.read_text(
                      'utf-8', errors='replace'))
