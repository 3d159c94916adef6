"""Run headless LibreOffice with our extension in a private, throw-away profile.

Used by the integration tests, the main job and the batch recalculation tool.
Must run under Debian's /usr/bin/python3 (the only one that can import uno).

- Never touches the machine's shared LibreOffice: the .oxt goes into a profile
  under a temporary directory.
- As root, unopkg refuses per-user installs, so soffice/unopkg run as an
  unprivileged uid (nobody) and we talk to soffice over a loopback socket.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import uno  # noqa: F401  (Debian's python3-uno)
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

LO_PROGRAM = Path(os.environ.get("KPI_LO_PROGRAM", "/usr/lib/libreoffice/program"))
SOFFICE = LO_PROGRAM / "soffice"
UNOPKG = LO_PROGRAM / "unopkg"
NOBODY = 65534

# Calc error codes (formula/errorcodes.hxx) as users see them.
ERROR_TEXT = {
    502: "Err:502", 503: "#NUM!", 504: "Err:504", 519: "#VALUE!", 523: "Err:523",
    532: "#DIV/0!", 525: "#NAME?", 32767: "#N/A", 508: "Err:508", 511: "Err:511",
}


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _as_root() -> bool:
    return os.geteuid() == 0


def _demote_cmd(cmd: list[str]) -> list[str]:
    if not _as_root():
        return cmd
    return ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", *cmd]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _chown_tree(path: Path) -> None:
    if not _as_root():
        return
    for root, dirs, files in os.walk(path):
        os.chown(root, NOBODY, NOBODY)
        for f in files:
            os.chown(os.path.join(root, f), NOBODY, NOBODY)


class Profile:
    """A private LibreOffice user profile with the extension installed."""

    def __init__(self, oxt: Path | None, base: Path | None = None, keep: bool = False,
                 lang: str | None = None):
        """`lang` (e.g. "zh_CN") fixes the UI language: the first start records it."""
        self.dir = Path(tempfile.mkdtemp(prefix="kpicalc-profile-", dir=base))
        os.chmod(self.dir, 0o755)
        self.url = self.dir.as_uri()
        self.keep = keep
        self.lang = lang
        self.env = self._environment(lang)
        _chown_tree(self.dir)
        self._run([str(SOFFICE), "--headless", "--norestore", "--nologo", "--terminate_after_init",
                   f"-env:UserInstallation={self.url}"], timeout=180)
        if lang:
            self._set_ui_locale(lang.replace("_", "-"))
        if oxt is not None:
            self.add(oxt)

    def _set_ui_locale(self, bcp47: str) -> None:
        """Pin the UI language in the profile (what Tools ▸ Options ▸ Language sets)."""
        reg = self.dir / "user" / "registrymodifications.xcu"
        item = ('<item oor:path="/org.openoffice.Office.Linguistic/General">'
                f'<prop oor:name="UILocale" oor:op="fuse"><value>{bcp47}</value></prop></item>\n')
        text = reg.read_text(encoding="utf-8")
        reg.write_text(text.replace("</oor:items>", item + "</oor:items>"), encoding="utf-8")

    def _environment(self, lang: str | None = None) -> dict:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("LANG", "LC_"))}
        env["HOME"] = str(self.dir)  # nobody has no home; keep everything in the profile
        env["LC_ALL"] = "C.UTF-8"
        env.pop("LANGUAGE", None)
        env.pop("SAL_USE_VCLPLUGIN", None)
        if lang:
            env["LANGUAGE"] = lang
        return env

    def _run(self, cmd, timeout=300, check=True):
        r = subprocess.run(_demote_cmd(cmd), env=self.env, cwd=self.dir, stdin=subprocess.DEVNULL,
                           capture_output=True, text=True, timeout=timeout)
        if check and r.returncode != 0:
            raise RuntimeError(f"{cmd[0]} failed ({r.returncode}): {r.stdout}\n{r.stderr}")
        return r

    def _readable_copy(self, path: Path) -> Path:
        """A copy of `path` the unprivileged uid can read."""
        dst = self.dir / "in" / path.name
        dst.parent.mkdir(exist_ok=True)
        shutil.copy2(path, dst)
        _chown_tree(dst.parent)
        return dst

    def add(self, oxt: Path) -> None:
        self._run([str(UNOPKG), "add", "-s", "-f", str(self._readable_copy(Path(oxt))),
                   f"-env:UserInstallation={self.url}"])

    def remove(self, identifier: str = "org.kpicalc.functions") -> None:
        self._run([str(UNOPKG), "remove", identifier, f"-env:UserInstallation={self.url}"])

    def list(self) -> str:
        return self._run([str(UNOPKG), "list", f"-env:UserInstallation={self.url}"]).stdout

    def cleanup(self) -> None:
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)


class Office:
    """One soffice process on a profile, connected over a loopback socket."""

    def __init__(self, profile: Profile, timeout: float = 120):
        self.profile = profile
        self.port = _free_port()
        env = profile.env
        cmd = [str(SOFFICE), "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
               "--nolockcheck", f"-env:UserInstallation={profile.url}",
               f"--accept=socket,host=127.0.0.1,port={self.port};urp;StarOffice.ComponentContext"]
        self.proc = subprocess.Popen(_demote_cmd(cmd), env=env, cwd=profile.dir,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        self.ctx = self._connect(timeout)
        self.smgr = self.ctx.ServiceManager
        self.desktop = self.smgr.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)

    def _connect(self, timeout):
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + timeout
        url = f"uno:socket,host=127.0.0.1,port={self.port};urp;StarOffice.ComponentContext"
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"soffice exited with {self.proc.returncode} before accepting")
            try:
                return resolver.resolve(url)
            except NoConnectException:
                if time.monotonic() > deadline:
                    self.kill()
                    raise RuntimeError("soffice did not accept a connection in time")
                time.sleep(0.2)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def service(self, name):
        return self.smgr.createInstanceWithContext(name, self.ctx)

    def load(self, path: Path, hidden=True, readonly=True, **props):
        # Read-only: inputs are never overwritten, and a file the soffice uid
        # cannot write fails type detection when opened read-write.

        args = [prop("Hidden", hidden), prop("ReadOnly", readonly)] + [prop(k, v) for k, v in props.items()]
        doc = self.desktop.loadComponentFromURL(Path(path).resolve().as_uri(), "_blank", 0, tuple(args))
        if doc is None:
            raise RuntimeError(f"LibreOffice could not open {path}")
        return doc

    def new_sheet(self):
        return self.desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0,
                                                 (prop("Hidden", True),))

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.desktop.terminate()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(Exception):
            self.proc.wait(timeout=10)


def cell_text(cell) -> str:
    """What a user sees in a cell: its error text, or its value/string."""
    from com.sun.star.table.CellContentType import FORMULA
    err = cell.getError()
    if err:
        return ERROR_TEXT.get(err, f"Err:{err}")
    if cell.getType() == FORMULA and cell.FormulaResultType2 == 2:  # TEXT
        return cell.getString()
    return cell.getString() if cell.getType().value == "TEXT" else repr(cell.getValue())


def cell_result(cell):
    """(error text or None, value) of a cell after recalculation."""
    err = cell.getError()
    if err:
        return ERROR_TEXT.get(err, f"Err:{err}"), None
    return None, cell.getValue()


def store(doc, path: Path, filter_name: str) -> None:
    doc.storeToURL(Path(path).resolve().as_uri(), (prop("FilterName", filter_name), prop("Overwrite", True)))


FILTERS = {".ods": "calc8", ".xlsx": "Calc MS Excel 2007 XML", ".pdf": "calc_pdf_Export",
           ".csv": "Text - txt - csv (StarCalc)", ".fods": "OpenDocument Spreadsheet Flat XML"}
