"""Dashboard and report analytics on tidy figures (pandas; no Streamlit, no SQL)."""
