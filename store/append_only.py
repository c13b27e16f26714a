"""The audit log is append-only in the database itself, not only by convention.

Migration ``0007`` creates these objects; the restore check compares a backup's
triggers and functions with them (an unknown trigger, or one of these names with another
body, is refused). The texts are therefore frozen: changing one needs a new migration that
drops and recreates it, and a new entry here keyed by that revision.

- SQLite: two ``BEFORE`` triggers whose ``RAISE(ABORT)`` refuses any ``UPDATE`` or
  ``DELETE`` of ``audit_log`` (SQLite has no ``TRUNCATE``; a ``DELETE`` without ``WHERE``
  fires the trigger too, the truncate optimisation is off when a trigger exists).
- PostgreSQL: one function raising an exception, fired ``BEFORE UPDATE OR DELETE`` for
  each row and ``BEFORE TRUNCATE`` for the statement.

The owner of the tables can still drop a trigger (``DROP TRIGGER``): this stops the
application, a script or an injected statement from rewriting history, not the database
administrator; ``docs/security.md`` says so.
"""

from __future__ import annotations

REVISION = "0007"  # the migration that creates the objects below
REFUSED = "audit_log is append-only"

SQLITE_TRIGGERS: dict[str, str] = {
    "audit_log_no_update": (
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END"),
    "audit_log_no_delete": (
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSED}'); END"),
}

PG_FUNCTION = "audit_log_append_only"
# The body exactly as PostgreSQL keeps it (pg_proc.prosrc), compared on restore.
PG_FUNCTION_BODY = f"""
BEGIN
    RAISE EXCEPTION '{REFUSED}' USING ERRCODE = 'insufficient_privilege';
END
"""
PG_FUNCTION_SQL = (f"CREATE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql "
                   f"AS $body${PG_FUNCTION_BODY}$body$")
# name -> the statement; pg_get_triggerdef gives it back without the trailing semicolon.
PG_TRIGGERS: dict[str, str] = {
    "audit_log_no_update_delete": (
        "CREATE TRIGGER audit_log_no_update_delete BEFORE DELETE OR UPDATE ON "
        f"public.audit_log FOR EACH ROW EXECUTE FUNCTION {PG_FUNCTION}()"),
    "audit_log_no_truncate": (
        "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON public.audit_log "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()"),
}


def create_statements(dialect: str) -> list[str]:
    """The statements that make ``audit_log`` append-only on ``dialect``."""
    if dialect == "sqlite":
        return list(SQLITE_TRIGGERS.values())
    if dialect == "postgresql":
        return [PG_FUNCTION_SQL, *PG_TRIGGERS.values()]
    return []


def drop_statements(dialect: str) -> list[str]:
    if dialect == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS]
    if dialect == "postgresql":
        return [*(f"DROP TRIGGER IF EXISTS {name} ON audit_log" for name in PG_TRIGGERS),
                f"DROP FUNCTION IF EXISTS {PG_FUNCTION}()"]
    return []
