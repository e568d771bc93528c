"""Free-text questions -> entities -> a task query ("哪些任务涉及黄河和总氮?").

Entities are found with the loaders' own extractor (gazetteer automaton plus patterns), so a
question recognises exactly the names a task sentence would. The extractor reads Chinese;
for questions in English, the gazetteer's English names and Latin-script aliases are matched
word by word ("tasks on the Yellow River and total nitrogen"). An entity the graph does not
hold under the found id (a pattern-made name) is looked up by its surface form instead.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Annotated, Literal, Protocol

from pydantic import Field

from policykg.errors import NodeNotFound
from policykg.graph.model import Node, NodeType
from policykg.graph.results import MatchMode, Span, TaskHit
from policykg.graph.store import GraphStore

__all__ = [
    "Answer",
    "EnglishNames",
    "MentionFinder",
    "QuestionReader",
    "match_mode",
    "normalise",
    "understand",
]

#: Between two names these join them: the question wants tasks naming both.
_JOINS_ALL = re.compile(r"和|与|及|并且|同时|以及|跟|\band\b|&", re.IGNORECASE)
#: These anywhere in the question ask for all of the names: "同时涉及黄河、长江".
_ASKS_ALL = re.compile(r"同时|都|均|\bboth\b|\ball of\b", re.IGNORECASE)
#: These between names ask for either.
_JOINS_ANY = re.compile(r"或|还是|\bor\b", re.IGNORECASE)


class _Mention(Protocol):
    """What the API reads of a loaders.extract.Found."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def surface(self) -> str: ...
    @property
    def entity_id(self) -> str: ...
    @property
    def type(self) -> NodeType: ...


class MentionFinder(Protocol):
    """loaders.extract.Extractor, as far as questions need it."""

    def extract(self, text: str) -> Sequence[_Mention]:
        """The entity mentions in `text`, with their spans.

        Args:
            text: the normalised question.
        """
        ...


@dataclass(frozen=True)
class _NameHit:
    """A Mention found by EnglishNames."""

    start: int
    end: int
    surface: str
    entity_id: str
    type: NodeType


_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.'-]*[A-Za-z0-9]|[A-Za-z0-9]")
_LATIN = re.compile(r"[A-Za-z]")
_PARENTHESIS = re.compile(r"\s*\([^)]*\)")
_MAX_NAME_WORDS = 8


class EnglishNames:
    """Entities by English name and Latin-script alias, matched leftmost-longest on words.

    Args:
        entities: the entities whose English names and Latin-script aliases are looked for (a name
            two of them share is left out).
    """

    def __init__(self, entities: Iterable[Node]) -> None:
        owners: dict[str, set[tuple[str, NodeType]]] = defaultdict(set)
        for node in entities:
            aliases = node.get("aliases") or []
            names = [node.get("name_en") or "", *(aliases if isinstance(aliases, list) else [])]
            for name in names:
                if not isinstance(name, str) or not _LATIN.search(name):
                    continue
                # "Ministry of Ecology and Environment (MEE)" also answers without "(MEE)".
                for variant in {name, _PARENTHESIS.sub("", name)}:
                    owners[_words_key(variant)].add((node.id, node.type))
        # A name two entities share names neither (Chaoyang District is in Beijing and Changchun).
        self.names = {key: next(iter(o)) for key, o in owners.items() if len(o) == 1 and key}

    def find(self, text: str) -> list[_NameHit]:
        """The English names in `text`, leftmost-longest, none overlapping.

        Args:
            text: the normalised question.
        """
        words = list(_WORD.finditer(text))
        hits: list[_NameHit] = []
        i = 0
        while i < len(words):
            for j in range(min(len(words), i + _MAX_NAME_WORDS), i, -1):
                key = " ".join(w.group().lower() for w in words[i:j])
                found = self.names.get(key)
                if found is not None:
                    start, end = words[i].start(), words[j - 1].end()
                    hits.append(_NameHit(start, end, text[start:end], found[0], found[1]))
                    i = j
                    break
            else:
                i += 1
        return hits


def _words_key(name: str) -> str:
    return " ".join(w.group().lower() for w in _WORD.finditer(unicodedata.normalize("NFKC", name)))


class QuestionReader:
    """The loaders' extractor, plus English names where the extractor found nothing.

    Args:
        extractor: the loaders' extractor.
        english: the English names to look for where the extractor found nothing.
    """

    def __init__(self, extractor: MentionFinder, english: EnglishNames) -> None:
        self.extractor, self.english = extractor, english

    def extract(self, text: str) -> list[_Mention]:
        """The extractor's mentions, and English names outside them, in text order.

        Args:
            text: the normalised question.
        """
        found: list[_Mention] = list(self.extractor.extract(text))
        if _LATIN.search(text):
            taken = [(f.start, f.end) for f in found]
            found += [
                h
                for h in self.english.find(text)
                if all(h.end <= a or h.start >= b for a, b in taken)
            ]
        return sorted(found, key=lambda m: (m.start, m.end))


@dataclass(frozen=True)
class _Detected:
    """An entity a question names, as /ask reports it."""

    id: str
    name: str
    type: NodeType
    surface: str
    span: Annotated[Span, Field(description="Character offsets in the (NFKC-normalised) question.")]
    resolved_by: Annotated[
        Literal["id", "search"],
        Field(
            description="`id`: the extractor's entity id is in the graph; `search`: found by name."
        ),
    ]


@dataclass(frozen=True)
class Answer:
    """/ask's answer: what the question named, and a page of the tasks touching it."""

    question: str
    match: MatchMode
    entities: tuple[_Detected, ...]
    unresolved: Annotated[
        tuple[str, ...], Field(description="Names detected in the question but not in the graph.")
    ]
    total: int
    limit: int
    offset: int
    items: tuple[TaskHit, ...]


def normalise(question: str) -> str:
    """The form the loaders give document text: NFKC (full-width ASCII -> ASCII), trimmed.

    Args:
        question: the question as asked.
    """
    return unicodedata.normalize("NFKC", question).strip()


def match_mode(text: str, spans: Sequence[tuple[int, int]]) -> MatchMode:
    """`all` when the question joins its names with 和/与/及/并且/同时/and, else `any`.

    Args:
        text: the normalised question.
        spans: (start, end) of the entity names found in it, in order.
    """
    if len(spans) < 2:
        return "any"
    gaps = [text[a_end:b_start] for (_, a_end), (b_start, _) in pairwise(spans)]
    if any(_JOINS_ANY.search(gap) for gap in gaps):
        return "any"
    if any(_JOINS_ALL.search(gap) for gap in gaps) or _ASKS_ALL.search(text):
        return "all"
    return "any"


def understand(question: str, extractor: MentionFinder, store: GraphStore) -> Answer:
    """The entities a question names (first mention of each) and how to combine them: the
    answer before any task is looked up (an empty page).

    Args:
        question: the question as asked.
        extractor: what finds entity names in it.
        store: the graph the names are resolved in.
    """
    text = normalise(question)
    detected: list[_Detected] = []
    unresolved: list[str] = []
    for found in extractor.extract(text):
        entity = _resolve(found, store)
        if entity is None:
            unresolved.append(found.surface)
        elif entity.id not in {d.id for d in detected}:
            detected.append(entity)
    spans = [d.span for d in detected]
    mode = match_mode(text, spans)
    return Answer(text, mode, tuple(detected), tuple(unresolved), 0, 0, 0, ())


def _resolve(found: _Mention, store: GraphStore) -> _Detected | None:
    try:
        node = store.get_node(found.entity_id)
    except NodeNotFound:
        hits = store.search_entities(found.surface, found.type, limit=1).items
        if not hits:
            return None
        hit = hits[0]
        span = (found.start, found.end)
        return _Detected(hit.id, hit.name, hit.type, found.surface, span, "search")
    return _Detected(node.id, node.name, node.type, found.surface, (found.start, found.end), "id")
