"""A private, throw-away LibreOffice user profile with the extension installed.

- Never touches the machine's shared LibreOffice: the .oxt goes into a profile
  under a temporary directory.
- As root, unopkg refuses per-user installs, so soffice/unopkg run as an
  unprivileged uid (nobody): `demote_cmd` starts them as that uid, `chown_tree`
  hands it a folder, `Profile.readable`/`readable_copy` give it a file it can read.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import stat
import subprocess
import tempfile
from pathlib import Path

from kpitools import catalogue

LO_PROGRAM = Path(os.environ.get("KPI_LO_PROGRAM", "/usr/lib/libreoffice/program"))
SOFFICE = LO_PROGRAM / "soffice"
UNOPKG = LO_PROGRAM / "unopkg"
NOBODY = 65534


def as_root() -> bool:
    """Whether LibreOffice must be demoted to the unprivileged uid (we run as root)."""
    return os.geteuid() == 0


def demote_cmd(cmd: list[str]) -> list[str]:
    """`cmd` as the unprivileged uid when we are root, else unchanged."""
    if not as_root():
        return cmd
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *cmd]


def soffice_can_read(path: Path) -> bool:
    """Whether the uid soffice runs as can read `path` (as root it runs as nobody,
    which cannot enter a 0700 folder such as a `mktemp -d` clone or /root)."""
    if not as_root():
        return True
    path = Path(path).resolve()

    def allowed(p: Path, owner: int, group: int, other: int) -> bool:
        try:
            st = p.stat()
        except OSError:
            return False
        if st.st_uid == NOBODY:
            return bool(st.st_mode & owner)
        if st.st_gid == NOBODY:
            return bool(st.st_mode & group)
        return bool(st.st_mode & other)

    return all(allowed(d, stat.S_IXUSR, stat.S_IXGRP, stat.S_IXOTH) for d in path.parents) and \
        allowed(path, stat.S_IRUSR, stat.S_IRGRP, stat.S_IROTH)


def chown_tree(path: Path) -> None:
    """Give the folder `path` and all it holds to the unprivileged uid (as root; else nothing)."""
    if not as_root():
        return
    for root, dirs, files in os.walk(path):
        os.chown(root, NOBODY, NOBODY)
        for f in files:
            os.chown(os.path.join(root, f), NOBODY, NOBODY)


class Profile:
    """A private LibreOffice user profile with the extension installed."""

    def __init__(self, oxt: Path | None, base: Path | None = None, keep: bool = False,
                 lang: str | None = None, setup: bool = True):
        """`lang` (e.g. "zh_CN") fixes the UI language: the first start records it.

        With setup=False only the (empty) folder is made: call setup() after
        keeping the object, so that whoever holds it can remove the folder
        (cleanup) and stop the set-up (kill) whatever happens during set-up."""
        self.dir = Path(tempfile.mkdtemp(prefix="kpicalc-profile-", dir=base))
        self.url = self.dir.as_uri()
        self.keep = keep
        self.lang = lang
        self.env = self._environment(lang)
        self._proc: subprocess.Popen | None = None
        self._killed = False
        self._copies = 0  # readable(): one folder per copy
        if setup:
            try:
                self.setup(oxt)
            except BaseException:
                self.cleanup()
                raise

    def setup(self, oxt: Path | None) -> None:
        """First start of LibreOffice on the profile, then the extension (if any)."""
        os.chmod(self.dir, 0o755)
        (self.dir / "tmp").mkdir(exist_ok=True)
        chown_tree(self.dir)
        self._run([str(SOFFICE), "--headless", "--norestore", "--nologo", "--terminate_after_init",
                   f"-env:UserInstallation={self.url}"], timeout=180)
        if self.lang:
            self._set_ui_locale(self.lang.replace("_", "-"))
        if oxt is not None:
            self.add(oxt)

    def kill(self) -> None:
        """Stop a set-up step that is running (from another thread); later steps fail."""
        self._killed = True
        proc = self._proc
        if proc is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)

    def _set_ui_locale(self, bcp47: str) -> None:
        """Pin the UI language in the profile (what Tools ▸ Options ▸ Language sets)."""
        self.set_option("/org.openoffice.Office.Linguistic/General", "UILocale", bcp47)

    def set_option(self, node: str, prop: str, value: str) -> None:
        """Set a configuration value in the profile (before soffice starts on it)."""
        reg = self.dir / "user" / "registrymodifications.xcu"
        item = (f'<item oor:path="{node}"><prop oor:name="{prop}" oor:op="fuse">'
                f'<value>{value}</value></prop></item>\n')
        text = reg.read_text(encoding="utf-8")
        reg.write_text(text.replace("</oor:items>", item + "</oor:items>"), encoding="utf-8")

    def _environment(self, lang: str | None = None) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("LANG", "LC_"))}
        env["HOME"] = str(self.dir)  # nobody has no home; keep everything in the profile
        env["TMPDIR"] = str(self.dir / "tmp")  # the caller's TMPDIR may be closed to nobody
        env["LC_ALL"] = "C.UTF-8"
        env.pop("LANGUAGE", None)
        env.pop("SAL_USE_VCLPLUGIN", None)
        if lang:
            env["LANGUAGE"] = lang
        return env

    def _run(self, cmd, timeout=300, check=True):
        if self._killed:
            raise RuntimeError(f"{Path(cmd[0]).name} not started: set-up was stopped")
        # Own session: a terminal's Ctrl+C or hang-up reaches only us, and we end it.
        proc = subprocess.Popen(demote_cmd(cmd), env=self.env, cwd=self.dir, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        self._proc = proc
        try:
            out, err = proc.communicate(timeout=timeout)
        except BaseException:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise
        finally:
            self._proc = None
        r = subprocess.CompletedProcess(cmd, proc.returncode, out, err)
        if check and r.returncode != 0:
            said = " ".join(line.strip() for line in (out + "\n" + err).splitlines() if line.strip())
            if self._killed:
                said = "stopped"
            raise RuntimeError(f"{Path(cmd[0]).name} failed ({r.returncode}): {said or 'no message'}")
        return r

    def readable(self, path: Path) -> Path:
        """`path` itself if soffice can read it, else a copy of it in the profile (each
        in its own folder: a document still open keeps its copy)."""
        if soffice_can_read(path):
            return Path(path)
        self._copies += 1
        return self.readable_copy(path, sub=f"copy-{self._copies}")

    def readable_copy(self, path: Path, sub: str | None = None, name: str | None = None) -> Path:
        """A copy of `path` the unprivileged uid can read (in its own folder `sub` if given),
        named `name` if given."""
        folder = self.dir / "in" / sub if sub else self.dir / "in"
        dst = folder / (name or Path(path).name)
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, dst)
        chown_tree(self.dir / "in")
        return dst

    def scratch_dir(self, name: str) -> Path:
        """An empty folder inside the profile that soffice may write to."""
        d = self.dir / "scratch" / name
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
        chown_tree(self.dir / "scratch")
        return d

    def add(self, oxt: Path) -> None:
        self._run([str(UNOPKG), "add", "-s", "-f", str(self.readable_copy(Path(oxt))),
                   f"-env:UserInstallation={self.url}"])

    def remove(self, identifier: str = catalogue.NAMES["extension"]) -> None:
        self._run([str(UNOPKG), "remove", identifier, f"-env:UserInstallation={self.url}"])

    def list(self) -> str:
        return self._run([str(UNOPKG), "list", f"-env:UserInstallation={self.url}"]).stdout

    def cleanup(self) -> None:
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)
