"""Data sources: connect, describe, test, and (for file sources) add or remove files.

Only leaders and owners manage sources (``metrics.sources``). Passwords go in encrypted or as
the name of an environment variable and never come back out.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from pom.accounts.models import Membership
from pom.core.permissions import require
from pom.core.validation import choice, text
from pom.metrics import vault
from pom.metrics.engines import EngineError, engine_for
from pom.metrics.engines.duck import describe_file
from pom.metrics.models import DataSource, DataSourceKind, FileFormat, SourceTable
from pom.metrics.sql import IDENTIFIER

SETTING_FIELDS = ("host", "port", "database", "user", "sslmode", "secure")
HOST = re.compile(r"^[A-Za-z0-9._:\-\[\]]+$")
SSLMODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
TRUE, FALSE = ("1", "true", "on", "yes"), ("", "0", "false", "off", "no")


def _flag(value: Any, field: str, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in TRUE or lowered in FALSE:
        return lowered in TRUE
    raise ValidationError({field: f"{value!r} is not yes or no."})


def _default_port(kind: str, secure: bool) -> int:
    if kind == DataSourceKind.CLICKHOUSE:
        return 8443 if secure else 8123  # ClickHouse's HTTP interface, with or without TLS
    return 5432


def _settings(kind: str, data: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    if kind == DataSourceKind.DUCKDB:
        return {}
    merged = {**current, **{k: data[k] for k in SETTING_FIELDS if k in data}}
    host = text(merged.get("host"), "host", required=True, max_length=253)
    if not HOST.match(host):
        raise ValidationError({"host": f"{host!r} is not a host name or address."})
    secure = _flag(merged.get("secure"), "secure", default=True)
    port_raw = merged.get("port") or _default_port(kind, secure)
    try:
        port = int(port_raw)
    except (TypeError, ValueError):
        raise ValidationError({"port": f"{port_raw!r} is not a port number."}) from None
    if not 1 <= port <= 65535:
        raise ValidationError({"port": "Use a port from 1 to 65535."})
    conf: dict[str, Any] = {
        "host": host,
        "port": port,
        "database": text(merged.get("database"), "database", required=True, max_length=200),
        "user": text(merged.get("user"), "user", required=True, max_length=200),
    }
    if kind == DataSourceKind.CLICKHOUSE:
        if not IDENTIFIER.match(conf["database"]):
            raise ValidationError(
                {"database": f"{conf['database']!r} is not a database name (letters, digits, _)."}
            )
        return {**conf, "secure": secure}
    sslmode = str(merged.get("sslmode") or "prefer")
    if sslmode not in SSLMODES:
        raise ValidationError({"sslmode": f"Choose one of {', '.join(SSLMODES)}."})
    return {**conf, "sslmode": sslmode}


def _apply_secret(source: DataSource, data: dict[str, Any]) -> None:
    env = text(data.get("password_env"), "password_env", max_length=100)
    if env and not (env.startswith(vault.ENV_PREFIX) and IDENTIFIER.match(env)):
        raise ValidationError(
            {
                "password_env": f"Name a variable that starts with {vault.ENV_PREFIX} (letters, digits, _)."
            }
        )
    if "password_env" in data:
        source.secret_env = env
    password = data.get("password") or ""
    if password:
        source.secret_encrypted = vault.encrypt(str(password))
    elif data.get("clear_password"):
        source.secret_encrypted = ""
    if source.kind == DataSourceKind.DUCKDB:
        source.secret_encrypted, source.secret_env = "", ""
    if source.has_secret:
        source.needs_password = False


def _unique_name(actor: Membership, name: str, exclude: int | None) -> None:
    qs = DataSource.objects.for_member(actor).filter(name__iexact=name)
    if exclude:
        qs = qs.exclude(pk=exclude)
    if qs.exists():
        raise ValidationError({"name": f"There is already a data source named {name!r}."})


@transaction.atomic
def create_source(actor: Membership, **data: Any) -> DataSource:
    require(actor, "metrics.sources")
    name = text(data.get("name"), "name", required=True, max_length=120)
    kind = choice(data.get("kind"), "kind", DataSourceKind, default=DataSourceKind.DUCKDB)
    _unique_name(actor, name, None)
    source = DataSource(
        organization_id=actor.organization_id,
        name=name,
        kind=kind,
        description=text(data.get("description"), "description", max_length=2000),
        settings=_settings(kind, data, {}),
    )
    _apply_secret(source, data)
    source.save()
    return source


@transaction.atomic
def update_source(actor: Membership, source: DataSource, **data: Any) -> DataSource:
    """Change a source; a blank password keeps the stored one (``clear_password`` removes it)."""
    require(actor, "metrics.sources")
    if "name" in data:
        source.name = text(data["name"], "name", required=True, max_length=120)
        _unique_name(actor, source.name, source.pk)
    if "description" in data:
        source.description = text(data["description"], "description", max_length=2000)
    if "kind" in data and data["kind"] not in (None, "", source.kind):
        raise ValidationError({"kind": "A source keeps its kind; add a new source instead."})
    source.settings = _settings(source.kind, data, source.settings or {})
    _apply_secret(source, data)
    source.save()
    return source


@transaction.atomic
def delete_source(actor: Membership, source: DataSource) -> None:
    require(actor, "metrics.sources")
    used = source.metrics.count()
    if used:
        raise ValidationError(
            f"{used} metric{'s read' if used != 1 else ' reads'} from {source.name}; "
            "delete them or move them to another source first."
        )
    uploads = [Path(t.path) for t in source.tables.all() if t.uploaded and t.path]
    source.delete()
    transaction.on_commit(lambda: _unlink(uploads))


def _unlink(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def check_connection(actor: Membership, source: DataSource) -> tuple[bool, str]:
    """Ask the engine whether it answers; the outcome is recorded on the source and returned."""
    require(actor, "metrics.sources")
    try:
        ok, message = True, engine_for(source).check()
    except EngineError as exc:
        ok, message = False, str(exc)
    source.last_checked_at = timezone.now()
    source.last_check_ok = ok
    source.last_check_message = message[:500]
    source.save(
        update_fields=["last_checked_at", "last_check_ok", "last_check_message", "updated_at"]
    )
    return ok, message


# --- Files of a file source ---------------------------------------------------------------------


def upload_dir(source: DataSource) -> Path:
    return org_files_dir(source.organization_id) / f"source_{source.pk}"


def _format_of(name: str, given: Any) -> str:
    if given:
        return choice(given, "file_format", FileFormat)
    lowered = name.lower()
    for ext, fmt in ((".parquet", "parquet"), (".csv", "csv"), (".csv.gz", "csv"), (".tsv", "csv")):
        if lowered.endswith(ext):
            return fmt
    raise ValidationError(
        {"file": f"{name!r} is neither a .csv nor a .parquet file; name its format."}
    )


def org_files_dir(org_id: int) -> Path:
    """The organization's own folder under ``POM_METRICS_DIR`` (its uploads, its demo data)."""
    return Path(settings.POM_METRICS_DIR) / f"org_{org_id}"


def _pointed_path(raw: Any, org_id: int) -> Path:
    """A path under one of the folders this server allows sources to read (globs allowed in the
    name): ``POM_METRICS_DIR`` or a folder of ``POM_METRICS_FILE_ROOTS`` — but never another
    organization's folder (``org_<id>/``, its uploads and demo data) under ``POM_METRICS_DIR``."""
    value = text(raw, "path", required=True, max_length=1000)
    path = Path(value)
    if not path.is_absolute() or ".." in path.parts:
        raise ValidationError({"path": "Give an absolute path, without '..'."})
    folder = path.parent.resolve()
    base = Path(settings.POM_METRICS_DIR).resolve()
    roots = [base, *settings.POM_METRICS_FILE_ROOTS]
    if not any(folder == r or r in folder.parents for r in roots):
        allowed = ", ".join(str(r) for r in roots)
        raise ValidationError(
            {
                "path": f"This server lets sources read files only under: {allowed} (POM_METRICS_FILE_ROOTS)."
            }
        )
    if base in folder.parents:
        first = folder.relative_to(base).parts[0]
        if first.startswith("org_") and first != org_files_dir(org_id).name:
            raise ValidationError(
                {
                    "path": "That folder holds another organization's files; a source reads only its own."
                }
            )
    if any(ch in path.parent.as_posix() for ch in "*?["):
        raise ValidationError(
            {"path": "Only the file name may hold a wildcard (*), not the folder."}
        )
    return folder / path.name


def _table_name(actor: Membership, source: DataSource, raw: Any) -> tuple[str, SourceTable | None]:
    """The table's name, and the table awaiting its file under that name (imported without it)."""
    name = text(raw, "name", required=True, max_length=63)
    if not IDENTIFIER.match(name):
        raise ValidationError(
            {
                "name": f"{name!r} cannot be a table name: use letters, digits and _, starting with a letter."
            }
        )
    existing = source.tables.filter(name__iexact=name).first()
    if existing is not None and existing.path:
        raise ValidationError({"name": f"{source.name} already has a table named {name!r}."})
    return (existing.name if existing else name), existing


@transaction.atomic
def expect_table(
    actor: Membership, source: DataSource, *, name: Any, file_format: Any
) -> SourceTable:
    """A table of a file source whose file is still to come (a strategy document names the
    tables a source had but never carries their files): metrics can be defined on it, and
    refreshing them says to upload the file, which ``add_table`` under the same name fills in."""
    require(actor, "metrics.sources")
    if source.kind != DataSourceKind.DUCKDB:
        raise ValidationError(
            "Only file sources hold files; a database source reads its own tables."
        )
    table_name, existing = _table_name(actor, source, name)
    if existing is not None:
        return existing
    return SourceTable.objects.create(
        organization_id=actor.organization_id,
        source=source,
        name=table_name,
        path="",
        file_format=choice(file_format, "file_format", FileFormat, default=FileFormat.PARQUET),
        uploaded=True,
    )


def add_table(
    actor: Membership,
    source: DataSource,
    *,
    name: Any,
    file: UploadedFile | None = None,
    path: Any = None,
    file_format: Any = None,
) -> SourceTable:
    """Add a CSV/Parquet file to a file source as a table: uploaded (pom keeps it) or pointed to."""
    require(actor, "metrics.sources")
    if source.kind != DataSourceKind.DUCKDB:
        raise ValidationError(
            "Only file sources hold files; a database source reads its own tables."
        )
    table_name, waiting = _table_name(actor, source, name)
    if (file is None) == (path in (None, "")):
        raise ValidationError({"file": "Upload a file or give the path of one (one of the two)."})
    if file is not None:
        fmt = _format_of(file.name or "", file_format)
        limit = settings.POM_METRICS_MAX_UPLOAD_BYTES
        if file.size and file.size > limit:
            raise ValidationError({"file": f"The file is larger than the {limit:,} bytes allowed."})
        target_dir = upload_dir(source)
        target_dir.mkdir(parents=True, exist_ok=True)
        target = target_dir / f"{table_name}.{fmt}"
        with tempfile.NamedTemporaryFile(dir=target_dir, suffix=f".{fmt}", delete=False) as tmp:
            for chunk in file.chunks():
                tmp.write(chunk)
        staged = Path(tmp.name)
        try:
            columns = describe_file(str(staged), fmt)
        except EngineError as exc:
            staged.unlink(missing_ok=True)
            raise ValidationError({"file": str(exc)}) from None
        shutil.move(staged, target)
        size, uploaded = target.stat().st_size, True
    else:
        target = _pointed_path(path, source.organization_id)
        fmt = _format_of(target.name.replace("*", "x"), file_format)
        try:
            columns = describe_file(str(target), fmt)
        except EngineError as exc:
            raise ValidationError({"path": str(exc)}) from None
        size = sum(p.stat().st_size for p in target.parent.glob(target.name) if p.is_file())
        uploaded = False
    if waiting is not None:
        waiting.delete()  # the table imported without its file now has one
    return SourceTable.objects.create(
        organization_id=actor.organization_id,
        source=source,
        name=table_name,
        path=str(target),
        file_format=fmt,
        uploaded=uploaded,
        size_bytes=size,
        columns=columns,
    )


@transaction.atomic
def remove_table(actor: Membership, table: SourceTable) -> None:
    require(actor, "metrics.sources")
    path, uploaded = Path(table.path), table.uploaded and bool(table.path)
    table.delete()
    if uploaded:
        transaction.on_commit(lambda: path.unlink(missing_ok=True))
