"""The terminal side of dossier: the ``dossier`` command and the Textual app (imported lazily)."""
