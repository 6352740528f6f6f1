"""What makes a batch resumable: content hashes and the per-set state file.

Every output goes to a hidden temporary name in its own folder and is renamed into place, so a
reader (or a kill at any moment) sees either the old complete file or the new complete one. A
set folder holds `.vanban-state.json`: for each document, the hash of its inputs (context,
template, options) and the hashes of the files it produced. A rerun skips a document when its
input hash is unchanged and its files are still there with the recorded content.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.atomic import sha256_file, write_atomic

STATE_NAME = ".vanban-state.json"
STATE_VERSION = 1


def _default(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal | Path):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value, key=str)
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    return repr(value)


def input_hash(context: Mapping[str, Any], template: Path, options: Mapping[str, Any]) -> str:
    """Return the hash of everything a document is made from: its context, template and options.

    Contexts are pure functions of the data, so hashing the context (not the whole data folder)
    rebuilds exactly the documents an edit touches.
    """
    digest = hashlib.sha256()
    for part in (context, options):
        digest.update(json.dumps(part, sort_keys=True, default=_default).encode("utf-8"))
        digest.update(b"\0")
    digest.update(sha256_file(template).encode("ascii"))
    return digest.hexdigest()


@dataclass
class DocState:
    """What the last successful run made for one document."""

    input_hash: str
    files: dict[str, str] = field(default_factory=dict)  # file name → sha256
    pages: int | None = None
    so_ky_hieu: str | None = None

    def still_valid(self, folder: Path, wanted_hash: str) -> bool:
        """Return whether the inputs are unchanged and every file is there, byte for byte."""
        if wanted_hash != self.input_hash or not self.files:
            return False
        for name, digest in self.files.items():
            path = folder / name
            if not path.is_file() or sha256_file(path) != digest:
                return False
        return True


@dataclass
class SetState:
    """The state file of one set folder: document key → DocState, plus set-level outputs."""

    folder: Path
    input_hash: str = ""
    documents: dict[str, DocState] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)  # bundle.pdf, manifest.json → sha256

    @classmethod
    def load(cls, folder: Path) -> SetState:
        """Return the state of `folder`; an unreadable or foreign state file counts as empty."""
        path = folder / STATE_NAME
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if raw.get("version") != STATE_VERSION:
                return cls(folder)
            docs = {key: DocState(**value) for key, value in raw["documents"].items()}
            return cls(folder, str(raw.get("input_hash", "")), docs, dict(raw.get("outputs", {})))
        except (OSError, ValueError, TypeError, KeyError):
            return cls(folder)

    def save(self) -> None:
        """Write the state file atomically."""
        raw = {
            "version": STATE_VERSION,
            "input_hash": self.input_hash,
            "documents": {key: asdict(doc) for key, doc in sorted(self.documents.items())},
            "outputs": dict(sorted(self.outputs.items())),
        }
        text = json.dumps(raw, ensure_ascii=False, indent=1)
        write_atomic(self.folder / STATE_NAME, text.encode("utf-8"))

    def outputs_valid(self) -> bool:
        """Return whether the set-level files are there with the recorded content."""
        if not self.outputs:
            return False
        return all(
            (self.folder / name).is_file() and sha256_file(self.folder / name) == digest
            for name, digest in self.outputs.items()
        )
