"""Findings: what a check reports, and a small collector the checkers share."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from generator.nd30.rules import Severity, rule


@dataclass(frozen=True)
class Finding:
    """One problem in one file, at one place, against one rule."""

    file: str
    location: str
    rule_id: str
    severity: Severity
    message: str

    def line(self) -> str:
        """Return the one-line form printed by `vanban lint`."""
        where = f"{self.location}: " if self.location else ""
        return f"{self.file}: {where}{self.rule_id} {self.message}"

    def as_dict(self) -> dict[str, str]:
        """Return a JSON-ready dict, with the rule's ND30 reference added."""
        data = asdict(self)
        data["ref"] = rule(self.rule_id).ref
        return data


@dataclass
class Collector:
    """Gather findings for one file; identical findings at many places are merged."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    _counts: dict[tuple[str, str], int] = field(default_factory=dict)
    _first: dict[tuple[str, str], int] = field(default_factory=dict)

    def add(self, location: str, rule_id: str, **values: object) -> None:
        """Record a finding of rule `rule_id` with its message filled from `values`."""
        the_rule = rule(rule_id)
        message = the_rule.format(**values)
        key = (rule_id, message)
        if key in self._first:
            self._counts[key] += 1
            return
        self._first[key] = len(self.findings)
        self._counts[key] = 0
        self.findings.append(Finding(self.file, location, rule_id, the_rule.severity, message))

    def result(self) -> list[Finding]:
        """Return the findings, with "và N chỗ khác" on those seen more than once."""
        out = list(self.findings)
        for key, index in self._first.items():
            extra = self._counts[key]
            if extra:
                found = out[index]
                location = f"{found.location} và {extra} chỗ khác"
                out[index] = Finding(
                    found.file, location, found.rule_id, found.severity, found.message
                )
        return out


def pt(value: float) -> str:
    """Return a point size for messages: 13 → "13 pt", 13.5 → "13,5 pt"."""
    text = f"{value:g}".replace(".", ",")
    return f"{text} pt"


def mm(twips: float) -> str:
    """Return a twips length in millimetres, one decimal, Vietnamese decimal comma."""
    value = round(twips / 56.6929, 1)
    return f"{value:g}".replace(".", ",")


def cm(twips: float) -> str:
    """Return a twips length in centimetres, two decimals, Vietnamese decimal comma."""
    value = round(twips / 566.929, 2)
    return f"{value:g} cm".replace(".", ",")
