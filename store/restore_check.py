"""What a backup must be before it may replace the database: ours, whole, and nothing more.

A restore runs whatever the file holds inside the product's database, so a file is
accepted only when its schema is exactly the one our migrations make at its revision:

- the revision (``alembic_version``) is one this code knows (a newer or foreign one is
  refused; an older one is brought to the head after the restore);
- the same tables with the same columns, the same indexes;
- no view, and exactly our triggers (``store.append_only``) with their exact text: a
  trigger that wipes the audit log is refused whatever its name.

The expected schema at a revision is read from a scratch SQLite database migrated to that
revision (``expected_schema``), so it follows the migrations without a copy to keep in
step. PostgreSQL dumps are checked twice: their table of contents before anything runs
(``dump_problems``), and the restored catalogue inside the restore's own transaction
(``pg_check_sql``), which is rolled back when anything is unexpected.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from alembic.script import ScriptDirectory

from core.messages import t
from store.append_only import PG_FUNCTION, PG_FUNCTION_BODY, PG_TRIGGERS
from store.append_only import REVISION as APPEND_ONLY_REVISION
from store.engine import make_engine
from store.migrate import alembic_config, upgrade

_SPACES = re.compile(r"\s+")
MAX_LISTED = 8  # objects named in a refusal; the rest are counted


@dataclass(frozen=True)
class Schema:
    """The parts of a database schema a restore compares."""

    tables: dict[str, tuple[tuple[str, str, int, int], ...]]  # name -> (column, type, notnull, pk)
    indexes: frozenset[tuple[str, str]]  # (index, table)
    triggers: dict[str, str]  # name -> statement, spaces collapsed
    views: frozenset[str]
    # "table.column|default" for the columns with a plain default (a PostgreSQL restore
    # accepts exactly these, besides the id sequences).
    defaults: frozenset[str] = frozenset()


def normalize_sql(sql: str | None) -> str:
    """A statement with runs of white space collapsed and no trailing semicolon."""
    return _SPACES.sub(" ", sql or "").strip().rstrip(";").strip()


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def known_revisions() -> list[str]:
    """Every revision of our migrations, newest first."""
    return [script.revision for script in _script().walk_revisions()]


def includes(revision: str, ancestor: str) -> bool:
    """Whether the migrations up to ``revision`` include ``ancestor``."""
    return any(script.revision == ancestor
               for script in _script().iterate_revisions(revision, "base"))


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def read_sqlite_schema(conn: sqlite3.Connection) -> Schema:
    """The schema of an open SQLite database (SQLite's own objects left out)."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    tables: dict[str, tuple] = {}
    indexes: set[tuple[str, str]] = set()
    triggers: dict[str, str] = {}
    views: set[str] = set()
    defaults: set[str] = set()
    for kind, name, table, sql in rows:
        if str(name).startswith("sqlite_"):
            continue
        if kind == "table":
            columns = conn.execute(f"PRAGMA table_info({_quoted(name)})").fetchall()
            tables[name] = tuple((c[1], str(c[2]).upper(), int(c[3]), int(c[5]))
                                 for c in columns)
            defaults.update(f"{name}.{c[1]}|{c[4]}" for c in columns if c[4] is not None)
        elif kind == "index":
            indexes.add((name, table))
        elif kind == "trigger":
            triggers[name] = normalize_sql(sql)
        elif kind == "view":
            views.add(name)
    return Schema(tables, frozenset(indexes), triggers, frozenset(views), frozenset(defaults))


@lru_cache(maxsize=8)
def expected_schema(revision: str) -> Schema:
    """Our schema at ``revision``: a scratch SQLite database migrated there, read back."""
    with tempfile.TemporaryDirectory(prefix="sokhcn-schema-") as folder:
        path = Path(folder) / "reference.db"
        engine = make_engine(f"sqlite:///{path}")
        try:
            upgrade(engine, revision)
        finally:
            engine.dispose()
        conn = sqlite3.connect(path)
        try:
            return read_sqlite_schema(conn)
        finally:
            conn.close()


def _listed(names: list[str]) -> str:
    shown = ", ".join(names[:MAX_LISTED])
    if len(names) > MAX_LISTED:
        shown += " " + t("admin.restore_and_more", count=len(names) - MAX_LISTED)
    return shown


def schema_problems(found: Schema, expected: Schema) -> list[str]:
    """Vietnamese lines naming each difference (empty: the schema is ours)."""
    lines: list[str] = []

    def add(key: str, names) -> None:
        names = sorted(names)
        if names:
            lines.append(t(key, names=_listed(names)))

    add("admin.restore_extra_tables", set(found.tables) - set(expected.tables))
    add("admin.restore_missing_tables", set(expected.tables) - set(found.tables))
    add("admin.restore_changed_tables", {name for name in set(found.tables) & set(expected.tables)
                                         if found.tables[name] != expected.tables[name]})
    add("admin.restore_views", found.views)
    add("admin.restore_extra_triggers", {name for name, sql in found.triggers.items()
                                         if expected.triggers.get(name) != sql})
    add("admin.restore_missing_triggers", set(expected.triggers) - set(found.triggers))
    add("admin.restore_extra_indexes", {f"{i} ({tbl})" for i, tbl in found.indexes
                                        - expected.indexes})
    add("admin.restore_missing_indexes", {f"{i} ({tbl})" for i, tbl in expected.indexes
                                          - found.indexes})
    return lines


# --- PostgreSQL ---------------------------------------------------------------------------

# Entries a dump of our schema holds (``pg_restore --list``); anything else is refused.
DUMP_KINDS = ("TABLE DATA", "TABLE", "SEQUENCE OWNED BY", "SEQUENCE SET", "SEQUENCE",
              "DEFAULT", "FK CONSTRAINT", "CONSTRAINT", "INDEX", "FUNCTION", "TRIGGER", "ACL")
# Longest first, so "TABLE DATA" is not read as "TABLE".
_KNOWN_KINDS = sorted({*DUMP_KINDS, "VIEW", "MATERIALIZED VIEW", "MATERIALIZED VIEW DATA",
                       "RULE", "POLICY", "ROW SECURITY", "EXTENSION", "EVENT TRIGGER", "SCHEMA",
                       "TYPE", "DOMAIN", "AGGREGATE", "PROCEDURE", "FOREIGN TABLE", "SERVER",
                       "USER MAPPING", "PUBLICATION", "SUBSCRIPTION", "COMMENT", "LARGE OBJECT",
                       "BLOBS", "DATABASE", "ENCODING", "STDSTRINGS", "SEARCHPATH",
                       "CAST", "COLLATION", "CONVERSION", "OPERATOR", "TEXT SEARCH CONFIGURATION",
                       "TEXT SEARCH DICTIONARY", "TRANSFORM", "STATISTICS", "DEFAULT ACL",
                       "FOREIGN DATA WRAPPER", "LANGUAGE", "ACCESS METHOD"},
                      key=len, reverse=True)


@dataclass(frozen=True)
class DumpEntry:
    kind: str
    schema: str
    name: str


def parse_toc(listing: str) -> list[DumpEntry]:
    """The entries of ``pg_restore --list`` (``id; catalog oid KIND schema name owner``)."""
    entries: list[DumpEntry] = []
    for line in listing.splitlines():
        line = line.strip()
        if not line or line.startswith(";"):
            continue
        parts = line.split(";", 1)
        if len(parts) != 2:
            continue
        fields = parts[1].split()
        rest = " ".join(fields[2:])  # after the catalogue id and the oid
        kind = next((k for k in _KNOWN_KINDS if rest == k or rest.startswith(k + " ")), None)
        if kind is None:
            entries.append(DumpEntry(rest.split(" ", 1)[0] if rest else "?", "", rest))
            continue
        words = rest[len(kind):].split()
        schema, name = (words[0], " ".join(words[1:-1]) or words[0]) if words else ("", "")
        entries.append(DumpEntry(kind, schema, name))
    return entries


def expected_pg_triggers(revision: str) -> dict[str, str]:
    return dict(PG_TRIGGERS) if includes(revision, APPEND_ONLY_REVISION) else {}


def expected_pg_functions(revision: str) -> dict[str, str]:
    return {PG_FUNCTION: PG_FUNCTION_BODY} if includes(revision, APPEND_ONLY_REVISION) else {}


def dump_problems(entries: list[DumpEntry], revision: str) -> list[str]:
    """Vietnamese lines naming what the dump holds beyond our schema at ``revision``."""
    expected = expected_schema(revision)
    odd = sorted({f"{e.kind} {e.schema}.{e.name}".strip() for e in entries
                  if e.kind not in DUMP_KINDS or (e.schema not in ("public", "-", ""))})
    lines: list[str] = []
    if odd:
        lines.append(t("admin.restore_odd_objects", names=_listed(odd)))
    tables = {e.name for e in entries if e.kind == "TABLE"}
    functions = {e.name.split("(", 1)[0] for e in entries if e.kind == "FUNCTION"}
    triggers = {e.name.split(" ")[-1] for e in entries if e.kind == "TRIGGER"}
    for key, names in (
        ("admin.restore_extra_tables", tables - set(expected.tables)),
        ("admin.restore_missing_tables", set(expected.tables) - tables),
        ("admin.restore_extra_triggers",
         (triggers - set(expected_pg_triggers(revision)))
         | {f"{name}()" for name in functions - set(expected_pg_functions(revision))}),
    ):
        if names:
            lines.append(t(key, names=_listed(sorted(names))))
    return lines


def read_dump_revision(data_sql: str) -> str | None:
    """The revision in the ``COPY … alembic_version … FROM stdin`` block of a data-only
    script (None unless exactly one row)."""
    rows: list[str] = []
    inside = False
    for line in data_sql.splitlines():
        if not inside and line.startswith("COPY ") and "alembic_version" in line:
            inside = True
            continue
        if inside:
            if line == "\\.":
                break
            if line:
                rows.append(line)
    return rows[0].strip() if len(rows) == 1 else None


CHECK_MARKER = "sokhcn-restore-check"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _array(items) -> str:
    values = ", ".join(_literal(i) for i in sorted(items))
    return f"ARRAY[{values}]::text[]" if values else "ARRAY[]::text[]"


def pg_check_sql(revision: str) -> str:
    """A statement that raises (``sokhcn-restore-check: …``) unless the restored database is
    exactly our schema at ``revision``: run in the restore's transaction, it undoes it."""
    expected = expected_schema(revision)
    columns = [f"{table}.{column[0]}" for table, cols in expected.tables.items()
               for column in cols]
    triggers = [f"{name}|{normalize_sql(sql).replace('public.', '')}"
                for name, sql in expected_pg_triggers(revision).items()]
    functions = [f"{name}|{body}" for name, body in expected_pg_functions(revision).items()]
    system = "('pg_catalog', 'information_schema', 'pg_toast')"
    return f"""
DO $check$
DECLARE found text;
BEGIN
SELECT string_agg(item, ', ' ORDER BY item) INTO found FROM (
  SELECT 'table ' || c.relname AS item FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
     AND NOT c.relname = ANY({_array(expected.tables)})
  UNION ALL
  SELECT 'missing table ' || name FROM unnest({_array(expected.tables)}) AS name
   WHERE to_regclass('public.' || quote_ident(name)) IS NULL
  UNION ALL
  SELECT 'column ' || c.relname || '.' || a.attname FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0
     AND NOT a.attisdropped AND c.relname = ANY({_array(expected.tables)})
     AND NOT (c.relname || '.' || a.attname) = ANY({_array(columns)})
  UNION ALL
  SELECT 'missing column ' || col FROM unnest({_array(columns)}) AS col
   WHERE NOT EXISTS (SELECT 1 FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'
     AND c.relname || '.' || a.attname = col AND a.attnum > 0 AND NOT a.attisdropped)
  UNION ALL
  SELECT 'relation ' || n.nspname || '.' || c.relname FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
     AND (c.relkind IN ('v', 'm', 'f')
          OR (c.relkind IN ('r', 'p') AND n.nspname <> 'public'))
  UNION ALL
  SELECT 'schema ' || nspname FROM pg_namespace
   WHERE nspname NOT IN {system} AND nspname <> 'public' AND nspname NOT LIKE 'pg\\_%'
  UNION ALL
  SELECT 'trigger ' || t.tgname FROM pg_trigger t
   WHERE NOT t.tgisinternal AND (t.tgenabled <> 'O' OR NOT (t.tgname || '|' ||
     replace(pg_get_triggerdef(t.oid), 'public.', '')) = ANY({_array(triggers)}))
  UNION ALL
  SELECT 'missing trigger ' || split_part(x, '|', 1) FROM unnest({_array(triggers)}) AS x
   WHERE NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE NOT t.tgisinternal
     AND t.tgname = split_part(x, '|', 1))
  UNION ALL
  SELECT 'function ' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname NOT IN {system} AND n.nspname NOT LIKE 'pg\\_%'
     AND NOT (p.proname || '|' || p.prosrc) = ANY({_array(functions)})
  UNION ALL
  SELECT 'rule ' || r.rulename FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN {system} AND n.nspname NOT LIKE 'pg\\_%' AND r.rulename <> '_RETURN'
  UNION ALL
  SELECT 'policy ' || polname FROM pg_policy
  UNION ALL
  SELECT 'row security ' || c.relname FROM pg_class c JOIN pg_namespace n
    ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relrowsecurity
  UNION ALL
  SELECT 'check ' || conname FROM pg_constraint con JOIN pg_namespace n
    ON n.oid = con.connamespace WHERE n.nspname = 'public' AND con.contype IN ('c', 't', 'x')
  UNION ALL
  SELECT 'default ' || c.relname || '.' || a.attname FROM pg_attrdef d
    JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
    JOIN pg_class c ON c.oid = d.adrelid
   WHERE pg_get_expr(d.adbin, d.adrelid) !~ '^nextval\\(''[A-Za-z0-9_.]+''::regclass\\)$'
     AND NOT (c.relname || '.' || a.attname || '|' || regexp_replace(
       pg_get_expr(d.adbin, d.adrelid), '::[a-z ]+$', '')) = ANY({_array(expected.defaults)})
  UNION ALL
  SELECT 'event trigger ' || evtname FROM pg_event_trigger
  UNION ALL
  SELECT 'revision' WHERE (SELECT count(*) FROM public.alembic_version) <> 1
     OR (SELECT max(version_num) FROM public.alembic_version) <> {_literal(revision)}
) AS unexpected;
IF found IS NOT NULL THEN
  RAISE EXCEPTION '{CHECK_MARKER}: %', found;
END IF;
END
$check$;
"""
