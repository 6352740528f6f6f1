"""The documents citing a finalised one: drafts rendered again, finalised ones named for the clerk.

A QĐ cites the KH's số and ngày, a TB the KH's and the QĐ's (`Kind.cites`). When finalising
gives a document its number, the drafts of the same set that cite it are rendered again from
the data with the numbers the set now holds (the build's own render path), converted and made
signed-ready like the finalised one, inside the same staged copy; a draft whose text already
cites the number is left as it is. A finalised document is never rewritten: when its text does
not cite the number, the clerk is told which citation to correct by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.atomic import sha256_file
from generator.errors import ConversionError, SigningError
from generator.kinds import KINDS
from generator.pdf.jobs import Converter, ConvertJob
from generator.service.edited import identity_of, paragraph_texts
from generator.service.match import TEN_LOAI
from generator.service.setfolder import FinalizeError, SetManifest
from generator.vi.dates import short_date
from generator.vi.text import BLANK

if TYPE_CHECKING:
    from generator.build import Templates
    from generator.model import DuLieu
    from generator.pdf.stage import Prepared
    from generator.sets import Job

__all__ = ["Followed", "Source", "cited_as", "follow_citations", "missing_citations"]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Source:
    """The data the set was built from (a YAML folder or a workbook) and its own templates."""

    data: Path
    templates: Templates | None = None


@dataclass
class Followed:
    """What following a new number did: drafts rendered again, and what the clerk must do."""

    updated: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    fresh: dict[int, Prepared] = field(default_factory=dict)


def cited_as(entry: dict[str, Any]) -> str | None:
    """Return how documents cite the entry ("Kế hoạch số 01/KH-UBND ngày 12/3/2026"), or None
    while it has no number and date."""
    so, ngay = entry.get("so_ky_hieu"), entry.get("ngay_ban_hanh")
    if not so or not ngay:
        return None
    name = TEN_LOAI.get(str(entry.get("loai_van_ban")), str(entry.get("loai_van_ban")))
    return f"{name} số {so} ngày {short_date(date.fromisoformat(str(ngay)))}"


def _cites(path: Path, wanted: str) -> bool:
    if not path.is_file():  # a draft removed from the folder is rendered again
        return False
    return any(wanted in text for text in paragraph_texts(path))


def missing_citations(docx: Path, manifest: SetManifest, index: int) -> list[str]:
    """Return a warning for each numbered document of the set that the document `index` (its
    new file `docx`) cites but whose number and date its text does not print (a copy edited
    from a draft made before that number was given)."""
    cites = getattr(KINDS.get(str(manifest.documents[index].get("kind"))), "cites", ())
    warnings = []
    for other in manifest.documents:
        wanted = cited_as(other) if other.get("kind") in cites else None
        if wanted is not None and not _cites(docx, wanted):
            warnings.append(
                f"{docx.name} chưa trích dẫn «{wanted}» (văn bản {other['docx']} của bộ đã có "
                f"số, ngày này): sửa trích dẫn {wanted.split(' số ', 1)[0]} bằng tay rồi hoàn "
                "thiện lại"
            )
    return warnings


def follow_citations(
    temp: Path,
    manifest: SetManifest,
    index: int,
    *,
    source: Source | None,
    register: tuple[Path, str] | None,
    converter: Converter,
    today: date,
    say: Progress,
    refused: str | None = None,
) -> Followed:
    """Return what was done to the documents of the staged set `temp` citing document `index`.

    The manifest entries of the drafts rendered again are updated in place (hashes, pages,
    fields); their new PDFs are in `fresh` for the bundle. `register` is the register file and
    the set's name in it, for the numbers of documents a build issued (None without one).
    `refused` says why the data the set recorded was not used, told when drafts needed it.
    """
    entry = manifest.documents[index]
    wanted = cited_as(entry)
    done = Followed()
    if wanted is None:
        return done
    kind = str(entry.get("kind"))
    citing = [
        i
        for i, other in enumerate(manifest.documents)
        if kind in getattr(KINDS.get(str(other.get("kind"))), "cites", ())
        and not _cites(temp / str(other["docx"]), wanted)
    ]
    drafts = []
    for i in citing:
        other = manifest.documents[i]
        if other.get("finalised_at"):
            number = f" (số {other['so_ky_hieu']})" if other.get("so_ky_hieu") else ""
            done.warnings.append(
                f"{other['docx']} đã hoàn thiện{number} nên không được lập lại, nhưng chưa trích "
                f"dẫn «{wanted}»: sửa trích dẫn {wanted.split(' số ', 1)[0]} trong văn bản đó "
                "bằng tay rồi hoàn thiện lại nó"
            )
        else:
            drafts.append(i)
    if not drafts:
        return done
    if source is None:
        if refused is not None:
            done.warnings.append(refused)
        names = ", ".join(str(manifest.documents[i]["docx"]) for i in drafts)
        done.warnings.append(
            f"các dự thảo {names} chưa trích dẫn «{wanted}»; hoàn thiện lại kèm --du-lieu "
            "DỮ_LIỆU (dữ liệu đã dùng để lập bộ) để vanban lập lại các dự thảo này"
        )
        return done
    rendered = _render_again(
        temp, manifest, drafts, wanted, source=source, register=register, today=today,
        done=done, say=say,
    )  # fmt: skip
    _convert(temp, manifest, rendered, converter=converter, done=done, say=say)
    return done


def _render_again(
    temp: Path,
    manifest: SetManifest,
    drafts: list[int],
    wanted: str,
    *,
    source: Source,
    register: tuple[Path, str] | None,
    today: date,
    done: Followed,
    say: Progress,
) -> list[int]:
    """Return the drafts among `drafts` rendered again into `temp` from the source data."""
    from generator.render import render
    from generator.sets import get_set
    from generator.sources import load_dataset

    data = load_dataset(source.data)
    org = manifest.data.get("organisation", {})
    if data.to_chuc.ma != org.get("ma"):
        raise FinalizeError(
            f"{source.data}: dữ liệu của {data.to_chuc.ten_day_du}, không phải của bộ văn bản "
            f"{manifest.title}; chỉ ra dữ liệu đã dùng để lập bộ này"
        )
    jobs = {
        job.file_name: job
        for job in get_set(str(manifest.data.get("set"))).jobs(data, manifest.data.get("period"))
    }
    _number_envelopes(data, manifest, jobs, register)
    rendered: list[int] = []
    for i in drafts:
        entry = manifest.documents[i]
        name = str(entry["docx"])
        job = jobs.get(name)
        if job is None:
            done.warnings.append(
                f"{name}: không có trong dữ liệu {source.data} nữa nên chưa trích dẫn «{wanted}»; "
                "lập lại bộ văn bản"
            )
            continue
        context = job.kind.build_context(data, today=today, item=job.item)
        printed = context["so_ky_hieu"]
        own = None if printed.startswith(BLANK) else printed
        if own != entry.get("so_ky_hieu"):
            done.warnings.append(
                f"{name}: dữ liệu {source.data} cho số {own or '(dự thảo)'}, khác bộ văn bản "
                f"({entry.get('so_ky_hieu') or 'dự thảo'}), nên chưa lập lại để trích dẫn "
                f"«{wanted}»; lập lại bộ văn bản"
            )
            continue
        template = (source.templates or {}).get(job.kind.name, job.kind.template_path)
        made = render(template, context, temp / f".{name}.citing")
        if not _cites(made, wanted):  # the data does not give the set's numbers
            made.unlink()
            done.warnings.append(
                f"{name}: lập lại từ dữ liệu {source.data} vẫn chưa trích dẫn «{wanted}»; "
                "lập lại bộ văn bản"
            )
            continue
        made.replace(temp / name)
        entry["sha256_docx"] = sha256_file(temp / name)
        done.updated.append(name)
        rendered.append(i)
        say(f"Đã lập lại {name} để trích dẫn {wanted}")
    return rendered


def _number_envelopes(
    data: DuLieu,
    manifest: SetManifest,
    jobs: dict[str, Job],
    register: tuple[Path, str] | None,
) -> None:
    """Give the data's envelopes the numbers the set holds, so every citation renders them.

    A finalised or issued document prints the manifest's number and date; a draft of the set
    stays a draft; a number a build issued (no date in the manifest) comes from the register.
    """
    from generator.register import Register
    from generator.register.issue import doc_key, envelope_of

    known: dict[str, tuple[int, date]] = {}
    if register is not None:
        path, set_name = register
        with Register(path) as reg:
            for name, each in jobs.items():
                had = reg.known(data.to_chuc.ma, set_name, doc_key(each))
                if had is not None:
                    known[name] = (had.so, had.ngay)
    for entry in manifest.documents:
        job = jobs.get(str(entry["docx"]))
        if job is None:
            continue
        envelope = envelope_of(data, job)
        so, ngay = entry.get("so_ky_hieu"), entry.get("ngay_ban_hanh")
        if so and ngay and str(so).split("/", 1)[0].isdigit():
            envelope.so = int(str(so).split("/", 1)[0])
            envelope.ngay_ban_hanh = date.fromisoformat(str(ngay))
        elif so and job.file_name in known:
            envelope.so, envelope.ngay_ban_hanh = known[job.file_name]
        elif not so:
            envelope.so = None


def _convert(
    temp: Path,
    manifest: SetManifest,
    rendered: list[int],
    *,
    converter: Converter,
    done: Followed,
    say: Progress,
) -> None:
    """Convert the drafts rendered again that had a PDF; make each signed-ready."""
    from generator.service.rebuild import signed_ready

    with_pdf = [i for i in rendered if manifest.documents[i].get("pdf")]
    if not with_pdf:  # a set built without PDFs stays without them
        return
    jobs = [
        ConvertJob(
            temp / str(manifest.documents[i]["docx"]), temp / str(manifest.documents[i]["pdf"])
        )
        for i in with_pdf
    ]
    results = converter.convert(jobs)
    if len(results) != len(jobs):
        raise ConversionError(f"{jobs[0].docx.name}: không chuyển được sang PDF (thiếu kết quả)")
    for i, job, result in zip(with_pdf, jobs, results, strict=True):
        entry = manifest.documents[i]
        if not result.ok:
            raise ConversionError(f"{job.docx.name}: không chuyển được sang PDF ({result.error})")
        identity = identity_of(job.docx)
        prepared = signed_ready(
            job.pdf, entry, identity, so_ky_hieu=entry.get("so_ky_hieu"),
            bookmark=str(entry.get("bookmark") or ""), organisation=manifest.organisation,
            result=result,
        )  # fmt: skip
        if prepared.problem or prepared.fields is None:
            raise SigningError(prepared.problem or f"{job.pdf.name}: không đặt được ô ký số")
        entry.update(
            pages=result.pages, sha256_pdf=prepared.sha256, signature_fields=prepared.fields
        )
        done.fresh[i] = prepared
        say(f"Đã chuyển sang PDF: {job.pdf.name} ({result.pages} trang)")
