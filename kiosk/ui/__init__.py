"""Streamlit pieces shared by the pages. The only part of the package that imports Streamlit."""
