"""The search side of dossier: corpus loading, text analysis, the Whoosh index and the search API.

This package never imports Textual; the terminal UI reaches it only through
:mod:`dossier.index.api`.
"""
