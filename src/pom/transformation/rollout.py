"""A wave's entry criteria and warnings: pure functions over what the queries gathered.

The seeds: never roll out to everyone at once; scale in waves after fixing the systemic blockers
the pilots surfaced; pair each wave with coaching it can actually get.
"""

from __future__ import annotations

from dataclasses import dataclass

# A wave holding more than this share of the organization's active teams is "everyone at once".
BIG_BANG_SHARE = 0.5


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    met: bool | None  # None: cannot be judged yet
    detail: str


@dataclass(frozen=True)
class WaveReview:
    checks: tuple[Check, ...]
    warnings: tuple[str, ...]

    @property
    def ready(self) -> bool:
        return all(c.met for c in self.checks)

    @property
    def met(self) -> int:
        return sum(1 for c in self.checks if c.met)


def review(
    *,
    size: int,
    has_coach: bool,
    coaching_capacity: int | None,
    open_blockers: int,
    pilots_before: int,
    incomplete_trios: list[str],
    active_teams: int,
) -> WaveReview:
    checks = [
        Check(
            "pilots",
            "Pilots ran first",
            pilots_before > 0,
            f"{pilots_before} pilot team{'s' if pilots_before != 1 else ''} chosen before the wave starts."
            if pilots_before
            else "No pilot was chosen before this wave starts: pilots show what has to change first.",
        ),
        Check(
            "blockers",
            "Systemic blockers fixed",
            open_blockers == 0,
            "Every blocker the pilots surfaced is resolved."
            if not open_blockers
            else f"{open_blockers} systemic blocker{'s are' if open_blockers != 1 else ' is'} still open: the wave's teams would run into {'them' if open_blockers != 1 else 'it'} too.",
        ),
        Check(
            "coach",
            "Coach paired",
            has_coach,
            "A coach is paired with the wave."
            if has_coach
            else "No coach is paired with the wave.",
        ),
        Check(
            "capacity",
            "Within coaching capacity",
            None if coaching_capacity is None else size <= coaching_capacity,
            "No readiness assessment says how many teams the coaches can support."
            if coaching_capacity is None
            else f"{size} team{'s' if size != 1 else ''} for coaches who can support {coaching_capacity} at once.",
        ),
        Check(
            "trios",
            "Teams fully cross-functional",
            size > 0 and not incomplete_trios,
            "The wave has no teams yet."
            if size == 0
            else "Every team has its product manager, designer and tech lead."
            if not incomplete_trios
            else f"Trio incomplete in {len(incomplete_trios)}: {', '.join(incomplete_trios[:5])}{'…' if len(incomplete_trios) > 5 else ''}.",
        ),
    ]
    warnings = []
    if coaching_capacity is not None and size > coaching_capacity:
        warnings.append(
            f"This wave has {size} teams but the coaches can support {coaching_capacity} at once: split it, or find more coaching first."
        )
    if size > 1 and active_teams and size > active_teams * BIG_BANG_SHARE:
        warnings.append(
            f"Everyone at once: this wave holds {size} of the {active_teams} active teams. Roll out in smaller waves, after fixing what the pilots surfaced."
        )
    return WaveReview(tuple(checks), tuple(warnings))
