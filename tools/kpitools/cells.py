"""A1-style cell addresses: column letters and their 0-based index (no uno needed)."""
from __future__ import annotations


def column_name(index: int) -> str:
    """0 → "A", 25 → "Z", 26 → "AA"."""
    name, index = "", index + 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def column_index(letters: str) -> int:
    """The inverse of column_name: "A" → 0, "AA" → 26 (letters in either case)."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def split_ref(ref: str) -> tuple[int, int]:
    """"B3" → (row 2, column 1), 0-based; a missing row number counts as row 1."""
    i = 0
    while i < len(ref) and ref[i].isalpha():
        i += 1
    return int(ref[i:] or 1) - 1, column_index(ref[:i])
