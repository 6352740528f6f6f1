"""The registry of template builders, filled by `@template(...)` in the builder modules.

Kept apart from make.py so that `python -m generator.templating.make` (which runs make.py as
`__main__`) and the builder modules share one registry.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Builder = Callable[[], Any]
REGISTRY: dict[str, Builder] = {}


def template(relative_path: str) -> Callable[[Builder], Builder]:
    """Register the decorated function as the builder of templates/<relative_path>."""

    def register(builder: Builder) -> Builder:
        if relative_path in REGISTRY and REGISTRY[relative_path] is not builder:
            raise ValueError(f"two builders for templates/{relative_path}")
        REGISTRY[relative_path] = builder
        return builder

    return register
