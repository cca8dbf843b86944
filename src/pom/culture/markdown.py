"""A compiled demo as Markdown, for pasting into a wiki or a chat after the ritual (pure, no database)."""

from __future__ import annotations

from typing import Any


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.strip().splitlines())


def _line(text: str) -> str:
    # Keep list items on one line; Markdown would otherwise end the item at a blank line.
    return " ".join(text.split())


def demo_markdown(
    title: str, narrative: str, content: dict[str, Any], *, held: str = "", base_url: str = ""
) -> str:
    """The demo ``content`` (from ``compile.compile_demo`` or a snapshot) as one Markdown page.

    ``base_url`` (e.g. ``https://pom.example.com``) turns the app's links into absolute ones.
    """

    def link(label: str, url: str) -> str:
        return f"[{_line(label)}]({base_url}{url})" if url else _line(label)

    out = [f"# {_line(title)}", ""]
    team, period = content["team"], content["period"]
    out.append(f"{link(team['name'], team['url'])} · {period['label']}")
    out.append(f"*{held}*" if held else f"*Compiled on {content['compiled_on']}; not held yet.*")
    out.append("")
    if narrative.strip():
        out += [narrative.strip(), ""]
    if content.get("missing"):
        out += ["**What this period has no data for**", ""]
        out += [f"- {_line(m)}" for m in content["missing"]] + [""]

    out += ["## Outcomes", ""]
    for o in content["outcomes"]:
        progress = (
            f", {o['progress_percent']}% of the way" if o["progress_percent"] is not None else ""
        )
        out.append(
            f"- **{link(o['title'], o['url'])}** — {_line(o['metric'])}: {o['current']} "
            f"(baseline {o['baseline']}, target {o['target']} by {o['deadline']}{progress}). "
            f"{_line(o['moved'])} Confidence {o['confidence']}."
        )
        if o.get("forecast"):
            out.append(f"  - Forecast: {o['forecast']['label']}. {_line(o['forecast']['reason'])}")
        out += [f"  - Guardrail breached: {_line(g)}" for g in o.get("guardrails_breached", [])]
    if not content["outcomes"]:
        out.append("- No open outcome.")
    out += ["", f"_{content['forecast_note']}_", ""]

    insights = content["insights"]
    out += [f"## New insights ({insights['total']} in the period)", ""]
    for i in insights["items"]:
        supports = ", ".join(link(o["title"], o["url"]) for o in i["opportunities"])
        meta = ", ".join(x for x in (_line(i["who"]), i["observed_on"]) if x)
        out += [_quote(i["text"]), "", f"— {meta}"]
        out += [f"Supports: {supports}" if supports else "Supports no opportunity yet.", ""]

    focus = content["focus"]
    out += ["## Opportunities in focus", ""]
    for o in focus["now"]:
        target = " (targeted)" if o["targeted"] else ""
        out.append(
            f"- {link(o['title'], o['url'])}{target} — under “{_line(o['outcome'])}”; "
            f"{_count(o['solutions'], 'solution')}, {_count(o['insights'], 'insight')}"
        )
    if not focus["now"]:
        out.append("- No opportunity in Now.")
    if focus["new"] or focus["changes"]:
        out += ["", "**What changed in the tree**", ""]
        out += [f"- New: {link(o['title'], o['url'])}" for o in focus["new"]]
        out += [f"- {c['title']}: {c['change']} ({c['on']})" for c in focus["changes"]]
    out.append("")

    tests = content["tests"]
    out += ["## Assumptions under test", ""]
    for t in tests["running"]:
        out.append(f"### {link(t['title'], t['url'])} ({t['method']})")
        out += [""] + [f"- Assumption: {_line(a)}" for a in t["assumptions"]]
        out += [f"- Hypothesis: {_line(t['hypothesis'])}", f"- Early signal: {_line(t['signal'])}"]
        if t["verdict"]:
            out.append(f"- Verdict: {_line(t['verdict'])}")
        out += [f"- Warning: {_line(w)}" for w in t["warnings"]] + [""]
    if not tests["running"]:
        out += ["No test running.", ""]
    if tests["concluded"]:
        out += ["**Concluded in the period**", ""]
        for t in tests["concluded"]:
            out.append(
                f"- {link(t['title'], t['url'])}: {t['result']} → {t['decision']}. "
                f"{_line(t['implication'])} {_line(t['learnings'])}".rstrip()
            )
        out.append("")

    out += ["## Decisions and their implications", ""]
    for d in content["decisions"]:
        bears = f" Bears on {', '.join(d['bears_on'])}." if d["bears_on"] else ""
        out.append(
            f"- **{_line(d['title'])}** ({d['kind'].lower()}, {d['decided_by']}, {d['decided_on']})."
            f" {_line(d['rationale'])}{bears}".rstrip()
        )
    if not content["decisions"]:
        out.append("- No decision recorded.")
    releases = content["delivery"]
    out += ["", "## Releases", ""]
    for r in releases["releases"]:
        serves = (
            "unlinked work: serves no outcome"
            if r["unlinked"]
            else f"serves {', '.join(r['outcomes'])}"
        )
        rollout = f", {r['rollout']}% rollout" if r["rollout"] != 100 else ""
        out.append(
            f"- {link(r['title'], r['url'])} ({r['kind']}, {r['shipped_on']}{rollout}) — {serves}"
        )
        out += [
            f"  - {e['verdict']} ({_line(e['outcome'])}): {_line(e['reason'])}"
            for e in r.get("effects", [])
        ]
    if not releases["releases"]:
        out.append("- No release logged in the period.")
    if releases.get("note"):
        out += ["", f"_{releases['note']}_"]
    shipped = [c for c in focus["changes"] if c.get("shipped")]
    out += [f"- Marked shipped in the tree: {c['title']} ({c['on']})" for c in shipped]
    out += ["", "## Blockers", ""]
    out += [f"- {_line(b['text'])} — {b['outcome']} ({b['date']})" for b in content["blockers"]]
    if not content["blockers"]:
        out.append("- No blocker named in the period's check-ins.")
    nxt = content["next"]
    out += ["", "## What we will learn next", ""]
    out += [
        f"- Test: {link(t['title'], t['url'])} — {_line(t['hypothesis'])}" for t in nxt["planned"]
    ]
    out += [
        f"- Untested risk: {_line(a['statement'])} ({a['risk']}, {a['solution']})"
        for a in nxt["risky"]
    ]
    if not nxt["planned"] and not nxt["risky"]:
        out.append("- No test planned and no risky assumption left untested.")
    return "\n".join(out).rstrip() + "\n"


def review_markdown(
    title: str, notes: str, content: dict[str, Any], *, held: str = "", base_url: str = ""
) -> str:
    """A portfolio review (``portfolio.compile_review`` or a snapshot) as one Markdown page."""

    def link(label: str, url: str) -> str:
        return f"[{_line(label)}]({base_url}{url})" if url else _line(label)

    out = [f"# {_line(title)}", "", f"Portfolio as of {content['as_of_label']}."]
    out += [f"*{held}*" if held else "*Not held yet.*", ""]
    if notes.strip():
        out += [notes.strip(), ""]
    out += ["## Outcomes by bet", ""]
    out += [
        "| Bet | Outcomes | On track | Off track | Forecast to miss | Guardrail breached "
        "| Low confidence | Stale | Confidence | Teams |"
    ]
    out += ["| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for b in content["bets"]:
        rank = f"{b['rank']}. " if b["rank"] else ""
        confidence = "—" if b["confidence"] is None else f"{b['confidence']}"
        out.append(
            f"| {rank}{link(b['title'], b['url'])} | {b['outcomes']} | {b['on_track']} | "
            f"{b['off_track']} | {b.get('forecast_off', 0)} | {b.get('breached', 0)} | "
            f"{b['low_confidence']} | {b['stale']} | {confidence} | {b['teams']} |"
        )
    talks = content["conversations"]
    out += ["", f"## Conversations to have first ({talks['total']})", ""]
    for t in talks["items"]:
        trend = f", confidence {t['trend']}" if t["trend"] else ""
        trend += f", forecast: {t['forecast'].lower()}" if t.get("forecast") else ""
        team = f" ({t['team']})" if t["team"] else ""
        out.append(f"- {link(t['title'], t['url'])}{team}: {', '.join(t['reasons'])}{trend}")
    if not talks["items"]:
        out.append(
            "- None: no outcome is off track, forecast to miss, breaching a guardrail, "
            "low in confidence or stale."
        )
    out += ["", "## What changed since the last review", ""]
    changed = content["changes"]
    if changed.get("first"):
        out.append("This is the first review held; the next one shows what changed since.")
    else:
        for name, label in CHANGE_LABELS:
            group = changed.get(name) or {"total": 0}
            if group["total"]:
                out += [f"**{label}** ({group['total']})", ""]
                out += [f"- {link(i['title'], i['url'])}: {i['change']}" for i in group["items"]]
                out.append("")
    out += ["", f"_{content['note']}_"]
    return "\n".join(out).rstrip() + "\n"


CHANGE_LABELS = (
    ("off_track", "Newly off track"),
    ("breached", "Guardrail newly breached"),
    ("confidence_down", "Confidence fell"),
    ("confidence_up", "Confidence rose"),
    ("stale", "Gone stale"),
    ("new", "New outcomes"),
    ("closed", "Closed"),
)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
