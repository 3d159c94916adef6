"""Integration fixtures: the built .oxt installed into a throw-away profile,
one headless soffice per language, shared by the tests of a session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
from kpitools.office import Office
from kpitools.profile import Profile, chown_tree


def _oxt() -> Path:
    p = Path(os.environ.get("KPI_OXT", ROOT / "build" / "kpicalc.oxt"))
    if not p.exists():
        pytest.exit(f"{p} not found: build the .oxt first (KPI_OXT=...)", returncode=2)
    return p


@pytest.fixture(scope="session")
def oxt() -> Path:
    return _oxt()


@pytest.fixture(scope="session")
def profile(oxt):
    prof = Profile(oxt)
    yield prof
    prof.cleanup()


@pytest.fixture(scope="session")
def office(profile):
    off = Office(profile)
    yield off
    off.close()


@pytest.fixture()
def workdir(profile, tmp_path):
    """A directory soffice (running as nobody when we are root) can write to."""
    d = profile.dir / "work" / tmp_path.name
    d.mkdir(parents=True, exist_ok=True)
    chown_tree(profile.dir / "work")
    return d
