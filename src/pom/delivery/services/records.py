"""Storing what a pipeline reports: deployments, changes and incidents, idempotent on the source's
id and all-or-nothing per request.

Parsers (``pom.delivery.ingest``) turn each format — the DevLake-shaped generic webhook, GitHub,
GitLab, CSV — into the plain records below; ``store`` validates every record before it writes
any, then writes them in one transaction. A record whose source id was seen before updates the
row it made (a replayed delivery changes nothing). A repository seen for the first time is
recorded as unmapped; its rows count for the source's team, if it has one, until it is mapped.

Changes are linked to deployments as DevLake does it: a successful production deployment of a
repository carries the changes named by its commits and every change of that repository merged
before it finished that no earlier production deployment carried. An incident is caused by the
deployment it names, or else by the last successful production deployment of its repository
(or its team) that finished before it opened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from pom.core import audit
from pom.delivery import rollup
from pom.delivery.models import (
    Change,
    ChangeKind,
    Deployment,
    DeploymentResult,
    Environment,
    Incident,
    IngestSource,
    Repository,
    Severity,
)
from pom.delivery.services.common import moment

MAX_RECORDS = 1000


@dataclass
class DeploymentRecord:
    external_id: str
    repository: str
    finished_at: Any
    started_at: Any = None
    environment: str = Environment.PRODUCTION
    result: str = DeploymentResult.SUCCESS
    commit_shas: list[tuple[str, str]] = field(default_factory=list)  # (repository, sha)
    name: str = ""
    url: str = ""
    repo_url: str = ""


@dataclass
class ChangeRecord:
    external_id: str
    repository: str
    first_commit_at: Any
    merged_at: Any = None
    opened_at: Any = None
    kind: str = ChangeKind.PULL_REQUEST
    title: str = ""
    url: str = ""
    commit_sha: str = ""
    additions: int = 0
    deletions: int = 0
    repo_url: str = ""


@dataclass
class IncidentRecord:
    external_id: str
    title: str
    opened_at: Any
    resolved_at: Any = None
    repository: str = ""
    severity: str = Severity.MEDIUM
    url: str = ""
    deployment_id: str = ""  # the source id of the deployment that caused it, when known
    repo_url: str = ""


@dataclass
class Stored:
    """What a request stored: how many records were new, how many updated a row seen before."""

    created: int = 0
    updated: int = 0
    ignored: int = 0

    @property
    def stored(self) -> int:
        return self.created + self.updated


def normalize_repository(value: str) -> str:
    """``https://github.com/Acme/Shop.git`` → ``github.com/acme/shop`` (how rows name repositories)."""
    name = (value or "").strip().lower()
    for prefix in ("https://", "http://", "ssh://", "git@"):
        name = name.removeprefix(prefix)
    name = name.replace(":", "/", 1) if "/" not in name.split(":", 1)[0] and ":" in name else name
    return name.removesuffix("/").removesuffix(".git").strip("/")[:300]


def _text(value: Any, where: str, limit: int, *, required: bool = False) -> str:
    text = "" if value is None else str(value).strip()
    if required and not text:
        raise ValidationError({where: "This field is required."})
    if len(text) > limit:
        raise ValidationError({where: f"Keep it under {limit} characters ({len(text)} now)."})
    return text


def _when(value: Any, where: str, *, required: bool) -> datetime | None:
    try:
        return moment(value, where, required=required, label=where.rsplit(".", 1)[-1])
    except ValidationError as exc:
        raise ValidationError({where: exc.messages}) from None


def _count(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10_000_000:
        raise ValidationError({where: "Use a whole number from 0 to 10,000,000."})
    return value


class _Teams:
    """Repository → team, read once per request; unknown repositories are recorded as unmapped."""

    def __init__(self, source: IngestSource) -> None:
        self.source = source
        self.org_id = source.organization_id
        self.known: dict[str, Repository] = {}

    def load(self, names: set[str], urls: dict[str, str]) -> None:
        names.discard("")
        found = Repository.objects.for_org(self.org_id).filter(name__in=names)
        self.known = {r.name: r for r in found}
        new = [
            Repository(organization_id=self.org_id, name=n, url=urls.get(n, "")[:500])
            for n in sorted(names - set(self.known))
        ]
        if new:
            Repository.objects.bulk_create(new, ignore_conflicts=True)
            again = Repository.objects.for_org(self.org_id).filter(name__in=[r.name for r in new])
            self.known.update({r.name: r for r in again})

    def team_id(self, repository: str) -> int | None:
        repo = self.known.get(repository)
        if repo is not None and repo.team_id:
            return repo.team_id
        return self.source.team_id


def _key(source: IngestSource, external_id: str) -> str:
    """Ids of a generic source are its own (DevLake's are per connection); GitHub's and GitLab's
    (``owner/repo#123``) are the same whichever source reports them."""
    return f"{source.pk}:{external_id}" if source.kind == "webhook" else external_id


def _check_all(records: list[Any], check: Any) -> None:
    if len(records) > MAX_RECORDS:
        raise ValidationError(
            {"body": f"Send at most {MAX_RECORDS} records per request ({len(records)} sent)."}
        )
    for index, record in enumerate(records):
        prefix = f"[{index}]." if len(records) > 1 else ""
        try:
            check(record)
        except ValidationError as exc:
            raise ValidationError(
                {f"{prefix}{name}": messages for name, messages in exc.message_dict.items()}
            ) from None


# --- Deployments -------------------------------------------------------------------------------


def _check_deployment(r: DeploymentRecord) -> None:
    r.external_id = _text(r.external_id, "id", 200, required=True)
    r.repository = _text(normalize_repository(r.repository), "repository", 300, required=True)
    r.finished_at = _when(r.finished_at, "finishedDate", required=True)
    r.started_at = _when(r.started_at, "startedDate", required=False)
    if r.started_at and r.started_at > r.finished_at:
        raise ValidationError({"finishedDate": "The deployment finished before it started."})
    if r.environment not in Environment.values:
        raise ValidationError({"environment": f"Unknown environment {r.environment!r}."})
    if r.result not in DeploymentResult.values:
        raise ValidationError({"result": f"Unknown result {r.result!r}."})
    r.commit_shas = [
        (normalize_repository(repo) or r.repository, _text(sha, "commitSha", 64))
        for repo, sha in r.commit_shas
    ]
    r.name = _text(r.name, "name", 200)
    r.url = _text(r.url, "url", 500)


def _store(
    model: type[Any],
    source: IngestSource,
    records: list[Any],
    check: Callable[[Any], None],
    fill: Callable[[Any, Any, _Teams], None],
    after: Callable[[Any, Any], None] | None = None,
) -> Stored:
    """Check every record, then create or update one row per record by the source's id.

    ``fill`` copies a record onto its row before the save, ``after`` runs once it is saved.
    The caller holds the transaction, so one bad record stores nothing.
    """
    _check_all(records, check)
    for r in records:
        r.external_id = _key(source, r.external_id)
    teams = _Teams(source)
    teams.load({r.repository for r in records}, {r.repository: r.repo_url for r in records})
    org, kind = source.organization_id, source.row_source
    existing = {
        row.external_id: row
        for row in model.objects.for_org(org).filter(
            source=kind, external_id__in=[r.external_id for r in records]
        )
    }
    done = Stored()
    # Written in bulk: the new rows in one insert, the ones seen before in one update of the rows
    # that differ (so a replayed delivery writes nothing). Rows the audit log follows (incidents)
    # get their audit events in one insert too, as the signals of a save would have written them.
    audited = getattr(model, "audit_rows", True)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    new: dict[str, Any] = {}
    seen: dict[int, tuple[Any, ...]] = {}  # pk → the row's values as read, before any record
    snapshots: dict[int, dict[str, Any]] = {}
    for r in records:
        row = existing.get(r.external_id) or model(
            organization_id=org, source=kind, external_id=r.external_id
        )
        if row.pk or r.external_id in new:  # a second record with the same id updates the first
            done.updated += 1
        else:
            done.created += 1
        if row.pk is not None and row.pk not in seen:
            seen[row.pk] = tuple(getattr(row, f.attname) for f in fields)
            if audited:
                snapshots[row.pk] = audit.snapshot(row)
        fill(row, r, teams)
        if row.pk is None:
            new[r.external_id] = row
        existing[r.external_id] = row
    if new:
        model.objects.bulk_create(list(new.values()))
    changed = (
        _update_changed(model, org, fields, [existing[r.external_id] for r in records], seen)
        if seen
        else {}
    )
    if audited:
        audit.record_bulk(list(new.values()), [(row, snapshots[pk]) for pk, row in changed.items()])
    if after is not None:
        for r in records:
            after(existing[r.external_id], r)
    return done


def _update_changed(
    model: type[Any],
    org: int,
    fields: list[Any],
    rows: list[Any],
    seen: dict[int, tuple[Any, ...]],
) -> dict[int, Any]:
    """One ``bulk_update`` of the rows seen before whose values a record changed, and of those
    fields only; ``updated_at`` moves for them alone. Returns the rows it changed, by id."""
    changed: dict[int, Any] = {}
    names: set[str] = set()
    for row in rows:
        before = seen.get(row.pk)
        if before is None or row.pk in changed:
            continue
        moved = {
            f.name
            for f, old in zip(fields, before, strict=True)
            if getattr(row, f.attname) != old and f.name != "updated_at"
        }
        if moved:
            changed[row.pk] = row
            names |= moved
    if not changed:
        return changed
    now = timezone.now()
    for row in changed.values():
        row.updated_at = now
    model.objects.for_org(org).bulk_update(list(changed.values()), sorted(names | {"updated_at"}))
    return changed


@transaction.atomic
def store_deployments(source: IngestSource, records: list[DeploymentRecord]) -> Stored:
    before: list[tuple[int | None, datetime]] = []  # (team, finished) of the rows seen before

    def fill(row: Deployment, r: DeploymentRecord, teams: _Teams) -> None:
        if row.pk is not None:
            before.append((row.team_id, row.finished_at))
        row.repository, row.name, row.url = r.repository, r.name, r.url
        row.environment, row.result = r.environment, r.result
        row.started_at, row.finished_at = r.started_at, r.finished_at
        row.commit_sha = r.commit_shas[0][1] if r.commit_shas else ""
        row.team_id = teams.team_id(r.repository)

    shipping: list[tuple[Deployment, list[tuple[str, str]]]] = []
    stored: set[int] = set()

    def after(row: Deployment, r: DeploymentRecord) -> None:
        stored.add(row.pk)
        if row.result == DeploymentResult.SUCCESS and row.environment == Environment.PRODUCTION:
            shipping.append((row, r.commit_shas))

    done = _store(Deployment, source, records, _check_deployment, fill, after)
    _carry_changes(source.organization_id, shipping)
    rollup.touch_deployments(source.organization_id, stored, before)
    return done


def _carry_changes(org: int, shipping: list[tuple[Deployment, list[tuple[str, str]]]]) -> None:
    """Link the changes each successful production deployment shipped (see the module docstring),
    for a whole request at once: four queries however many deployments it carries.

    In the order the deployments came, each takes the changes its commits name, and every change
    of its repository merged before it finished that no other production deployment carries
    (one already in pom, or one earlier in this request).
    """
    if not shipping:
        return
    ours = {d.pk for d, _ in shipping}
    shas = {(repo, sha) for _, pairs in shipping for repo, sha in pairs if sha}
    named: dict[tuple[str, str], set[int]] = {}
    if shas:
        rows = (
            Change.objects.for_org(org)
            .filter(commit_sha__in={sha for _, sha in shas})
            .values_list("pk", "repository", "commit_sha")
        )
        for pk, repo, sha in rows:
            if (repo, sha) in shas:
                named.setdefault((repo, sha), set()).add(pk)
    latest = max(d.finished_at for d, _ in shipping)
    pending = list(
        Change.objects.for_org(org)
        .filter(repository__in={d.repository for d, _ in shipping}, merged_at__lte=latest)
        .exclude(
            pk__in=Deployment.changes.through.objects.filter(
                deployment__organization_id=org,
                deployment__environment=Environment.PRODUCTION,
                deployment__result=DeploymentResult.SUCCESS,
            )
            .exclude(deployment_id__in=ours)
            .values("change_id")
        )
        .values_list("pk", "repository", "merged_at")
        .order_by("merged_at", "pk")
    )
    # Changes a deployment of this request already carries (a replayed delivery): only that
    # deployment may take them again.
    held: dict[int, set[int]] = {}
    for change_id, deployment_id in Deployment.changes.through.objects.filter(
        change_id__in=[pk for pk, _, _ in pending], deployment_id__in=ours
    ).values_list("change_id", "deployment_id"):
        held.setdefault(change_id, set()).add(deployment_id)
    taken: dict[int, int] = {}  # change → the deployment of this request that carries it
    links: list[Any] = []
    through = Deployment.changes.through
    for deployment, pairs in shipping:
        ids: set[int] = set()
        for pk, repo, merged_at in pending:
            if repo != deployment.repository or not merged_at or merged_at > deployment.finished_at:
                continue
            others = held.get(pk, set()) - {deployment.pk}
            if (pk in taken and taken[pk] != deployment.pk) or (pk not in taken and others):
                continue
            ids.add(pk)
            taken[pk] = deployment.pk
        for pair in pairs:
            ids |= named.get(pair, set())
        links.extend(through(deployment_id=deployment.pk, change_id=pk) for pk in ids)
    through.objects.bulk_create(links, ignore_conflicts=True)


# --- Changes -----------------------------------------------------------------------------------


def _check_change(r: ChangeRecord) -> None:
    r.external_id = _text(r.external_id, "id", 200, required=True)
    r.repository = _text(normalize_repository(r.repository), "repository", 300, required=True)
    r.first_commit_at = _when(r.first_commit_at, "firstCommitDate", required=True)
    r.opened_at = _when(r.opened_at, "createdDate", required=False)
    r.merged_at = _when(r.merged_at, "mergedDate", required=False)
    if r.opened_at and r.opened_at < r.first_commit_at:
        pass  # a branch may be opened as a draft before its first commit; keep both as sent
    if r.merged_at and r.merged_at < r.first_commit_at:
        raise ValidationError({"mergedDate": "The change was merged before its first commit."})
    if r.merged_at and r.opened_at and r.merged_at < r.opened_at:
        raise ValidationError({"mergedDate": "The change was merged before it was opened."})
    if r.kind not in ChangeKind.values:
        raise ValidationError({"kind": f"Unknown kind {r.kind!r}."})
    r.additions = _count(r.additions, "additions")
    r.deletions = _count(r.deletions, "deletions")
    r.title = _text(r.title, "title", 300)
    r.url = _text(r.url, "url", 500)
    r.commit_sha = _text(r.commit_sha, "commitSha", 64)


_CHANGE_FIELDS = (
    "repository",
    "kind",
    "title",
    "url",
    "commit_sha",
    "first_commit_at",
    "opened_at",
    "merged_at",
    "additions",
    "deletions",
)


@transaction.atomic
def store_changes(source: IngestSource, records: list[ChangeRecord]) -> Stored:
    teams_before: set[int | None] = set()

    def fill(row: Change, r: ChangeRecord, teams: _Teams) -> None:
        if row.pk is not None:
            teams_before.add(row.team_id)
        for name in _CHANGE_FIELDS:
            setattr(row, name, getattr(r, name))
        row.team_id = teams.team_id(r.repository)

    merged: dict[int, Change] = {}
    stored: set[int] = set()

    def after(row: Change, r: ChangeRecord) -> None:
        stored.add(row.pk)
        if row.merged_at is not None:
            merged.setdefault(row.pk, row)

    done = _store(Change, source, records, _check_change, fill, after)
    _ship_in_next_deployment(source.organization_id, list(merged.values()))
    rollup.touch_changes(source.organization_id, stored, teams_before)
    return done


def _ship_in_next_deployment(org: int, changes: list[Change]) -> None:
    """A merged change reported after the deployment that shipped it joins that deployment: the
    first successful production deployment of its repository (by finish time, then id) that names
    its commit or finished after it merged — unless some deployment carries it already.

    For a whole request at once: three queries however many changes it names.
    """
    through = Deployment.changes.through
    carried = set(
        through.objects.filter(change_id__in=[c.pk for c in changes]).values_list(
            "change_id", flat=True
        )
    )
    waiting = [(c, c.merged_at) for c in changes if c.pk not in carried and c.merged_at]
    if not waiting:
        return
    # Every candidate of every waiting change: its repository's deployments since the earliest
    # merge, and those naming one of the commits.
    repositories = {c.repository for c, _ in waiting}
    since = Q(finished_at__gte=min(merged_at for _, merged_at in waiting))
    shas = {c.commit_sha for c, _ in waiting if c.commit_sha}
    by_repository: dict[str, list[tuple[int, datetime, str]]] = {}
    for pk, repository, finished_at, sha in (
        Deployment.objects.for_org(org)
        .filter(since | Q(commit_sha__in=shas) if shas else since)
        .filter(
            repository__in=repositories,
            environment=Environment.PRODUCTION,
            result=DeploymentResult.SUCCESS,
        )
        .order_by("finished_at", "id")
        .values_list("pk", "repository", "finished_at", "commit_sha")
    ):
        by_repository.setdefault(repository, []).append((pk, finished_at, sha))
    links = []
    for c, merged_at in waiting:
        for pk, finished_at, sha in by_repository.get(c.repository, []):
            if (c.commit_sha and sha == c.commit_sha) or finished_at >= merged_at:
                links.append(through(deployment_id=pk, change_id=c.pk))
                break
    through.objects.bulk_create(links, ignore_conflicts=True)


# --- Incidents ---------------------------------------------------------------------------------


def _check_incident(r: IncidentRecord) -> None:
    r.external_id = _text(r.external_id, "issueKey", 200, required=True)
    r.title = _text(r.title, "title", 300, required=True)
    r.opened_at = _when(r.opened_at, "createdDate", required=True)
    r.resolved_at = _when(r.resolved_at, "resolutionDate", required=False)
    if r.resolved_at and r.resolved_at < r.opened_at:
        raise ValidationError({"resolutionDate": "The incident was resolved before it was opened."})
    r.repository = _text(normalize_repository(r.repository), "repository", 300)
    if r.severity not in Severity.values:
        raise ValidationError({"severity": f"Unknown severity {r.severity!r}."})
    r.url = _text(r.url, "url", 500)
    r.deployment_id = _text(r.deployment_id, "deploymentId", 200)


@transaction.atomic
def store_incidents(source: IngestSource, records: list[IncidentRecord]) -> Stored:
    """Store incidents, each caused by the deployment it names or by ``cause_of``'s — found for
    the whole request at once (a fixed number of queries however many incidents it carries)."""
    org, kind = source.organization_id, source.row_source
    causes: list[int | None] = []  # the deployments caused incidents, before and after

    def fill(row: Incident, r: IncidentRecord, teams: _Teams) -> None:
        causes.append(row.deployment_id)
        for name in ("title", "url", "severity", "opened_at", "resolved_at", "repository"):
            setattr(row, name, getattr(r, name))
        row.team_id = teams.team_id(r.repository) if r.repository else source.team_id
        if r.deployment_id:
            row.deployment_id = named[r.deployment_id]
        else:
            row.deployment_id = found.cause(r.repository, row.team_id, r.opened_at)
        causes.append(row.deployment_id)

    def check(r: IncidentRecord) -> None:
        _check_incident(r)
        r.deployment_id = _key(source, r.deployment_id) if r.deployment_id else ""

    _check_all(records, check)
    named = _named_deployments(org, kind, records)
    # Which team each repository counts for is known only once _store has loaded them; the
    # candidates are read for the repositories named and, for the rest, the teams they may fall to.
    found = _Causes(org)
    found.load(
        [(r.repository, r.opened_at) for r in records if not r.deployment_id and r.repository],
        [
            (source.team_id, r.opened_at)
            for r in records
            if not r.deployment_id and not r.repository
        ],
    )
    done = _store(Incident, source, records, lambda r: None, fill)
    rollup.touch_causes(org, causes)
    return done


def _named_deployments(org: int, kind: str, records: list[IncidentRecord]) -> dict[str, int]:
    wanted = {r.deployment_id for r in records if r.deployment_id}
    if not wanted:
        return {}
    named = dict(
        Deployment.objects.for_org(org)
        .filter(source=kind, external_id__in=wanted)
        .values_list("external_id", "pk")
    )
    for index, r in enumerate(records):
        if r.deployment_id and r.deployment_id not in named:
            where = f"[{index}].deploymentId" if len(records) > 1 else "deploymentId"
            raise ValidationError(
                {where: f"No deployment with id {r.deployment_id!r} from this source."}
            )
    return named


class _Causes:
    """``cause_of`` for many incidents at once: per repository (or team), the last successful
    production deployment finished before the earliest incident, and every one after it up to
    the latest (two queries for each kind, however many incidents)."""

    def __init__(self, org: int) -> None:
        self.org = org
        self.by: dict[tuple[str, Any], list[tuple[datetime, int]]] = {}

    def load(
        self, by_repo: list[tuple[str, datetime]], by_team: list[tuple[Any, datetime]]
    ) -> None:
        for name, given in (("repository", by_repo), ("team_id", by_team)):
            wanted = [(k, m) for k, m in given if k]
            if wanted:
                self._load(name, wanted)

    def _load(self, name: str, wanted: list[tuple[Any, datetime]]) -> None:
        qs = Deployment.objects.for_org(self.org).filter(
            environment=Environment.PRODUCTION, result=DeploymentResult.SUCCESS
        )
        lo: dict[Any, datetime] = {}
        hi: dict[Any, datetime] = {}
        for k, m in wanted:
            lo[k], hi[k] = min(lo.get(k, m), m), max(hi.get(k, m), m)
        last_before = Q(pk__in=[])
        for k, m in lo.items():
            last_before |= Q(**{name: k}, finished_at__lte=m)
        starts = dict(
            qs.filter(last_before)
            .values(name)
            .annotate(at=Max("finished_at"))
            .values_list(name, "at")
        )
        span = Q(pk__in=[])
        for k, m in hi.items():
            since = {"finished_at__gte": starts[k]} if k in starts else {}
            span |= Q(**{name: k}, finished_at__lte=m, **since)
        for value, finished, pk in qs.filter(span).values_list(name, "finished_at", "pk"):
            self.by.setdefault((name, value), []).append((finished, pk))
        for rows in self.by.values():
            rows.sort()

    def cause(self, repository: str, team_id: int | None, opened_at: datetime) -> int | None:
        key = ("repository", repository) if repository else ("team_id", team_id)
        if not key[1]:
            return None
        best = None
        for finished, pk in self.by.get(key, []):
            if finished > opened_at:
                break
            best = pk
        return best


def cause_of(org: int, repository: str, team_id: int | None, opened_at: datetime) -> int | None:
    """The deployment an incident opened at ``opened_at`` is put down to when none is named: the
    last successful production deployment of its repository (or, without one, its team) that
    finished before it opened."""
    where = Q(repository=repository) if repository else Q(team_id=team_id) if team_id else None
    if where is None:
        return None
    return (
        Deployment.objects.for_org(org)
        .filter(
            where,
            environment=Environment.PRODUCTION,
            result=DeploymentResult.SUCCESS,
            finished_at__lte=opened_at,
        )
        .order_by("-finished_at", "-id")
        .values_list("pk", flat=True)
        .first()
    )


@transaction.atomic
def close_incident(source: IngestSource, key: str, resolved_at: Any = None) -> Incident:
    """Mark an incident resolved (DevLake's ``/issue/<key>/close``), now unless a time is given."""
    incident = (
        Incident.objects.for_org(source.organization_id)
        .filter(source=source.row_source, external_id=_key(source, key))
        .first()
    )
    if incident is None:
        raise ValidationError({"issueKey": f"No incident {key!r} from this source."})
    when = _when(resolved_at, "resolutionDate", required=False) or timezone.now()
    if when < incident.opened_at:
        raise ValidationError({"resolutionDate": "The incident was resolved before it was opened."})
    incident.resolved_at = when
    incident.save()
    rollup.touch_causes(source.organization_id, [incident.deployment_id])
    return incident
