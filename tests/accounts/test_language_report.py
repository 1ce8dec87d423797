"""scripts/language-report: a warning list for writers; it must run and flag what it says."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "language-report"

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#: groups/templates/groups/dashboard.html:3
msgid "Long"
msgstr ""
"Wanneer u deelneemt aan de bijeenkomsten van de groep verwachten wij dat u "
"op tijd aanwezig bent en uw telefoon uitzet."

#: groups/templates/groups/dashboard.html:4
msgid "Short"
msgstr "U bent welkom. Neem iets te drinken mee."

#: groups/admin.py:9
msgid "Staff only"
msgstr ""
"Wanneer een medewerker een verwijzing registreert die niet aan de "
"leeftijdsvoorwaarden voldoet moet er een reden worden opgegeven."
"""


def run(*args):
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120
    )


def test_it_flags_a_long_sentence_and_leaves_short_ones_and_staff_pages(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(PO, encoding="utf-8")
    result = run(str(po))
    assert result.returncode == 0, result.stderr
    assert "sentence of 21 words" in result.stdout
    assert "op tijd aanwezig" in result.stdout
    assert "Neem iets te drinken mee" not in result.stdout
    assert "leeftijdsvoorwaarden" not in result.stdout  # only staff read it
    assert "1 message(s) to look at" in result.stdout

    everything = run("--all", str(po))
    assert "leeftijdsvoorwaarden" in everything.stdout


def test_a_low_flesch_douma_score_is_flagged(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(PO, encoding="utf-8")
    result = run("--max-words", "40", "--min-score", "90", str(po))
    assert "Flesch-Douma" in result.stdout
    assert "sentence of" not in result.stdout


def test_it_runs_over_the_real_catalogues_and_never_fails():
    result = run()
    assert result.returncode == 0, result.stderr
    assert "this list never fails a build" in result.stdout
