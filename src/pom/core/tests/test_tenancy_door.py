"""Every way around the tenancy door is listed here, with why.

The door (``pom.core.models.TenantQuerySet``) refuses a tenant queryset that names no single
organization, when it runs and when it is nested in another query. Two things pass it on
purpose, and each one in ``src/pom`` (tests and migrations aside) must be on ``ALLOWED``:

- ``.unscoped()``, the named way out: every call, with the reason it reads across organizations;
- a raw ``Subquery(...)`` or ``Exists(...)`` over a tenant model (or over a variable, which the
  scan cannot see through): with how it is scoped, so a reviewer sees each nested read once.

An entry is the file, the kind, a snippet of the call's expression (whitespace does not matter)
and the reason; an entry that matches no call, or more than one, fails as well, so the list
stays exact. Line numbers are not keys: they move with every edit above.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps

import pom
from pom.core.models import TenantModel

SRC = Path(pom.__file__).resolve().parent

# (file under src/pom, kind, snippet of the expression, reason)
ALLOWED: list[tuple[str, str, str, str]] = [
    # --- .unscoped(): reads that act for no organization, or before one is known ---------------
    (
        "accounts/models.py",
        "unscoped",
        "ApiToken.objects.unscoped().filter(user=self",
        "a new password revokes the user's tokens in every organization: they are the user's",
    ),
    (
        "accounts/services.py",
        "unscoped",
        ".filter(pk=pk, nonce=nonce)",
        "an invitation link names the invitation, not its organization; the signed nonce proves it",
    ),
    (
        "accounts/services.py",
        "unscoped",
        ".filter(token_hash=ApiToken.hash_token(raw))",
        "a bearer token names no organization until it is found; its hash is the proof",
    ),
    (
        "transformation/services/clarity.py",
        "unscoped",
        ".filter(token_hash=hash_secret(token))",
        "a pulse link names no organization (it is opened without signing in); its hash is the proof",
    ),
    (
        "accounts/tasks.py",
        "unscoped",
        ".get(pk=invitation_id)",
        "the worker gets only the invitation's id from the service that queued it",
    ),
    (
        "core/tenancy.py",
        "unscoped",
        "Membership.objects.filter(user=user).unscoped()",
        "every organization the user belongs to, to choose one (the switcher) before any is chosen",
    ),
    (
        "delivery/hooks.py",
        "unscoped",
        "IngestSource.objects.unscoped().filter(token=token)",
        "a webhook URL's token names the source before its organization is known; the signature "
        "check follows",
    ),
    (
        "culture/digests.py",
        "unscoped",
        'Delivery.objects.unscoped().filter( organization_id=OuterRef("organization_id"), user_id=',
        "the digest scheduler's check for this week's digest, correlated to each membership",
    ),
    (
        "culture/digests.py",
        "unscoped",
        "NotificationPreference.objects.unscoped().filter(",
        "the digest scheduler's opt-outs, correlated to each membership in every organization",
    ),
    (
        "culture/digests.py",
        "unscoped",
        "Membership.objects.unscoped() .filter(user__is_active=True)",
        "the digest scheduler creates the week's digests in every organization, for none in particular",
    ),
    (
        "culture/digests.py",
        "unscoped",
        'Delivery.objects.unscoped().filter( organization_id=OuterRef("organization_id"), user__isnull',
        "the digest scheduler's check for this week's chat post, correlated to each organization",
    ),
    (
        "culture/digests.py",
        "unscoped",
        "NotificationSettings.objects.unscoped()",
        "the digest scheduler posts to the chat webhook of every organization that connected one",
    ),
    (
        "culture/digests.py",
        "unscoped",
        "Delivery.objects.unscoped() .filter(waiting)",
        "the scheduler hands the worker due deliveries and retries of every organization",
    ),
    (
        "culture/digests.py",
        "unscoped",
        "Delivery.objects.unscoped().filter(pk__in=ids).values_list(",
        "reads the organization of each delivery the scheduler hands back to the worker",
    ),
    (
        "culture/digests.py",
        "unscoped",
        "Delivery.objects.unscoped().filter(pk__in=ids).update(",
        "marks the deliveries the scheduler hands back to the worker, across organizations",
    ),
    (
        "metrics/services/schedule.py",
        "unscoped",
        "MetricRefresh.objects.unscoped().filter( metric=OuterRef",
        "the scheduler's busy check, correlated to each metric it considers in every organization",
    ),
    (
        "metrics/services/schedule.py",
        "unscoped",
        "Metric.objects.unscoped() .filter(due(now))",
        "the scheduler queues due metrics of every organization; it acts for none in particular",
    ),
    (
        "metrics/services/schedule.py",
        "unscoped",
        "MetricRefresh.objects.unscoped() .filter(metric__in=metrics",
        "reads back the refreshes the scheduler just created, across organizations",
    ),
    (
        "metrics/tasks.py",
        "unscoped",
        "MetricRefresh.objects.unscoped().filter(pk=refresh_id)",
        "the worker gets only the queued refresh's id; the refresh carries its organization",
    ),
    (
        "teams/queries.py",
        "unscoped",
        "TeamMember.objects.unscoped() .filter(person_id=OuterRef",
        "keyed by the outer (scoped) row's person; an organization filter made SQLite walk the "
        "organization index, 280 ms instead of 5 ms a page (see _person_total)",
    ),
    # --- Subquery / Exists: each nested read and how it is scoped ------------------------------
    (
        "culture/learnings.py",
        "Exists",
        "Exists(logged)",
        "Learning.objects.for_org(actor.organization_id), correlated to the test",
    ),
    (
        "delivery/dora.py",
        "Subquery",
        'Subquery(links.values("n"))',
        "the plain deployment-change link table, correlated to the outer (scoped) deployment",
    ),
    (
        "discovery/queries.py",
        "Subquery",
        "Subquery(n, output_field=IntegerField())",
        "the plain opportunity-insight link table, correlated to the outer (scoped) opportunity",
    ),
    (
        "delivery/dora.py",
        "Exists",
        "Exists(caused)",
        "Incident.objects.for_org(org_id), correlated to the deployment",
    ),
    (
        "delivery/dora.py",
        "Subquery",
        "Subquery(first, output_field=DateTimeField())",
        "the plain deployment-change link table, correlated to the outer (scoped) change",
    ),
    (
        "delivery/rollup.py",
        "Exists",
        "Exists(caused)",
        "Incident.objects.for_org(org_id), correlated to the deployment",
    ),
    (
        "transformation/pattern_facts.py",
        "Exists",
        "Exists(OutcomeMetric.objects.for_member(actor)",
        "OutcomeMetric.objects.for_member(actor), correlated to the outcome",
    ),
    (
        "delivery/queries.py",
        "Exists",
        "Release.solutions.through.objects.filter(",
        "the plain release-solution table, correlated to the outer (scoped) release",
    ),
    (
        "discovery/attention.py",
        "Exists",
        "Exists(recent)",
        "Touchpoint.objects.for_org(scope.org_id), correlated to the team",
    ),
    (
        "discovery/filters.py",
        "Exists",
        "Exists(recent)",
        "Touchpoint.objects.for_member(self.request.membership), correlated to the team",
    ),
    (
        "culture/digests.py",
        "Exists",
        "~Exists(sent)",
        "the week's digests already created (see its .unscoped() above), per membership",
    ),
    (
        "culture/digests.py",
        "Exists",
        "~Exists(off)",
        "the people who turned the digest off (see its .unscoped() above), per membership",
    ),
    (
        "culture/digests.py",
        "Exists",
        "~Exists(posted)",
        "the week's chat posts already created (see its .unscoped() above), per organization",
    ),
    (
        "metrics/services/schedule.py",
        "Exists",
        "~Exists(busy)",
        "the scheduler's busy check across organizations (see its .unscoped() above)",
    ),
    (
        "strategy/panels.py",
        "Subquery",
        "Subquery(settings)",
        "StrategySettings.objects.filter(organization_id=org_id): the organization's threshold",
    ),
    (
        "strategy/queries.py",
        "Exists",
        "Exists(off_track_forecasts(org_id)",
        "off_track_forecasts(org_id) reads through for_org",
    ),
    (
        "strategy/queries.py",
        "Exists",
        "Exists(breached_guardrails(org_id)",
        "breached_guardrails(org_id) reads through for_org",
    ),
    (
        "strategy/queries.py",
        "Subquery",
        "model.objects.filter(organization_id=org_id, cycle_id=OuterRef",
        "an equality on the organization, correlated to the cycle",
    ),
    (
        "teams/queries.py",
        "Exists",
        "TeamMember.objects.for_org(org_id).filter(team_id=OuterRef",
        "for_org(org_id), correlated to the team",
    ),
    (
        "teams/queries.py",
        "Subquery",
        "Subquery( TeamMember.objects.unscoped()",
        "the person's total allocation (see its .unscoped() above)",
    ),
]


@dataclass(frozen=True)
class Found:
    path: str
    line: int
    kind: str
    text: str

    def __str__(self) -> str:
        return f"src/pom/{self.path}:{self.line} {self.kind}: {self.text[:120]}"


def _flat(text: str) -> str:
    return "".join(text.split())


def _base_name(node: ast.expr) -> str | None:
    """The name a chain like ``Model.objects.filter(...)[:1]`` starts from."""
    while isinstance(node, ast.Call | ast.Attribute | ast.Subscript):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _plain_models() -> set[str]:
    return {m.__name__ for m in apps.get_models() if not issubclass(m, TenantModel)}


def _kind(call: ast.Call, plain: set[str]) -> str | None:
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "unscoped":
        return "unscoped"
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    if name in ("Subquery", "Exists") and call.args and _base_name(call.args[0]) not in plain:
        return str(name)
    return None


def found() -> list[Found]:
    plain = _plain_models()
    result = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        if {"tests", "migrations"} & set(rel.parts):
            continue
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source)
        parent = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not (kind := _kind(node, plain)):
                continue
            # The whole method chain the call sits in, or the call itself for Subquery / Exists.
            top: ast.AST = node
            while isinstance(up := parent.get(top), ast.Attribute | ast.Call) and (
                getattr(up, "value", None) is top or getattr(up, "func", None) is top
            ):
                top = up
            if kind != "unscoped":
                top = node
                if isinstance(up := parent.get(node), ast.UnaryOp):
                    top = up
            text = ast.get_source_segment(source, top) or ""
            result.append(Found(rel.as_posix(), node.lineno, kind, " ".join(text.split())))
    return result


def _matches(entry: tuple[str, str, str, str], f: Found) -> bool:
    path, kind, snippet, _ = entry
    return f.path == path and f.kind == kind and _flat(snippet) in _flat(f.text)


def test_every_way_around_the_tenancy_door_is_listed_with_a_reason() -> None:
    everything = found()
    unlisted = [str(f) for f in everything if not any(_matches(e, f) for e in ALLOWED)]
    assert unlisted == [], (
        "scope these through .for_org() / .for_member(), or add them to ALLOWED with a reason:\n"
        + "\n".join(unlisted)
    )


def test_every_allowed_entry_matches_exactly_one_call() -> None:
    everything = found()
    wrong = {
        f"{path} {kind} {snippet!r}": [str(f) for f in everything if _matches(entry, f)]
        for entry in ALLOWED
        for path, kind, snippet, _ in [entry]
    }
    wrong = {key: hits for key, hits in wrong.items() if len(hits) != 1}
    assert wrong == {}, "remove stale entries, or make a snippet specific to one call"


def test_every_entry_gives_a_reason() -> None:
    assert all(len(reason) > 20 for *_, reason in ALLOWED)


def test_the_scan_sees_unscoped_calls_and_nested_reads() -> None:
    kinds = {f.kind for f in found()}
    assert kinds == {"unscoped", "Subquery", "Exists"}
