"""The document envelope shared by every kind, and the generic section tree of narrative text."""

from __future__ import annotations

from pydantic import Field

from generator.model.base import Model
from generator.model.fields import Ma, Ngay, SoVanBan, Text


class VanBan(Model):
    """Envelope of one document: number, date, summary, legal bases, recipients, signer.

    A document without `so` is a draft: it prints blanks for the number and the day.
    """

    so: SoVanBan | None = None
    ngay_ban_hanh: Ngay | None = None
    trich_yeu: Text | None = None
    can_cu: list[Text] = Field(default_factory=list)
    noi_nhan: list[Text] = Field(default_factory=list)
    luu: Text = "VT"
    nguoi_ky: Ma

    @property
    def du_thao(self) -> bool:
        """Return True for a draft (no number yet)."""
        return self.so is None


class Muc(Model):
    """A numbered section: a heading, its paragraphs, and its sub-sections.

    Paragraphs that start with "- " or "+ " are list items and keep their mark.
    """

    tieu_de: Text
    doan: list[Text] = Field(default_factory=list)
    muc_con: list[Muc] = Field(default_factory=list)
