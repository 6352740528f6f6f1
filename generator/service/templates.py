"""A province's or commune's own templates: export, check, and the set `build --templates` uses.

A template folder mirrors templates/ (kehoach/kiem-tra.docx, baocao/ket-qua.docx, …): a kind
whose file is there uses it, the others keep the default. A file that is there but broken is an
error, never a silent fall back to the default; a .docx under a name no kind has is an error too
(it would otherwise be ignored without a word). `check_templates` renders each template with
the sample data (xã Bình Lư) and lints the result, reporting every problem with its file and
paragraph in one pass.
"""

from __future__ import annotations

import difflib
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from generator.errors import TemplateError, UsageError
from generator.kinds import KINDS
from generator.render import render, shown, template_variables
from generator.service.schema import context_markdown, schema_of
from generator.templating.variables import DESCRIPTIONS, REQUIRED
from generator.vi.filters import FILTERS

__all__ = [
    "TemplateProblem",
    "check_templates",
    "export_templates",
    "load_templates",
    "sample_contexts",
]

SAMPLE_TODAY = date(2026, 3, 1)
_JINJA = re.compile(r"\{[{%].*?[%}]\}")


@dataclass(frozen=True)
class TemplateProblem:
    """One finding of `template check`: file, place (paragraph), message, severity."""

    file: str
    where: str
    message: str
    severity: str = "error"

    def line(self) -> str:
        """Return the printed form: "kehoach/kiem-tra.docx: đoạn 12 «…»: message"."""
        where = f"{self.where}: " if self.where else ""
        label = "" if self.severity == "error" else "cảnh báo: "
        return f"{self.file}: {where}{label}{self.message}"


def sample_contexts() -> dict[str, dict[str, Any]]:
    """Return one context per kind, built from the sample data (the first document of each)."""
    from generator.sets import SETS
    from generator.sources import load_dataset
    from generator.sources.sample import sample_folder

    data = load_dataset(sample_folder())
    found: dict[str, dict[str, Any]] = {}
    for doc_set in SETS.values():
        if not doc_set.supports(data):
            continue
        for period in doc_set.periods(data, None)[:1]:
            for job in doc_set.jobs(data, period):
                if job.kind.name not in found:
                    found[job.kind.name] = job.kind.build_context(
                        data, today=SAMPLE_TODAY, item=job.item
                    )
    return found


def export_templates(folder: Path, *, overwrite: bool = False) -> list[Path]:
    """Write the default templates, context.md and schema.json into `folder`; return the files.

    Refuse (UsageError) to replace existing files unless `overwrite`: they may be edited ones.
    """
    import json

    targets = [folder / kind.template for kind in KINDS.values()]
    targets += [folder / "context.md", folder / "schema.json"]
    existing = [str(p) for p in targets if p.exists()]
    if existing and not overwrite:
        raise UsageError(
            f"{folder}: đã có {', '.join(existing)}; chọn thư mục khác hoặc thêm --ghi-de để "
            "ghi đè (các mẫu đã sửa sẽ mất)"
        )
    contexts = sample_contexts()
    schemas = {name: schema_of(KINDS[name], ctx) for name, ctx in contexts.items()}
    for kind in KINDS.values():
        target = folder / kind.template
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(kind.template_path, target)
    (folder / "context.md").write_text(context_markdown(schemas), encoding="utf-8")
    text = json.dumps(schemas, ensure_ascii=False, indent=2) + "\n"
    (folder / "schema.json").write_text(text, encoding="utf-8")
    return targets


def _present(folder: Path) -> tuple[dict[str, Path], list[TemplateProblem]]:
    """Return the templates the folder holds by kind, and problems with files no kind has."""
    if not folder.is_dir():
        raise UsageError(f"{folder}: không có thư mục mẫu này")
    by_name = {kind.template: kind.name for kind in KINDS.values()}
    found: dict[str, Path] = {}
    problems = []
    for path in sorted(folder.rglob("*.docx")):
        relative = path.relative_to(folder).as_posix()
        if path.name.startswith("~$"):
            continue  # Word's lock file while the template is open
        if relative in by_name:
            found[by_name[relative]] = path
        else:
            names = ", ".join(sorted(by_name))
            problems.append(TemplateProblem(
                relative, "", f"không có loại văn bản nào dùng tên tệp này; tên mẫu hợp lệ: {names}"
            ))  # fmt: skip
    return found, problems


def load_templates(folder: Path) -> dict[str, Path]:
    """Return the templates of `folder` by kind name for `build --templates`.

    Raise TemplateError naming every broken or misnamed template (syntax checked here; the
    variables are checked against each document's context when it renders).
    """
    found, problems = _present(folder)
    for kind, path in found.items():
        try:
            template_variables(path)
        except TemplateError as err:
            problems.append(TemplateProblem(KINDS[kind].template, "", str(err)))
    if not found and not problems:
        problems.append(TemplateProblem(str(folder), "", _NONE_FOUND))
    if problems:
        lines = "\n".join(f"- {p.line()}" for p in problems)
        raise TemplateError(f"thư mục mẫu {folder} có {len(problems)} lỗi:\n{lines}")
    return found


_NONE_FOUND = (
    "không có mẫu nào (cần như kehoach/kiem-tra.docx); tạo bằng 'vanban template export THƯ_MỤC'"
)


def check_templates(folder: Path) -> list[TemplateProblem]:
    """Return every problem of the templates in `folder`, each with its file and paragraph."""
    from generator.nd30.lint import lint_file

    found, problems = _present(folder)
    if not found and not problems:
        return [TemplateProblem(str(folder), "", _NONE_FOUND)]
    contexts = sample_contexts()
    with tempfile.TemporaryDirectory(prefix="vanban-mau-") as scratch:
        for kind_name, path in found.items():
            kind = KINDS[kind_name]
            context = contexts.get(kind_name)
            if context is None:
                continue
            found_here = _variable_problems(path, kind.template, context)
            problems += found_here
            if any(p.severity == "error" for p in found_here):
                continue  # rendering would only repeat the first of them
            out = Path(scratch) / Path(kind.template).name
            try:
                render(path, context, out)
            except TemplateError as err:
                problems.append(_render_problem(path, kind.template, str(err)))
                continue
            for finding in lint_file(out, kind.template):
                where = f"văn bản lập thử: {finding.location}".rstrip(": ")
                message = f"{finding.rule_id} {finding.message}"
                problems.append(TemplateProblem(kind.template, where, message, finding.severity))
    return problems


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARTS = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")


def _paragraphs(path: Path) -> list[tuple[str, int, str]]:
    """Return (part label, paragraph number, text) of every paragraph, as Word shows them.

    Numbered in document order, table cells included, counted per part (as `vanban lint`).
    """
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    found = []
    with zipfile.ZipFile(path) as archive:
        names = sorted(
            (n for n in archive.namelist() if _PARTS.match(n)),
            key=lambda n: (not n.endswith("document.xml"), n),
        )
        for name in names:
            label = "" if name.endswith("document.xml") else _part_label(name)
            root = etree.fromstring(archive.read(name), parser)
            for number, p in enumerate(root.iter(f"{_W}p"), start=1):
                text = "".join(t.text or "" for t in p.iter(f"{_W}t"))
                found.append((label, number, text))
    return found


def _part_label(name: str) -> str:
    return "đầu trang" if "header" in name else "chân trang"


def _where(label: str, number: int, text: str) -> str:
    text = " ".join(text.split())
    text = text if len(text) <= 100 else text[:97] + "…"
    part = f"{label}, " if label else ""
    return f"{part}đoạn {number} «{text}»"


def _places(path: Path, pattern: re.Pattern[str]) -> list[str]:
    """Return where Jinja tags of the template match `pattern`, by paragraph."""
    places = []
    for label, number, text in _paragraphs(path):
        if any(pattern.search(tag[0]) for tag in _JINJA.finditer(text)):
            places.append(_where(label, number, text))
    return places


def _variable_problems(path: Path, name: str, context: dict[str, Any]) -> list[TemplateProblem]:
    """Return syntax errors, unknown variables (with paragraphs) and missing required ones."""
    try:
        used = template_variables(path)
    except TemplateError as err:
        message = str(err).removeprefix(f"{shown(path)}: ")
        return [TemplateProblem(name, "", message)]
    problems = []
    known = set(context) | set(FILTERS)
    for unknown in sorted(used - known):
        close = difflib.get_close_matches(unknown, sorted(context), n=1)
        hint = f"; có phải '{close[0]}'?" if close else "; xem context.md để biết các biến có sẵn"
        places = _places(path, re.compile(rf"(?<![\w.]){re.escape(unknown)}\b")) or [""]
        for place in places:
            problems.append(TemplateProblem(
                name, place, f"biến '{unknown}' không có trong dữ liệu của loại văn bản này{hint}"
            ))  # fmt: skip
    for required in REQUIRED:
        if required not in used:
            problems.append(TemplateProblem(
                name, "", f"thiếu biến bắt buộc '{required}' ({DESCRIPTIONS[required]}); văn "
                "bản lập ra sẽ thiếu thành phần thể thức này",
            ))  # fmt: skip
    return problems


def _render_problem(path: Path, name: str, message: str) -> TemplateProblem:
    """Return a rendering failure, placed at the paragraph of the attribute it names."""
    message = message.removeprefix(f"{shown(path)}: ")
    attribute = re.search(r"thuộc tính '([^']+)'", message)
    places = _places(path, re.compile(rf"\.{re.escape(attribute[1])}\b")) if attribute else []
    return TemplateProblem(name, places[0] if places else "", message)
