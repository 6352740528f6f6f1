"""What a rebuild must not lose: the documents a clerk finalised inside a built set folder.

`vanban finalize` puts the clerk's edited document in place of its draft and marks its entry in
the set's manifest.json with "finalised_at" (earlier files go to versions/, listed in the
entry's "versions"). Building the set again makes fresh drafts from the data, so every build
asks `refuse_finalised` before it writes anything: a set holding finalised documents is refused
with a message naming each one, unless the caller asked to rebuild it anyway. Then nothing is
deleted either: `keep_finalised` copies the previous set's versions/ and its finalised files into
the new set's versions/ and lists them in the "versions" of the new entry of the same file name
(whose "version" continues the count, so finalising it again numbers on), or under the
manifest's "superseded" when the new set no longer has that document. Earlier versions are
carried at every rebuild, so nothing a clerk finalised ever leaves the set folder.

The check runs twice: before the build writes anything, and again under the set's lock
(`generator.setlock`, which finalize holds while it changes the set) right before the new set
is swapped in, so a document finalised while the build ran is not lost either.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

from generator.errors import FinalisedSetError

__all__ = [
    "FINALISED_AT",
    "REBUILD_OPTION",
    "VERSIONS",
    "finalised_documents",
    "keep_finalised",
    "refuse_finalised",
]

FINALISED_AT = "finalised_at"
VERSIONS = "versions"
MANIFEST = "manifest.json"
# How each door spells "rebuild anyway"; the message names them all (the library does not know
# which door it was called from).
REBUILD_OPTION = (
    "chạy lại lệnh với --lap-lai-da-hoan-thien (trên web: chọn ô «Lập lại cả bộ đã hoàn "
    "thiện»; API: rebuild_finalised=true)"
)


def _manifest(folder: Path) -> dict[str, Any] | None:
    """Return the set folder's manifest as a JSON object, or None when it cannot be read."""
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


def finalised_documents(folder: Path) -> list[dict[str, Any]]:
    """Return the manifest entries of `folder` that finalize put in place (empty: none).

    A folder whose manifest cannot be read but which holds files in versions/ counts as
    finalised too (one entry per kept file): finalize is the only writer of versions/.
    """
    if not folder.is_dir():
        return []
    data = _manifest(folder)
    documents = data.get("documents") if data is not None else None
    if isinstance(documents, list):
        return [
            d
            for d in documents
            if isinstance(d, dict) and isinstance(d.get("docx"), str) and d.get(FINALISED_AT)
        ]
    kept = folder / VERSIONS
    if not kept.is_dir():
        return []
    return [{"docx": f"{VERSIONS}/{p.name}"} for p in sorted(kept.iterdir()) if p.is_file()]


def _when(value: object) -> str:
    """Return "05/12/2026 14:10" for an ISO timestamp (the text itself when it is not one)."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return moment.strftime("%d/%m/%Y %H:%M")


def _describe(entry: dict[str, Any]) -> str:
    number = f"số {entry['so_ky_hieu']}" if entry.get("so_ky_hieu") else "chưa có số"
    when = f"hoàn thiện lúc {_when(entry[FINALISED_AT])}" if entry.get(FINALISED_AT) else ""
    return ", ".join(part for part in (str(entry["docx"]), number, when) if part)


def refuse_finalised(final: Path, *, rebuild: bool) -> None:
    """Raise FinalisedSetError when `final` holds finalised documents and `rebuild` is False."""
    found = finalised_documents(final)
    if not found or rebuild:
        return
    lines = [
        f"{final}: không lập lại bộ văn bản này vì đã có {len(found)} văn bản được hoàn thiện "
        "(vanban finalize); lập lại sẽ thay chúng bằng dự thảo mới.",
        *(f"- {_describe(entry)}" for entry in found),
        "Muốn sửa tiếp văn bản đã hoàn thiện: sửa bản đó rồi hoàn thiện lại (vanban finalize). "
        f"Chỉ khi thật sự cần lập lại cả bộ từ dữ liệu: {REBUILD_OPTION}; bản đã hoàn thiện "
        f"được giữ trong {VERSIONS}/ của bộ mới.",
    ]
    raise FinalisedSetError("\n".join(lines))


def _free(folder: Path, name: str) -> Path:
    """Return `folder`/`name`, or a numbered variant of it when that name is taken."""
    target = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    count = 2
    while target.exists():
        target = folder / f"{stem}-{count}{suffix}"
        count += 1
    return target


def keep_finalised(final: Path, temp: Path, manifest: dict[str, Any], now: datetime) -> int:
    """Copy the finalised files of the set in `final` and its versions/ into versions/ of the
    new set in `temp`, and list them in `manifest` (the new set's, changed in place); return how
    many finalised documents were kept.

    Every document's earlier versions are carried too, so a set rebuilt twice still lists the
    files the first rebuild kept. The previous set is only read: it stays whole until the new
    one is swapped in.
    """
    old = _manifest(final) if final.is_dir() else None
    previous = final / VERSIONS
    if old is None and not previous.is_dir():
        return 0
    kept_dir = temp / VERSIONS
    if previous.is_dir():
        kept_dir.mkdir(exist_ok=True)
        for path in sorted(previous.iterdir()):
            if path.is_file() and not path.is_symlink():
                shutil.copy2(path, kept_dir / path.name)
    documents = old.get("documents") if old is not None else None
    by_name = {d.get("docx"): d for d in manifest.get("documents", [])}
    superseded = list(old.get("superseded") or []) if old is not None else []
    count = 0
    for entry in documents if isinstance(documents, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("docx"), str):
            continue
        history = list(entry.get("versions") or [])
        version = int(entry.get("version") or 1)
        if entry.get(FINALISED_AT):
            kept_dir.mkdir(exist_ok=True)
            history.append(_keep_files(final, kept_dir, entry, version, now))
            version += 1
            count += 1
        if not history:
            continue
        new = by_name.get(entry["docx"])
        if new is not None:
            new["version"] = version
            new["versions"] = history
        else:
            gone = {k: entry.get(k) for k in ("docx", "kind", "loai_van_ban", "trich_yeu")}
            superseded.append({**gone, "versions": history})
    if superseded:
        manifest["superseded"] = superseded
    return count


def _keep_files(
    final: Path, kept_dir: Path, entry: dict[str, Any], version: int, now: datetime
) -> dict[str, Any]:
    """Copy a finalised document's current files to versions/; return their "versions" entry."""
    kept: dict[str, Any] = {
        key: entry.get(key)
        for key in ("so_ky_hieu", "ngay_ban_hanh", "sha256_docx", "sha256_pdf",
                    "source_sha256", "pages", FINALISED_AT)
    }  # fmt: skip
    kept.update(version=version, replaced_at=now.isoformat(timespec="seconds"))
    kept["reason"] = "lập lại bộ văn bản"
    for key in ("docx", "pdf"):
        current = entry.get(key)
        kept[key] = None
        if isinstance(current, str) and (final / current).is_file():
            name = Path(current)
            target = _free(kept_dir, f"{name.stem}.v{version}{name.suffix}")
            shutil.copy2(final / current, target)
            kept[key] = f"{VERSIONS}/{target.name}"
    return kept
