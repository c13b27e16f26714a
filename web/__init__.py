"""The HTTP routes and middleware ``app.py`` mounts beside Streamlit (Starlette, no Streamlit):
the sign-in form and the sign-in/sign-out routes that set and clear the session cookie."""
