"""Finalise an edited draft: the use case behind `vanban finalize` and the set's web page.

The clerk's edited .docx comes back into its set: recognised (match.py), refused while it holds
tracked changes, comments or ND30 errors (all named in one message; warnings are returned),
numbered from the register when issuing (the register is the source of the number, and a
document finalised again gets the same one), converted to PDF/A, given its signature fields
where its signer block now is, and put in place of the draft. bundle.pdf and manifest.json are
rebuilt in a copy of the set folder swapped in at the end (setfolder.py); the previous files
move to versions/ and stay listed in the manifest entry. The set's drafts citing the document
are rendered again with its new number in the same copy; finalised ones citing it are named
for the clerk to correct (citing.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from generator.atomic import sha256_file
from generator.errors import ConversionError, SigningError
from generator.kinds.common import about
from generator.nd30.lint import lint_file
from generator.pdf.jobs import Converter, ConvertJob, docx_problem
from generator.register.entries import Issued, IssueRequest, SeriesPolicy
from generator.service.citing import Source, follow_citations, missing_citations
from generator.service.edited import Identity, fill_number, open_revisions
from generator.service.match import TEN_LOAI, Match, match_document
from generator.service.setfolder import (
    VERSIONS,
    FinalizeError,
    SetManifest,
    locked,
    read_manifest,
    staged_copy,
    write_manifest,
)
from generator.vi.dates import date_line, short_date

__all__ = ["FinalizeError", "FinalizeResult", "IssueOptions", "Source", "finalize"]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class IssueOptions:
    """Issue the document a number from the register at `register` dated `ngay`."""

    register: Path
    ngay: date
    policy: SeriesPolicy = SeriesPolicy.CHUNG


@dataclass
class FinalizeResult:
    """What finalising did: where the files went, the number, the version, the warnings.

    `updated` names the drafts rendered again to cite the new number; `citations` says, for
    each document that still does not cite it, what the clerk must do.
    """

    folder: Path
    docx: Path
    pdf: Path
    so_ky_hieu: str | None
    version: int
    pages: int
    signature_fields: list[str]
    recognised: str
    warnings: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    citations: list[str] = field(default_factory=list)


@dataclass
class _Number:
    """The number a finalised document prints, and the register entry it came from."""

    so_ky_hieu: str | None
    ngay: date | None = None
    issued: Issued | None = None


def finalize(
    edited: Path,
    set_dir: Path,
    *,
    converter: Converter,
    now: datetime,
    issue: IssueOptions | None = None,
    source: Source | None = None,
    progress: Progress | None = None,
    recorded_source: bool = False,
) -> FinalizeResult:
    """Return the result of putting the edited document `edited` in its place in `set_dir`.

    `source` is the data the set was built from: the drafts citing the document are rendered
    from it again (without it they are only named). Without it, `recorded_source` takes the
    data the set's manifest records while it is unchanged (`generator.setsource`); when it is
    gone or changed, the clerk is told among the citations. Raise FinalizeError (naming the file and
    every reason) when it is not a document of this set, still holds tracked changes or
    comments, or breaks an ND30 rule; ConversionError or SigningError when its PDF cannot be
    made. The set folder is unchanged on any failure.
    """
    say = progress or (lambda _text: None)
    problem = docx_problem(edited)
    if problem is not None:
        raise FinalizeError(problem)
    read_manifest(set_dir)  # a folder that is not a set is refused before its parent is locked
    with locked(set_dir):
        manifest = read_manifest(set_dir)
        match = match_document(edited, manifest)
        entry = manifest.documents[match.index]
        say(f"Nhận ra {entry['docx']} ({match.how}).")
        refused = None
        if source is None and recorded_source:
            source, refused = _recorded(manifest, say)
        warnings = _check(edited)
        number = _number(entry, match.identity, manifest, issue)
        register = None if issue is None else (issue.register, _register_set(manifest))
        try:
            result = _replace(
                edited, manifest, match, number, converter=converter, now=now, say=say,
                source=source, register=register, refused=refused,
            )  # fmt: skip
        except BaseException:
            if number.issued is not None and number.issued.new:
                _release(issue, number.issued)
            raise
        if number.issued is not None and issue is not None:
            from generator.register import Register

            with Register(issue.register) as reg:
                reg.record_hashes(number.issued, sha256_file(result.docx), sha256_file(result.pdf))
    result.warnings = warnings
    return result


def _recorded(manifest: SetManifest, say: Progress) -> tuple[Source | None, str | None]:
    """Return the data the set recorded when it can be used, else why not (None, None: the
    set records none)."""
    from generator.errors import VanbanError
    from generator.setsource import recorded

    found = recorded(manifest.data, manifest.folder)
    if found is None or found.data is None:
        return None, None if found is None else found.refused
    templates = None
    if found.templates is not None:
        from generator.service.templates import load_templates

        try:
            templates = load_templates(found.templates)
        except VanbanError as err:
            return None, (
                f"thư mục mẫu riêng đã dùng để lập bộ ({found.templates}) không dùng được nữa "
                f"({err}), nên không lập lại được các dự thảo; hoàn thiện lại kèm --du-lieu "
                "DỮ_LIỆU --templates THƯ_MỤC"
            )
    say(f"Dùng dữ liệu đã lập bộ: {found.data}")
    return Source(found.data, templates), None


def _check(edited: Path) -> list[str]:
    """Return the lint warnings; raise FinalizeError listing every revision and lint error."""
    blocking = [f"- {line}" for line in open_revisions(edited)]
    findings = lint_file(edited, edited.name)
    errors = [f for f in findings if f.severity == "error"]
    if blocking or errors:
        lines = []
        if blocking:
            lines.append(
                f"{edited.name}: còn {len(blocking)} thay đổi được theo dõi hoặc ghi chú chưa xử "
                "lý; chấp nhận hoặc từ chối mọi thay đổi và xóa ghi chú trong Word/LibreOffice "
                "rồi lưu lại:"
            )
            lines += blocking
        if errors:
            lines.append(f"{edited.name}: có {len(errors)} lỗi thể thức (NĐ 30) cần sửa:")
            lines += [f"- {f.line()}" for f in errors]
        raise FinalizeError("\n".join(lines))
    return [f.line() for f in findings if f.severity == "warning"]


def _register_set(manifest: SetManifest) -> str:
    from generator.register.issue import register_set_name

    year = manifest.folder.parent.name
    if not year.isdigit():
        raise FinalizeError(
            f"{manifest.folder}: thư mục bộ văn bản cần nằm trong thư mục năm "
            "(<xã>/<năm>/<bộ>) như vanban lập, để cấp số đúng sổ; đừng đổi tên hay chuyển nó"
        )
    return register_set_name(int(year), str(manifest.data.get("set")), manifest.data.get("period"))


def _number(
    entry: dict[str, Any], identity: Identity, manifest: SetManifest, issue: IssueOptions | None
) -> _Number:
    """Return the number the finalised document prints (issued now, kept, or none)."""
    known = entry.get("so_ky_hieu")
    if issue is not None:
        return _issue(entry, identity, manifest, issue)
    if known and identity.so_ky_hieu and identity.so_ky_hieu != known:
        raise FinalizeError(
            f"{entry['docx']}: văn bản ghi số {identity.so_ky_hieu} nhưng bộ văn bản đã cấp số "
            f"{known}; sửa lại dòng Số hoặc hoàn thiện với --issue để lấy số từ sổ đăng ký"
        )
    if known and identity.so_ky_hieu is None:
        day = entry.get("ngay_ban_hanh")
        if not day:
            raise FinalizeError(
                f"{entry['docx']}: văn bản đã được cấp số {known} nhưng bản sửa để trống dòng "
                "Số; hoàn thiện với --issue --so-dang-ky TỆP để điền lại số từ sổ đăng ký"
            )
        return _Number(str(known), date.fromisoformat(day))
    return _Number(identity.so_ky_hieu)


def _issue(
    entry: dict[str, Any], identity: Identity, manifest: SetManifest, issue: IssueOptions
) -> _Number:
    from generator.register import Register
    from generator.register.issue import file_key

    if not identity.ky_hieu:
        raise FinalizeError(
            f"{entry['docx']}: không đọc được ký hiệu ở dòng Số (cần như 'Số:      /KH-UBND') "
            "để cấp số"
        )
    org = manifest.data.get("organisation", {})
    luu = next((n for n in identity.noi_nhan if n.lstrip("- ").startswith("Lưu")), "")
    request = IssueRequest(
        org=str(org.get("ma", "")),
        set_name=_register_set(manifest),
        key=file_key(str(entry.get("kind")), str(entry["docx"])),
        loai_van_ban=str(entry.get("loai_van_ban")),
        ky_hieu=identity.ky_hieu,
        ngay=issue.ngay,
        trich_yeu=str(entry.get("trich_yeu", "")),
        nguoi_ky=identity.nguoi_ky,
        ten_to_chuc=str(org.get("ten", "")),
        noi_nhan=tuple(n.lstrip("- ").rstrip(";.") for n in identity.noi_nhan if n != luu),
        luu=luu.lstrip("- ").removeprefix("Lưu:").strip().rstrip("."),
    )
    with Register(issue.register) as reg:
        issued = reg.issue([request], issue.policy)[0]
    return _Number(issued.so_ky_hieu, issued.ngay, issued)


def _release(issue: IssueOptions | None, issued: Issued) -> None:
    from generator.register import Register

    if issue is not None:
        with Register(issue.register) as reg:
            reg.release([issued], "hoàn thiện văn bản không thành công")


def _replace(
    edited: Path,
    manifest: SetManifest,
    match: Match,
    number: _Number,
    *,
    converter: Converter,
    now: datetime,
    say: Progress,
    source: Source | None,
    register: tuple[Path, str] | None,
    refused: str | None = None,
) -> FinalizeResult:
    """Put the edited document in a copy of the set with its PDF, bundle and manifest, the
    drafts citing it rendered again; swap."""
    from generator.service.rebuild import bundle_set, signed_ready

    entry = manifest.documents[match.index]
    name = str(entry["docx"])
    version = int(entry.get("version") or 1)
    with staged_copy(manifest.folder) as temp:
        kept = _keep_version(temp, entry, version, now)
        docx, pdf = temp / name, (temp / name).with_suffix(".pdf")
        if number.so_ky_hieu is not None and number.ngay is not None:
            place = match.identity.dia_danh
            if not place:
                raise FinalizeError(
                    f"{edited.name}: không đọc được địa danh ở dòng ngày tháng để điền ngày "
                    "ban hành (cần như 'An Hòa, ngày      tháng 3 năm 2026')"
                )
            fill_number(edited, docx, number.so_ky_hieu, date_line(place, number.ngay))
            _lint_filled(docx)
        else:
            shutil.copyfile(edited, docx)
        results = converter.convert([ConvertJob(docx, pdf)])
        if not results or not results[0].ok:
            why = results[0].error if results else "không có kết quả"
            raise ConversionError(f"{name}: không chuyển được sang PDF ({why})")
        say(f"Đã chuyển sang PDF: {pdf.name} ({results[0].pages} trang)")
        bookmark = _bookmark(match.index, entry, number)
        prepared = signed_ready(
            pdf, entry, match.identity, so_ky_hieu=number.so_ky_hieu, bookmark=bookmark,
            organisation=manifest.organisation, result=results[0],
        )  # fmt: skip
        if prepared.problem or prepared.fields is None:
            raise SigningError(prepared.problem or f"{pdf.name}: không đặt được ô ký số")
        entry.update(
            so_ky_hieu=number.so_ky_hieu,
            pdf=pdf.name,
            pages=results[0].pages,
            sha256_docx=sha256_file(docx),
            sha256_pdf=prepared.sha256,
            signature_fields=prepared.fields,
            bookmark=bookmark,
            version=version + 1,
            source_sha256=sha256_file(edited),
            finalised_at=now.isoformat(timespec="seconds"),
        )
        if number.ngay is not None:
            entry["ngay_ban_hanh"] = number.ngay.isoformat()
        entry.setdefault("versions", []).append(kept)
        followed = follow_citations(
            temp, manifest, match.index, source=source, register=register,
            converter=converter, today=now.date(), say=say, refused=refused,
        )  # fmt: skip
        followed.warnings[:0] = missing_citations(docx, manifest, match.index)
        count = bundle_set(temp, manifest, {match.index: prepared, **followed.fresh})
        say(f"Đã gộp {count} văn bản vào bundle.pdf")
        write_manifest(manifest, temp)
    return FinalizeResult(
        folder=manifest.folder,
        docx=manifest.folder / name,
        pdf=manifest.folder / pdf.name,
        so_ky_hieu=number.so_ky_hieu,
        version=version + 1,
        pages=results[0].pages or 0,
        signature_fields=prepared.fields,
        recognised=match.how,
        updated=followed.updated,
        citations=followed.warnings,
    )


def _lint_filled(docx: Path) -> None:
    errors = [f.line() for f in lint_file(docx, docx.name) if f.severity == "error"]
    if errors:
        raise FinalizeError(
            f"{docx.name}: sau khi điền số và ngày, văn bản có lỗi thể thức:\n"
            + "\n".join(f"- {line}" for line in errors)
        )


def _keep_version(temp: Path, entry: dict[str, Any], version: int, now: datetime) -> dict[str, Any]:
    """Move the document's current files to versions/ and return their entry for "versions"."""
    folder = temp / VERSIONS
    folder.mkdir(exist_ok=True)
    kept: dict[str, Any] = {
        "version": version,
        "so_ky_hieu": entry.get("so_ky_hieu"),
        "sha256_docx": entry.get("sha256_docx"),
        "sha256_pdf": entry.get("sha256_pdf"),
        "source_sha256": entry.get("source_sha256"),
        "pages": entry.get("pages"),
        "replaced_at": now.isoformat(timespec="seconds"),
        "docx": None,
        "pdf": None,
    }
    for key in ("docx", "pdf"):
        current = entry.get(key)
        if current and (temp / current).is_file():
            stem, suffix = Path(current).stem, Path(current).suffix
            target = folder / f"{stem}.v{version}{suffix}"
            (temp / current).rename(target)
            kept[key] = f"{VERSIONS}/{target.name}"
    return kept


def _bookmark(index: int, entry: dict[str, Any], number: _Number) -> str:
    """Return the document's bundle bookmark: the old one unless its number changed."""
    old = entry.get("bookmark")
    if isinstance(old, str) and old and number.so_ky_hieu == entry.get("so_ky_hieu"):
        return old
    name = TEN_LOAI.get(str(entry.get("loai_van_ban")), str(entry.get("loai_van_ban")))
    so = f"số {number.so_ky_hieu}" if number.so_ky_hieu else "(dự thảo)"
    day = f" ngày {short_date(number.ngay)}" if number.ngay else ""
    return f"{index + 1}. {name} {so}{day} {about(str(entry.get('trich_yeu', '')))}"
