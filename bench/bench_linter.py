"""Benchmark: how many outcome definitions per second the clarity linter checks.

Standalone (no database, no Django settings): ``python bench/bench_linter.py [--n 50000]``.
The issue's bar is 10,000 definitions per second; the script exits 1 below it.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from pom.strategy.clarity import (
    BetDraft,
    Commitment,
    Guardrail,
    OutcomeDraft,
    lint_bet,
    lint_outcome,
    lint_portfolio,
)

TARGET_PER_SECOND = 10_000
TITLES = [
    "New SMB workspaces invite a teammate within 7 days",
    "Launch the new onboarding flow",
    "Improve retention",
    "Increase 30-day retention of SMB accounts from 62% to 70% by June",
    "Cut support tickets by 20% by launching a chatbot",
    "Ship mobile app v2",
    "Shoppers in Brazil complete checkout with Pix in 2 taps",
    "Enhance the customer experience",
    "Migrate to Kubernetes",
    "Keep p95 search latency for EU tenants under 300 ms",
]


def definitions(n: int, seed: int = 7) -> list[OutcomeDraft]:
    rng = random.Random(seed)
    base = OutcomeDraft(
        metric="share of new workspaces inviting a teammate",
        unit="%",
        segment="self-serve SMB workspaces",
        direction="increase",
        baseline_value=31,
        baseline_date=date(2026, 5, 1),
        target_value=40,
        deadline=date(2026, 9, 30),
        guardrails=(Guardrail("support tickets per 1,000 workspaces", "at_most", 12),),
        owner_team="onboarding",
    )
    out = []
    for i in range(n):
        draft = replace(base, title=rng.choice(TITLES), key=str(i))
        roll = rng.random()
        if roll < 0.1:
            draft = replace(draft, metric="", segment="")
        elif roll < 0.2:
            draft = replace(draft, target_value=25)
        elif roll < 0.3:
            draft = replace(draft, deadline=draft.baseline_date - timedelta(days=1))  # type: ignore[operator]
        out.append(draft)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=50_000, help="Outcome definitions to lint.")
    args = parser.parse_args()
    drafts = definitions(args.n)
    today = date(2026, 6, 1)
    for draft in drafts[: len(TITLES) * 5]:  # warm the regular expressions and the lexicon
        lint_outcome(draft, today=today)
    started = time.perf_counter()
    findings = sum(len(lint_outcome(d, today=today)) for d in drafts)
    elapsed = time.perf_counter() - started
    rate = args.n / elapsed
    bets = [
        BetDraft(title=f"Bet {i}", tradeoffs="x", insight="y", rank=i % 4 + 1) for i in range(5)
    ]
    commitments = [Commitment(f"team-{i % 1000}", str(i), "Q3") for i in range(args.n)]
    started = time.perf_counter()
    portfolio = lint_portfolio(bets=bets, outcomes=drafts, commitments=commitments)
    portfolio_s = time.perf_counter() - started
    for b in bets:
        lint_bet(b)
    print(
        f"outcome definitions: {args.n:,} in {elapsed:.3f}s = {rate:,.0f}/s ({findings:,} findings)"
    )
    print(
        f"portfolio rules over {args.n:,} outcomes and commitments: {portfolio_s * 1000:.0f} ms ({len(portfolio)} findings)"
    )
    ok = rate >= TARGET_PER_SECOND
    print(f"target {TARGET_PER_SECOND:,}/s: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
