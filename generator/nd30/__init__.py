"""ND30 (Nghị định 30/2020/NĐ-CP) format rules as data, and `vanban lint` for .docx and PDF.

Public API: `lint_file`, `lint_errors`, `lint_paths`, `LintReport`, `Finding`, and `RULES`.
Other test suites assert generated documents with `assert lint_errors(path) == []`.
"""

from generator.nd30.findings import Finding
from generator.nd30.lint import LintReport, lint_errors, lint_file, lint_paths
from generator.nd30.rules import RULES, Rule

__all__ = ["RULES", "Finding", "LintReport", "Rule", "lint_errors", "lint_file", "lint_paths"]
