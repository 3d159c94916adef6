"""Committed generated files (docs, test sheets): write them, or check they are current."""
from __future__ import annotations

from pathlib import Path


def write_or_check(files: dict[Path, str], check: bool, regenerate_with: str) -> int:
    """Write each path's text, or with `check` report the stale ones; 1 if any is stale."""
    stale = []
    for path, text in files.items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if check:
            stale.append(path.name)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if stale:
        print(f"out of date (run {regenerate_with}):", ", ".join(stale))
        return 1
    return 0
