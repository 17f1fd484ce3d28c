"""The write path: files into the index (sync plan, manifest, writer lock, build helpers,
relinking)."""
