"""Action verbs of task sentences and the action type they imply.

The lexicon lists the verbs of Chinese policy task lists (国务院 and ministry 工作要点 style):
each verb has one action type. A task's type is decided by precedence, not by the first verb,
because "研究制定…方案" is rule-making and "持续开展…监测" is monitoring.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

RULE_MAKING = "rule-making"
PLANNING = "planning"
ENFORCEMENT = "enforcement"
MONITORING = "monitoring"
RESEARCH = "research"
COOPERATION = "cooperation"
OUTREACH = "outreach"
IMPLEMENTATION = "implementation"

ACTION_TYPES = (
    RULE_MAKING,
    PLANNING,
    ENFORCEMENT,
    MONITORING,
    RESEARCH,
    COOPERATION,
    OUTREACH,
    IMPLEMENTATION,
)

VERBS: Mapping[str, str] = {
    # rule-making: instruments drafted, revised, issued
    "制定": RULE_MAKING,
    "修订": RULE_MAKING,
    "制修订": RULE_MAKING,
    "编制": RULE_MAKING,
    "印发": RULE_MAKING,
    "出台": RULE_MAKING,
    "修改": RULE_MAKING,
    "起草": RULE_MAKING,
    "编纂": RULE_MAKING,
    "发布": RULE_MAKING,
    "更新": RULE_MAKING,
    # planning
    "谋划": PLANNING,
    "规划": PLANNING,
    "统筹": PLANNING,
    "部署": PLANNING,
    # enforcement and supervision
    "督察": ENFORCEMENT,
    "执法": ENFORCEMENT,
    "整治": ENFORCEMENT,
    "监管": ENFORCEMENT,
    "稽查": ENFORCEMENT,
    "整改": ENFORCEMENT,
    "督促": ENFORCEMENT,
    "查处": ENFORCEMENT,
    "考核": ENFORCEMENT,
    "审批": ENFORCEMENT,
    "管控": ENFORCEMENT,
    # monitoring, survey, assessment
    "监测": MONITORING,
    "调查": MONITORING,
    "评估": MONITORING,
    "排查": MONITORING,
    "预警": MONITORING,
    "核查": MONITORING,
    "普查": MONITORING,
    "复核": MONITORING,
    "统计": MONITORING,
    # research
    "研究": RESEARCH,
    "探索": RESEARCH,
    "研判": RESEARCH,
    # cooperation
    "合作": COOPERATION,
    "谈判": COOPERATION,
    "履约": COOPERATION,
    "参与": COOPERATION,
    "交流": COOPERATION,
    "对话": COOPERATION,
    "对接": COOPERATION,
    "衔接": COOPERATION,
    # outreach
    "宣传": OUTREACH,
    "弘扬": OUTREACH,
    "新闻发布": OUTREACH,
    "科普": OUTREACH,
    "表彰": OUTREACH,
    "评选": OUTREACH,
    "舆论引导": OUTREACH,
    # implementation
    "实施": IMPLEMENTATION,
    "推进": IMPLEMENTATION,
    "推动": IMPLEMENTATION,
    "开展": IMPLEMENTATION,
    "落实": IMPLEMENTATION,
    "建设": IMPLEMENTATION,
    "深化": IMPLEMENTATION,
    "加强": IMPLEMENTATION,
    "强化": IMPLEMENTATION,
    "完善": IMPLEMENTATION,
    "建立": IMPLEMENTATION,
    "健全": IMPLEMENTATION,
    "加快": IMPLEMENTATION,
    "治理": IMPLEMENTATION,
    "提升": IMPLEMENTATION,
    "优化": IMPLEMENTATION,
    "办好": IMPLEMENTATION,
    "做好": IMPLEMENTATION,
    "打好": IMPLEMENTATION,  # 打好…攻坚战/歼灭战
    "组织": IMPLEMENTATION,
    "支持": IMPLEMENTATION,
    "启动": IMPLEMENTATION,
    "完成": IMPLEMENTATION,
    "应对": IMPLEMENTATION,
    "改造": IMPLEMENTATION,
    "修复": IMPLEMENTATION,
    "执行": IMPLEMENTATION,
    "实行": IMPLEMENTATION,
    "进行": IMPLEMENTATION,
}

#: Which type wins when a sentence has verbs of several types.
PRECEDENCE = (
    RULE_MAKING,
    ENFORCEMENT,
    MONITORING,
    COOPERATION,
    RESEARCH,
    OUTREACH,
    PLANNING,
    IMPLEMENTATION,
)

#: Verbs that make a following instrument a draft or a revision.
DRAFTING_VERBS = frozenset({"制定", "编制", "起草", "出台", "印发", "编纂"})
REVISING_VERBS = frozenset({"修订", "修改", "制修订", "更新"})

_VERB_RE = re.compile("|".join(sorted(map(re.escape, VERBS), key=len, reverse=True)))


@dataclass(frozen=True)
class VerbHit:
    start: int
    verb: str


def find_verbs(text: str) -> list[VerbHit]:
    """Every lexicon verb in the text, leftmost-longest (制修订 before 修订)."""
    return [VerbHit(m.start(), m.group()) for m in _VERB_RE.finditer(text)]


def action_type(verbs: list[VerbHit]) -> str:
    """The task's action type by PRECEDENCE; implementation when no verb is known."""
    kinds = {VERBS[v.verb] for v in verbs}
    return next((k for k in PRECEDENCE if k in kinds), IMPLEMENTATION)


def instrument_relation(verbs: list[VerbHit], instrument_start: int, clause_start: int) -> str:
    """DRAFTS / REVISES / CITES for an instrument by the nearest verb before it in its clause."""
    before = [v for v in verbs if clause_start <= v.start < instrument_start]
    for hit in reversed(before):
        if hit.verb in REVISING_VERBS:
            return "REVISES"
        if hit.verb in DRAFTING_VERBS:
            return "DRAFTS"
    return "CITES"
