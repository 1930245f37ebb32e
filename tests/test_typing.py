"""The package type-checks under mypy --strict (the house style's aim, kept as a test)."""

from __future__ import annotations

import pytest

from tests.conftest import REPOSITORY

api = pytest.importorskip("mypy.api")


def test_mypy_strict_passes() -> None:
    stdout, stderr, status = api.run(["--config-file", str(REPOSITORY / "pyproject.toml"), "--no-error-summary", str(REPOSITORY / "translator")])
    assert status == 0, stdout + stderr
