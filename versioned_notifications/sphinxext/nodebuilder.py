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

"""The reference's section bodies, built while reading as one
:class:`~versioned_notifications.sphinxext.bodynode.reference_body` each.

This is the default rendering: the same content the built-in templates
describe (``templates/*.rst.jinja``, used instead when a project sets
``versioned_notifications_template_dir``), without writing and re-parsing
reStructuredText and without a node per table cell (see
:mod:`~versioned_notifications.sphinxext.bodynode` for why). Only field
descriptions with markup are parsed, as inline text, into a paragraph each
(and sanitized: :mod:`~versioned_notifications.sphinxext.descriptions`).

Text that Sphinx would typographically quote (descriptions, version
history) is quoted here, once, as Sphinx's SmartQuotes transform would have
done it, because that transform only sees text nodes.
"""

import functools
import re

from docutils import nodes
from docutils.utils import normalize_language_tag
from docutils.utils import smartquotes
from sphinx.transforms import SphinxSmartQuotes

from versioned_notifications.sphinxext import bodynode as body
from versioned_notifications.sphinxext import collapsible
from versioned_notifications.sphinxext import descriptions

# Characters that may start inline markup; a description without any is
# plain text and needs no parsing.
_MARKUP = re.compile(r'[`*_|\[\]<>:\\]')
# What SmartQuotes may change: quotes, dashes, ellipses.
_QUOTABLE = re.compile(r'[\'"`]|--|\.\.\.')
NO_HISTORY = ('No ', (body.LITERAL, '# Version'),
              ' history in the class source.')


def quote_educator(document, config):
    """A function that quotes plain text as Sphinx's SmartQuotes transform
    would in ``document`` (the identity where it would not run)."""
    if not SphinxSmartQuotes(document, None).is_available():
        return str
    language = document.settings.language_code
    setting = document.settings.smart_quotes
    if isinstance(setting, str) and setting.startswith('alt'):
        language = '-x-altquot'.join(language.split('-'))
    for tag in normalize_language_tag(language):
        if tag in smartquotes.smartchars.quotes:
            language = tag
            break
    action = config.smartquotes_action

    @functools.lru_cache(maxsize=1024)
    def educate(text):
        if not _QUOTABLE.search(text):
            return text
        return next(smartquotes.educate_tokens(
            [('plain', text)], attr=action, language=language))

    return educate


class _Body:
    """Collects one reference_body's blocks, children and words."""

    def __init__(self, docname):
        self.blocks = []
        self.children = []
        self.parts = 0
        self.words = []
        self.docname = docname

    def child(self, node):
        """Adds a child that a part refers to; returns its index."""
        self.children.append(node)
        self.parts += 1
        return self.parts - 1

    def add(self, *block):
        self.blocks.append(block)

    def note_words(self, parts):
        for part in parts:
            if isinstance(part, str):
                self.words.append(part)
            elif isinstance(part[1], str):
                self.words.append(part[1])

    def node(self):
        node = body.reference_body(blocks=self.blocks, docname=self.docname)
        node += nodes.Text(' '.join(word for word in self.words if word))
        node.extend(self.children)
        return node


class NodeBuilder:
    def __init__(self, directive):
        self.directive = directive
        self.docname = directive.env.docname
        self.educate = quote_educator(directive.state.document,
                                      directive.config)

    def event_body(self, event):
        result = _Body(self.docname)
        for variant in event.variants:
            if len(event.variants) > 1:
                result.add(body.RUBRIC,
                           ((body.LITERAL, variant.sample.name),))
            facts = [
                ('Priority', ((body.LITERAL, variant.priority),)),
                ('Notification', ((body.LITERAL, variant.notification.name),
                                  ' version %s'
                                  % variant.notification.version)),
                ('Payload', ((body.PAYLOAD, variant.payload.name),
                             ' version %s' % variant.payload.version)),
                (_sample_label(variant.sample) + ' file',
                 ((body.LITERAL, variant.sample.name),)),
            ]
            if event.schema is not None:
                facts.append(('Message schema',
                              ((body.SCHEMA, event.schema.name),)))
            if variant.payload.schema is not None:
                facts.append(('Payload schema',
                              ((body.SCHEMA, variant.payload.schema.name),)))
            self.facts(result, facts)
            self.field_table(result, variant.payload)
            result.add(body.RUBRIC, ('Version history',))
            result.add(body.HISTORY, tuple(
                (((body.LITERAL, cls.name),
                  ' (current version %s)' % cls.version),
                 self.history_entries(result, cls))
                for cls in (variant.notification, variant.payload)))
            self.sample(result, variant.sample)
        return [result.node()]

    def payload_body(self, payload):
        result = _Body(self.docname)
        facts = [('Version', (payload.version,))]
        if payload.schema is not None:
            facts.append(('Schema', ((body.SCHEMA, payload.schema.name),)))
        self.facts(result, facts)
        self.field_table(result, payload)
        result.add(body.RUBRIC, ('Version history',))
        result.add(body.HISTORY,
                   ((None, self.history_entries(result, payload)),))
        return [result.node()]

    def facts(self, result, pairs):
        for label, parts in pairs:
            result.words.append(label)
            result.note_words(parts)
        result.add(body.FACTS, tuple(pairs))

    def history_entries(self, result, cls):
        entries = tuple(
            (self.educate('%s: %s' % (version, text)),)
            for version, text in cls.history)
        for entry in entries:
            result.words.extend(entry)
        return entries or (NO_HISTORY,)

    def description(self, result, text):
        if not text:
            return ()
        if not _MARKUP.search(text):
            text = self.educate(text)
            result.words.append(text)
            return (text,)
        inline, messages = self.directive.state.inline_text(
            text, self.directive.lineno)
        inline, reasons = descriptions.sanitize(inline)
        descriptions.warn(reasons, (self.docname, self.directive.lineno))
        index = result.child(nodes.paragraph(text, '', *inline))
        result.children.extend(messages)
        return ((body.CHILD, index),)

    def field_table(self, result, payload):
        rows = []
        for field in payload.fields:
            result.words.append(field.name)
            result.note_words(field.type_parts)
            rows.append((
                ((body.LITERAL, field.name),),
                field.type_parts,
                ('yes' if field.nullable else 'no',),
                (((body.LITERAL, field.default),)
                 if field.default is not None else ()),
                self.description(result, field.description),
            ))
        result.add(body.FIELDS, tuple(rows))

    def sample(self, result, sample):
        # As a code-block would show it: without the final newline.
        text = sample.text.rstrip('\n')
        block = nodes.literal_block(text, text, language='json',
                                    classes=[collapsible.SAMPLE_CLASS])
        block['highlight_args'] = {}
        self.directive.set_source_info(block)
        result.add(body.SAMPLE, (_sample_label(sample) + ': ',
                                 (body.LITERAL, sample.name)),
                   result.child(block))


def _sample_label(sample):
    # A declared variant is hand-written, not generated: say so.
    return 'Variant sample' if sample.variant else 'Sample'
