"""Document metadata: title, issuers and co-signers, 文号, dates, level, kind and script.

Read from the text first: the title unit, the document number, the signatory block (its first
agency issues, the others co-sign) or the issuer named before 关于 in the title, the adoption
line of a law, the signing date and a 自…起施行 sentence. Then the `# key: value` header lines
(the shared corpus's dev files) and a sidecar file next to the document (`<name>.meta.json` or
`<name>.meta.yaml`) override what was inferred, field by field.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from policykg.graph.model import Node, NodeType
from policykg.loaders.extract import Extractor, Found
from policykg.loaders.matcher import Hit
from policykg.loaders.mentions import find_in
from policykg.loaders.outline import DOC_NUMBER
from policykg.loaders.script import detect_script
from policykg.loaders.structure import ParsedDocument

__all__ = ["DATE_FIELDS", "Metadata", "document_metadata", "kind_of"]

_DATE = re.compile(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")
_IN_FORCE = re.compile(r"自(\d{4}年\d{1,2}月\d{1,2}日)起(?:施行|实施|执行|生效)")
# title word -> kind, the first that matches wins (解释 before 规定: 关于…的解释 is judicial)
_KINDS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"最高人民(?:法院|检察院).*(?:解释|规定|批复)"), "judicial interpretation"),
    (re.compile(r"(?:印发|转发|发布).*的通知$|通知$"), "notice"),
    (re.compile(r"法$|法(?:修正案|\(.*\))$"), "law"),
    (re.compile(r"(?:条例|规定|办法|细则|规则)(?:\(.*\))?$"), "regulation"),
    (re.compile(r"(?:决定|决议)$"), "decision"),
    (re.compile(r"(?:方案|计划|规划|纲要|意见)(?:\(.*\))?$"), "plan"),
    (re.compile(r"要点|重点工作任务|工作任务"), "key-task list"),
    (re.compile(r"报告$"), "work report"),
)
_NATIONAL = re.compile(
    r"^(?:中华人民共和国|国务院|全国人民代表大会|最高人民|中共中央|国家)|部$|总局$"
)
_LEVEL_BY_REGION_KIND = {"province": "provincial", "city": "prefecture", "county": "county"}
_LEVEL_BY_REGION_KIND["district"] = "county"
_MUNICIPALITIES = ("北京", "天津", "上海", "重庆")
DATE_FIELDS = ("adopted", "version", "promulgated", "in_force", "signed")
# A law's header lines: its adoption, then approvals, re-adoptions, revisions and amendments.
_ADOPTION_LINE = re.compile(r"通过|修订|修正|批准")
# A file named as a law version is: 大气污染防治法(2018-10-26).md
_SLUG_DATE = re.compile(r"\((\d{4}-\d{2}-\d{2})\)$")
_NUM = "一二三四五六七八九十百"
# 2021年4月16日 北京市第十五届人民代表大会常务委员会第三十次会议通过 -> 北京市人民代表大会常务委员会
_CONGRESS = re.compile(
    rf"(?P<place>[^\s\d第]*?)第[{_NUM}]+届"
    r"(?P<body>全国人民代表大会常务委员会|全国人民代表大会|人民代表大会常务委员会|人民代表大会)"
)
# 中华人民共和国国务院令第561号公布 -> 国务院
_DECREE = re.compile(r"(?:中华人民共和国)?(?P<body>国务院|\S+?人民政府)令第\d+号")


@dataclass(frozen=True)
class Metadata:
    """What a document says about itself; `dates` maps adopted/version/promulgated/in_force/signed
    (`adopted`: a law's first adoption; `version`: the latest later date its adoption lines
    state, an approval, re-adoption, revision or amendment)."""

    title: str
    issuers: tuple[str, ...] = ()
    co_signers: tuple[str, ...] = ()
    doc_number: str | None = None
    dates: Mapping[str, str] = field(default_factory=dict)
    level: str | None = None
    kind: str | None = None
    script: str = "Simplified"

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "issuers": list(self.issuers),
            "co_signers": list(self.co_signers),
            "doc_number": self.doc_number,
            "dates": {k: self.dates.get(k) for k in DATE_FIELDS},
            "level": self.level,
            "kind": self.kind,
            "script": self.script,
        }


def document_metadata(
    doc: ParsedDocument, extractor: Extractor, sidecar: Mapping[str, Any] | None = None
) -> Metadata:
    """Metadata inferred from the text, then overridden by header lines and the sidecar.

    Args:
        doc: the document, already read.
        extractor: finds the issuers' names in the text.
        sidecar: the document's sidecar file's fields (None: it has none).
    """
    script = detect_script(doc.text)
    names = _issuing_bodies(doc, extractor, script)
    meta = Metadata(
        title=doc.title,
        issuers=names[:1],
        co_signers=names[1:],
        doc_number=_unit_text(doc, "doc_number") or _number_in_title(doc.title),
        dates=_dates(doc),
        kind=kind_of(doc.title),
        script=script,
    )
    meta = replace(meta, level=_level_of(meta.issuers, extractor))
    for override in (_from_header(doc.header), dict(sidecar or {})):
        meta = _overridden(meta, override, extractor)
    return meta


def kind_of(title: str) -> str | None:
    """The kind a title names: law, regulation, plan, notice …

    Args:
        title: the document's title.

    >>> kind_of("国务院办公厅关于印发“无废城市”建设试点工作方案的通知"), kind_of("中华人民共和国青藏高原生态保护法")
    ('notice', 'law')
    """
    stripped = title.strip()
    return next((kind for pattern, kind in _KINDS if pattern.search(stripped)), None)


def _level_of(issuers: Sequence[str], extractor: Extractor) -> str | None:
    """national, provincial, prefecture or county, from the first issuer's name.

    Args:
        issuers: the document's issuers, first one first.
        extractor: the extractor whose gazetteer knows the regions.
    """
    if not issuers:
        return None
    name = issuers[0]
    if name.startswith(_MUNICIPALITIES):
        return "provincial"
    simplified = find_in(name, extractor)  # also reads a Traditional name
    regions = [
        str(_entity(extractor, hit.entity_id).get("kind"))
        for hit in [*extractor.matcher.find(name), *_nested(extractor, name, simplified)]
        if extractor.types.get(hit.entity_id) is NodeType.REGION
    ]
    for kind in regions[:1]:
        if kind in _LEVEL_BY_REGION_KIND:
            return _LEVEL_BY_REGION_KIND[kind]
    if _NATIONAL.search(name):
        return "national"
    if name.startswith(("省", "自治区")):
        return "provincial"
    return None


def _nested(extractor: Extractor, name: str, found: Sequence[Found]) -> list[Hit]:
    """Gazetteer names inside the agencies named in `name` (孝义市 in 孝义市人民政府办公室)."""
    hits: list[Hit] = []
    for mention in found:
        hits += extractor.matcher.find_nested(name, mention.start, mention.end)
    return hits


def _unit_text(doc: ParsedDocument, kind: str) -> str | None:
    unit = next((u for u in doc.units if u.kind == kind), None)
    return doc.text[unit.start : unit.end] if unit else None


def _number_in_title(title: str) -> str | None:
    match = DOC_NUMBER.search(title)
    return match.group() if match else None


def _issuing_bodies(doc: ParsedDocument, extractor: Extractor, script: str) -> tuple[str, ...]:
    """Agencies of the signatory block, else named before 关于 in the title, else the adoption
    line's body (第…次会议通过 by a people's congress), else the page's publisher."""
    sources: list[str] = []
    signatory = _unit_text(doc, "signatory")
    if signatory:
        sources.append(signatory)
    before = re.split(r"关于|關於", doc.title, maxsplit=1)
    if len(before) == 2 and before[0].strip():
        sources.append(before[0])
    for unit in doc.units:
        if unit.kind == "date" and unit.parent is None:
            line = doc.text[unit.start : unit.end]
            congress, decree = _CONGRESS.search(line), _DECREE.search(line)
            if congress and not signatory:
                return (congress["place"] + congress["body"],)
            if decree and not signatory:
                return (decree["body"],)
    for text in sources:
        names = _agency_names(text, extractor, script)
        if names:
            return tuple(dict.fromkeys(names))
    return (doc.publisher,) if doc.publisher else ()


def _agency_names(text: str, extractor: Extractor, script: str) -> list[str]:
    """The bodies a signatory block or a title's prefix names, one per printed part, as printed
    unless a gazetteer agency is that whole part (发展改革委 -> 国家发展和改革委员会)."""
    names = []
    for part in re.finditer(r"[^\s、,]+", text):
        found = [f for f in find_in(part.group(), extractor, script) if f.type is NodeType.AGENCY]
        whole = [f for f in found if (f.start, f.end) == (0, len(part.group()))]
        if whole:
            names.append(_canonical(extractor, whole[0].entity_id, part.group()))
        else:  # every part of a signatory block or a title's prefix is a body, known or not
            names.append(part.group())
    return names


def _canonical(extractor: Extractor, entity_id: str, surface: str) -> str:
    try:
        return _entity(extractor, entity_id).name
    except KeyError:  # a pattern-made agency: no gazetteer row
        return surface


def _entity(extractor: Extractor, entity_id: str) -> Node:
    return extractor.gazetteer.entity(entity_id)


def _dates(doc: ParsedDocument) -> dict[str, str]:
    dates: dict[str, str] = {}
    for unit in doc.units:
        if unit.kind != "date":
            continue
        line = doc.text[unit.start : unit.end]
        when = _iso(line)
        if when is None:
            continue
        if unit.parent is None and _ADOPTION_LINE.search(line):
            dates.setdefault("adopted", when)  # the first adoption line: the law as adopted
            latest = max(dates.get("version", when), *_all_iso(line))
            if latest > dates["adopted"]:
                dates["version"] = latest
        elif "公布" in line:
            dates.setdefault("promulgated", when)
        elif "施行" in line:
            dates.setdefault("in_force", when)
        else:
            dates.setdefault("signed", when)
    named = _SLUG_DATE.search(doc.slug)
    if named and not dates and _iso(named.group(1)):  # only a file name dates it
        dates["version"] = named.group(1)
    force = _IN_FORCE.search(doc.text)
    if force and "in_force" not in dates:
        when = _iso(force.group(1))
        if when:
            dates["in_force"] = when
    return dates


def _all_iso(text: str) -> list[str]:
    """Every valid date in `text`, as ISO dates (a line can name a meeting and an approval)."""
    return [when for match in _DATE.finditer(text) if (when := _iso(match.group()))]


def _iso(text: str) -> str | None:
    match = _DATE.search(text)
    if not match:
        return None
    try:
        return datetime.date(*(int(g) for g in match.groups())).isoformat()
    except ValueError:
        return None


def _from_header(header: Mapping[str, str]) -> dict[str, Any]:
    """The dev files' header lines: `# issuer: 国务院 (State Council), 国务院令第775号` …"""
    header = {k: unicodedata.normalize("NFKC", v) for k, v in header.items()}
    out: dict[str, Any] = {}
    if header.get("title"):
        out["title"] = re.sub(r"\s*\((?:with|附)[^)]*\)$", "", header["title"]).strip()
    if header.get("issuer"):
        issuer = header["issuer"]
        number = DOC_NUMBER.search(issuer)
        if number:
            out["doc_number"] = number.group()
        main, _, rest = issuer.partition(" with ")
        out["issuers"] = _chinese_names(re.split(r"[(,]", main, maxsplit=1)[0])[:1]
        if rest:
            out["co_signers"] = _chinese_names(re.split(r"\(", rest, maxsplit=1)[0])
    if header.get("date"):
        out["dates"] = _header_dates(header["date"])
    if header.get("script"):
        script = header["script"].split()[0].rstrip(",;")
        out["script"] = {"simplified": "Simplified", "traditional": "Traditional"}.get(
            script.lower(), script
        )
    return out


def _chinese_names(text: str) -> list[str]:
    """The Chinese names in a header value, English words dropped: `the 上海市、江苏省 governments`."""
    return re.findall(r"[\u4e00-\u9fff〔〕()\d]*[\u4e00-\u9fff]+", text)


def _header_dates(value: str) -> dict[str, str]:
    """`2023-04-26 (adopted); in force 2023-09-01` -> {adopted: …, in_force: …}; unlabelled
    dates are left to the text, which says what they are."""
    dates: dict[str, str] = {}
    for part in value.split(";"):
        when = _iso(part)
        label = "in_force" if "in force" in part else None
        for name in ("adopted", "promulgated", "signed"):
            if f"({name})" in part or part.strip().startswith(name):
                label = name
        if when is not None and label is not None:
            dates[label] = when
    return dates


def _overridden(meta: Metadata, override: Mapping[str, Any], extractor: Extractor) -> Metadata:
    if not override:
        return meta
    known = {f.name for f in meta.__dataclass_fields__.values()}
    changes: dict[str, Any] = {}
    for key, value in override.items():
        if key not in known or value is None:
            continue
        if key in ("issuers", "co_signers"):
            changes[key] = tuple([value] if isinstance(value, str) else value)
        elif key == "dates":
            changes[key] = {**meta.dates, **{k: str(v) for k, v in dict(value).items()}}
        else:
            changes[key] = str(value)
    meta = replace(meta, **changes)
    if "issuers" in changes and "level" not in override:
        meta = replace(meta, level=_level_of(meta.issuers, extractor))
    return meta
