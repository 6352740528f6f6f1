"""Build one job's sets from stored data: the use case behind the web's and the queue's jobs.

A job is described by a `BuildSpec` of plain values (paths, set name, period, numbers or not), so
it can cross a process boundary (Celery) as JSON. `run_build` loads the data, builds the sets
with the given converter and reports `BuildEvent`s as each document is rendered, converted and
made signed-ready; it raises the errors of `generator.errors` and never prints.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from generator.errors import UsageError
from generator.pdf.stage import PdfStage

if TYPE_CHECKING:
    from generator.build import BuildResult, RenderedDocument, SetBuild, Stage
    from generator.model import DuLieu
    from generator.pdf.jobs import Converter

EventKind = Literal["start", "rendered", "converted", "fields", "message"]
STEPS_PER_DOCUMENT = 3  # rendered, converted, fields added


@dataclass(frozen=True)
class BuildSpec:
    """What to build, as plain values: every field survives a JSON round trip."""

    data: str  # a YAML folder or an .xlsx workbook
    set_name: str  # inspection | report | plan | all
    out: str
    period: str | None = None
    issue: bool = False
    register: str | None = None
    today: str | None = None  # ISO date; None = the day the job runs
    issue_date: str | None = None
    # The periodic-collection store (periods.sqlite): the report set of `period` is then built
    # from the units' submissions (Tổng hợp, generator.service.periods), not from `data` alone.
    collected: str | None = None
    by: str = ""  # who asked (recorded with a Tổng hợp)
    # Numbers reserved by the submitting side (queued jobs): set folder name ("inspection",
    # "report-2026-h1") → document register key → [so, ngay ISO]. Then no register is opened.
    numbers: dict[str, dict[str, list[Any] | None]] | None = None
    templates: str | None = None  # a template folder (vanban template export); None = defaults
    # Rebuild a set holding finalised documents (kept in its versions/); else it is refused.
    rebuild_finalised: bool = False
    # With `issue`: the documents to issue now ("KH", "QĐ", "TB:<mã đơn vị>"); empty: all.
    only: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the spec as a JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> BuildSpec:
        """Return the spec stored by `to_dict`."""
        return cls(**values)


@dataclass(frozen=True)
class BuildEvent:
    """One step of a job: `kind` happened to document `name` (a file name of its set).

    `path` is where the file is while the set is built (its temporary folder): good for a
    preview until the set is done, never for a link. `total` is the number of documents.
    """

    kind: EventKind
    total: int
    name: str = ""
    set_folder: str = ""
    path: str | None = None
    pages: int | None = None
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the event as a JSON-ready dict."""
        return asdict(self)


Events = Callable[[BuildEvent], None]


@dataclass(frozen=True)
class BuiltSet:
    """One finished set: its folder and manifest (absolute paths as text) and its numbers."""

    folder: str
    manifest: str
    numbers: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BuildOutcome:
    """What a job made: the sets, and the documents that did not become PDFs (Vietnamese)."""

    sets: list[BuiltSet]
    failures: list[str]

    def to_dict(self) -> dict[str, Any]:
        """Return the outcome as a JSON-ready dict."""
        return asdict(self)


def planned_sets(
    dataset: DuLieu, set_name: str, period: str | None
) -> list[tuple[str, str | None]]:
    """Return the (set, period) pairs a job builds; raise UsageError when there is none."""
    from generator.sets import SETS, get_set

    if set_name != "all":
        get_set(set_name)
        return [(set_name, period)]
    pairs = [
        (name, each)
        for name, doc_set in SETS.items()
        if doc_set.supports(dataset)
        for each in doc_set.periods(dataset, period)
    ]
    if not pairs:
        raise UsageError(
            "dữ liệu chưa có phần nào để lập văn bản; thêm phần kiểm tra, kế hoạch hoặc một kỳ "
            "báo cáo có van_ban"
        )
    return pairs


def count_documents(dataset: DuLieu, set_name: str, period: str | None) -> int:
    """Return how many documents the job will make (raises what building would raise)."""
    from generator.sets import get_set

    pairs = planned_sets(dataset, set_name, period)
    return sum(len(get_set(name).jobs(dataset, each)) for name, each in pairs)


def check_spec(dataset: DuLieu, spec: BuildSpec) -> int:
    """Return the job's document count after checking that its set and period fit the data."""
    return count_documents(dataset, spec.set_name, spec.period)


def run_build(spec: BuildSpec, *, converter: Converter | None, events: Events) -> BuildOutcome:
    """Return what building `spec` made, reporting each step to `events`.

    `converter` None builds .docx only. Raises DataError, SourceError, UsageError, RegisterError
    like the CLI's build does.
    """
    from generator.sources import load_dataset

    dataset = load_dataset(Path(spec.data), shown=Path(spec.data).name)
    total = check_spec(dataset, spec)
    events(BuildEvent("start", total))
    stages: list[Stage] = []
    failures: list[str] = []
    if converter is not None:
        stage = EventPdfStage(converter, events=events, total=total)
        stages.append(stage)
        failures = stage.failures
    stages.insert(0, _RenderedEvents(events, total))

    def say(text: str) -> None:
        events(BuildEvent("message", total, text=text))

    results = _build(dataset, spec, stages, say)
    sets = [
        BuiltSet(
            str(r.folder), str(r.manifest), [d.so_ky_hieu for d in r.documents if d.so_ky_hieu]
        )
        for r in results
    ]
    return BuildOutcome(sets, list(failures))


def _build(
    dataset: DuLieu, spec: BuildSpec, stages: Sequence[Stage], say: Callable[[str], None]
) -> list[BuildResult]:
    """Return the results of the sets of `spec`, numbered through the register when asked."""
    from generator.build import build_sets
    from generator.service.build import issue_sets

    today = date.fromisoformat(spec.today) if spec.today else date.today()
    out = Path(spec.out)
    if spec.collected and spec.period:
        return [_aggregate(dataset, spec, today, stages, say)]
    templates = None
    if spec.templates:
        from generator.service.templates import load_templates

        templates = load_templates(Path(spec.templates))
    from generator.setsource import RecordSource

    # The set remembers its data (not a Tổng hợp's: its figures come from the submissions).
    stages = [*stages, RecordSource(Path(spec.data), templates)]
    if spec.numbers is not None:  # numbered by whoever queued the job: no register here
        from generator.service.queued import numbered_sets

        numbered = numbered_sets(dataset, planned_sets(dataset, spec.set_name, spec.period),
                                 spec.numbers)  # fmt: skip
        return build_sets(
            numbered, out, today=today, progress=say, stages=stages, templates=templates,
            rebuild_finalised=spec.rebuild_finalised,
        )  # fmt: skip
    if spec.issue:
        issued = date.fromisoformat(spec.issue_date) if spec.issue_date else None
        return issue_sets(
            dataset, spec.set_name, Path(spec.data), out, today=today, period=spec.period,
            register_path=Path(spec.register) if spec.register else None, issue_date=issued,
            progress=say, stages=stages, templates=templates, only=spec.only,
            rebuild_finalised=spec.rebuild_finalised,
        )  # fmt: skip
    pairs = planned_sets(dataset, spec.set_name, spec.period)
    return build_sets(
        [(dataset, name, each) for name, each in pairs], out, today=today, progress=say,
        stages=stages, templates=templates, rebuild_finalised=spec.rebuild_finalised,
    )  # fmt: skip


def _aggregate(
    dataset: DuLieu, spec: BuildSpec, today: date, stages: Sequence[Stage],
    say: Callable[[str], None],
) -> BuildResult:  # fmt: skip
    """Return the report set of the period built from the units' submissions."""
    from datetime import datetime, time

    from generator.service.periods.store import VIETNAM, PeriodStore
    from generator.service.periods.use_cases import aggregate

    if spec.period is None or spec.collected is None:  # checked by the caller
        raise UsageError("Tổng hợp cần kỳ báo cáo")
    # The job's day at noon in Vietnam: statuses (late, quá hạn) are decided by that day.
    moment = datetime.combine(today, time(12), VIETNAM)
    return aggregate(
        PeriodStore(Path(spec.collected)), dataset, spec.period, Path(spec.out), now=moment,
        by=spec.by, ref=Path(spec.out).parent.name, progress=say, stages=stages,
        rebuild_finalised=spec.rebuild_finalised,
    )  # fmt: skip


_TEMP_SET = re.compile(r"^\.(?P<name>.+)-[a-z0-9_]+\.tmp$")


def final_name(folder: Path) -> str:
    """Return the set folder's final name while it is still being built in its temporary one."""
    found = _TEMP_SET.match(folder.name)
    return found["name"] if found else folder.name


class _RenderedEvents:
    """A stage that only hears of each rendered document and reports it."""

    def __init__(self, events: Events, total: int) -> None:
        self.events = events
        self.total = total

    def rendered(self, build: SetBuild, doc: RenderedDocument) -> None:
        """Report a freshly rendered document."""
        self.events(
            BuildEvent(
                "rendered", self.total, doc.docx.name, final_name(build.folder), str(doc.docx)
            )
        )

    def __call__(self, build: SetBuild) -> None:
        """Do nothing when the set finishes."""


class EventPdfStage(PdfStage):
    """The PDF stage, also reporting each conversion and each PDF made signed-ready."""

    def __init__(self, converter: Converter, *, events: Events, total: int) -> None:
        super().__init__(converter)
        self.events = events
        self.total = total

    def _report(self, build: SetBuild, result: Any) -> None:
        super()._report(build, result)
        if result.ok:
            pdf = result.job.pdf
            self.events(
                BuildEvent("converted", self.total, pdf.name, final_name(build.folder), str(pdf),
                           result.pages)
            )  # fmt: skip

    def _arrive(self, run: Any, doc: RenderedDocument, author: str, result: Any) -> Any:
        prepared = super()._arrive(run, doc, author, result)
        if prepared is not None:
            pdf = result.job.pdf
            self.events(
                BuildEvent("fields", self.total, pdf.name, final_name(run.build.folder), str(pdf),
                           result.pages)
            )  # fmt: skip
        return prepared
