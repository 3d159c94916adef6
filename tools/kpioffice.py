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

import catalogue
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

# Calc error codes as users see them, from the table the C++ side compiles.
ERROR_TEXT = catalogue.CALC_ERRORS


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


def soffice_can_read(path: Path) -> bool:
    """Whether the uid soffice runs as can read `path` (as root it runs as nobody,
    which cannot enter a 0700 folder such as a `mktemp -d` clone or /root)."""
    if not _as_root():
        return True
    import stat
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
        _chown_tree(self.dir)
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
        proc = subprocess.Popen(_demote_cmd(cmd), env=self.env, cwd=self.dir, stdin=subprocess.DEVNULL,
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
        self._copies = getattr(self, "_copies", 0) + 1
        return self._readable_copy(path, sub=f"copy-{self._copies}")

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

    def remove(self, identifier: str = catalogue.NAMES["extension"]) -> None:
        self._run([str(UNOPKG), "remove", identifier, f"-env:UserInstallation={self.url}"])

    def list(self) -> str:
        return self._run([str(UNOPKG), "list", f"-env:UserInstallation={self.url}"]).stdout

    def cleanup(self) -> None:
        if not self.keep:
            shutil.rmtree(self.dir, ignore_errors=True)


class Office:
    """One soffice process on a profile, connected over a loopback socket."""

    def __init__(self, profile: Profile, timeout: float = 120, on_spawn=None,
                 display: str | None = None):
        """`on_spawn(self)` is called as soon as soffice runs, before connecting, so that
        another thread can kill() it while we wait for it. `display` (e.g. ":5"): show
        real windows on that X display instead of running headless."""
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
        if on_spawn is not None:
            on_spawn(self)
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
        path = self.profile.readable(path)
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

        # Every test opens its files here: those in a folder the soffice uid cannot
        # enter (a checkout under /root or in a 0700 folder, as root) are copied first.
        path = self.profile.readable(path)
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
                bad_xml = _bad_xml_part(z)
                if bad_xml:
                    return bad_xml
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
        with open(path, "rb") as f:
            why = _xml_error(f)
        if why:
            return f"corrupt ({path.name} is not well-formed XML: {why})"
    return None


def _xml_error(stream, on_start=None) -> str | None:
    """None if the XML read from `stream` is well-formed, else what expat says is wrong.

    LibreOffice's import stops quietly at the first XML error in some parts (an
    .xlsx sheet loads up to the broken row, with no error and no question), so a
    load alone does not prove the whole file was read."""
    from xml.parsers import expat
    parser = expat.ParserCreate()
    if on_start is not None:
        parser.StartElementHandler = on_start
    try:
        while True:
            chunk = stream.read(1 << 20)
            parser.Parse(chunk, not chunk)
            if not chunk:
                return None
    except expat.ExpatError as exc:
        if exc.code == expat.errors.codes[expat.errors.XML_ERROR_UNKNOWN_ENCODING]:
            return None  # a legacy encoding expat cannot read: not a sign of damage
        return f"{expat.ErrorString(exc.code)} at line {exc.lineno}, column {exc.offset}"


def _bad_xml_part(z) -> str | None:
    """Why a zip package's XML parts are not all intact, naming the part; None if they are."""
    for info in z.infolist():
        name = info.filename
        if info.is_dir() or not name.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with z.open(info) as f:
            why = _xml_error(f)
        if why:
            return f"corrupt ({name} is not well-formed XML: {why})"
    return None


def xlsx_extents(path: Path) -> list[tuple[str, int, int]]:
    """[(sheet name, last row, last column)] (0-based) of the cells holding a value or
    formula in each worksheet of an .xlsx, in workbook order; (-1, -1) for an empty sheet.

    Compared with what LibreOffice loaded, this shows a load that stopped early
    (the import gave up on a part without reporting an error)."""
    import posixpath
    import re
    import zipfile
    out = []
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        if "xl/workbook.xml" not in names:
            return out
        wb = z.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = {}
        if "xl/_rels/workbook.xml.rels" in names:
            for tag in re.findall(r"<(?:\w+:)?Relationship\b[^>]*>", z.read("xl/_rels/workbook.xml.rels").decode(
                    "utf-8", "replace")):
                rid = re.search(r'\bId="([^"]*)"', tag)
                target = re.search(r'\bTarget="([^"]*)"', tag)
                if rid and target:
                    rels[rid.group(1)] = target.group(1)
        for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", wb):
            name = re.search(r'\bname="([^"]*)"', tag)
            rid = re.search(r'\br:id="([^"]*)"', tag) or re.search(r'\b\w+:id="([^"]*)"', tag)
            if not name or not rid or rid.group(1) not in rels:
                continue
            target = rels[rid.group(1)]
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
            if part not in names:
                continue
            out.append((_xml_unescape(name.group(1)), *_sheet_extent(z, part)))
    return out


def _xml_unescape(text: str) -> str:
    from xml.sax.saxutils import unescape
    return unescape(text, {"&quot;": '"', "&apos;": "'"})


def _sheet_extent(z, part: str) -> tuple[int, int]:
    """(last row, last column), 0-based, of the cells with a value, formula or inline string."""
    state = {"cell": None, "row": -1, "col": -1, "next_row": 0, "next_col": 0}

    def start(tag, attrs):
        local = tag.rsplit(":", 1)[-1]
        if local == "row":
            r = attrs.get("r")
            state["next_row"] = int(r) - 1 if r and r.isdigit() else state["next_row"] + 1
            state["next_col"] = 0
        elif local == "c":
            ref = attrs.get("r")
            if ref:
                row, col = _parse_ref(ref)
            else:
                row, col = state["next_row"], state["next_col"]
            state["cell"] = (row, col)
            state["next_col"] = col + 1
        elif local in ("v", "f", "is") and state["cell"] is not None:
            row, col = state["cell"]
            state["row"] = max(state["row"], row)
            state["col"] = max(state["col"], col)

    with z.open(part) as f:
        _xml_error(f, start)
    return state["row"], state["col"]


def _parse_ref(ref: str) -> tuple[int, int]:
    col, i = 0, 0
    while i < len(ref) and ref[i].isalpha():
        col = col * 26 + ord(ref[i].upper()) - 64
        i += 1
    return int(ref[i:] or 1) - 1, col - 1


def loaded_extents(doc) -> list[tuple[str, int, int]]:
    """[(sheet name, last row, last column)] (0-based) of the used area of each loaded sheet."""
    out = []
    for sheet in doc.Sheets:
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        a = cursor.getRangeAddress()
        out.append((sheet.Name, a.EndRow, a.EndColumn))
    return out


def missing_cells(expected, loaded) -> str | None:
    """Why the loaded sheets hold less than the file (see xlsx_extents), or None."""
    for i, (name, row, col) in enumerate(expected):
        if row < 0:
            continue
        if i >= len(loaded):
            return f"corrupt (sheet {name!r} was not loaded)"
        _, lrow, lcol = loaded[i]
        if row > lrow or col > lcol:
            return (f"corrupt (sheet {name!r}: the file has cells up to {_col(col)}{row + 1}, "
                    f"LibreOffice loaded only up to {_col(lcol)}{lrow + 1})")
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
