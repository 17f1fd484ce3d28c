"""The text wing: the analyzer chain, linking names to dossiers, spelling, sentences and safe
display."""
