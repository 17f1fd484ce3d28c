"""``api.strings``: what the UI may use to put things in words: plurals, folded (case- and
accent-free) text, sentences, text safe to show in a terminal, and the inverse label of a
relation."""

from dossier.index.pages import inverse_label
from dossier.index.text.analysis import fold
from dossier.index.text.safe_text import safe_text
from dossier.index.text.sentences import sentences
from dossier.index.text.wording import plural

__all__ = ["fold", "inverse_label", "plural", "safe_text", "sentences"]
