"""Integration fixtures: the built .oxt installed into a throw-away profile,
one headless soffice per language, shared by the tests of a session."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _know_the_addin_types() -> bool:
    """Give this process's UNO the add-in's own types (the .oxt's type library),
    so a test can call the add-in object over the bridge (test_addin_object):
    without them the bridge to soffice breaks on the first org.kpicalc type.
    Runs before uno is imported (pyuno reads UNO_TYPES once, at import); the
    variable is removed again right after, so soffice never sees it."""
    import atexit
    import shutil
    import tempfile
    import zipfile

    from kpitools.profile import LO_PROGRAM

    oxt = Path(os.environ.get("KPI_OXT", ROOT / "build" / "kpicalc.oxt"))
    if not oxt.exists() or "UNO_TYPES" in os.environ:
        return False
    with zipfile.ZipFile(oxt) as z:
        rdbs = [n for n in z.namelist() if n.endswith(".rdb")]
        target = Path(tempfile.mkdtemp(prefix="kpi-types-"))
        atexit.register(shutil.rmtree, target, True)
        for n in rdbs:
            z.extract(n, target)
    program = LO_PROGRAM.resolve().as_uri()
    os.environ["UNO_TYPES"] = " ".join([f"{program}/types.rdb", f"<{program}/types>*"]
                                       + [(target / n).as_uri() for n in rdbs])
    return True


_set_uno_types = _know_the_addin_types()
from kpitools.office import Office  # noqa: E402  (imports uno)
if _set_uno_types:
    del os.environ["UNO_TYPES"]
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
