"""One function per thing a user (or the operator at the server's shell) can do.

Each action checks the permission (``auth.permissions``, plus object rules such as "an
analyst only for their own unit"), opens the write transaction, calls plain store writes,
writes the audit row in the same transaction, and returns ``Done(key, params, value)`` or
raises ``ActionError(key, **params)``: one error type for every refusal (forbidden, not
found, invalid input, conflict). The Streamlit views (through ``ui.actions``), the
command lines and the sign-in routes call these for every write and never write themselves.
"""
