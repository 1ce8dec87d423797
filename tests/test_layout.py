"""No module outside the tests is over 400 lines without a reason at its top.

Around 400 lines is the point to split a module by sub-domain (a package, as
contributions/services/ is); where a split would hurt, its first line says why:
``# Over 400 lines: <the reason>``. Migrations are generated and left out.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 400
REASON = "# Over 400 lines: "
LEFT_OUT = {".venv", ".git", "migrations", "tests", "node_modules", "build", "media", "static"}


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if LEFT_OUT.isdisjoint(parts) and not any(part.startswith(".") for part in parts):
            yield path.relative_to(ROOT).as_posix(), path.read_text()


def too_long_without_reason(text: str) -> bool:
    lines = text.splitlines()
    if len(lines) <= LIMIT:
        return False
    first = lines[0]
    return not (first.startswith(REASON) and first.removeprefix(REASON).strip())


def test_every_long_module_says_why_at_its_top():
    found = [name for name, text in _modules() if too_long_without_reason(text)]
    assert found == []


def test_the_search_finds_a_long_module_without_a_reason():
    long_body = "x = 1\n" * (LIMIT + 1)
    assert too_long_without_reason('"""A docstring."""\n' + long_body)
    assert too_long_without_reason(REASON + "\n" + long_body)  # a reason must be given
    assert not too_long_without_reason(REASON + "one script, one story.\n" + long_body)
    assert not too_long_without_reason("x = 1\n" * LIMIT)
