"""Accounts, password hashing, roles, sessions and sign-in throttling (no Streamlit)."""
