"""A printable summary of a participant's shared values, for practices without FHIR."""

import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from health.measures import MEASURES

from .selectors import SharedRecord

SINGLE_MEASURES = ("weight", "height", "hba1c", "cholesterol_total", "ldl")


def _day(value) -> str:
    return date_format(value, "j F Y")


def _value(measurement) -> str:
    shown = number_format(measurement.display_value, use_l10n=True)
    return f"{shown} {measurement.unit}".strip()


def summary_rows(record: SharedRecord) -> list[tuple[str, list[list[str]]]]:
    """The summary's tables (title, rows with a header row), in the reader's language."""
    tables = []
    values = [[_("Date"), _("Measure"), _("Value")]]
    for measurement in record.measurements:
        if measurement.measure in SINGLE_MEASURES:
            label = str(MEASURES[measurement.measure].label)
            values.append([_day(measurement.measured_on), label, _value(measurement)])
    tables.append((_("Measurements"), values))
    pressures = [[_("Date"), _("Blood pressure (mmHg)")]]
    for day, systolic, diastolic, _m in record.blood_pressures():
        pressures.append([_day(day), f"{systolic:.0f}/{diastolic:.0f}"])
    tables.append((_("Blood pressure"), pressures))
    scores = [[_("Date"), _("Questionnaire"), _("Score (0-100)")]]
    for response in record.responses:
        assert response.score is not None  # the record holds scored responses only
        scores.append(
            [
                _day(response.completed_on),
                response.instrument.name,
                number_format(response.score.normalize(), use_l10n=True),
            ]
        )
    tables.append((_("Questionnaires"), scores))
    return tables


def summary_pdf(record: SharedRecord) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    person = record.person
    profile = person.participant_profile
    styles = getSampleStyleSheet()
    out = io.BytesIO()
    title = _("Values shared by the participant")
    document = SimpleDocTemplate(
        out,
        pagesize=A4,
        title=f"{settings.WAGTAIL_SITE_NAME}: {title}",
        author=settings.WAGTAIL_SITE_NAME,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    flow = [
        Paragraph(escape(title), styles["Title"]),
        Paragraph(
            escape(
                _("%(name)s, born %(born)s, patient of %(practice)s")
                % {
                    "name": person.get_full_name() or str(person),
                    "born": _day(profile.date_of_birth),
                    "practice": profile.practice.name,
                }
            ),
            styles["BodyText"],
        ),
        Paragraph(
            escape(
                _(
                    "Made on %(day)s by %(site)s. The participant measured or entered these "
                    "values in the programme; values your practice entered are left out."
                )
                % {"day": _day(timezone.localdate()), "site": settings.WAGTAIL_SITE_NAME}
            ),
            styles["BodyText"],
        ),
    ]
    for heading, rows in summary_rows(record):
        flow += [Spacer(1, 5 * mm), Paragraph(escape(heading), styles["Heading2"])]
        if len(rows) == 1:
            flow.append(Paragraph(escape(_("Nothing shared yet.")), styles["BodyText"]))
            continue
        table = Table(rows, repeatRows=1, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f1ec")),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#6b6b6b")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        flow.append(table)
    document.build(flow)
    return out.getvalue()
