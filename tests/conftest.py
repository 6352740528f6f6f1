"""Shared pytest options: `--update-goldens` rewrites golden files instead of comparing them."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cli.base import stop_on_sigterm


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add --update-goldens."""
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite tests/cases/**/expected/* from the current output (review with git diff)",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """Return whether golden files are to be rewritten."""
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture
def stop_signals() -> Iterator[None]:
    """Install the handlers a Ctrl-C / SIGTERM test relies on, whatever the test run inherited.

    Python installs its SIGINT handler only when SIGINT was not ignored at start-up, and some CI
    runners and `nohup` start it ignored; SIGTERM gets the handler `vanban` installs.
    """
    saved = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM)}
    signal.signal(signal.SIGINT, signal.default_int_handler)
    stop_on_sigterm()
    yield
    for signum, handler in saved.items():
        signal.signal(signum, handler)


# `python -m generator`, with Python's own Ctrl-C handler installed first: a test that sends
# SIGINT must not depend on whether the test run itself inherited SIGINT ignored.
VANBAN = [
    sys.executable,
    "-c",
    "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "from generator.cli import main; main()",
]


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the default templates as `vanban template export` writes them (read only)."""
    from click.testing import CliRunner

    from generator.cli import cli

    folder = tmp_path_factory.mktemp("mau") / "mau-mac-dinh"
    result = CliRunner().invoke(cli, ["template", "export", str(folder)])
    assert result.exit_code == 0, result.output
    return folder
