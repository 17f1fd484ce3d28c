"""The dossiers wing: the YAML format, loading, checking claims against their quotes, and
writing."""
