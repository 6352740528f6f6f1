"""What a rebuild must not lose: the documents a clerk finalised inside a built set folder.

`vanban finalize` puts the clerk's edited document in place of its draft and marks its entry in
the set's manifest.json with "finalised_at" (earlier files go to versions/, listed in the
entry's "versions"). Building the set again keeps each finalised document in place
(`carry_finalised`): its files, its versions/ and its manifest entry stay as they are, only the
other documents are made again from the data, and bundle.pdf is merged again from the result
with the code finalize uses. The set is issued in steps this way (the KH and the QĐ finalised,
the TBs issued weeks later). A finalised document the data would now number differently, or
no longer makes, is kept too, and the build warns about it.

Asked to rebuild everything (`--lap-lai-da-hoan-thien`), the build makes fresh drafts and
`keep_finalised` copies the previous set's versions/ and its finalised files into the new set's
versions/, listing them in the "versions" of the new entry of the same file name (whose
"version" continues the count, so finalising it again numbers on), or under the manifest's
"superseded" when the new set no longer has that document. Earlier versions are carried at every
rebuild, so nothing a clerk finalised ever leaves the set folder.

The finalised documents are read when the build starts (they are not rendered) and again under
the set's lock (`generator.setlock`, which finalize holds while it changes the set) right before
the new set is swapped in, so a document finalised while the build ran is kept as well.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

__all__ = [
    "FINALISED_AT",
    "VERSIONS",
    "carry_finalised",
    "describe_kept",
    "finalised_documents",
    "finalised_in_place",
    "keep_finalised",
    "no_longer_made",
    "number_changed",
]

FINALISED_AT = "finalised_at"
VERSIONS = "versions"
MANIFEST = "manifest.json"


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


def finalised_in_place(folder: Path) -> dict[str, dict[str, Any]]:
    """Return the finalised entries of the set in `folder` a rebuild keeps in place, by file name.

    Only entries whose files are plain names inside the folder count: a tampered manifest must
    not make a build copy files from elsewhere.
    """
    found: dict[str, dict[str, Any]] = {}
    for entry in finalised_documents(folder):
        names = [entry["docx"], *([entry["pdf"]] if entry.get("pdf") is not None else [])]
        if all(isinstance(n, str) and _plain(n) for n in names) and (folder / names[0]).is_file():
            found[entry["docx"]] = entry
    return found


def _plain(name: str) -> bool:
    return bool(name) and "/" not in name and "\\" not in name and name not in (".", "..")


def describe_kept(entry: dict[str, Any]) -> str:
    """Return the line saying a finalised document stays as it is (one per kept document)."""
    number = f"số {entry['so_ky_hieu']}" if entry.get("so_ky_hieu") else "chưa có số"
    return f"  Giữ nguyên văn bản đã hoàn thiện: {entry['docx']} ({number})"


def number_changed(entry: dict[str, Any], so_ky_hieu: str | None) -> str | None:
    """Return the warning for a kept document the new data would number differently (or None)."""
    had = entry.get("so_ky_hieu") or None
    if had == so_ky_hieu:
        return None
    shown = f"số {so_ky_hieu}" if so_ky_hieu else "chưa có số"
    return (
        f"  Cảnh báo: {entry['docx']} đã hoàn thiện với "
        f"{f'số {had}' if had else 'chưa có số'}, còn theo sổ đăng ký và dữ liệu hiện nay thì "
        f"{shown}; văn bản đã hoàn thiện được giữ nguyên. Nếu cần đổi: sửa văn bản đó rồi hoàn "
        "thiện lại (vanban finalize)."
    )


def no_longer_made(entry: dict[str, Any]) -> str:
    """Return the warning for a kept document the new data no longer makes."""
    number = f"số {entry['so_ky_hieu']}" if entry.get("so_ky_hieu") else "chưa có số"
    return (
        f"  Cảnh báo: {entry['docx']} ({number}) đã hoàn thiện nhưng dữ liệu mới không còn văn "
        "bản này; vẫn giữ nguyên trong bộ văn bản (không xóa)."
    )


def carry_finalised(
    final: Path,
    temp: Path,
    manifest: dict[str, Any],
    order: list[str],
    now: datetime,
    *,
    bundle: bool = False,
) -> list[dict[str, Any]]:
    """Put the finalised documents of the set in `final` in place in the new set in `temp`;
    return their entries, in the order the new manifest lists them.

    Each keeps its .docx, its PDF and its manifest entry as they are; it takes its place in
    set order (`order`: the set's file names) and replaces a draft rendered under its name (a
    document finalised while the build ran); one the set no longer makes follows the others.
    versions/ and the other documents' histories are carried as `keep_finalised` does. When
    a document is kept, or `bundle` says the build left bundle.pdf to this step (it kept
    documents when it started: `SetBuild.kept`), bundle.pdf is merged from the resulting PDFs
    with the code finalize uses (`generator.setbundle.bundle_set`).
    """
    kept = finalised_in_place(final)
    keep_finalised(final, temp, manifest, now, in_place=frozenset(kept))
    if not kept:
        if bundle:
            _bundle_again(temp, manifest)
        return []
    rendered = {d["docx"]: d for d in manifest.get("documents", [])}
    for name, entry in kept.items():
        fresh = rendered.get(name)
        if fresh is not None and fresh.get("pdf") and fresh.get("pdf") != entry.get("pdf"):
            (temp / str(fresh["pdf"])).unlink(missing_ok=True)
        for key in ("docx", "pdf"):
            if entry.get(key) is not None and (final / entry[key]).is_file():
                shutil.copy2(final / entry[key], temp / entry[key])
    present = [name for name in order if name in kept or name in rendered]
    documents = [kept.get(name) or rendered[name] for name in present]
    documents += [entry for name, entry in kept.items() if name not in order]
    manifest["documents"] = documents
    _bundle_again(temp, manifest)
    return [d for d in documents if d["docx"] in kept]


def _bundle_again(temp: Path, manifest: dict[str, Any]) -> None:
    """Merge bundle.pdf in `temp` from its documents' PDFs, as finalize does (none: no bundle)."""
    from generator.service.setfolder import SetManifest
    from generator.setbundle import bundle_set

    if any(d.get("pdf") for d in manifest["documents"]):
        bundle_set(temp, SetManifest(temp, manifest), {})
    else:
        manifest["bundle"] = None


def _free(folder: Path, name: str) -> Path:
    """Return `folder`/`name`, or a numbered variant of it when that name is taken."""
    target = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    count = 2
    while target.exists():
        target = folder / f"{stem}-{count}{suffix}"
        count += 1
    return target


def keep_finalised(
    final: Path,
    temp: Path,
    manifest: dict[str, Any],
    now: datetime,
    *,
    in_place: frozenset[str] = frozenset(),
) -> int:
    """Copy the finalised files of the set in `final` and its versions/ into versions/ of the
    new set in `temp`, and list them in `manifest` (the new set's, changed in place); return how
    many finalised documents were kept.

    The documents named in `in_place` are left out: `carry_finalised` keeps them whole, with
    their entry (and its "versions") as it is.

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
        if entry["docx"] in in_place:
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
