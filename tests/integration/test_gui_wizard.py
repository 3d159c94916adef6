"""What a user sees in a real Calc window, in en-US, zh-CN and zh-TW.

test_wizard.py checks the data behind the Function Wizard; here Calc runs with a
window on a private X server (Xvfb), the Function Wizard is opened on one
function of every family and the texts the dialog shows are read back through
LibreOffice's UI-test API (service com.sun.star.ui.test.UITest); the tooltips of
formula autocomplete are read from the accessibility tree. Expected texts come
from the catalogue. Screenshots and the texts read back are written to
build/artifacts/ (not committed) for a person to look at.
"""
from __future__ import annotations

import json
import os
import struct
import subprocess
import time
import zlib
from pathlib import Path

import pytest

from kpitools import catalogue
from kpitools.office import Office, prop
from kpitools.profile import Profile
from conftest import ROOT

LANGS = {"en": None, "zh_CN": "zh_CN", "zh_TW": "zh_TW"}
ARTIFACTS = ROOT / "build" / "artifacts"
FAMILIES = catalogue.load()
VISIBLE_ARG_ROWS = 4  # the Wizard's parameter page shows four argument rows at a time
# Per family, the function with the most arguments that fit on the parameter page
# (optional arguments and array results included), or, where none fits (COHORT, RFM),
# the one with the fewest, read as far as its fourth argument. Scrolling to a fifth
# argument needs a key press or scroll event, which the UI-test API of LibreOffice
# 7.4 does not deliver to that page; test_wizard.py checks those texts in the
# service data.
def pick(fam):
    fits = [fn for fn in fam.functions if len(fn.args) <= VISIBLE_ARG_ROWS]
    return max(fits, key=lambda fn: len(fn.args)) if fits else min(fam.functions, key=lambda fn: len(fn.args))


PICKS = [pick(fam) for fam in FAMILIES]
ROLE_TOOL_TIP = 64     # com.sun.star.accessibility.AccessibleRole.TOOL_TIP


def wait_for(what: str, probe, timeout: float = 20.0):
    """Poll `probe` until it returns something truthy; fail saying `what` never happened."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.1)


def state(obj) -> dict:
    return {p.Name: p.Value for p in obj.getState()}


def text(dlg, child: str) -> str:
    return state(dlg.getChild(child))["Text"]


class Display(str):
    """An X display name (":5") whose screen Xvfb also keeps in an XWD file."""
    framebuffer: Path


def screenshot(display: Display, path: Path) -> None:
    """Write the screen as PNG, straight from Xvfb's framebuffer (no screenshot tool needed)."""
    data = display.framebuffer.read_bytes()
    (size, _, _, depth, width, height, _, byte_order, _, _, _, bpp, stride,
     *_rest) = struct.unpack(">25I", data[:100])
    ncolors = struct.unpack(">I", data[76:80])[0]
    assert depth == 24 and bpp == 32 and byte_order == 0, "Xvfb runs with -screen 0 WxHx24"
    pixels = data[size + 12 * ncolors:]
    rows = bytearray()
    for y in range(height):
        bgrx = pixels[y * stride:y * stride + 4 * width]
        rgb = bytearray(3 * width)
        rgb[0::3], rgb[1::3], rgb[2::3] = bgrx[2::4], bgrx[1::4], bgrx[0::4]
        rows += b"\0" + rgb

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(bytes(rows), 6)) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def display(tmp_path_factory):
    """A private X server on a free display number (Xvfb picks it: -displayfd)."""
    fbdir = tmp_path_factory.mktemp("xvfb")
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x1024x24",
                             "-fbdir", str(fbdir), "-ac", "-nolisten", "tcp"], pass_fds=(write_end,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    os.close(write_end)
    try:
        number = b""
        while not number.endswith(b"\n"):
            chunk = os.read(read_end, 16)  # blocks until Xvfb is ready or exits
            if not chunk:
                pytest.fail(f"Xvfb exited ({xvfb.wait()}) before reporting a display")
            number += chunk
        name = Display(":" + number.decode().strip())
        name.framebuffer = fbdir / "Xvfb_screen0"
        yield name
    finally:
        os.close(read_end)
        xvfb.kill()
        xvfb.wait(timeout=30)


@pytest.fixture(scope="module", params=list(LANGS))
def gui(request, oxt, display):
    lang = request.param
    prof = Profile(oxt, lang=LANGS[lang])
    off = Office(prof, display=display)
    try:
        doc = off.desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, ())
        ui = off.service("com.sun.star.ui.test.UITest")
        grid = wait_for("the Calc window", lambda: _grid(ui))
        yield lang, off, ui, doc, grid
    finally:
        off.kill()
        prof.cleanup()


def _grid(ui):
    top = ui.getTopFocusWindow()
    return top.getChild("grid_window") if "grid_window" in top.getChildren() else None


def open_wizard(ui, name: str):
    """Open Insert ▸ Function, search `name`, select it: the dialog on its first page."""
    ui.executeCommand(".uno:FunctionDialog")
    dlg = wait_for("the Function Wizard", lambda: _wizard(ui))
    dlg.getChild("search").executeAction("TYPE", (prop("TEXT", name),))
    listing = dlg.getChild("function")

    def entry():
        for i in range(int(state(listing)["Children"])):
            item = listing.getChild(str(i))
            if state(item)["Text"] == name:
                return item
        return None
    wait_for(f"{name} in the function list", entry).executeAction("SELECT", ())
    wait_for(f"{name} selected", lambda: state(listing)["SelectEntryText"] == name)
    return dlg


def _wizard(ui):
    top = ui.getTopFocusWindow()
    return top if "FunctionPage" in top.getChildren() else None


def read_wizard(dlg, fn) -> dict:
    """Everything the dialog shows about `fn`: first page, then its argument page."""
    shown = {"list_signature": text(dlg, "funcname"), "list_description": text(dlg, "funcdesc")}
    dlg.getChild("next").executeAction("CLICK", ())
    wait_for(f"the argument page of {fn.name}", lambda: text(dlg, "editname") == fn.name)
    shown["description"] = text(dlg, "editdesc")
    shown["args"] = []
    for i, arg in enumerate(fn.args[:VISIBLE_ARG_ROWS]):
        row = i + 1
        dlg.getChild(f"ED_ARG{row}").executeAction("FOCUS", ())
        wait_for(f"{fn.name} argument {i + 1} in focus",
                 lambda: text(dlg, "parname").startswith(text(dlg, f"FT_ARG{row}")) and text(dlg, f"FT_ARG{row}"))
        shown["args"].append({"label": text(dlg, f"FT_ARG{row}"), "heading": text(dlg, "parname"),
                              "description": text(dlg, "pardesc")})
    return shown


def test_function_wizard_shows_catalogue_texts(gui, display):
    lang, off, ui, doc, grid = gui
    readback, problems, marks = {}, [], {True: set(), False: set()}
    for fn in PICKS:
        dlg = open_wizard(ui, fn.name)
        shown = read_wizard(dlg, fn)
        readback[fn.name] = shown
        if fn is PICKS[-1]:
            screenshot(display, ARTIFACTS / f"function-wizard-{lang}.png")
        dlg.getChild("cancel").executeAction("CLICK", ())
        wait_for("the Function Wizard to close", lambda: _grid(ui))

        want = fn.description[lang]
        if shown["list_description"] != want or shown["description"] != want:
            problems.append(f"{fn.name}: description {shown['list_description']!r} / {shown['description']!r}")
        sig = shown["list_signature"]
        if not sig.startswith(fn.name + "(") or any(a.label[lang] not in sig for a in fn.args):
            problems.append(f"{fn.name}: signature {sig!r}")
        for arg, got in zip(fn.args, shown["args"]):
            if got["label"] != arg.label[lang] or got["description"] != arg.description[lang]:
                problems.append(f"{fn.name}.{arg.name}: {got}")
            marks[arg.optional].add(got["heading"][len(got["label"]):])  # " (optional)", " (必填)"…
    (ARTIFACTS / f"function-wizard-{lang}.json").write_text(
        json.dumps(readback, ensure_ascii=False, indent=1), encoding="utf-8")
    assert not problems, "\n".join(problems)
    # Every argument is marked required or optional, as the catalogue says.
    assert len(marks[True]) == 1 and len(marks[False]) == 1 and marks[True] != marks[False], marks


def tooltips(off) -> list[str]:
    """The texts of the tooltips on screen, from the accessibility tree."""
    tk = off.service("com.sun.star.awt.Toolkit")
    out = []
    for i in range(tk.getTopWindowCount()):
        win = tk.getTopWindow(i)
        ctx = win.getAccessibleContext()
        if ctx.getAccessibleRole() == ROLE_TOOL_TIP and win.isVisible():
            out.append(ctx.getAccessibleName())
    return out


def test_autocomplete_offers_function_and_argument_tooltip(gui, display):
    lang, off, ui, doc, grid = gui
    fn = next(f for f in catalogue.functions(FAMILIES) if f.name == "RETENTION")
    grid.executeAction("SELECT", (prop("CELL", "C3"),))
    grid.executeAction("TYPE", (prop("TEXT", "=RETE"),))
    # Calc offers the completion with the start of the function's description.
    offer = wait_for("the autocomplete tooltip", lambda: [t for t in tooltips(off) if "[RETENTION]" in t])
    assert fn.description[lang][:20] in offer[0], offer
    screenshot(display, ARTIFACTS / f"autocomplete-{lang}.png")
    grid.executeAction("TYPE", (prop("KEYCODE", "RETURN"),))  # accepts the completion
    # Then the argument tooltip: the signature with the first argument marked, and its text.
    hint = wait_for("the argument tooltip", lambda: [t for t in tooltips(off) if t.startswith("RETENTION(")])
    labels = [a.label[lang] for a in fn.args]
    assert all(label in hint[0] for label in labels), hint
    assert "► " + labels[0] in hint[0] and fn.args[0].description[lang] in hint[0], hint
    screenshot(display, ARTIFACTS / f"argument-tooltip-{lang}.png")
    (ARTIFACTS / f"autocomplete-{lang}.json").write_text(
        json.dumps({"offer": offer[0], "argument_tooltip": hint[0]}, ensure_ascii=False, indent=1),
        encoding="utf-8")
    grid.executeAction("TYPE", (prop("TEXT", "200;180;40)"),))
    grid.executeAction("TYPE", (prop("KEYCODE", "RETURN"),))
    cell = doc.Sheets.getByIndex(0).getCellRangeByName("C3")
    # The catalogue's worked example: RETENTION(200;180;40) = (180 - 40) / 200.
    wait_for("the completed formula", lambda: cell.getFormula().endswith("RETENTION(200;180;40)"))
    assert cell.getValue() == pytest.approx(0.7, abs=1e-12)
