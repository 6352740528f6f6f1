"""`vanban lint` as a library: .docx and PDF files in, findings out; a bad file never raises."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from generator.nd30.findings import Collector, Finding

_DOCX_SUFFIXES = (".docx", ".docm", ".dotx")


@dataclass
class LintReport:
    """Findings of several files, in the order the files were given."""

    files: dict[str, list[Finding]] = field(default_factory=dict)

    @property
    def findings(self) -> list[Finding]:
        """Return every finding of every file."""
        return [f for found in self.files.values() for f in found]

    @property
    def errors(self) -> int:
        """Return the number of error findings."""
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        """Return the number of warning findings."""
        return sum(1 for f in self.findings if f.severity == "warning")

    def summary(self) -> str:
        """Return the closing line: "Tổng cộng: 3 tệp, 2 lỗi, 1 cảnh báo"."""
        return f"Tổng cộng: {len(self.files)} tệp, {self.errors} lỗi, {self.warnings} cảnh báo"

    def lines(self) -> list[str]:
        """Return the printable report: findings grouped by file, then the summary."""
        out: list[str] = []
        for name, found in self.files.items():
            if not found:
                out.append(f"{name}: đạt, không có lỗi")
            out += [f.line() for f in found]
        out.append(self.summary())
        return out

    def to_json(self) -> str:
        """Return the report as JSON for machines."""
        data = {
            "files": [
                {"file": name, "findings": [f.as_dict() for f in found]}
                for name, found in self.files.items()
            ],
            "summary": {"files": len(self.files), "errors": self.errors, "warnings": self.warnings},
        }
        return json.dumps(data, ensure_ascii=False, indent=2)


def lint_file(path: Path, name: str | None = None) -> list[Finding]:
    """Return the ND30 findings of one .docx or PDF file; unreadable input becomes one finding."""
    label = name if name is not None else path.name
    out = Collector(label)
    try:
        kind = _kind(path)
        if kind == "docx":
            from generator.nd30.check_docx import check_docx
            from generator.nd30.docx_model import DocxReadError, read_docx

            try:
                doc = read_docx(path)
            except DocxReadError as err:
                out.add("", "VB-tep", reason=str(err))
                return out.result()
            check_docx(doc, out)
        elif kind == "pdf":
            from generator.nd30.check_pdf import check_pdf

            # A set's bundle is for reading: unsigned by design, so no field is missing.
            check_pdf(path, out, signature_fields=not _is_set_bundle(path))
        else:
            out.add("", "VB-tep", reason=kind)
    except Exception as err:
        out.add("", "VB-tep", reason=f"lỗi khi đọc ({type(err).__name__}: {err})")
    return out.result()


def lint_errors(path: Path) -> list[str]:
    """Return the printable lines of the error findings of one file (for `assert … == []`)."""
    return [f.line() for f in lint_file(path) if f.severity == "error"]


def _kind(path: Path) -> str:
    """Return "docx", "pdf", or a Vietnamese reason why the file cannot be linted."""
    if not path.exists():
        return "không tìm thấy tệp"
    if path.is_dir():
        return "đây là thư mục, không phải tệp"
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "định dạng .doc cũ (Word 97–2003), hãy lưu lại thành .docx"
    if not head:
        return "tệp rỗng"
    if path.suffix.lower() in _DOCX_SUFFIXES:
        return "không phải tệp .docx (không mở được như tệp nén Office Open XML)"
    return "chỉ kiểm tra được tệp .docx hoặc .pdf"


def _is_set_bundle(path: Path) -> bool:
    """Return True for the bundle of a built set (its manifest.json names it): many documents
    merged for reading, never signed."""
    manifest = path.parent / "manifest.json"
    if not manifest.is_file():
        return False
    try:
        named = json.loads(manifest.read_text(encoding="utf-8")).get("bundle")
    except (OSError, ValueError, AttributeError):
        return False
    return isinstance(named, str) and Path(named).name == path.name


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Return the files to lint: files as given, folders replaced by their .docx and .pdf files.

    Inside a folder, Word's lock files (~$…) and a set's bundle.pdf are left out; both are
    still linted when named on their own.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = [p for p in path.rglob("*") if p.suffix.lower() in (".docx", ".pdf")]
            files += sorted(
                p
                for p in inside
                if p.is_file() and not p.name.startswith("~$") and not _is_set_bundle(p)
            )
        else:
            files.append(path)
    return files


def lint_paths(paths: Iterable[Path]) -> LintReport:
    """Return the report of linting every path, in order; folders are searched for documents."""
    report = LintReport()
    for path in expand_paths(paths):
        name = str(path)
        report.files[name] = lint_file(path, name)
    return report


__all__ = ["Finding", "LintReport", "expand_paths", "lint_errors", "lint_file", "lint_paths"]
