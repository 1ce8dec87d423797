"""Every interface string has a Dutch translation: no empty or fuzzy entry in any catalogue."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    path
    for path in ROOT.glob("**/locale/nl/LC_MESSAGES/django.po")
    if ".venv" not in path.parts and "site-packages" not in path.parts
)


def entries(path: Path):
    """Yields (msgid, msgstr, flags) per entry; enough of the PO format for this check."""
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    for block in blocks:
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        flags = " ".join(line for line in lines if line.startswith("#,"))
        msgid, msgstr, current = [], [], None
        for line in lines:
            if line.startswith("msgid "):
                current = msgid
                line = line[len("msgid ") :]
            elif line.startswith("msgstr"):
                current = msgstr
                line = line.split(" ", 1)[1]
            elif line.startswith("msgid_plural"):
                current = None
                continue
            elif not line.startswith('"'):
                continue
            if current is not None:
                current.append(line.strip().strip('"'))
        if msgid and "".join(msgid):
            yield "".join(msgid), "".join(msgstr), flags


def test_there_is_a_dutch_catalogue():
    assert (ROOT / "locale/nl/LC_MESSAGES/django.po") in CATALOGUES


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_string_is_translated_to_dutch(path):
    untranslated = [msgid for msgid, msgstr, _flags in entries(path) if not msgstr]
    fuzzy = [msgid for msgid, _msgstr, flags in entries(path) if "fuzzy" in flags]
    assert not untranslated, f"untranslated in {path}: {untranslated}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy}"
