"""Entity mentions of one task sentence: gazetteer hits plus pattern hits, without overlaps.

Gazetteer hits come from a leftmost-longest Aho-Corasick automaton; patterns (loaders/patterns.py)
find instruments, programmes and regions no gazetteer lists, told where the gazetteer's Region
names are so that a leading region is split off a name. Where two candidates overlap, the longer
wins, and on equal length the gazetteer wins. Proper names are opaque; descriptive names are
transparent: the names inside them are mentions too (data/gold/GUIDELINES.md, Decisions 2 and 6):

- a descriptive programme or instrument (pattern-made, or a gazetteer name about its subject:
  全面加强黄河流域生态环境保护行动方案, 农村黑臭水体歼灭战, 生态工业园区) contains Regions,
  Pollutants, Sectors and Agencies, never another Program or Instrument;
- a pollutant named after its source contains that Sector (餐饮油烟 -> 餐饮); a Sector at the
  end of a pollutant's name is the product that became waste (报废汽车), not a mention.

Every step is linear in the sentence's length: the kept patterns are marked on one occupancy
array (one pattern among a few hits is compared with each), the hits a pattern meets and the
drafting verbs are found by bisection, and the agency-role notes are found from their trigger
words back to the clause break. A unit longer than MAX_UNIT_CHARS is refused with UnitTooLong
rather than extracted slowly.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from functools import partial
from typing import NamedTuple

from policykg.errors import PolicyKGError
from policykg.graph.model import MENTION_REL_BY_TYPE, Node, NodeType, Rel
from policykg.loaders.actions import (
    DRAFTING_VERBS,
    REVISING_VERBS,
    SCANNED_VERBS,
    BatchVerbs,
    VerbHit,
    verb_matches,
    verbs_as_matches,
)
from policykg.loaders.agency_patterns import HEAD_TAILS, ends_inside_head
from policykg.loaders.gazetteer import NAMES_INSIDE, Gazetteer, SurfaceForms, transparent
from policykg.loaders.matcher import Batch, Hit, Match, Matcher, is_word_char
from policykg.loaders.patterns import OPAQUE_RULES, PatternHit, Prescan, patterns_with, prescan

__all__ = ["BATCH_CHARS", "MAX_UNIT_CHARS", "Extractor", "Found", "UnitTooLong"]

#: The longest unit extract() takes: about 3 MB of UTF-8 Chinese, far beyond any sentence or
#: article, still seconds of work; a caller splits a longer text first.
MAX_UNIT_CHARS = 1_000_000
_LEAD_WORD = "牵头"
_SHARE_WORDS = ("按职责分工负责", "配合", "参与")
_LEAD_RE = re.compile(_LEAD_WORD)
_SHARE_RE = re.compile("等?(?:" + "|".join(_SHARE_WORDS) + ")")
_ROLE_BREAKS = ",;()"
_CLAUSE_BREAK = frozenset(",;。!?:()")
_CLAUSE_BREAK_RE = re.compile("[" + re.escape("".join(sorted(_CLAUSE_BREAK))) + "]")

# (start, end, source rank: 0 gazetteer / 1 pattern, the hit itself: a gazetteer hit is its Found)
_Candidate = tuple[int, int, int, "Found | PatternHit"]
# the lexicon verbs of a text in text order, as actions.verb_matches gives them
_Verbs = Sequence[Match]
# where a text's verbs come from when they are needed (None: actions.verb_matches of the text)
_VerbSource = Callable[[], _Verbs] | None
# a name inside a descriptive name: (start, end) relative to it, surface, entity id
_Inner = tuple[int, int, str, str]

# enum members as module constants: a member looked up on its Enum class costs about 0.4 µs
_INSTRUMENT, _AGENCY = NodeType.INSTRUMENT, NodeType.AGENCY
_CITES = Rel.CITES
# What a gazetteer hit tells extract() before any pattern is looked for (bit flags).
# _IN_CONTEXT: relation or role from the text; _IS_AGENCY: may end inside a longer agency head
_IS_REGION, _HOLDS_NAMES, _IN_CONTEXT, _IS_AGENCY = 1, 2, 4, 8
_NOT_PLAIN = 16  # a blocked or Latin surface's match: the matcher's checks decide
_new = tuple.__new__  # builds a Found without NamedTuple's Python-level __new__
_REL_BY_TYPE = dict(MENTION_REL_BY_TYPE)
# the relation a verb gives a following instrument, by its index in the verb scan
_REL_BY_VERB: tuple[Rel | None, ...] = tuple(
    Rel.REVISES if v in REVISING_VERBS else Rel.DRAFTS if v in DRAFTING_VERBS else None
    for v in SCANNED_VERBS
)


class UnitTooLong(PolicyKGError):
    """A unit handed to extract() is longer than MAX_UNIT_CHARS.

    Args:
        length: the unit's length in characters.
        limit: the longest unit extract() takes.
    """

    def __init__(self, length: int, limit: int = MAX_UNIT_CHARS) -> None:
        self.length, self.limit = length, limit
        super().__init__(
            f"a unit of {length:,} characters is longer than the {limit:,} extract() takes; "
            "split the text into sentences or paragraphs first"
        )


class Found(NamedTuple):
    """One mention, offsets relative to the sentence (a tuple: built once per mention)."""

    start: int
    end: int
    surface: str
    entity_id: str
    type: NodeType
    rel: Rel
    role: str | None = None
    new_entity: Node | None = None  # set when a pattern names something no gazetteer lists


class Extractor:
    """Built once per gazetteer (the automaton is the costly part), then called per sentence.

    Args:
        gazetteer: the entities to find.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.matcher = Matcher(gazetteer.surface_forms)
        self.types: Mapping[str, NodeType] = {n.id: n.type for n in gazetteer.entities}
        self.holds: Mapping[str, frozenset[NodeType]] = {
            n.id: NAMES_INSIDE[n.type] for n in gazetteer.entities if transparent(n)
        }
        self._holds_names: dict[str, bool] = {}  # surface -> whether any name lies inside
        self._inside: dict[str, list[_Inner]] = {}  # surface -> the names it holds
        self._regions = frozenset(n.id for n in gazetteer.entities if n.type is NodeType.REGION)
        self._flags: dict[str, int] = {
            n.id: (n.type is NodeType.REGION and _IS_REGION)
            | (n.id in self.holds and _HOLDS_NAMES)
            | (n.type in (_INSTRUMENT, _AGENCY) and _IN_CONTEXT)
            | (n.type is _AGENCY and _IS_AGENCY)
            for n in gazetteer.entities
        }
        # entity id -> the rest of a Found after a hit's (start, end, surface, entity id)
        self._tails: dict[str, tuple[NodeType, Rel, None, None]] = {
            n.id: (n.type, _REL_BY_TYPE[n.type], None, None) for n in gazetteer.entities
        }
        # by the matcher's surface index: a match's flags (_NOT_PLAIN for a blocked or Latin
        # surface) and, for a plain one, the rest of its Found after (start, end)
        matcher = self.matcher
        self._scan = matcher.scanner
        self._flag_at: list[int] = []
        self._found_at: list[tuple[object, ...]] = []  # () for a surface that is not plain
        for surface, entity, plain in zip(
            matcher.surfaces, matcher.entity_ids, matcher.plain, strict=True
        ):
            if plain and entity is not None:
                self._flag_at.append(self._flags[entity])
                self._found_at.append((surface, entity, *self._tails[entity]))
            else:
                self._flag_at.append(_NOT_PLAIN)
                self._found_at.append(())

    def with_entities(self, surfaces: Mapping[str, Node]) -> Extractor:
        """This extractor, also finding `surfaces` (surface -> entity), for one document's terms.

        Args:
            surfaces: surface -> the entity it names.
        """
        forms = self.gazetteer.surface_forms
        new = {node.id: node for node in surfaces.values()}
        gazetteer = replace(
            self.gazetteer,
            entities=self.gazetteer.entities + tuple(new.values()),
            surface_forms=SurfaceForms(
                {**forms, **{s: n.id for s, n in surfaces.items()}}, forms.blocked
            ),
        )
        return Extractor(gazetteer)

    def extract(self, text: str, verbs: list[VerbHit] | None = None) -> list[Found]:
        """Mentions in `text`; pass `verbs` (find_verbs(text)) when the caller has them already.

        Args:
            text: the text to scan (at most MAX_UNIT_CHARS characters, else UnitTooLong).
            verbs: find_verbs(text), when the caller has it (None: found here).
        """
        if len(text) > MAX_UNIT_CHARS:
            raise UnitTooLong(len(text))
        if verbs is None:  # most sentences need no verbs: found when needed
            return self._mentions(text, self._scan(text), None, None)
        known = verbs_as_matches(verbs)
        return self._mentions(text, self._scan(text), lambda: known, None)

    def extract_many(
        self, texts: Sequence[str], verbs: Sequence[list[VerbHit]] | None = None
    ) -> list[list[Found]]:
        """extract() of every text, the same mentions, with one scan per batch of texts for the
        names, the name heads and the verbs instead of one per text (a call into the automaton
        costs as much as scanning a short sentence).

        Args:
            texts: the texts (each at most MAX_UNIT_CHARS characters, else UnitTooLong, raised
                before any is extracted).
            verbs: find_verbs of each text, when the caller has them (None: found here).
        """
        for text in texts:
            if len(text) > MAX_UNIT_CHARS:
                raise UnitTooLong(len(text))
        if verbs is not None and len(verbs) != len(texts):
            raise ValueError(f"{len(verbs)} verb lists for {len(texts)} texts")
        out: list[list[Found]] = []
        mentions, scan = self._mentions, self._scan
        for lo, hi in _batches(texts):
            batch = Batch(texts[lo:hi])
            # the name matches of each text, as extract() scans them, from one scan of the batch
            names = batch.matches(scan) if self.matcher.joinable else None
            scans = prescan(batch)
            verbs_at = BatchVerbs(batch).of if verbs is None else partial(_item, verbs, lo)
            for k, text in enumerate(batch.texts):
                scanned = None if scans is None else (scans, k)
                matches = scan(text) if names is None else names.of(k)
                out.append(mentions(text, matches, partial(verbs_at, k), scanned))
        return out

    def _mentions(
        self,
        text: str,
        matches: Sequence[Match],
        verbs_of: _VerbSource,
        scanned: tuple[Prescan, int] | None,
    ) -> list[Found]:
        """The mentions of one text, given the matcher's scan of it."""
        flag_at, found_at, marks = self._flag_at, self._found_at, 0
        regions = []
        # every match as a plain hit's Found, in the same pass (unused on the rare checked path)
        hits = []
        for i, start, end in matches:
            hits.append(_new(Found, (start, end) + found_at[i]))
            flag = flag_at[i]
            if flag:
                marks |= flag
                if flag & _IS_REGION:
                    regions.append((start, end))
        if marks & _NOT_PLAIN or (
            marks & _IS_AGENCY
            and any(m[2] < len(text) and text[m[2]] in HEAD_TAILS for m in matches)
        ):
            # a surface to check, or an agency name that may end inside a head: by hits
            return self._mentions_of_hits(
                text, self.matcher.hits_of(text, matches), verbs_of, scanned
            )
        patterns, found_verbs = patterns_with(text, verbs_of, regions, scanned)
        verbs = verbs_of if found_verbs is None else found_verbs
        if not patterns and not marks & _HOLDS_NAMES:
            return self._in_context(text, verbs, hits) if marks & _IN_CONTEXT else hits
        return self._resolved(text, hits, marks, patterns, verbs)

    def _mentions_of_hits(
        self,
        text: str,
        hits: list[Hit],
        verbs_of: _VerbSource,
        scanned: tuple[Prescan, int] | None,
    ) -> list[Found]:
        """The mentions of one text, given its gazetteer hits."""
        flags, marks = self._flags, 0
        regions = []
        for hit in hits:
            flag = flags[hit[3]]
            if flag:
                marks |= flag
                if flag & _IS_REGION:
                    regions.append((hit[0], hit[1]))
        if marks & _IS_AGENCY and any(h[1] < len(text) and text[h[1]] in HEAD_TAILS for h in hits):
            kept = self._whole_names(text, hits)
            if len(kept) < len(hits):  # an agency hit went: what the hits tell is read again
                hits, marks = kept, 0
                for hit in hits:
                    marks |= flags[hit[3]]
        patterns, found_verbs = patterns_with(text, verbs_of, regions, scanned)
        verbs = verbs_of if found_verbs is None else found_verbs
        tails = self._tails
        found = [_new(Found, hit + tails[hit[3]]) for hit in hits]
        if not patterns and not marks & _HOLDS_NAMES:
            # the gazetteer's hits alone: in text order, none overlapping
            return self._in_context(text, verbs, found) if marks & _IN_CONTEXT else found
        return self._resolved(text, found, marks, patterns, verbs)

    def _resolved(
        self,
        text: str,
        hits: list[Found],
        marks: int,
        patterns: list[PatternHit],
        verbs: _Verbs | _VerbSource,
    ) -> list[Found]:
        """The mentions of gazetteer hits and pattern hits together: overlaps settled, the names
        inside descriptive names added, relations and roles read from the text."""
        chosen: list[_Candidate]
        if patterns:
            chosen = self._settled(len(text), hits, patterns)
        else:
            chosen = [(h[0], h[1], 0, h) for h in hits]
        if marks & _HOLDS_NAMES:
            nested = self._nested_in_descriptive_entities(text, chosen)
            if nested:
                chosen += nested
                chosen.sort(key=_text_order)
        relations: _Relations | None = None
        roles: _Roles | None = None
        found = []
        for start, end, _, item in chosen:
            if isinstance(item, PatternHit):
                new = item.entity
                node_type, entity_id = new.type, new.id
                rel = _REL_BY_TYPE[node_type]
            else:
                node_type = item[4]
                if node_type is not _INSTRUMENT and node_type is not _AGENCY:
                    found.append(item)  # a gazetteer mention as found
                    continue
                entity_id, new, rel = item[3], None, item[5]
            role = None
            if node_type is _INSTRUMENT:
                relations = relations or _Relations(text, _verbs(text, verbs))
                rel = relations.of(start)
            elif node_type is _AGENCY:
                roles = roles or _Roles(text)
                role = roles.of(start)
            found.append(
                _new(Found, (start, end, text[start:end], entity_id, node_type, rel, role, new))
            )
        return found

    def _in_context(self, text: str, verbs: _Verbs | _VerbSource, hits: list[Found]) -> list[Found]:
        """Mentions of gazetteer hits alone, some of them instruments or agencies, whose
        relation or role the text around them tells."""
        relations: _Relations | None = None
        roles: _Roles | None = None
        found = []
        for hit in hits:
            node_type = hit[4]
            if node_type is _INSTRUMENT:
                relations = relations or _Relations(text, _verbs(text, verbs))
                hit = _new(Found, (*hit[:5], relations.of(hit[0]), None, None))
            elif node_type is _AGENCY:
                roles = roles or _Roles(text)
                hit = _new(Found, (*hit[:6], roles.of(hit[0]), None))
            found.append(hit)
        return found

    def _whole_names(self, text: str, hits: list[Hit]) -> list[Hit]:
        """Without agency names that end inside a longer agency head (环保部|门 in 环保部门)."""
        types = self.types
        return [
            h for h in hits if types[h[3]] is not _AGENCY or not ends_inside_head(text, h[0], h[1])
        ]

    def _nested_in_descriptive_entities(
        self, text: str, chosen: list[_Candidate]
    ) -> list[_Candidate]:
        """Gazetteer names inside a chosen descriptive gazetteer name (a 行动方案 about 黄河)."""
        nested: list[_Candidate] = []
        holds, inside, tails = self.holds, self._inside, self._tails
        for start, end, _, item in chosen:
            if isinstance(item, PatternHit) or item.entity_id not in holds:
                continue
            names = inside.get(item.surface)
            if names is None:
                names = self._names_inside(text, start, end, item)
            for a, b, surface, entity in names:
                a, b = a + start, b + start
                nested.append((a, b, 0, _new(Found, (a, b, surface, entity) + tails[entity])))
        return nested

    def _names_inside(self, text: str, start: int, end: int, item: Found) -> list[_Inner]:
        """The names a descriptive hit holds, offsets relative to it; remembered per surface
        unless a Latin letter or digit at either end lets the text around it change them."""
        names: list[_Inner] = []
        if self._may_hold_names(item):
            allowed = self.holds[item.entity_id]
            # a pollutant names its source first (餐饮油烟, 畜禽养殖业废弃物); a product at its
            # end is what became waste (报废汽车, 废铅酸蓄电池), not the sector that emits it
            source_only = self.types[item.entity_id] is NodeType.POLLUTANT
            for hit in self._inner_names(text, start, end, item.entity_id):
                if self.types[hit.entity_id] in allowed and not (source_only and hit.start > start):
                    names.append((hit.start - start, hit.end - start, hit.surface, hit.entity_id))
        surface = item.surface
        if not (is_word_char(surface[0]) or is_word_char(surface[-1])):
            self._inside[surface] = names
            if not names:  # its matches need no look inside: they may become Found as found
                self._holds_nothing(surface)
        return names

    def _holds_nothing(self, surface: str) -> None:
        """Clears _HOLDS_NAMES of a plain surface's matches, once it is known to hold no name."""
        surfaces = self.matcher.surfaces
        i = bisect_left(surfaces, surface)
        if i < len(surfaces) and surfaces[i] == surface:
            self._flag_at[i] &= ~_HOLDS_NAMES

    def _inner_names(self, text: str, start: int, end: int, outer: str) -> list[Hit]:
        """Names inside text[start:end]; the outer entity's own aliases are not mentions of it."""
        return self.matcher.find_nested(text, start, end, skip=outer)

    def _may_hold_names(self, hit: Found) -> bool:
        """Whether a surface has any gazetteer name inside; cached, most names have none."""
        known = self._holds_names.get(hit.surface)
        if known is None:
            known = bool(self._inner_names(hit.surface, 0, len(hit.surface), hit.entity_id))
            self._holds_names[hit.surface] = known
        return known

    def _settled(
        self, length: int, hits: list[Found], patterns: list[PatternHit]
    ) -> list[_Candidate]:
        """Gazetteer and pattern hits without overlaps, in text order (longest first at a start).

        Of two that meet, the longer is kept, the gazetteer's on equal length, the leftmost of two
        patterns; a gazetteer hit lying wholly inside a kept pattern-made programme or
        instrument is a mention too where that name holds its type. Gazetteer hits never meet
        each other, so only the patterns are settled in order, longest first: a hit is dropped
        exactly when it meets a kept pattern, and a pattern is dropped when it meets a kept
        pattern or a hit at least as long that no kept pattern dropped.
        """
        if len(patterns) == 1 and len(hits) <= _FEW_HITS:
            return self._around(hits, patterns[0])
        used = bytearray(length + 1)  # the spans of the kept patterns
        kept: list[PatternHit] = []
        for p in sorted(patterns, key=_longest_first):
            a, b = p[0], p[1]
            if used.find(1, a, b) >= 0 or _meets_longer_hit(hits, used, a, b):
                continue
            used[a:b] = b"\x01" * (b - a)
            kept.append(p)
        if len(kept) > 1:
            kept.sort(key=_start_of)
        chosen: list[_Candidate] = []
        k, outer = 0, None
        for hit in hits:
            start, end = hit[0], hit[1]
            while k < len(kept) and kept[k][0] <= start:  # at one start the pattern is longer
                outer = kept[k]
                chosen.append((outer[0], outer[1], 1, outer))
                k += 1
            if used.find(1, start, end) < 0:
                chosen.append((start, end, 0, hit))
            elif outer is not None and end <= outer[1] and outer[2] not in OPAQUE_RULES:
                allowed = NAMES_INSIDE.get(outer[3].type)
                if allowed is not None and hit[4] in allowed:
                    chosen.append((start, end, 0, hit))  # inside a name about it
        chosen += [(p[0], p[1], 1, p) for p in kept[k:]]
        return chosen

    def _around(self, hits: list[Found], pattern: PatternHit) -> list[_Candidate]:
        """_settled for one pattern among a few hits, each compared with it."""
        a, b = pattern[0], pattern[1]
        for hit in hits:
            if hit[0] < b and a < hit[1] and hit[1] - hit[0] >= b - a:
                return [(h[0], h[1], 0, h) for h in hits]  # a hit at least as long wins
        allowed = None if pattern[2] in OPAQUE_RULES else NAMES_INSIDE.get(pattern[3].type)
        chosen: list[_Candidate] = []
        placed = False
        for hit in hits:
            start, end = hit[0], hit[1]
            if not placed and a <= start:  # at one start the pattern is longer
                chosen.append((a, b, 1, pattern))
                placed = True
            if end <= a or b <= start:
                chosen.append((start, end, 0, hit))
            elif allowed is not None and a <= start and end <= b and hit[4] in allowed:
                chosen.append((start, end, 0, hit))  # inside a name about it
        if not placed:
            chosen.append((a, b, 1, pattern))
        return chosen


#: Up to this many hits, a single pattern is compared with each rather than marked on an array.
_FEW_HITS = 16

#: How many characters extract_many joins for one scan: bounds the memory one scan's matches take.
BATCH_CHARS = 1 << 15


def _batches(texts: Sequence[str]) -> Iterator[tuple[int, int]]:
    """Index ranges of `texts` of about BATCH_CHARS characters each (at least one text)."""
    lo, size = 0, 0
    for k, text in enumerate(texts):
        if size and size + len(text) > BATCH_CHARS:
            yield lo, k
            lo, size = k, 0
        size += len(text) + 1
    if lo < len(texts):
        yield lo, len(texts)


def _verbs(text: str, verbs: _Verbs | _VerbSource) -> _Verbs:
    """The verbs of `text`: `verbs` if found already, else from their source."""
    if verbs is None:
        return verb_matches(text)
    return verbs() if callable(verbs) else verbs


def _item(items: Sequence[list[VerbHit]], offset: int, k: int) -> _Verbs:
    return verbs_as_matches(items[offset + k])


def _meets_longer_hit(hits: list[Found], used: bytearray, a: int, b: int) -> bool:
    """Whether a gazetteer hit at least as long as text[a:b], and met by no kept pattern, meets
    it (hits are in text order and never overlap: found by bisection on their ends)."""
    # a few hits are passed over one by one (cheaper than the bisection's key calls)
    first = bisect_right(hits, a, key=_end_of) if len(hits) > _FEW_HITS else 0
    for k in range(first, len(hits)):
        hit = hits[k]
        if hit[0] >= b:
            break
        if a < hit[1] and hit[1] - hit[0] >= b - a and used.find(1, hit[0], hit[1]) < 0:
            return True
    return False


def _start_of(p: PatternHit) -> int:
    return p[0]


def _longest_first(p: PatternHit) -> tuple[int, int]:
    return p[0] - p[1], p[0]


def _end_of(hit: Found) -> int:
    return hit[1]


def _text_order(candidate: _Candidate) -> tuple[int, int]:
    return candidate[0], -candidate[1]


class _Relations:
    """DRAFTS / REVISES / CITES for instruments by the nearest such verb before them in their
    clause (actions.instrument_relation), answered by bisection."""

    __slots__ = ("_draft_rels", "_draft_starts", "_text")

    def __init__(self, text: str, verbs: _Verbs) -> None:
        self._text = text
        starts: list[int] = []
        rels: list[Rel] = []
        by_verb = _REL_BY_VERB
        for i, verb_start, _ in verbs:
            rel = by_verb[i]
            if rel is not None:
                starts.append(verb_start)
                rels.append(rel)
        self._draft_starts, self._draft_rels = starts, rels

    def of(self, start: int) -> Rel:
        starts = self._draft_starts
        i = bisect_left(starts, start) - 1
        if i < 0:
            return _CITES
        # the verb is in the instrument's clause when no clause break lies between them
        in_clause = _CLAUSE_BREAK_RE.search(self._text, starts[i], start) is None
        return self._draft_rels[i] if in_clause else _CITES


class _Roles:
    """Spans of a lead-agency note: who leads (…牵头) and who shares (…按职责分工负责, 配合,
    参与, with an optional 等 before them). A note runs back from its trigger to the last of
    , ; ( ) or the end of the note before it."""

    __slots__ = ("_lead", "_shared")

    def __init__(self, text: str) -> None:
        # most texts have no note: the trigger words are looked for before the notes
        self._lead = _notes(text, _LEAD_RE) if _LEAD_WORD in text else []
        shares = any(word in text for word in _SHARE_WORDS)
        self._shared = _notes(text, _SHARE_RE) if shares else []

    def of(self, start: int) -> str:
        if self._lead and _within(self._lead, start):
            return "lead"
        if self._shared and _within(self._shared, start):
            return "support"
        return "mentioned"


def _within(spans: list[tuple[int, int]], at: int) -> bool:
    """Whether `at` lies in one of the sorted, disjoint spans (by bisection)."""
    i = bisect_right(spans, (at, _END)) - 1
    return i >= 0 and at < spans[i][1]


_END = sys.maxsize  # sorts after any end a span can have


def _notes(text: str, trigger: re.Pattern[str]) -> list[tuple[int, int]]:
    """Spans (note start, trigger start) of every trigger; each stretch of text is read once."""
    spans: list[tuple[int, int]] = []
    previous_end = 0
    for m in trigger.finditer(text):
        start = max(text.rfind(ch, previous_end, m.start()) for ch in _ROLE_BREAKS) + 1
        spans.append((max(start, previous_end), m.start()))
        previous_end = m.end()
    return spans
