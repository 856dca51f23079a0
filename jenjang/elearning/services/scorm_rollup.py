"""Rollup of a SCORM package's organisation: when is the whole lesson done?

The manifest's default organisation is kept as a tree of plain dicts:

    {"id", "title", "children": [...], "seq": {...}}     a cluster
    {"id", "title", "leaf": True, "seq": {...}}           a launchable item

`seq` holds only what differs from the SCORM 2004 defaults (IMS SS):
`tracked` (deliveryControls), `rollup_completion` / `rollup_satisfied`
(rollupRules rollupProgressCompletion / rollupObjectiveSatisfied) and
`rules` (rollupRule: childActivitySet, minimumCount, minimumPercent,
conditionCombination, rollupConditions, rollupAction).

The evaluation follows the Sequencing and Navigation book's rollup as far as
an LMS without a full sequencer reasonably can: for each cluster, bottom up,
"not satisfied" rules then "satisfied" rules (the later wins), "incomplete"
rules then "completed" rules; without rules of a kind, the defaults apply
(satisfied when every contributing child is satisfied, not satisfied when
any is not; completed when every contributing child is completed,
incomplete when any attempted child is not). Children that are not tracked,
or whose rollup flag is off, do not contribute. Conditions about time and
attempt limits are never true here (Jenjang sets no such limits).
"""

from dataclasses import dataclass
from typing import Any

SET_VALUES = {"all", "any", "none", "atLeastCount", "atLeastPercent"}
ACTIONS = {"satisfied", "notSatisfied", "completed", "incomplete"}
CONDITIONS = {
    "satisfied",
    "objectiveStatusKnown",
    "objectiveMeasureKnown",
    "completed",
    "activityProgressKnown",
    "attempted",
    "attemptLimitExceeded",
    "timeLimitExceeded",
    "outsideAvailableTimeRange",
}


@dataclass
class Status:
    attempted: bool = False
    completed: bool | None = None  # None: progress unknown
    satisfied: bool | None = None  # None: objective status unknown
    measure: float | None = None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr(el, name: str) -> str:
    for key, value in el.attrib.items():
        if _local(key).lower() == name.lower():
            return value
    return ""


def _child(el, name: str):
    return next((c for c in el if _local(c.tag) == name), None)


def _bool(value: str, default: bool) -> bool:
    value = (value or "").strip().lower()
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    return default


def parse_sequencing(seq_el, collection: dict[str, Any] | None = None) -> dict:
    """Read the rollup-relevant parts of one <imsss:sequencing> element.

    `collection` maps sequencingCollection IDs to their elements: an item's
    sequencing with an IDRef starts from the referenced one.
    """
    if seq_el is None:
        return {}
    out: dict[str, Any] = {}
    ref = _attr(seq_el, "IDRef")
    if collection and ref in collection:
        out.update(parse_sequencing(collection[ref]))
    delivery = _child(seq_el, "deliveryControls")
    if delivery is not None and _attr(delivery, "tracked"):
        out["tracked"] = _bool(_attr(delivery, "tracked"), True)
    rules_el = _child(seq_el, "rollupRules")
    if rules_el is not None:
        if _attr(rules_el, "rollupObjectiveSatisfied"):
            out["rollup_satisfied"] = _bool(
                _attr(rules_el, "rollupObjectiveSatisfied"), True
            )
        if _attr(rules_el, "rollupProgressCompletion"):
            out["rollup_completion"] = _bool(
                _attr(rules_el, "rollupProgressCompletion"), True
            )
        rules = []
        for rule_el in rules_el:
            if _local(rule_el.tag) != "rollupRule":
                continue
            action_el = _child(rule_el, "rollupAction")
            action = _attr(action_el, "action") if action_el is not None else ""
            if action not in ACTIONS:
                continue
            conds_el = _child(rule_el, "rollupConditions")
            conditions = []
            combine = "any"
            if conds_el is not None:
                combine = _attr(conds_el, "conditionCombination") or "any"
                for cond in conds_el:
                    name = _attr(cond, "condition")
                    if _local(cond.tag) == "rollupCondition" and name in CONDITIONS:
                        conditions.append(
                            {"c": name, "not": _attr(cond, "operator") == "not"}
                        )
            if not conditions:
                continue
            child_set = _attr(rule_el, "childActivitySet") or "all"
            rule = {
                "set": child_set if child_set in SET_VALUES else "all",
                "combine": "all" if combine == "all" else "any",
                "conditions": conditions,
                "action": action,
            }
            try:
                rule["count"] = int(_attr(rule_el, "minimumCount") or 0)
                rule["percent"] = float(_attr(rule_el, "minimumPercent") or 0)
            except ValueError:
                rule["count"], rule["percent"] = 0, 0.0
            rules.append(rule)
        if rules:
            out["rules"] = rules
    return out


def flat_tree(items: list[dict]) -> dict:
    """The tree of a package stored before organisations were kept: one level."""
    return {
        "id": "",
        "title": "",
        "children": [
            {"id": i["identifier"], "title": i.get("title", ""), "leaf": True}
            for i in items
        ],
    }


def _condition(name: str, s: Status) -> bool:
    if name == "satisfied":
        return s.satisfied is True
    if name == "objectiveStatusKnown":
        return s.satisfied is not None
    if name == "objectiveMeasureKnown":
        return s.measure is not None
    if name == "completed":
        return s.completed is True
    if name == "activityProgressKnown":
        return s.completed is not None
    if name == "attempted":
        return s.attempted
    return False  # limits and time ranges: none are set in Jenjang


def _rule_true(rule: dict, children: list[Status]) -> bool:
    results = []
    for child in children:
        values = [_condition(c["c"], child) != c["not"] for c in rule["conditions"]]
        results.append(all(values) if rule["combine"] == "all" else any(values))
    if not results:
        return False
    hits = sum(results)
    kind = rule["set"]
    if kind == "all":
        return hits == len(results)
    if kind == "any":
        return hits > 0
    if kind == "none":
        return hits == 0
    if kind == "atLeastCount":
        return hits >= max(rule.get("count", 0), 0)
    return hits * 100 >= rule.get("percent", 0) * 100 * len(results)


def _contributes(node: dict, flag: str) -> bool:
    seq = node.get("seq") or {}
    return seq.get("tracked", True) and seq.get(flag, True)


def evaluate(node: dict, leaves: dict[str, Status], out: dict[str, Status]) -> Status:
    """Roll the status of `node` up from its children; record every node's in `out`."""
    if node.get("leaf"):
        status = leaves.get(node["id"], Status())
        out[node["id"]] = status
        return status
    pairs = [(child, evaluate(child, leaves, out)) for child in node["children"]]
    rules = (node.get("seq") or {}).get("rules") or []
    status = Status(attempted=any(s.attempted for _c, s in pairs))
    sat_children = [s for c, s in pairs if _contributes(c, "rollup_satisfied")]
    done_children = [s for c, s in pairs if _contributes(c, "rollup_completion")]

    def fires(action: str, children: list[Status]) -> bool | None:
        mine = [r for r in rules if r["action"] == action]
        if not mine:
            return None
        return any(_rule_true(r, children) for r in mine)

    # Satisfaction: "not satisfied" first, then "satisfied" (which wins).
    if any(r["action"] in ("satisfied", "notSatisfied") for r in rules):
        if fires("notSatisfied", sat_children):
            status.satisfied = False
        if fires("satisfied", sat_children):
            status.satisfied = True
    elif sat_children:
        if any(s.satisfied is False for s in sat_children):
            status.satisfied = False
        if all(s.satisfied is True for s in sat_children):
            status.satisfied = True
    # Completion: "incomplete" first, then "completed" (which wins).
    if any(r["action"] in ("completed", "incomplete") for r in rules):
        if fires("incomplete", done_children):
            status.completed = False
        if fires("completed", done_children):
            status.completed = True
    elif done_children:
        if any(s.attempted and s.completed is not True for s in done_children):
            status.completed = False
        if all(s.completed is True for s in done_children):
            status.completed = True
    else:
        # Nothing contributes: nothing can hold the cluster back.
        status.completed = True
    measures = [s.measure for s in sat_children if s.measure is not None]
    if measures and len(measures) == len(sat_children):
        status.measure = sum(measures) / len(measures)
    out[node["id"]] = status
    return status


def lesson_done(tree: dict, leaves: dict[str, Status]) -> bool:
    """The package is done when its root rolls up completed and not failed."""
    root = evaluate(tree, leaves, {})
    return root.completed is True and root.satisfied is not False


def leaf_ids(node: dict) -> list[str]:
    if node.get("leaf"):
        return [node["id"]]
    return [i for child in node.get("children", []) for i in leaf_ids(child)]


def rows(tree: dict, statuses: dict[str, Status] | None = None) -> list[dict]:
    """The table of contents: one row per cluster and leaf, with its depth."""
    statuses = statuses or {}
    out: list[dict] = []

    def walk(node: dict, depth: int) -> None:
        s = statuses.get(node["id"], Status())
        out.append(
            {
                "identifier": node["id"],
                "title": node.get("title") or node["id"],
                "leaf": bool(node.get("leaf")),
                "depth": min(depth, 5),
                "done": s.completed is True and s.satisfied is not False,
                "failed": s.satisfied is False,
            }
        )
        for child in node.get("children", []):
            walk(child, depth + 1)

    for child in tree.get("children", []):
        walk(child, 0)
    return out
