"""Where each set of an organisation stands: chưa lập, dự thảo, đã cấp số, đã ký.

Read from the finished jobs (the newest finished job of each set folder wins): a set built
without numbers is a draft, with numbers it is numbered, and once a signed copy (`…-da-ky.pdf`)
sits in its folder it is signed. The three sets every commune makes show as "chưa lập" until a
job builds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.web.jobs import Job, org_jobs
from generator.web.store import Store

BASE_SETS = ("inspection", "plan", "report")
STATUS_TEXT = {
    "none": "chưa lập",
    "draft": "dự thảo",
    "numbered": "đã cấp số",
    "signed": "đã ký",
}


@dataclass(frozen=True)
class SetStatus:
    """One set folder of an organisation (e.g. "report-2026-q1") and where it stands."""

    folder: str
    set_name: str
    status: str  # a key of STATUS_TEXT
    changed_at: str = ""
    changed_by: str = ""
    job_id: str = ""
    bundle: str = ""  # the bundle's file name within the job, when there is one

    @property
    def text(self) -> str:
        """Return the status as the pages print it."""
        return STATUS_TEXT[self.status]

    @property
    def period(self) -> str:
        """Return the period part of the folder name ("2026-q1"), or ''."""
        return self.folder.partition("-")[2]


FOLDER_TEXT = {"inspection": "Kiểm tra CCHC", "plan": "Kế hoạch CCHC", "report": "Báo cáo"}


def folder_label(folder: str) -> str:
    """Return a set folder as the pages name it: "Báo cáo 2026-Q1", "Kiểm tra CCHC"."""
    name, _, period = folder.partition("-")
    text = FOLDER_TEXT.get(name, name)
    return f"{text} {period.upper()}" if period else text


def _status(job: Job, folder: Path) -> str:
    if any(folder.glob("*-da-ky.pdf")):
        return "signed"
    return "numbered" if job.issue else "draft"


def set_statuses(store: Store, org: str) -> list[SetStatus]:
    """Return the status of every set folder the organisation has, plus the base sets not built."""
    found: dict[str, SetStatus] = {}
    for job in org_jobs(store, org, limit=500):  # newest first
        if job.status != "done" or job.outcome is None:
            continue
        several = len(job.outcome.sets) > 1
        for built in job.outcome.sets:
            folder = Path(built.folder)
            if folder.name in found or not folder.is_dir():
                continue
            bundle = f"{folder.name}/bundle.pdf" if several else "bundle.pdf"
            found[folder.name] = SetStatus(
                folder=folder.name,
                set_name=folder.name.partition("-")[0],
                status=_status(job, folder),
                changed_at=job.finished_at or job.created_at,
                changed_by=job.user,
                job_id=job.id,
                bundle=bundle if (folder / "bundle.pdf").is_file() else "",
            )
    for name in BASE_SETS:
        if not any(s.set_name == name for s in found.values()):
            found[name] = SetStatus(folder=name, set_name=name, status="none")
    return sorted(
        found.values(),
        key=lambda s: (BASE_SETS.index(s.set_name) if s.set_name in BASE_SETS else 9, s.folder),
    )
