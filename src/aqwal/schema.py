"""The public contract: label inventories and the features of every published config.

ClassLabel names are published in exactly these orders; notebooks, exports and users rely on
them, so a list here is only ever appended to.
"""
from datasets import ClassLabel, Features, List, Value

SECTIONS = ["dateline", "navigation", "kicker", "headline", "teaser", "body", "byline",
            "comment_form", "spam"]
EDITORIAL_SECTIONS = frozenset({"kicker", "headline", "teaser", "body"})
ENTITY_TYPES = ["PER", "ORG", "GPE", "LOC", "NORP", "DATE"]
MENTION_KINDS = ["name", "nominal", "pronoun"]
QUOTE_TYPES = ["direct", "indirect", "mixed"]
STANCES = ["none", "favor", "against"]
MARK_USES = ["name", "unpaired"]
NER_TAGS = ["O"] + [f"{prefix}-{t}" for t in ENTITY_TYPES for prefix in ("B", "I")]

QUOTATION_MARKS = frozenset("\u201c\u201d\u00ab\u00bb\"")
AUTHOR = "author"
STANCE_TARGET = "Algerian–Russian security cooperation"

_SPAN = {"start": Value("int32"), "end": Value("int32"), "text": Value("string")}

FEATURES = {
    "documents": Features({
        "doc_id": Value("string"),
        "text": Value("string"),
        "sha256": Value("string"),
        "language": Value("string"),
        "publisher": Value("string"),
        "publisher_en": Value("string"),
        "page_date": Value("string"),
        "url": Value("string"),
        "url_note": Value("string"),
        "publication_date": Value("string"),
        "publication_date_note": Value("string"),
        "num_sentences": Value("int32"),
    }),
    "sentences": Features({
        "id": Value("string"),
        "doc_id": Value("string"),
        "paragraph": Value("int32"),
        "index": Value("int32"),
        "section": ClassLabel(names=SECTIONS),
        "start": Value("int32"),
        "end": Value("int32"),
        "text": Value("string"),
        "text_en": Value("string"),
        "tokens": List(Value("string")),
        "token_spans": List({"start": Value("int32"), "end": Value("int32")}),
        "ner_tags": List(ClassLabel(names=NER_TAGS)),
        "entities": List({**_SPAN, "label": ClassLabel(names=ENTITY_TYPES),
                          "entity_id": Value("string")}),
        "quote_ids": List(Value("string")),
        "stance": ClassLabel(names=STANCES),
        "stance_holder": List(Value("string")),
        "stance_rationale": Value("string"),
    }),
    "quotes": Features({
        "id": Value("string"),
        "doc_id": Value("string"),
        "sentence_id": Value("string"),
        "type": ClassLabel(names=QUOTE_TYPES),
        "content": List(_SPAN),
        "cue": _SPAN,
        "source": _SPAN,
        "speaker_ids": List(Value("string")),
        "parent_id": Value("string"),
        "marked": Value("bool"),
        "stance": ClassLabel(names=STANCES),
        "stance_rationale": Value("string"),
    }),
    "entities": Features({
        "entity_id": Value("string"),
        "doc_id": Value("string"),
        "type": ClassLabel(names=ENTITY_TYPES),
        "name": Value("string"),
        "name_en": Value("string"),
        "mentions": List({**_SPAN, "sentence_id": Value("string"),
                          "kind": ClassLabel(names=MENTION_KINDS)}),
    }),
}
CONFIGS = list(FEATURES)
DEFAULT_CONFIG = "sentences"
SPLIT = "train"

DESCRIPTIONS = {
    "documents": {
        "doc_id": "Document id: the seed file's stem.",
        "text": "The verbatim page text; every offset in `quotes` and `entities` indexes it.",
        "sha256": "SHA-256 of the seed file, checked at every build.",
        "language": "Language of the text (BCP-47).",
        "publisher": "Publisher's name as printed on the page.",
        "publisher_en": "Publisher's name in English.",
        "page_date": "The date shown on the saved page (not the article's publication date).",
        "url": "Original URL, or null when unknown.",
        "url_note": "What is known about the URL.",
        "publication_date": "The article's publication date, or null when unknown.",
        "publication_date_note": "What is known about the publication date.",
        "num_sentences": "Number of sentence records of the document.",
    },
    "sentences": {
        "id": "Record id `<doc_id>:p<paragraph>s<index>`.",
        "doc_id": "The document it belongs to.",
        "paragraph": "1-based paragraph (non-empty line of the page).",
        "index": "1-based position of the record in its paragraph.",
        "section": "Part of the page: editorial text or boilerplate.",
        "start": "Start offset in the document text.",
        "end": "End offset (exclusive) in the document text.",
        "text": "The record's verbatim text: `documents.text[start:end]`.",
        "text_en": "Gold English translation.",
        "tokens": "Whitespace/punctuation tokens (proclitics not split).",
        "token_spans": "Offsets of each token in `text`.",
        "ner_tags": "BIO tag per token (ANERcorp/Wojood convention: the whole token is tagged).",
        "entities": "Named-entity spans (exact name, proclitics excluded) in `text`, with type and entity id.",
        "quote_ids": "Ids of the `quotes` whose cue is in this record.",
        "stance": "Stance the record expresses toward Algerian–Russian security cooperation.",
        "stance_holder": "Who holds that stance: entity ids, or `author`.",
        "stance_rationale": "Why, for every stance that is not `none`.",
    },
    "quotes": {
        "id": "Attribution id.",
        "doc_id": "The document it belongs to.",
        "sentence_id": "The sentence record holding it.",
        "type": "direct (all content in quotation marks), indirect (none), mixed (part).",
        "content": ("What is attributed: one or more spans in the document text (it may continue "
                    "into later records)."),
        "cue": "The word or sign that attributes (verb of saying, `حسب`, a headline colon).",
        "source": "The mention that says it, or null when unexpressed.",
        "speaker_ids": ("Entity ids of the speakers (two when a pair speaks together; empty when the "
                        "source is not an entity, e.g. 'reports')."),
        "parent_id": "The enclosing attribution of a nested one, or null.",
        "marked": "Whether any content span is inside quotation marks.",
        "stance": "The speaker's stance toward Algerian–Russian security cooperation.",
        "stance_rationale": "Why, for every stance that is not `none`.",
    },
    "entities": {
        "entity_id": "Entity id `<doc_id>:<slug>`.",
        "doc_id": "The document it belongs to.",
        "type": "Entity type.",
        "name": "Canonical Arabic name (or description, for an unnamed person).",
        "name_en": "English name; translations spell it exactly so.",
        "mentions": "Every mention in the document text, with its sentence and kind (name, nominal, pronoun).",
    },
}
