"""Which document of a set an edited file is: by hash first, then by kind, cơ quan and trích yếu.

A file whose SHA-256 is one the manifest recorded (the draft, an earlier version, an upload
already finalised) is that document. Otherwise the document's own heading decides: its loai
code (tên loại or ký hiệu) must be one of the set's, its issuing body the set's organisation,
and its trích yếu the entry's (compared without tone marks and case; a clerk's small correction
still matches when one entry is clearly closest). Anything else is refused with what the file
is and what the set holds.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from generator.atomic import sha256_file
from generator.nd30.recognise import fold
from generator.service.edited import Identity, identity_of
from generator.service.setfolder import FinalizeError, SetManifest
from generator.vi.so_ky_hieu import LOAI_VAN_BAN

__all__ = ["TEN_LOAI", "Match", "match_document"]

TEN_LOAI = {code: name for name, code in LOAI_VAN_BAN.items()}
# How close a corrected trích yếu must stay, and how far ahead of the next entry it must be.
_CLOSE = 0.85
_AHEAD = 0.05


class Match:
    """The entry an edited file replaces, how it was recognised, and the file's identity."""

    def __init__(self, index: int, how: str, identity: Identity) -> None:
        self.index = index
        self.how = how
        self.identity = identity


def _hashes(entry: dict[str, Any]) -> set[str]:
    found = {entry.get("sha256_docx"), entry.get("source_sha256")}
    for version in entry.get("versions") or []:
        found |= {version.get("sha256_docx"), version.get("source_sha256")}
    return {h for h in found if isinstance(h, str)}


def _describe(entry: dict[str, Any]) -> str:
    name = TEN_LOAI.get(str(entry.get("loai_van_ban")), str(entry.get("loai_van_ban")))
    return f"{entry['docx']}: {name} «{entry.get('trich_yeu', '')}»"


def match_document(edited: Path, manifest: SetManifest) -> Match:
    """Return the manifest entry `edited` replaces; raise FinalizeError when none fits."""
    identity = identity_of(edited)
    digest = sha256_file(edited)
    for index, entry in enumerate(manifest.documents):
        if digest in _hashes(entry):
            return Match(index, "trùng mã băm với bản đã lập", identity)
    org = fold(manifest.organisation)
    if identity.co_quan and org and fold(identity.co_quan) != org:
        raise _refused(edited, manifest, identity, f"của «{identity.co_quan}»")
    same_kind = [
        (index, entry)
        for index, entry in enumerate(manifest.documents)
        if entry.get("loai_van_ban") == identity.loai_van_ban
    ]
    wanted = fold(identity.trich_yeu)
    scored = sorted(
        ((difflib.SequenceMatcher(None, wanted, fold(str(e.get("trich_yeu", "")))).ratio(), i)
         for i, e in same_kind),
        reverse=True,
    )  # fmt: skip
    if wanted and scored:
        best, index = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        if best == 1.0 and runner_up < 1.0:
            return Match(index, "cùng loại và trích yếu", identity)
        if best >= _CLOSE and best - runner_up >= _AHEAD:
            return Match(index, "cùng loại, trích yếu gần đúng", identity)
    return _raise_refused(edited, manifest, identity)


def _raise_refused(edited: Path, manifest: SetManifest, identity: Identity) -> Match:
    raise _refused(edited, manifest, identity, "")


def _refused(edited: Path, manifest: SetManifest, identity: Identity, whose: str) -> FinalizeError:
    kind = TEN_LOAI.get(identity.loai_van_ban or "", "văn bản chưa rõ loại")
    about = f" «{identity.trich_yeu}»" if identity.trich_yeu else " (không đọc được trích yếu)"
    holds = "\n".join(f"- {_describe(entry)}" for entry in manifest.documents)
    return FinalizeError(
        f"{edited.name}: không phải văn bản của bộ {manifest.title} trong {manifest.folder}: "
        f"tệp này là {kind}{about}{' ' + whose if whose else ''}, không khớp loại và trích yếu "
        f"của văn bản nào trong bộ. Chọn đúng thư mục bộ văn bản (--set-dir) hoặc đúng tệp. "
        f"Bộ này gồm:\n{holds}"
    )
