"""The research export: pseudonymous microdata of the participants who consented.

Two tables: one row per participant per session of their cohort (attendance), one per
participant per measurement moment (values and scores). No names, e-mail addresses, dates
or free text: codes from coupling.StudyPseudonym, ages in 5-year bands, days counted from
the cohort's start.
"""

import csv
import datetime
import io
import zipfile
from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from groups.models import Membership, age_on
from health.models import Measurement, QuestionnaireResponse
from health.selectors import moments_for
from privacy.models import ConsentChoice
from sessions.models import Attendance, Session

from .codebook import FILES, MEASURE_COLUMNS, MOMENT_COLUMNS, SESSION_COLUMNS, codebook_rows
from .models import Study

STUDY_STATUSES = (Membership.Status.ACTIVE, Membership.Status.LEFT, Membership.Status.FINISHED)


def consenting_memberships(study: Study) -> list[Membership]:
    """Participant memberships of the study's cohorts whose person's latest choice for
    research use is yes (research is opt-in: no choice means no)."""

    latest = ConsentChoice.objects.filter(
        person=OuterRef("person"), purpose=ConsentChoice.Purpose.RESEARCH
    ).order_by("-at", "-pk")
    memberships = (
        Membership.objects.filter(
            cohort__in=study.cohorts.all(),
            role__in=Membership.PARTICIPANT_ROLES,
            status__in=STUDY_STATUSES,
        )
        .annotate(research=Subquery(latest.values("given")[:1]))
        .filter(research=True)
        .select_related("cohort", "person__participant_profile")
        .order_by("cohort_id", "pk")
    )
    return list(memberships)


def age_band(age: int) -> str:
    if age < 45:
        return "<45"
    if age >= 80:
        return ">=80"
    low = age - age % 5
    return f"{low}-{low + 4}"


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    value = Decimal(value).normalize()
    return format(value, "f")


def _cohort_codes(study: Study) -> dict[int, str]:
    ids = sorted(study.cohorts.values_list("pk", flat=True))
    return {pk: f"C{index}" for index, pk in enumerate(ids, start=1)}


def build_tables(study: Study, codes: dict[int, str]) -> dict[str, list[list[str]]]:
    """The two tables as rows (header first); ``codes`` maps person id to pseudonym."""
    memberships = [m for m in consenting_memberships(study) if m.person_id in codes]
    cohort_codes = _cohort_codes(study)
    sessions = _session_rows(memberships, codes, cohort_codes)
    moments = _moment_rows(memberships, codes, cohort_codes)
    return {
        "sessions.csv": [[c.name for c in SESSION_COLUMNS], *sessions],
        "moments.csv": [[c.name for c in MOMENT_COLUMNS], *moments],
    }


def _session_rows(memberships, codes, cohort_codes) -> list[list[str]]:
    cohorts = {m.cohort_id: m.cohort for m in memberships}
    held = (
        Session.objects.filter(cohort_id__in=cohorts, starts_at__lt=timezone.now())
        .exclude(status="cancelled")
        .order_by("starts_at", "pk")
    )
    register = {
        (a.session_id, a.person_id): a.status
        for a in Attendance.objects.filter(
            session__in=held, person_id__in=[m.person_id for m in memberships]
        )
    }
    rows = []
    by_cohort: dict[int, list] = {}
    for session in held:
        by_cohort.setdefault(session.cohort_id, []).append(session)
    for membership in memberships:
        start = membership.cohort.start_date
        for session in by_cohort.get(membership.cohort_id, []):
            day = (timezone.localdate(session.starts_at) - start).days
            status = register.get((session.pk, membership.person_id), "not_recorded")
            rows.append(
                [codes[membership.person_id], cohort_codes[membership.cohort_id], str(day), status]
            )
    return rows


def _moment_rows(memberships, codes, cohort_codes) -> list[list[str]]:
    ids = [m.pk for m in memberships]
    values: dict[int, list[Measurement]] = {}
    for measurement in Measurement.objects.filter(membership_id__in=ids).order_by(
        "measured_on", "pk"
    ):
        values.setdefault(measurement.membership_id, []).append(measurement)
    scores: dict[int, list[QuestionnaireResponse]] = {}
    for response in QuestionnaireResponse.objects.filter(
        membership_id__in=ids, instrument__key="who5", score__isnull=False
    ).order_by("completed_on", "pk"):
        scores.setdefault(response.membership_id, []).append(response)
    rows = []
    moments_of = {m.cohort_id: moments_for(cohort=m.cohort) for m in memberships}
    for membership in memberships:
        cohort = membership.cohort
        profile = membership.person.participant_profile
        band = age_band(age_on(profile.date_of_birth, cohort.start_date))
        for moment in moments_of[cohort.pk]:
            inside = [v for v in values.get(membership.pk, []) if moment.contains(v.measured_on)]
            latest = {v.measure: v.value for v in inside}
            who5 = [
                s.score for s in scores.get(membership.pk, []) if moment.contains(s.completed_on)
            ]
            row = {
                "participant_id": codes[membership.person_id],
                "cohort_id": cohort_codes[cohort.pk],
                "age_band": band,
                "moment": moment.key,
                "moment_day": str((moment.target - cohort.start_date).days),
                "who5_score": _number(who5[-1]) if who5 else "",
            }
            for measure, column in MEASURE_COLUMNS.items():
                row[column] = _number(latest.get(measure))
            rows.append([row[c.name] for c in MOMENT_COLUMNS])
    return rows


def csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "codebook"
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def readme(study: Study, tables: dict[str, list[list[str]]], day: datetime.date) -> str:
    lines = [
        f"{settings.WAGTAIL_SITE_NAME}: {study.name}",
        _("Pseudonymous research data, made on %(day)s.") % {"day": day.isoformat()},
        "",
        _(
            "Only participants who agreed to research use are included. They can withdraw; "
            "a withdrawal applies to every later export."
        ),
        _(
            "participant_id is a random code, the same in every export of this study and "
            "different in every other study. It is not derived from any personal data."
        ),
        _(
            "Ages are in 5-year bands at the cohort's start; days are counted from the "
            "cohort's start (day 0). There are no names, e-mail addresses, dates or free text."
        ),
        "",
    ]
    for name, columns in FILES.items():
        lines.append(
            f"{name}: {len(tables[name]) - 1} "
            + _("rows; columns in this order:")
            + " "
            + ", ".join(c.name for c in columns)
        )
    lines += ["", _("codebook.csv and codebook.xlsx describe every column.")]
    return "\n".join(lines) + "\n"


def package(study: Study, tables: dict[str, list[list[str]]]) -> bytes:
    """The ZIP an evaluator downloads: the two tables, the codebook (CSV, XLSX), a README."""
    with translation.override(settings.LANGUAGE_CODE):
        book = codebook_rows()
        text = readme(study, tables, timezone.localdate())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in tables.items():
            archive.writestr(name, csv_text(rows))
        archive.writestr("codebook.csv", csv_text(book))
        archive.writestr("codebook.xlsx", _xlsx(book))
        archive.writestr("README.txt", text)
    return out.getvalue()
