"""One organisation's set as a unit of queued work: numbers issued here, built elsewhere.

The submitting side (the batch command, the web app) loads the data, reserves every number of
the set in the register (`prepare_tasks`) and sends a `SetTask`: plain JSON naming the data,
the output folder and the numbers. A worker (`run_set_task`) needs no database: it loads the
data, writes those numbers into the documents and builds the set with the atomic set writer
of the local batch. A task run twice (a worker killed mid-set, the message delivered again)
gets the same numbers and, the set being locked while it is built, either finds it complete
(skipped) or builds it again whole. The submitting side then records the files' hashes in the
register or gives the numbers back (`settle`). No Celery here: generator/queue carries tasks.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.batch.jobs import OrgJob, SetJob
from generator.batch.one_set import (
    FileHashes,
    SetOutcome,
    build_numbered_set,
    door_error,
    record_numbers,
    reserve_numbers,
)
from generator.errors import IssueChoiceError, RegisterError, TemplateError, VanbanError
from generator.register import Register, default_path
from generator.register.entries import Issued
from generator.register.issue import doc_key, envelope_of, release_set
from generator.setlock import set_lock

if TYPE_CHECKING:
    from generator.batch.runner import BatchOptions
    from generator.build import SetBuild
    from generator.model import DuLieu

__all__ = [
    "SetTask",
    "TaskResult",
    "numbered_sets",
    "prepare_tasks",
    "run_set_task",
    "set_label",
    "set_lock",
    "settle",
]

Event = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class SetTask:
    """What a worker needs to build one set: JSON in, JSON out (`as_json`, `from_json`).

    `numbers` maps each document's register key to [so, ngay ISO], or to None for a document
    left a draft (issued separately later); `numbers` None builds drafts.
    `templates` maps a kind name to its own template (an absolute path on the shared storage,
    checked by the submitting side); the other kinds keep the default.
    """

    data: str
    set_name: str
    period: str | None
    out: str
    today: str
    pdf: bool = True
    force: bool = False
    numbers: dict[str, list[Any] | None] | None = None
    templates: dict[str, str] | None = None
    rebuild_finalised: bool = False

    @property
    def set_job(self) -> SetJob:
        """Return the batch's SetJob of this task."""
        return SetJob(self.set_name, self.period)

    def as_json(self) -> dict[str, Any]:
        """Return the task as a JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> SetTask:
        """Return the task a dict made by `as_json` describes."""
        return cls(**raw)


@dataclass
class TaskResult:
    """What a worker sends back: the set's outcome and its files' hashes (`keys`: each file's
    register key, in the same order), or a data error."""

    name: str
    outcome: SetOutcome | None = None
    files: FileHashes = field(default_factory=list)
    data_error: str | None = None
    keys: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """Return the result as a JSON-ready dict."""
        raw = asdict(self)
        raw["files"] = [list(pair) for pair in self.files]
        return raw

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> TaskResult:
        """Return the result a dict made by `as_json` describes."""
        outcome = SetOutcome(**raw["outcome"]) if raw.get("outcome") else None
        files = [(str(docx), pdf) for docx, pdf in raw.get("files", [])]
        keys = [str(key) for key in raw.get("keys", [])]
        return cls(str(raw["name"]), outcome, files, raw.get("data_error"), keys)


Prepared = tuple[SetTask, list[Issued]] | SetOutcome


def prepare_tasks(job: OrgJob, options: BatchOptions) -> tuple[str, list[Prepared]]:
    """Return the organisation's name and one task per set, numbers reserved when issuing.

    A set whose issuing is refused (its dates break the chain's order, an unknown document
    chosen) is its failed outcome instead, nothing reserved for it. Raise VanbanError when the
    data cannot be used (nothing is reserved then).
    """
    base = SetTask(
        data=str(job.data.resolve()),
        set_name="",
        period=None,
        out=str(options.out.resolve()),
        today=options.today.isoformat(),
        pdf=options.pdf,
        force=options.force,
        templates=(
            {kind: str(path.resolve()) for kind, path in options.templates.items()}
            if options.templates
            else None
        ),
        rebuild_finalised=options.rebuild_finalised,
    )
    if not options.issue:  # the worker loads the data and reports its errors
        return job.name, [
            (replace(base, set_name=s.set_name, period=s.period), []) for s in job.sets
        ]
    from generator.sources import load_dataset

    data = load_dataset(job.data)
    tasks: list[Prepared] = []
    with Register(options.register or default_path(job.data)) as register:
        for set_job in job.sets:
            copy = data.model_copy(deep=True)
            try:
                issued = reserve_numbers(register, copy, set_job, options)
            except IssueChoiceError as err:
                error = door_error(err, options)
                tasks.append(SetOutcome(set_job.label, status="failed", error=error))
                continue
            numbers = set_numbers(copy, set_job)
            task = replace(base, set_name=set_job.set_name, period=set_job.period, numbers=numbers)
            tasks.append((task, issued))
    return data.to_chuc.ten_day_du, tasks


def settle(register: Register, issued: list[Issued], result: TaskResult) -> None:
    """Record the hashes of a set a worker built, or give its numbers back if it failed."""
    outcome = result.outcome
    if outcome is not None and outcome.status in ("built", "skipped"):
        skipped = outcome.status == "skipped"
        record_numbers(register, issued, result.files, result.keys, only_reserved=skipped)
        outcome.numbers = [i.so_ky_hieu for i in issued] or None
        return
    reason = (outcome.error if outcome is not None else None) or result.data_error or "lỗi"
    release_set(register, issued, f"tạo bộ văn bản không thành công (lỗi: {reason})"[:500])


def set_numbers(data: DuLieu, set_job: SetJob) -> dict[str, list[Any] | None]:
    """Return each document's register key → [so, ngay ISO] after issuing, None for a draft."""
    from generator.sets import get_set

    numbers: dict[str, list[Any] | None] = {}
    for job in get_set(set_job.set_name).jobs(data, set_job.period):
        envelope = envelope_of(data, job)
        ngay = envelope.ngay_ban_hanh
        numbered = envelope.so is not None and ngay is not None
        numbers[doc_key(job)] = [envelope.so, ngay.isoformat()] if numbered and ngay else None
    return numbers


def apply_numbers(data: DuLieu, set_job: SetJob, numbers: dict[str, list[Any] | None]) -> None:
    """Write the numbers the submitting side reserved into the set's documents (in place)."""
    from generator.sets import get_set

    for job in get_set(set_job.set_name).jobs(data, set_job.period):
        key = doc_key(job)
        if key not in numbers:
            raise RegisterError(
                f"không có số cho văn bản '{key}' trong việc được giao; hãy chạy lại lệnh cấp số"
            )
        envelope = envelope_of(data, job)
        pair = numbers[key]
        if pair is None:  # left a draft: issued separately, later
            envelope.so = None
            continue
        so, ngay = pair
        envelope.so = int(so)
        envelope.ngay_ban_hanh = date.fromisoformat(str(ngay))


class _Events:
    """A build stage that announces each rendered document (it changes nothing)."""

    def __init__(self, on_event: Event, total: int) -> None:
        self.on_event, self.total, self.done = on_event, total, 0

    def rendered(self, build: SetBuild, document: Any) -> None:
        """Announce one more rendered document."""
        self.done += 1
        name = document.docx.name
        self.on_event({"type": "rendered", "file": name, "done": self.done, "total": self.total})

    def __call__(self, build: SetBuild) -> None:
        """Nothing to do when the set finishes: the task announces it."""


def run_set_task(
    task: SetTask,
    *,
    converter: Any,
    on_event: Event | None = None,
    check_stop: Callable[[str], None] = lambda _text: None,
) -> TaskResult:
    """Return the result of building one queued set; never raise for bad data, report it."""
    from generator.batch.runner import BatchOptions
    from generator.build import set_folder
    from generator.sets import get_set
    from generator.setsource import RecordSource
    from generator.sources import load_dataset

    data_path = Path(task.data)
    result = TaskResult(name=OrgJob(data_path, ()).name)
    set_job = task.set_job
    try:
        data = load_dataset(data_path)
    except VanbanError as err:
        result.data_error = str(err)
        return result
    result.name = data.to_chuc.ten_day_du
    templates = {kind: Path(path) for kind, path in (task.templates or {}).items()}
    options = BatchOptions(
        out=Path(task.out),
        today=date.fromisoformat(task.today),
        pdf=task.pdf,
        issue=task.numbers is not None,
        force=task.force,
        templates=templates or None,
        rebuild_finalised=task.rebuild_finalised,
    )
    try:
        _check_shared(templates)
        if task.numbers is not None:
            apply_numbers(data, set_job, task.numbers)
        doc_set = get_set(set_job.set_name)
        final = set_folder(options.out, data, doc_set, set_job.period)
        events: list[Callable[[SetBuild], None]] = (
            [] if on_event is None else [_Events(on_event, len(doc_set.jobs(data, set_job.period)))]
        )
        events.append(RecordSource(data_path, templates or None))  # for `vanban finalize`
        result.keys = [doc_key(job) for job in doc_set.jobs(data, set_job.period)]
        with set_lock(final.parent, final.name):
            result.outcome, result.files = build_numbered_set(
                data, set_job, options, converter=converter, check_stop=check_stop,
                extra_stages=events,
            )  # fmt: skip
    except VanbanError as err:
        result.outcome = SetOutcome(set_job.label, status="failed", error=str(err))
    except Exception as err:  # a bug must not take the worker down; the set is reported failed
        detail = traceback.format_exception_only(err)[-1].strip()
        result.outcome = SetOutcome(
            set_job.label, status="failed", error=f"lỗi ngoài dự kiến: {detail}"
        )
    return result


def _check_shared(templates: dict[str, Path]) -> None:
    """Raise TemplateError when a template the task names is not on this worker's disk."""
    missing = sorted(str(path) for path in templates.values() if not path.is_file())
    if missing:
        raise TemplateError(
            f"máy worker không thấy mẫu riêng {', '.join(missing)}; thư mục mẫu (--templates) "
            "phải nằm trên thư mục chung mà mọi worker thấy ở cùng đường dẫn"
        )


def set_label(set_name: str, period: str | None) -> str:
    """Return a set's folder name below its year: "inspection", "report-2026-h1"."""
    from generator.vi.text import slugify

    return set_name + (f"-{slugify(period)}" if period else "")


def numbered_sets(
    data: DuLieu,
    pairs: list[tuple[str, str | None]],
    numbers: dict[str, dict[str, list[Any] | None]],
) -> list[tuple[DuLieu, str, str | None]]:
    """Return (data, set, period) for each pair, each a copy carrying its reserved numbers."""
    sets: list[tuple[DuLieu, str, str | None]] = []
    for name, period in pairs:
        label = set_label(name, period)
        if label not in numbers:
            raise RegisterError(f"không có số cho bộ văn bản '{label}' trong việc được giao")
        copy = data.model_copy(deep=True)
        apply_numbers(copy, SetJob(name, period), numbers[label])
        sets.append((copy, name, period))
    return sets
