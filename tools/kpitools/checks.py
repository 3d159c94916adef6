"""Checks on workbook files before and after LibreOffice loads them (no uno needed).

LibreOffice reports some damage vaguely or not at all: `sniff` says from a
file's bytes why it is not a workbook we can open, `xml_error`/`bad_xml_part`
find XML that is not well-formed, and `xlsx_extents` with `missing_cells`
show an .xlsx load that stopped early.
"""
from __future__ import annotations

import posixpath
import re
import time
import zipfile
from pathlib import Path
from xml.parsers import expat
from xml.sax.saxutils import unescape

from kpitools.cells import column_name, split_ref

_ODS_MIMETYPES = ("application/vnd.oasis.opendocument.spreadsheet",
                  "application/vnd.oasis.opendocument.spreadsheet-template")
_CFB_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


class CheckTimeout(Exception):
    """The checks of a file ran past their deadline (a zip bomb, a huge part)."""


def _in_time(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise CheckTimeout


def sniff(path: Path, deadline: float | None = None) -> str | None:
    """Why `path` is not a workbook we can open, judged from its bytes; None if it may be one.

    Catches the cases LibreOffice only reports vaguely: empty files, other file
    types behind a spreadsheet name, damaged zip packages, encryption. Raises
    CheckTimeout once time.monotonic() passes `deadline` (checked every megabyte)."""
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
                bad = _test_zip(z, deadline)
                if bad:
                    return f"corrupt (damaged zip package: {bad} fails its checksum)"
                bad_xml = bad_xml_part(z, deadline)
                if bad_xml:
                    return bad_xml
                if suffix not in (".ods", ".ots"):
                    short = shared_strings_problem(z, deadline)
                    if short:
                        return short
        except zipfile.BadZipFile as exc:
            return f"corrupt (damaged zip package: {exc})"
        except (OSError, EOFError, zipfile.LargeZipFile) as exc:
            return f"corrupt (damaged zip package: {exc})"
    elif suffix in (".xls", ".xlt"):
        if not head.startswith(_CFB_MAGIC):
            return "not a spreadsheet (not an Excel 97-2003 file)"
        return xls_problem(path, deadline)
    elif suffix in (".fods",):
        if b"<" not in head[:200] or b"office:document" not in head and b"<office:" not in head:
            return "not a spreadsheet (not a flat OpenDocument XML file)"
        with open(path, "rb") as f:
            why = xml_error(f, deadline=deadline)
        if why:
            return f"corrupt ({path.name} is not well-formed XML: {why})"
    return None


def _test_zip(z, deadline: float | None) -> str | None:
    """zipfile.testzip with a deadline: the first member whose data fail their checksum."""
    for info in z.infolist():
        try:
            with z.open(info) as f:
                while f.read(1 << 20):
                    _in_time(deadline)
        except zipfile.BadZipFile:
            return info.filename
    return None


def xml_error(stream, on_start=None, deadline: float | None = None, on_end=None, on_text=None) -> str | None:
    """None if the XML read from `stream` is well-formed, else what expat says is wrong.

    LibreOffice's import stops quietly at the first XML error in some parts (an
    .xlsx sheet loads up to the broken row, with no error and no question), so a
    load alone does not prove the whole file was read."""
    parser = expat.ParserCreate()
    if on_start is not None:
        parser.StartElementHandler = on_start
    if on_end is not None:
        parser.EndElementHandler = on_end
    if on_text is not None:
        parser.CharacterDataHandler = on_text
    try:
        while True:
            _in_time(deadline)
            chunk = stream.read(1 << 20)
            parser.Parse(chunk, not chunk)
            if not chunk:
                return None
    except expat.ExpatError as exc:
        if exc.code == expat.errors.codes[expat.errors.XML_ERROR_UNKNOWN_ENCODING]:
            return None  # a legacy encoding expat cannot read: not a sign of damage
        return f"{expat.ErrorString(exc.code)} at line {exc.lineno}, column {exc.offset}"


def bad_xml_part(z, deadline: float | None = None) -> str | None:
    """Why a zip package's XML parts are not all intact, naming the part; None if they are."""
    for info in z.infolist():
        name = info.filename
        if info.is_dir() or not name.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with z.open(info) as f:
            why = xml_error(f, deadline=deadline)
        if why:
            return f"corrupt ({name} is not well-formed XML: {why})"
    return None


def shared_strings_problem(z, deadline: float | None = None) -> str | None:
    """Why the shared-string table of an .xlsx package is cut short, or None.

    A table cut off and closed again is well-formed XML, and LibreOffice loads it
    without a word, leaving every cell whose string is missing empty. It is short
    when it holds fewer strings than its uniqueCount says, or than a cell refers to."""
    names = set(z.namelist())
    part = "xl/sharedStrings.xml"
    if "xl/_rels/workbook.xml.rels" in names:
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
        for tag in re.findall(r"<(?:\w+:)?Relationship\b[^>]*>", rels):
            kind, target = re.search(r'\bType="([^"]*)"', tag), re.search(r'\bTarget="([^"]*)"', tag)
            if kind and target and kind.group(1).endswith("/sharedStrings"):
                t = target.group(1)
                part = t.lstrip("/") if t.startswith("/") else posixpath.normpath("xl/" + t)
    held, declared = 0, None
    if part in names:
        def table(tag, attrs):
            nonlocal held, declared
            local = tag.rsplit(":", 1)[-1]
            if local == "si":
                held += 1
            elif local == "sst" and (attrs.get("uniqueCount") or "").isdigit():
                declared = int(attrs["uniqueCount"])
        with z.open(part) as f:
            xml_error(f, table, deadline)
    if declared is not None and declared > held:
        return f"corrupt ({part} holds {held} shared strings of the {declared} it declares)"
    for sheet in sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")):
        used = _largest_string_index(z, sheet, deadline)
        if used >= held:
            return (f"corrupt ({sheet} uses shared string number {used + 1}, "
                    f"{part if part in names else 'the shared-string table'} holds {held})")
    return None


def _largest_string_index(z, part: str, deadline: float | None) -> int:
    """The largest shared-string index a worksheet part refers to (-1: none)."""
    state = {"shared": False, "in_v": False, "text": "", "max": -1}

    def start(tag, attrs):
        local = tag.rsplit(":", 1)[-1]
        if local == "c":
            state["shared"] = attrs.get("t") == "s"
        elif local == "v" and state["shared"]:
            state["in_v"], state["text"] = True, ""

    def end(tag):
        if state["in_v"] and tag.rsplit(":", 1)[-1] == "v":
            state["in_v"] = False
            text = state["text"].strip()
            if text.isdigit():
                state["max"] = max(state["max"], int(text))

    def chars(data):
        if state["in_v"]:
            state["text"] += data

    with z.open(part) as f:
        xml_error(f, start, deadline, on_end=end, on_text=chars)
    return state["max"]


def xlsx_extents(path: Path) -> list[tuple[str, int, int]]:
    """[(sheet name, last row, last column)] (0-based) of the cells holding a value or
    formula in each worksheet of an .xlsx, in workbook order; (-1, -1) for an empty sheet.

    Compared with what LibreOffice loaded, this shows a load that stopped early
    (the import gave up on a part without reporting an error)."""
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
                row, col = split_ref(ref)
            else:
                row, col = state["next_row"], state["next_col"]
            state["cell"] = (row, col)
            state["next_col"] = col + 1
        elif local in ("v", "f", "is") and state["cell"] is not None:
            row, col = state["cell"]
            state["row"] = max(state["row"], row)
            state["col"] = max(state["col"], col)

    with z.open(part) as f:
        xml_error(f, start)
    return state["row"], state["col"]


def missing_cells(expected, loaded) -> str | None:
    """Why the loaded sheets hold less than the file (see xlsx_extents), or None."""
    for i, (name, row, col) in enumerate(expected):
        if row < 0:
            continue
        if i >= len(loaded):
            return f"corrupt (sheet {name!r} was not loaded)"
        _, lrow, lcol = loaded[i]
        if row > lrow or col > lcol:
            return (f"corrupt (sheet {name!r}: the file has cells up to {column_name(col)}{row + 1}, "
                    f"LibreOffice loaded only up to {column_name(lcol)}{lrow + 1})")
    return None


def _looks_text(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# ------------------------------------------------------------------ .xls (BIFF8 in a CFB container)

_END, _FREE = 0xFFFFFFFE, 0xFFFFFFFF
_BOF, _EOF, _BOUNDSHEET, _FILEPASS = 0x0809, 0x000A, 0x0085, 0x002F


class _Damaged(Exception):
    pass


def xls_problem(path: Path, deadline: float | None = None) -> str | None:
    """Why an Excel 97-2003 file (.xls) is damaged, or None: its compound-file container
    (header, sector allocation table, directory, the sectors of its Workbook stream
    within the file) and that stream's records (each record fits; every sheet a
    BOUNDSHEET record names starts with BOF and ends with EOF). LibreOffice loads a
    truncated .xls up to where the data stop, without a word."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    try:
        stream = _cfb_stream(data, ("Workbook", "Book"), deadline)
        return _biff_problem(stream, deadline)
    except _Damaged as exc:
        return f"corrupt (damaged Excel 97-2003 file: {exc})"


def _u16(b: bytes, at: int) -> int:
    return int.from_bytes(b[at:at + 2], "little")


def _u32(b: bytes, at: int) -> int:
    return int.from_bytes(b[at:at + 4], "little")


def _cfb_stream(data: bytes, names: tuple[str, ...], deadline: float | None) -> bytes:
    """The first stream called one of `names` in the root storage of the compound file `data`."""
    if len(data) < 512 or not data.startswith(_CFB_MAGIC):
        raise _Damaged("not a compound file")
    shift = _u16(data, 30)
    if shift not in (9, 12) or _u16(data, 28) != 0xFFFE:
        raise _Damaged("bad compound-file header")
    size = 1 << shift
    sectors = -(-(len(data) - size) // size)  # after the header; the last may be short (the
    # streams' lengths then say whether what is missing mattered)

    def sector(n: int) -> bytes:
        if n >= sectors:
            raise _Damaged(f"sector {n} lies past the end of the file (truncated)")
        return data[(n + 1) * size:(n + 2) * size]

    # the sector allocation table: its sectors listed in the header, then in DIFAT sectors
    fat_count = _u32(data, 44)
    fat_sectors = [_u32(data, 76 + 4 * i) for i in range(min(fat_count, 109))]
    nxt, seen = _u32(data, 68), 0
    while len(fat_sectors) < fat_count:
        if nxt in (_END, _FREE) or seen > sectors:
            raise _Damaged("sector allocation table cut short")
        block = sector(nxt)
        per = size // 4 - 1
        fat_sectors += [_u32(block, 4 * i) for i in range(per)][:fat_count - len(fat_sectors)]
        nxt, seen = _u32(block, size - 4), seen + 1
    fat = []
    for n in fat_sectors:
        _in_time(deadline)
        block = sector(n)
        fat += [_u32(block, 4 * i) for i in range(size // 4)]

    def chain(start: int, table: list[int], read, unit: int, length: int | None) -> bytes:
        out, n, steps = [], start, 0
        while n != _END:
            if n >= len(table) or steps > len(table):
                raise _Damaged("broken sector chain")
            out.append(read(n))
            n, steps = table[n], steps + 1
            if steps % 4096 == 0:
                _in_time(deadline)
        got = b"".join(out)
        if length is not None and len(got) < length:
            raise _Damaged(f"a stream of {length} bytes has only {len(got)} in the file (truncated)")
        return got if length is None else got[:length]

    directory = chain(_u32(data, 48), fat, sector, size, None)
    entries = [directory[i:i + 128] for i in range(0, len(directory) - 127, 128)]
    if not entries or entries[0][66] != 5:
        raise _Damaged("no root entry")

    def entry_size(e: bytes) -> int:
        return _u32(e, 120) if shift == 9 else int.from_bytes(e[120:128], "little")

    root = entries[0]
    # the root storage's children: a red-black tree of entries (left/right siblings, child)
    todo, found, visited = [_u32(root, 76)], None, set()
    while todo:
        i = todo.pop()
        if i == _FREE or i in visited:
            continue
        if i >= len(entries):
            raise _Damaged("directory entry out of range")
        visited.add(i)
        e = entries[i]
        length = min(_u16(e, 64), 64)
        name = e[:max(0, length - 2)].decode("utf-16-le", "replace")
        if e[66] == 2 and name in names and (found is None or names.index(name) < names.index(found[0])):
            found = (name, e)
        todo += [_u32(e, 68), _u32(e, 72)]
    if found is None:
        raise _Damaged("no Workbook stream")
    e = found[1]
    length = entry_size(e)
    if length < _u32(data, 56):  # a small stream: in the mini stream, by the mini table
        mini = chain(_u32(root, 116), fat, sector, size, entry_size(root))
        minifat_bytes = chain(_u32(data, 60), fat, sector, size, None) if _u32(data, 60) != _END else b""
        minifat = [_u32(minifat_bytes, 4 * i) for i in range(len(minifat_bytes) // 4)]

        def mini_sector(n: int) -> bytes:
            if (n + 1) * 64 > len(mini):
                raise _Damaged("mini sector past the end of the mini stream")
            return mini[n * 64:(n + 1) * 64]
        return chain(_u32(e, 116), minifat, mini_sector, 64, length)
    return chain(_u32(e, 116), fat, sector, size, length)


def _biff_problem(stream: bytes, deadline: float | None) -> str | None:
    """Why the records of a Workbook stream are not intact (raises _Damaged), or
    "password-protected" for an encrypted one; None if they are intact."""
    pos, depth, count, sheets, starts, substreams = 0, 0, 0, [], set(), 0
    while pos < len(stream):
        if depth == 0 and substreams and not stream[pos:].strip(b"\0"):
            break  # zeros after the last substream: padding
        if pos + 4 > len(stream):
            raise _Damaged(f"a record header is cut off at byte {pos} of the Workbook stream")
        kind, length = _u16(stream, pos), _u16(stream, pos + 2)
        if length > 8224 or pos + 4 + length > len(stream):
            raise _Damaged(f"the record at byte {pos} of the Workbook stream does not fit ({length} bytes)")
        if kind == 0:
            raise _Damaged(f"no record at byte {pos} of the Workbook stream (zeroed data)")
        if depth == 0 and kind != _BOF:
            raise _Damaged(f"the record at byte {pos} of the Workbook stream belongs to no sheet")
        if kind == _BOF:
            depth += 1
            starts.add(pos)
        elif kind == _EOF:
            depth -= 1
            substreams += depth == 0
        elif kind == _FILEPASS and substreams == 0:
            return "password-protected (encrypted Excel 97-2003 file)"
        elif kind == _BOUNDSHEET and substreams == 0 and length >= 4:
            sheets.append(_u32(stream, pos + 4))
        pos += 4 + length
        count += 1
        if count % 65536 == 0:
            _in_time(deadline)
    if 0 not in starts:
        raise _Damaged("the Workbook stream does not start with a BOF record")
    if depth:
        raise _Damaged("a sheet's records stop before its EOF record (truncated?)")
    missing = [p for p in sheets if p not in starts]
    if missing:
        raise _Damaged(f"{len(missing)} of its {len(sheets)} sheets do not start where the workbook says")
    return None
