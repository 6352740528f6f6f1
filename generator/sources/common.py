"""What every source shares: text clean-up on the way in and the provenance map."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from generator.errors import Place

KeyPath = tuple[str | int, ...]

# The YAML folder and the workbook both fill these top-level keys of the dataset.
PARTS = ("to_chuc", "ke_hoach", "kiem_tra", "bao_cao")

# The workbook `vanban init` writes beside the YAML files of a data folder.
WORKBOOK_NAME = "du-lieu.xlsx"


def clean(value: Any) -> Any:
    """Return the value with every string NFC-normalised, trimmed and with runs of spaces folded."""
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value).replace("\u00a0", " ").replace("\r\n", "\n")
        lines = [" ".join(line.split()) for line in text.split("\n")]
        return "\n".join(lines).strip()
    if isinstance(value, dict):
        return {clean(k): clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value


def drop_empty(value: Any) -> Any:
    """Return the value without keys whose value is None or an empty string (a blank cell)."""
    if isinstance(value, dict):
        return {k: drop_empty(v) for k, v in value.items() if v is not None and v != ""}
    if isinstance(value, list):
        return [drop_empty(v) for v in value]
    return value


@dataclass
class Provenance:
    """Where each key path of the raw data came from; unknown paths fall back to a parent."""

    default: Place
    places: dict[KeyPath, Place] = field(default_factory=dict)

    def add(self, path: KeyPath, place: Place) -> None:
        """Record the place of one key path (the first record wins)."""
        self.places.setdefault(path, place)

    def locate(self, path: KeyPath) -> Place:
        """Return the place of the path, or of its nearest recorded parent, with the key path."""
        for end in range(len(path), -1, -1):
            found = self.places.get(path[:end])
            if found is not None:
                if found.sheet is None and found.key_path is None:
                    shown = path[1:] if _file_of_part(found.file, path) else path
                    return Place(found.file, key_path=format_path(shown), line=found.line)
                return found
        return Place(self.default.file, key_path=format_path(path))

    def merge(self, other: Mapping[KeyPath, Place]) -> None:
        """Add every place of another map."""
        for path, place in other.items():
            self.add(path, place)


def format_path(path: KeyPath) -> str:
    """Return a key path as clerks read it: `kiem_tra.ket_luan[2].han`."""
    text = ""
    for part in path:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _file_of_part(file: str, path: KeyPath) -> bool:
    """Return True when `file` holds only the top-level part `path[0]` (so it need not be shown)."""
    return (
        bool(path)
        and str(path[0]) in PARTS
        and file.endswith("/" + str(path[0]).replace("_", "-") + ".yaml")
    )
