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

"""Regenerating composed samples and their fragments; variant samples.

A sample whose file on disk is composed (an object of it is
``{"$ref": "common_payloads/X.json#", <overrides>}``) stays composed when
it is regenerated: the new file refers to the same fragment, and its
overrides are exactly the difference between the generated value and the
(regenerated) fragment, computed by
:func:`~versioned_notifications.samplefile.decompose`.

Where the generated value lacks a key the fragment has, no override can
say so: that object is written in full, without ``$ref`` (the rest of the
sample stays composed), and ``check`` shows the change as a diff.

Fragments are the files the samples' (and variants') ``$ref`` reach. One
whose top-level ``<namespace>.name`` names a registered object class is
regenerated, composed the same way if it has ``$ref`` itself, from the
first object primitive of that class found in the generated samples'
payloads (samples from the project's examples first, then type-derived
ones, each by file name): the data the service itself sends. A class no
sample carries gets type-derived data
(:func:`versioned_notifications.typedata.build`). Other fragments are kept
as they are. Fragments are never orphans.
"""

import dataclasses
import json
import pathlib

from versioned_notifications import catalog as vn_catalog
from versioned_notifications import fieldtypes
from versioned_notifications import keeping
from versioned_notifications import samplefile
from versioned_notifications import typedata
from versioned_notifications import variants as vn_variants

__all__ = ['Composition', 'compose', 'fragment_data', 'recompose']


def recompose(value, raw, referrer, resolver):
    """``value`` written in the shape of ``raw`` (the file's existing
    content at the same place): every ``$ref`` of ``raw`` kept where the
    difference can be expressed."""
    if isinstance(raw, dict) and isinstance(raw.get(samplefile.REF), str) \
            and isinstance(value, dict):
        ref = raw[samplefile.REF]
        base, _ = resolver.fragment(ref, referrer)
        overrides = samplefile.decompose(value, base)
        if overrides is samplefile.INEXPRESSIBLE:
            return value
        composed = dict(overrides, **{samplefile.REF: ref})
        # The overrides keep the "$ref" written among them (Nova's
        # InstanceExistsPayload fragment: InstancePayload.json with
        # "audit_period": {"$ref": "AuditPeriodPayload.json#"}), when
        # they still read back as ``value``.
        siblings = {key: item for key, item in raw.items()
                    if key != samplefile.REF}
        if samplefile.references(siblings):
            nested = dict(recompose(overrides, siblings, referrer, resolver),
                          **{samplefile.REF: ref})
            if samplefile.same(resolver.resolve(nested, referrer,
                                                (referrer,)), value):
                composed = nested
        return composed
    if isinstance(raw, dict) and isinstance(value, dict):
        return {key: recompose(item, raw.get(key), referrer, resolver)
                for key, item in value.items()}
    if isinstance(raw, list) and isinstance(value, list) and len(
            raw) == len(value):
        return [recompose(item, old, referrer, resolver)
                for item, old in zip(value, raw, strict=True)]
    return value


def _objects(value):
    """Object primitives in ``value``, outermost first."""
    queue = [value]
    while queue:
        item = queue.pop(0)
        if isinstance(item, dict):
            yield item
            queue.extend(item.values())
        elif isinstance(item, list):
            queue.extend(item)


def _object_class(raw):
    """The registered class a fragment's top-level ``<ns>.name`` names."""
    if not isinstance(raw, dict):
        return None
    for key, name in sorted(raw.items()):
        if not (key.endswith('.name') and isinstance(name, str)):
            continue
        try:
            cls = vn_catalog.newest(name)
        except vn_catalog.CatalogError:
            continue
        if cls._obj_primitive_key('name') == key:
            return cls
    return None


def fragment_data(cls, samples):
    """The primitive of ``cls`` a fragment is regenerated with, and
    whether the project's code sent it: the first one the project's
    examples send (by sample name), else derived from the types (which
    the fragment's own data is then kept over)."""
    key = cls._obj_primitive_key('name')
    ordered = sorted(samples, key=lambda s: (s.source != 'example', s.name))
    for sample in ordered:
        if sample.source != 'example':
            break
        for item in _objects(sample.message.get('payload')):
            if item.get(key) == cls.obj_name():
                return item, True
    return typedata.derived_primitive(cls), False


@dataclasses.dataclass
class Composition:
    # Samples, their text composed where the file on disk is.
    samples: list
    # (name, text) of each regenerated fragment, by name.
    fragments: list
    # Fragment names kept as they are (no registered class).
    kept: list
    # {variant file name: notification class name}.
    variants: dict
    # [(file name, message)]: fragments or samples that cannot be
    # composed.
    errors: list
    # Variant problems: [message naming the file and what to do].
    problems: list


def compose(catalog, samples, directory, validator=None,
            keeper=None):
    """The :class:`Composition` of the generated ``samples`` over the
    sample directory ``directory``, whose files are only read; the
    variants' values are checked by ``validator``
    (:class:`~versioned_notifications.validation.SampleValidator`) when
    given, the fragments' data kept by ``keeper``
    (:class:`~versioned_notifications.keeping.Keeper`; by default one of
    its own)."""
    root = pathlib.Path(directory)
    result = Composition(samples=list(samples), fragments=[], kept=[],
                         variants={}, errors=[], problems=[])
    if not root.is_dir():
        return result
    resolver = samplefile.Resolver(root)
    if keeper is None:
        keeper = keeping.Keeper(
            fieldtypes.Describer.for_project(catalog.project))
    generated = {sample.name for sample in samples}
    variants = {entry.sample: entry for entry in catalog.entries
                if entry.variant and entry.sample not in generated}
    result.variants = {name: entry.notification.__name__
                       for name, entry in variants.items()}

    # Existing composed samples and variants, and the fragments they reach
    # (dependencies first).
    composed, order, seen = {}, [], set()

    def reach(path, raw):
        for ref in samplefile.references(raw):
            target, _ = resolver.target(ref, path)
            if target in seen:
                continue
            seen.add(target)
            reach(target, resolver.parsed(target, path, ref))
            order.append(target)

    for name in sorted(generated) + list(result.variants):
        path = resolver.root / name
        try:
            raw = resolver.parsed(path)
        except samplefile.SampleFileError:
            # Missing or broken: written uncomposed, or (a variant)
            # reported by its check below.
            continue
        try:
            reach(path, raw)
        except samplefile.SampleFileError as exc:
            result.errors.append((name, str(exc)))
            continue
        if name in generated and samplefile.references(raw):
            composed[name] = raw

    for target in order:
        name = resolver.relative(target)
        raw = resolver.parsed(target)
        cls = _object_class(raw)
        if cls is None:
            result.kept.append(name)
            continue
        try:
            data, sent = fragment_data(cls, samples)
            if not sent:
                # The fragment's own data, as far as the class still
                # takes it: the samples and variants over it show it.
                # (Another sample's values would not do: its list may be
                # empty where the fragment's is not.)
                data = keeper.keep_object(
                    name, (), data, resolver.resolve(raw, target, (target,)),
                    cls)
            new = recompose(data, raw, target, resolver)
            text = samplefile.serialize(new)
        except (samplefile.SampleFileError, typedata.TypeDataError,
                ValueError) as exc:
            result.errors.append((name, str(exc)))
            continue
        # Later fragments and the samples see the regenerated content.
        resolver.replace(target, new)
        result.fragments.append((name, text))

    failed = {name for name, _ in result.errors}
    for index, sample in enumerate(result.samples):
        if sample.name not in composed:
            continue
        if sample.name in failed:
            continue
        path = resolver.root / sample.name
        try:
            new = recompose(sample.message, composed[sample.name], path,
                            resolver)
            # Data that itself holds a "$ref" string would be read as a
            # reference: such a sample is written uncomposed.
            if not samplefile.same(resolver.resolve(new, path, (path,)),
                                   sample.message):
                new = sample.message
        except samplefile.SampleFileError as exc:
            result.errors.append((sample.name, str(exc)))
            continue
        result.samples[index] = dataclasses.replace(sample,
                                                    text=samplefile.serialize(new))

    for name, entry in variants.items():
        result.problems.extend(vn_variants.problems(
            entry, resolver.root / name, resolver, validator))
    # Only what the samples as written now (and the variants) reach stays
    # a fragment: one they no longer reach is an orphan in this run, not
    # only in the next.
    reached = set()
    written = {sample.name: json.loads(sample.text)
               for sample in result.samples if sample.name in composed}
    failed = {name for name, _ in result.errors}
    for name in sorted(set(composed) | set(variants)):
        path = resolver.root / name
        raw = written.get(name) if name not in failed else None
        try:
            if raw is None:
                raw = resolver.parsed(path)
        except samplefile.SampleFileError:
            # Reported already: a failed sample or an invalid variant.
            continue
        # Also the fragments of a sample or variant that cannot be
        # resolved (reported already): pruning them would lose its data.
        reached |= resolver.reachable(path, raw)
    result.fragments = sorted(
        (name, text) for name, text in result.fragments
        if resolver.root / name in reached)
    result.kept = sorted(name for name in result.kept
                         if resolver.root / name in reached)
    return result
