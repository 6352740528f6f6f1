"""Numbers of a queued web job: reserved by the server before queueing, settled after the build.

The web door's side of `service/queued.py`: a job (`service/jobs.BuildSpec`) goes to a worker
with every number of its sets, so the worker opens no register; the server records the built
files' hashes or gives the numbers back. Kept apart from `queued.py` so that `jobs` -> `queued`
stays one-way.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import Any

from generator.batch.jobs import SetJob
from generator.batch.one_set import record_numbers, reserve_numbers
from generator.errors import VanbanError
from generator.register import Register, default_path
from generator.register.entries import Issued
from generator.register.issue import file_key, release_set
from generator.service.jobs import BuildSpec, planned_sets
from generator.service.queued import set_label, set_numbers


def reserve_job_numbers(spec: BuildSpec) -> tuple[BuildSpec, dict[str, list[Issued]]]:
    """Return the web job's spec carrying every number of its sets, and those numbers by set.

    The submitting side calls this before queueing: the worker then needs no register.
    """
    from generator.batch.runner import BatchOptions
    from generator.sources import load_dataset

    data_path = Path(spec.data)
    data = load_dataset(data_path, shown=data_path.name)
    today = date.fromisoformat(spec.today) if spec.today else date.today()
    options = BatchOptions(
        out=Path(spec.out),
        today=today,
        issue=True,
        issue_date=date.fromisoformat(spec.issue_date) if spec.issue_date else None,
        only=tuple(spec.only),
    )
    numbers: dict[str, dict[str, list[Any] | None]] = {}
    issued: dict[str, list[Issued]] = {}
    path = Path(spec.register) if spec.register else default_path(data_path)
    with Register(path) as register:
        for name, period in planned_sets(data, spec.set_name, spec.period):
            label = set_label(name, period)
            copy = data.model_copy(deep=True)
            try:  # the dates are checked here, before this set reserves anything
                issued[label] = reserve_numbers(register, copy, SetJob(name, period), options)
            except VanbanError:
                for earlier in issued.values():
                    release_set(register, earlier, "tạo bộ văn bản không thành công (việc bị lỗi)")
                raise
            numbers[label] = set_numbers(copy, SetJob(name, period))
    return replace(spec, numbers=numbers, today=today.isoformat()), issued


def settle_job(
    register_path: Path, issued: dict[str, list[Issued]], built: list[tuple[str, Path]]
) -> None:
    """Record the hashes of each built set (label, manifest) and give the others' numbers back."""
    import json

    done = dict(built)
    with Register(register_path) as register:
        for label, numbers in issued.items():
            manifest = done.get(label)
            if manifest is None:
                release_set(register, numbers, "tạo bộ văn bản không thành công (việc bị lỗi)")
                continue
            raw = json.loads(manifest.read_text(encoding="utf-8"))
            files = [(d["sha256_docx"], d.get("sha256_pdf")) for d in raw["documents"]]
            keys = [file_key(d["kind"], Path(d["docx"]).name) for d in raw["documents"]]
            record_numbers(register, numbers, files, keys)


def issued_to_json(issued: dict[str, list[Issued]]) -> str:
    """Return the numbers reserved for a job as JSON text (`issued_from_json` reads it back)."""
    import json

    return json.dumps(
        {label: [{**asdict(i), "ngay": i.ngay.isoformat()} for i in numbers]
         for label, numbers in issued.items()},
        ensure_ascii=False,
    )  # fmt: skip


def issued_from_json(text: str) -> dict[str, list[Issued]]:
    """Return the numbers stored by `issued_to_json`."""
    import json

    return {
        label: [Issued(**{**i, "ngay": date.fromisoformat(i["ngay"])}) for i in numbers]
        for label, numbers in json.loads(text).items()
    }
