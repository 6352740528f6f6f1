"""`Kind.cites` names exactly the kinds whose number a kind's text prints: finalising relies on
it to render the citing drafts again (generator/service/citing.py)."""

from __future__ import annotations

from datetime import date

import pytest

from generator.kinds import KINDS
from generator.register.issue import envelope_of
from generator.sets import SETS
from generator.sources import load_dataset
from tests.kinds.conftest import TODAY, case_data


@pytest.mark.parametrize("set_name", ["inspection"])
def test_cites_lists_every_kind_whose_number_the_text_prints(set_name: str) -> None:
    data = load_dataset(case_data("binh-lu"))
    jobs = SETS[set_name].jobs(data, None)
    found: dict[str, set[str]] = {job.kind.name: set() for job in jobs}
    for cited in jobs:
        before = [job.kind.build_context(data, today=TODAY, item=job.item) for job in jobs]
        changed = data.model_copy(deep=True)
        envelope = envelope_of(changed, cited)
        envelope.so, envelope.ngay_ban_hanh = 97, date(2026, 12, 30)
        for job, old in zip(jobs, before, strict=True):
            if job is cited:
                continue
            item = job.item
            if item is not None:  # the TB's item is the model's own entry: take the copy's
                item = changed.kiem_tra.ket_luan[data.kiem_tra.ket_luan.index(item)]  # type: ignore[union-attr]
            if job.kind.build_context(changed, today=TODAY, item=item) != old:
                found[job.kind.name].add(cited.kind.name)
    assert found == {name: set(KINDS[name].cites) for name in found}
    assert found["qd_doan"] == {"kh_kiem_tra"}  # the sample does cite: the test can fail
