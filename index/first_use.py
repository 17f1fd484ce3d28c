"""Names a module hands out from modules imported only when a name is first asked for (a module's
``__getattr__``, PEP 562): the API and its namespaces, so that ``dossier search`` starts without
writers, exporters, maps or file watchers."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def on_first_use(module: str, names: Mapping[str, tuple[str, str]]) -> Callable[[str], Any]:
    """The ``__getattr__`` of ``module``: ``names`` maps each name to the module under
    ``dossier.index`` that holds it and its name there ("" for the module itself); imported when
    first asked for, then kept in ``module``."""

    def __getattr__(name: str) -> Any:
        if name not in names:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        source, attribute = names[name]
        value = importlib.import_module(f"dossier.index.{source}")
        if attribute:
            value = getattr(value, attribute)
        setattr(sys.modules[module], name, value)
        return value

    return __getattr__
