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
import unohelper
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.lang import DisposedException
from com.sun.star.task import XInteractionHandler

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

    def _readable_copy(self, path: Path, sub: str | None = None) -> Path:
        """A copy of `path` the unprivileged uid can read (in its own folder `sub` if given)."""
        folder = self.dir / "in" / sub if sub else self.dir / "in"
        dst = folder / Path(path).name
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, dst)
        _chown_tree(self.dir / "in")
        return dst

    def scratch_dir(self, name: str) -> Path:
        """An empty folder inside the profile that soffice may write to."""
        d = self.dir / "scratch" / name
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
        _chown_tree(self.dir / "scratch")
        return d

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

    def __init__(self, profile: Profile, timeout: float = 120, display: str | None = None):
        """`display` (e.g. ":5"): show real windows on that X display instead of running headless."""
        self.profile = profile
        self.port = _free_port()
        env = profile.env
        mode = ["--headless", "--invisible"]
        if display:
            env, mode = dict(env, DISPLAY=display, SAL_USE_VCLPLUGIN="gen"), []
        cmd = [str(SOFFICE), *mode, "--norestore", "--nologo", "--nodefault",
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

    @property
    def soffice_pid(self) -> int | None:
        """The pid of soffice.bin (self.pid is its launcher, oosplash)."""
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            comm = stat[stat.index("(") + 1:stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2:].split()
            if comm == "soffice.bin" and int(fields[2]) == self.proc.pid:  # pgid
                return int(entry)
        return None

    def alive(self) -> bool:
        return self.proc.poll() is None

    def open_spreadsheet(self, path: Path, readonly: bool = True):
        """Load `path` without any dialog; raise LoadError saying why it failed.

        A recording interaction handler answers every question LibreOffice asks
        (password, repair a damaged package, pick a filter) with Abort, so a
        password-protected or broken file fails at once instead of waiting for
        a dialog nobody sees."""
        handler = RecordingInteractionHandler()
        args = (prop("Hidden", True), prop("ReadOnly", readonly), prop("InteractionHandler", handler),
                prop("MacroExecutionMode", 0), prop("UpdateDocMode", 0))
        doc = self.desktop.loadComponentFromURL(Path(path).resolve().as_uri(), "_blank", 0, args)
        if doc is None:
            raise LoadError(handler.reason() or "LibreOffice could not open it")
        if not doc.supportsService("com.sun.star.sheet.SpreadsheetDocument"):
            with contextlib.suppress(Exception):
                doc.close(True)
            raise LoadError("not a spreadsheet (LibreOffice opened it as another kind of document)")
        return doc

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
            pass
        # The launcher can exit while a soffice.bin of its group lingers (seen as
        # orphans after interrupted runs): nothing of the group may outlive us.
        self.kill()

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(Exception):
            self.proc.wait(timeout=10)


class LoadError(RuntimeError):
    """A document could not be opened; the message says why, for a user."""


class RecordingInteractionHandler(unohelper.Base, XInteractionHandler):
    """Answers every interaction request with Abort (or No) and remembers its kind.

    The request itself cannot be read over the Python bridge for some exception
    types, so the kind is told from the continuations LibreOffice offers."""

    def __init__(self):
        self.kinds: list[str] = []

    def handle(self, request):
        try:
            conts = request.getContinuations()
            names = {t.typeName.rsplit(".", 1)[-1] for c in conts for t in c.getTypes()}
            self.kinds.append("+".join(sorted(n for n in names if n.startswith("XInteraction"))))
            for wanted in ("XInteractionAbort", "XInteractionDisapprove"):
                for c in conts:
                    if any(t.typeName.endswith("." + wanted) for t in c.getTypes()):
                        c.select()
                        return
        except Exception:  # never let an exception travel back into soffice
            pass

    def reason(self) -> str | None:
        text = " ".join(self.kinds)
        if "Password" in text:
            return "password-protected (cannot be opened without its password)"
        if "XInteractionFilterSelect" in text:
            return "not a spreadsheet LibreOffice recognises (unknown file type)"
        if "XInteractionApprove+XInteractionDisapprove" in text:
            return "corrupt (damaged package; LibreOffice would offer to repair it)"
        if self.kinds:
            return "corrupt (LibreOffice reported a read or format error)"
        return None


def is_office_gone(exc: BaseException) -> bool:
    """True when `exc` means the soffice process or its bridge is gone."""
    if isinstance(exc, DisposedException):
        return True
    text = str(exc)
    return "bridge disposed" in text or "Binary URP bridge" in text


_ODS_MIMETYPES = ("application/vnd.oasis.opendocument.spreadsheet",
                  "application/vnd.oasis.opendocument.spreadsheet-template")
_CFB_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


def sniff(path: Path) -> str | None:
    """Why `path` is not a workbook we can open, judged from its bytes; None if it may be one.

    Catches the cases LibreOffice only reports vaguely: empty files, other file
    types behind a spreadsheet name, damaged zip packages, encryption."""
    import zipfile
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            head = f.read(4096)
    except PermissionError:
        return "cannot be read (permission denied)"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if size == 0:
        return "empty file, not a spreadsheet"
    if suffix in (".ods", ".ots", ".xlsx", ".xlsm", ".xltx"):
        if head.startswith(_CFB_MAGIC):
            with open(path, "rb") as f:
                data = f.read(1 << 20)
            if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
                return "password-protected (encrypted Office document)"
            return "not a spreadsheet of its type (an old binary Office file with a new-format name?)"
        if not head.startswith(b"PK\x03\x04"):
            kind = "a PDF" if head.startswith(b"%PDF") else "an image" if head[:4] in (
                b"\x89PNG", b"GIF8") or head[:3] == b"\xff\xd8\xff" else "text" if _looks_text(head) else "unknown data"
            return f"not a spreadsheet (the file holds {kind}, not a zip package)"
        try:
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
                if suffix in (".ods", ".ots"):
                    mime = z.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
                    if mime and mime not in _ODS_MIMETYPES:
                        return f"not a spreadsheet (it is a {mime.rsplit('.', 1)[-1]} document)"
                    if "META-INF/manifest.xml" in names and b"encryption-data" in z.read("META-INF/manifest.xml"):
                        return "password-protected (encrypted OpenDocument file)"
                else:
                    if "xl/workbook.xml" not in names and not any(n.startswith("xl/workbook") for n in names):
                        other = "a Word document" if any(n.startswith("word/") for n in names) else \
                            "a PowerPoint document" if any(n.startswith("ppt/") for n in names) else "no workbook part"
                        return f"not a spreadsheet (zip package with {other})"
                bad = z.testzip()
                if bad:
                    return f"corrupt (damaged zip package: {bad} fails its checksum)"
        except zipfile.BadZipFile as exc:
            return f"corrupt (damaged zip package: {exc})"
        except (OSError, EOFError, zipfile.LargeZipFile) as exc:
            return f"corrupt (damaged zip package: {exc})"
    elif suffix in (".xls", ".xlt"):
        if not head.startswith(_CFB_MAGIC):
            return "not a spreadsheet (not an Excel 97-2003 file)"
    elif suffix in (".fods",):
        if b"<" not in head[:200] or b"office:document" not in head and b"<office:" not in head:
            return "not a spreadsheet (not a flat OpenDocument XML file)"
    return None


def _looks_text(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def list_templates(office) -> dict[str, list[tuple[str, str]]]:
    """What File ▸ New ▸ Templates offers: {group title: [(template title, file URL)]}."""
    from com.sun.star.beans import Property
    from com.sun.star.ucb import Command, OpenCommandArgument2
    templates = office.service("com.sun.star.frame.DocumentTemplates")
    templates.update()
    ucb = office.service("com.sun.star.ucb.UniversalContentBroker")
    expander = office.ctx.getValueByName("/singletons/com.sun.star.util.theMacroExpander")

    def rows(content):
        arg = OpenCommandArgument2()
        arg.Mode = 2  # folders and documents
        props = []
        for name in ("Title", "TargetURL"):
            p = Property()
            p.Name, p.Handle = name, -1
            props.append(p)
        arg.Properties = tuple(props)
        cmd = Command()
        cmd.Name, cmd.Handle = "open", -1
        cmd.Argument = uno.Any("com.sun.star.ucb.OpenCommandArgument2", arg)
        result = uno.invoke(content, "execute", (cmd, 0, None)).getStaticResultSet()
        out = []
        while result.next():  # (queryContent() on these rows blocks over the bridge: use the URL)
            out.append((result.getString(1), result.getString(2), result.queryContentIdentifierString()))
        return out

    def expand(url: str) -> str:
        if url.startswith("vnd.sun.star.expand:"):
            from urllib.parse import unquote
            return expander.expandMacros(unquote(url[len("vnd.sun.star.expand:"):]))
        return url

    groups = {}
    for title, _, ident in rows(templates.getContent()):
        group = ucb.queryContent(ucb.createContentIdentifier(ident))
        groups[title] = [(t, expand(target)) for t, target, _ in rows(group)]
    return groups


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
           ".csv": "Text - txt - csv (StarCalc)", ".fods": "OpenDocument Spreadsheet Flat XML",
           ".ots": "calc8_template"}

# CSV: comma, double quotes, UTF-8, from line 1, values at full precision (not
# as shown), every sheet (-1: LibreOffice writes NAME-SheetName.csv per sheet).
CSV_ALL_SHEETS = "44,34,76,1,,0,false,true,false,false,false,-1"


def store_csv_sheets(doc, path: Path) -> None:
    """Write every sheet of `doc` as CSV: `path` stem + "-" + sheet name + ".csv"."""
    doc.storeToURL(Path(path).resolve().as_uri(), (
        prop("FilterName", FILTERS[".csv"]), prop("FilterOptions", CSV_ALL_SHEETS), prop("Overwrite", True)))


def count_formula_cells(doc) -> tuple[int, list[str]]:
    """(number of formula cells, addresses of those whose result is an error)."""
    from com.sun.star.sheet.CellFlags import FORMULA
    from com.sun.star.sheet.FormulaResult import ERROR
    total, errors = 0, []
    for sheet in doc.Sheets:
        for addr in sheet.queryContentCells(FORMULA).getRangeAddresses():
            total += (addr.EndRow - addr.StartRow + 1) * (addr.EndColumn - addr.StartColumn + 1)
        bad = sheet.queryFormulaCells(ERROR)
        for addr in bad.getRangeAddresses():
            for r in range(addr.StartRow, addr.EndRow + 1):
                for c in range(addr.StartColumn, addr.EndColumn + 1):
                    errors.append(f"{sheet.Name}.{_col(c)}{r + 1}")
    return total, errors


def _col(index: int) -> str:
    name, index = "", index + 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name
