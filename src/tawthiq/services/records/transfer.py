"""Export every record to JSON Lines or CSV, streaming; import such a file in one transaction."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from sqlalchemy import JSON, String, func, select
from sqlalchemy.orm import Session

from tawthiq.db.base import Base
from tawthiq.domain.errors import InvalidInput, Problem
from tawthiq.domain.policy import Action, Principal, ensure
from tawthiq.services.protection import keys as protection
from tawthiq.services.records.access import acting
from tawthiq.services.records.kinds import BOOKKEEPING, KINDS, KindSpec
from tawthiq.services.records.store import References, Writer, jsonable
from tawthiq.services.records.validation import check_columns
from tawthiq.services.workspace import Workspace

FORMAT = "tawthiq-export"
FORMAT_VERSION = 1
BATCH = 5000
MAX_PROBLEMS = 50


def _columns(spec: KindSpec) -> list[str]:
    return [c.key for c in Base.metadata.tables[spec.table].columns]


def csv_header() -> list[str]:
    """``kind`` then every column of every kind, each once, in kind order."""
    header = ["kind"]
    for spec in KINDS.values():
        header.extend(c for c in _columns(spec) if c not in header)
    return header


def iter_export(session: Session, *, include_protected: bool = False,
                kinds: list[str] | None = None) -> Iterator[tuple[KindSpec, dict[str, Any]]]:
    """Every record, deleted ones too, kinds in dependency order and parents before children within a kind."""
    for spec in KINDS.values():
        if kinds and spec.name not in kinds:
            continue
        table = Base.metadata.tables[spec.table]
        for ids in _ordered_id_batches(session, spec):
            rows = {r.id: r for r in session.execute(select(table).where(table.c.id.in_(ids)))}
            for ident in ids:
                record = {k: jsonable(v) for k, v in rows[ident]._mapping.items()}
                if not include_protected:
                    record.update({k: None for k in spec.protected})
                yield spec, record


def _ordered_id_batches(session: Session, spec: KindSpec) -> Iterator[list[str]]:
    table = Base.metadata.tables[spec.table]
    if "parent_id" not in table.c:
        batch: list[str] = []
        for (ident,) in session.execute(
            select(table.c.id).order_by(table.c.created_at, table.c.id).execution_options(yield_per=BATCH)
        ):
            batch.append(ident)
            if len(batch) == BATCH:
                yield batch
                batch = []
        if batch:
            yield batch
        return
    # Self-referring kinds: parents first, whatever the order they were created in.
    pairs = session.execute(select(table.c.id, table.c.parent_id).order_by(table.c.created_at, table.c.id)).all()
    children: dict[str | None, list[str]] = {}
    for ident, parent in pairs:
        children.setdefault(parent, []).append(ident)
    order: list[str] = []
    queue = list(children.get(None, []))
    while queue:
        ident = queue.pop(0)
        order.append(ident)
        queue.extend(children.get(ident, []))
    for start in range(0, len(order), BATCH):
        yield order[start:start + BATCH]


def export_records(
    ws: Workspace, account: Principal, *, out: Path, fmt: str, include_protected: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write every record to ``out`` (``jsonl`` or ``csv``) as ``account``; returns how many. Protected fields are
    left out unless ``include_protected``, which is recorded in the audit log. Raises Forbidden unless the role may
    export (and, with ``include_protected``, reveal), InvalidInput for a format other than jsonl or csv."""
    ensure(account, Action.EXPORT)
    if include_protected:
        ensure(account, Action.REVEAL)
    ws = acting(ws, account)
    if fmt not in ("jsonl", "csv"):
        raise InvalidInput.single("format", f"{fmt!r} is not jsonl or csv", f"\u200f{fmt!r} ليست jsonl أو csv")
    count = revealed = 0
    # Unlocked before anything is written: a locked key refuses the export instead of leaving half a file.
    private = protection.unlock(ws) if include_protected else None
    tmp = out.with_name(out.name + ".partial")
    try:  # a failed write (a full disk) leaves neither the partial file nor the output
        with ws.reading() as session, tmp.open("w", encoding="utf-8", newline="") as handle:
            write = _jsonl_writer(handle, include_protected) if fmt == "jsonl" else _csv_writer(handle)
            for spec, record in iter_export(session, include_protected=include_protected):
                if private is not None and spec.protected and any(record.get(k) for k in spec.protected):
                    record = protection.reveal_values(private, spec, record)
                    revealed += 1
                write(spec, record)
                count += 1
                if progress:
                    progress(1)
        tmp.replace(out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    try:
        with ws.transaction() as session:
            writer = Writer(session, ws.user)
            writer.chain.append(actor=ws.user, action="export", details={
                "format": fmt, "records": count, "file": out.name, "include_protected": include_protected,
                "revealed": revealed})
            writer.flush()
    except BaseException:
        out.unlink(missing_ok=True)  # an export the audit log cannot record is not left behind
        raise
    return count


def _jsonl_writer(handle: IO[str], include_protected: bool) -> Callable[[KindSpec, dict[str, Any]], None]:
    header = {"format": FORMAT, "version": FORMAT_VERSION, "include_protected": include_protected}
    handle.write(json.dumps(header, ensure_ascii=False) + "\n")

    def write(spec: KindSpec, record: dict[str, Any]) -> None:
        handle.write(json.dumps({"kind": spec.name, "record": record}, ensure_ascii=False, sort_keys=True) + "\n")

    return write


def _csv_writer(handle: IO[str]) -> Callable[[KindSpec, dict[str, Any]], None]:
    header = csv_header()
    writer = csv.DictWriter(handle, fieldnames=header)
    writer.writeheader()

    def write(spec: KindSpec, record: dict[str, Any]) -> None:
        row = {"kind": spec.name}
        for key, value in record.items():
            row[key] = (json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict)
                        else ("" if value is None else value))
        writer.writerow(row)

    return write


# --- import ---------------------------------------------------------------------------------------------


def read_lines(path: Path) -> Iterator[tuple[int, str, dict[str, Any]]]:
    """(line number, kind, raw record) for each record of a JSON Lines or CSV export. Raises InvalidInput."""
    with path.open("r", encoding="utf-8", newline="") as handle:
        first = handle.readline()
        handle.seek(0)
        if first.lstrip().startswith("{"):
            yield from _read_jsonl(handle)
        else:
            yield from _read_csv(handle)


def _read_jsonl(handle: IO[str]) -> Iterator[tuple[int, str, dict[str, Any]]]:
    for number, text in enumerate(handle, start=1):
        if not text.strip():
            continue
        try:
            item = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidInput.single("json", f"malformed JSON ({exc.msg} at column {exc.colno})",
                                      f"\u200fJSON غير صالح (العمود {exc.colno})", number) from None
        if not isinstance(item, dict):
            raise InvalidInput.single("json", "each line must be a JSON object", "كل سطر يجب أن يكون كائن JSON", number)
        if item.get("format") == FORMAT:
            if item.get("version") != FORMAT_VERSION:
                raise InvalidInput.single("version", f"export version {item.get('version')} is not supported",
                                          "إصدار التصدير غير مدعوم", number)
            continue
        if not isinstance(item.get("kind"), str) or not isinstance(item.get("record"), dict):
            raise InvalidInput.single("kind", "each line needs \"kind\" and a \"record\" object",
                                      "كل سطر يحتاج إلى kind و record", number)
        yield number, item["kind"], item["record"]


def _read_csv(handle: IO[str]) -> Iterator[tuple[int, str, dict[str, Any]]]:
    reader = csv.DictReader(handle)
    if not reader.fieldnames or "kind" not in reader.fieldnames:
        raise InvalidInput.single("kind", "the CSV header has no \"kind\" column", "ترويسة CSV لا تحتوي عمود kind", 1)
    for row in reader:
        number = reader.line_num
        if None in row:
            raise InvalidInput.single("csv", "the row has more cells than the header",
                                      "الصف فيه خلايا أكثر من الترويسة", number)
        kind = row.pop("kind") or ""
        spec = KINDS.get(kind)
        if spec is None:
            yield number, kind, row
            continue
        table = Base.metadata.tables[spec.table]
        record: dict[str, Any] = {}
        for key in _columns(spec):
            if key not in row:
                continue
            cell, column = row[key], table.c[key]
            if isinstance(column.type, JSON) and cell:
                try:
                    record[key] = json.loads(cell)
                except json.JSONDecodeError:
                    raise InvalidInput.single(key, "is not valid JSON", "ليس JSON صالحاً", number) from None
            elif cell == "" and (column.nullable or not isinstance(column.type, String)):
                record[key] = None
            else:
                record[key] = cell
        yield number, kind, record


def import_records(ws: Workspace, account: Principal, *, path: Path, progress: Callable[[int], None] | None = None
                   ) -> dict[str, int]:
    """Import a JSON Lines or CSV file of records in one transaction, as ``account``.

    A record with an id already stored is skipped when identical and refused when different. Records
    without bookkeeping fields (``created_at``…) are new records, stamped now by the importing user.
    Raises Forbidden unless the role may import every record; InvalidInput listing up to 50 problems, each with
    its line and field; nothing is written then.
    """
    ensure(account, Action.EXPORT)
    ws = acting(ws, account)
    counts = {"imported": 0, "unchanged": 0}
    problems: list[Problem] = []
    with ws.transaction() as session:
        writer = Writer(session, ws.user)
        refs = References(session, include_deleted=True)
        empty = {name for name, spec in KINDS.items()
                 if not session.scalar(select(func.count()).select_from(spec.model))}
        refs.absent_kinds = set(empty)
        seen: dict[str, set[str]] = {name: set() for name in KINDS}
        try:
            for number, kind, raw in read_lines(path):
                try:
                    outcome = _import_one(session, writer, refs, empty, seen, number, kind, raw)
                except InvalidInput as exc:
                    problems.extend(exc.problems)
                    if len(problems) >= MAX_PROBLEMS:
                        break
                    continue
                counts[outcome] += 1
                if progress:
                    progress(1)
                if not problems and len(writer.versions) >= BATCH:
                    writer.flush()
        except InvalidInput as exc:
            problems.extend(exc.problems)
        except UnicodeDecodeError:
            problems.append(Problem("file", f"{path.name} is not UTF-8 text", "الملف ليس نصاً بترميز UTF-8"))
        except OSError as exc:
            problems.append(Problem("file", f"{path.name} cannot be read ({exc.strerror})", "لا يمكن قراءة الملف"))
        if problems:
            raise InvalidInput(problems[:MAX_PROBLEMS])
        writer.flush()
        writer.chain.append(actor=ws.user, action="import", details={"file": path.name, **counts})
        writer.flush()
    return counts


def _import_one(
    session: Session, writer: Writer, refs: References, empty: set[str], seen: dict[str, set[str]],
    number: int, kind: str, raw: dict[str, Any],
) -> str:
    spec = KINDS.get(kind)
    if spec is None:
        raise InvalidInput.single("kind", f"{kind!r} is not a kind of record", f"\u200f{kind!r} ليس نوع سجل معروفاً",
                                  number)
    keep = "created_at" in raw
    values = check_columns(spec, raw, partial=False, line=number)
    values = refs.resolve(spec, values, exact=True, line=number)
    ident = values.get("id")
    if ident and ident in seen[spec.name]:
        raise InvalidInput.single("id", f"{ident} appears twice in the file", "المعرّف مكرر في الملف", number)
    if ident and spec.name not in empty:
        stored = session.execute(
            select(Base.metadata.tables[spec.table]).where(Base.metadata.tables[spec.table].c.id == ident)
        ).first()
        if stored is not None:
            return _merge_existing(writer, refs, spec, dict(stored._mapping), values, number)
    if keep:
        missing = [k for k in ("id", "version", "created_by", "updated_at", "updated_by")
                   if values.get(k) in (None, "")]
        if missing:
            raise InvalidInput([Problem(k, "is required with created_at", "حقل مطلوب مع created_at", number)
                                for k in missing])
    row = writer.insert(spec, values, change="import", keep_bookkeeping=keep)
    refs.add(spec.name, row["id"])
    seen[spec.name].add(row["id"])
    return "imported"


def _merge_existing(
    writer: Writer, refs: References, spec: KindSpec, stored: dict[str, Any], values: dict[str, Any], number: int
) -> str:
    """A record whose id is already here: the same content is skipped, a strictly newer version replaces the
    stored one (as a new version in its history), anything else is refused as a conflict."""
    refs.add(spec.name, stored["id"])
    content = [k for k in values if k not in BOOKKEEPING and not (k in spec.protected and values[k] is None)]
    if all(jsonable(stored.get(k)) == jsonable(values[k]) for k in content):
        return "unchanged"
    if values.get("version") and values["version"] > stored["version"]:
        incoming = {k: v for k, v in values.items() if k in content or k in BOOKKEEPING - {"id", "version"}}
        writer.change(spec, stored, incoming, change="import", version=values["version"])
        return "imported"
    raise InvalidInput.single("id", f"{spec.name} {stored['id']} already exists with different content (version "
                              f"{stored['version']} here, {values.get('version')} in the file)",
                              "السجل موجود بمحتوى مختلف", number)
