"""The only Streamlit package besides app.py and pages/: shared widgets and the page guard."""
