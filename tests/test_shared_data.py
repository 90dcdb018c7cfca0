"""One rule for the reference data folder: --shared DIR, then $EVENTLENS_SHARED, then a shared/ folder nearby."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from eventlens.errors import ResourceError
from eventlens.shared_data import SHARED_ENV, require_shared, shared_dir

REPO = Path(__file__).resolve().parents[1]


def _shared(root: Path, *parts: str) -> Path:
    path = root.joinpath(*parts, "shared")
    (path / "data" / "events").mkdir(parents=True)
    return path


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No environment variable; the working directory in an empty folder."""
    monkeypatch.delenv(SHARED_ENV, raising=False)
    work = tmp_path / "elsewhere"
    work.mkdir()
    monkeypatch.chdir(work)
    return tmp_path


def test_flag_then_environment_then_search(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found = _shared(isolated, "projects")
    repo = isolated / "projects" / "checkout" / "bench"
    repo.mkdir(parents=True)
    assert shared_dir(near=repo) == found  # beside a folder above the starting point
    monkeypatch.setenv(SHARED_ENV, str(isolated / "env"))
    assert shared_dir(near=repo) == isolated / "env"
    assert shared_dir(isolated / "flag", near=repo) == isolated / "flag"


def test_working_directory_is_searched_after_the_starting_point(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert shared_dir(near=isolated / "elsewhere") is None
    found = _shared(isolated, "work")
    monkeypatch.chdir(found.parent)
    assert shared_dir(near=isolated / "elsewhere") == found
    assert shared_dir() == found


def test_a_shared_folder_without_data_is_passed_over(isolated: Path) -> None:
    (isolated / "a" / "shared").mkdir(parents=True)  # no data/ inside
    found = _shared(isolated)
    assert shared_dir(near=isolated / "a") == found


def test_errors_name_where_the_path_came_from(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ResourceError, match="pass --shared DIR or set EVENTLENS_SHARED"):
        require_shared(near=isolated / "elsewhere")
    with pytest.raises(ResourceError, match=re.escape(f"--shared {isolated}: {isolated / 'data/events'} is missing")):
        require_shared(isolated, needs="data/events")
    monkeypatch.setenv(SHARED_ENV, str(isolated))
    with pytest.raises(ResourceError, match=re.escape(f"EVENTLENS_SHARED={isolated}:")):
        require_shared(needs="data/events")
    found = _shared(isolated, "ok")
    assert require_shared(found, needs="data/events") == found


def test_no_script_finds_the_folder_its_own_way() -> None:
    """scripts/, bench/, training/, the tests' shared_dir fixture and the package resolve the folder through eventlens.shared_data only."""
    own_way = re.compile(r"""/ "shared"|"EVENTLENS_SHARED"|parents\[\d\] / "shared"|parent / "shared\"""")
    files = [p for folder in ("scripts", "bench", "training", "src") for p in (REPO / folder).rglob("*.py")]
    offenders = [str(p.relative_to(REPO)) for p in [*files, REPO / "tests" / "conftest.py"]
                 if own_way.search(p.read_text(encoding="utf-8")) and p.name != "shared_data.py"]
    assert offenders == []
    takes_flag = [p for p in files if '"--shared"' in p.read_text(encoding="utf-8")]
    assert all("add_shared_argument" in p.read_text(encoding="utf-8") or "SHARED_HELP" in p.read_text(encoding="utf-8")
               for p in takes_flag), takes_flag
