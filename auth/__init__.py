"""Roles and permissions as data, password hashing, session tokens, the throttle's maths and
the single sign-on mapping rules: pure logic, no SQL and no Streamlit."""
