"""The Streamlit page's display helpers (views); the pages themselves are in app_pages/."""
