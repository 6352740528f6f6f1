"""Regenerate every template in templates/ from its builder: `python -m generator.templating.make`.

Each builder module registers its templates with `@template("kehoach/kiem-tra.docx")` (from
generator.templating.registry); add the module to BUILDER_MODULES to have its templates built.
The .docx files are committed so a clerk can open and edit them;
tests/templating/test_templates_in_sync.py checks they match the code.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from generator.templating.registry import REGISTRY, Builder

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"

# Modules whose import registers template builders (one line per module).
BUILDER_MODULES: tuple[str, ...] = (
    "generator.templating.kehoach_kiem_tra",
    "generator.templating.baocao",
    "generator.templating.kehoach_cchc",
)


def builders() -> dict[str, Builder]:
    """Return every registered builder by its path relative to templates/."""
    for name in BUILDER_MODULES:
        importlib.import_module(name)
    return dict(sorted(REGISTRY.items()))


def build_all(root: Path = TEMPLATES_DIR) -> list[Path]:
    """Build every registered template under `root` and return the written paths."""
    from generator.templating.skeleton import save

    written = []
    for relative, builder in builders().items():
        path = root / relative
        save(builder(), path)
        written.append(path)
    return written


def main() -> None:
    """Regenerate the templates and list them."""
    for path in build_all():
        sys.stdout.write(f"Đã tạo mẫu {path.relative_to(TEMPLATES_DIR.parent)}\n")


if __name__ == "__main__":
    main()
