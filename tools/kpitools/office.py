"""One headless soffice on a Profile, reached over a loopback uno socket.

Must run under Debian's /usr/bin/python3 (the only one that can import uno).
"""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import uno  # noqa: F401  (Debian's python3-uno)
import unohelper
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.lang import DisposedException
from com.sun.star.task import XInteractionHandler

from kpitools import catalogue
from kpitools.profile import SOFFICE, Profile, demote_cmd


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def function_descriptions(oxt: Path, lang: str | None = None) -> dict[str, dict]:
    """The Function Wizard's data (com.sun.star.sheet.FunctionDescriptions) as a
    user of UI language `lang` ("zh_CN", "zh_TW"; None: en-US) sees it, with the
    extension `oxt` installed: {function name: {property name: value}}. Starts
    and ends its own soffice on a throw-away profile."""
    prof = Profile(oxt, lang=lang)
    try:
        off = Office(prof)
        try:
            fd = off.service("com.sun.star.sheet.FunctionDescriptions")
            entries = {}
            for i in range(fd.getCount()):
                d = {p.Name: p.Value for p in fd.getByIndex(i)}
                entries[d["Name"]] = d
            return entries
        finally:
            off.close()
    finally:
        prof.cleanup()


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
        self.proc = subprocess.Popen(demote_cmd(cmd), env=env, cwd=profile.dir,
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

    def functions(self):
        """The add-in service itself (org.kpicalc.Functions), callable from here.

        A UNO client only knows the types it was bootstrapped with: the add-in's
        interface (org.kpicalc.XFunctions) is in the extension's own type library,
        which lives in soffice. pyuno asks every new object for its types, and the
        bridge drops the whole connection ("Binary URP bridge disposed during call")
        when a reply names a type this process cannot find — soffice itself keeps
        running. So the extension's type library is added to this process first."""
        load_extension_types(self.ctx)
        return self.service(catalogue.NAMES["service"])

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


def load_extension_types(ctx, identifier: str = catalogue.NAMES["extension"]) -> str:
    """Add the type library of the extension installed in the soffice behind `ctx` to
    this process's type manager (once; both run on one machine); returns its URL."""
    info = ctx.getValueByName("/singletons/com.sun.star.deployment.PackageInformationProvider")
    location = info.getPackageLocation(identifier)
    if not location:
        raise RuntimeError(f"extension {identifier} is not installed in this LibreOffice")
    url = f"{location}/{RDB_NAME}"
    if url not in _loaded_types:
        local = uno.getComponentContext()
        local.getValueByName("/singletons/com.sun.star.reflection.theTypeDescriptionManager").insert(url)
        _loaded_types.add(url)
    return url


RDB_NAME = "kpicalc.rdb"  # the type library inside the .oxt (packaging/)
_loaded_types: set[str] = set()


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
