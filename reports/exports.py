"""A report as CSV, XLSX or PDF. All three take the already-suppressed tables of
reports.builder, so an export can never show more than the page does."""

import csv
import io

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .builder import Report


def _heading(report: Report) -> list[str]:
    return [
        f"{settings.WAGTAIL_SITE_NAME}: {report.title}",
        report.subtitle,
        _("Period: %(start)s to %(end)s")
        % {"start": date_format(report.start, "j F Y"), "end": date_format(report.end, "j F Y")},
        _("Made on %(date)s") % {"date": date_format(report.generated_at, "j F Y")},
    ]


def to_csv(report: Report) -> str:
    out = io.StringIO()
    # A semicolon, as Dutch spreadsheet programs expect when the decimal mark is a comma.
    writer = csv.writer(out, delimiter=";")
    for line in _heading(report):
        writer.writerow([line])
    for table in report.tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.headers)
        writer.writerows(table.rows)
        if table.note:
            writer.writerow([table.note])
    writer.writerow([])
    writer.writerow([_("Definitions")])
    for definition in report.definitions:
        writer.writerow([definition])
    return out.getvalue()


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    about = workbook.active
    about.title = _("Report")[:31]
    for line in _heading(report):
        about.append([line])
    about["A1"].font = Font(bold=True, size=14)
    about.append([])
    about.append([_("Definitions")])
    for definition in report.definitions:
        about.append([definition])
    for table in report.tables:
        sheet = workbook.create_sheet(title=table.title[:31].replace("/", "-").replace(":", ""))
        sheet.append(table.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
        if table.note:
            sheet.append([])
            sheet.append([table.note])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def to_pdf(report: Report) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    small = styles["BodyText"].clone("small", fontSize=8, leading=10)
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        title=f"{settings.WAGTAIL_SITE_NAME}: {report.title}",
        author=settings.WAGTAIL_SITE_NAME,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    )
    flow = [Paragraph(_escape(_heading(report)[0]), styles["Title"])]
    flow += [Paragraph(_escape(line), body) for line in _heading(report)[1:]]
    for table in report.tables:
        flow += [Spacer(1, 6 * mm), Paragraph(_escape(table.title), styles["Heading2"])]
        data = [
            [Paragraph(_escape(cell), small) for cell in row]
            for row in [table.headers, *table.rows]
        ]
        pdf_table = Table(data, repeatRows=1, hAlign="LEFT")
        pdf_table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f1ec")),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#6b6b6b")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        flow.append(pdf_table)
        if table.note:
            flow.append(Paragraph(_escape(table.note), small))
    flow += [Spacer(1, 6 * mm), Paragraph(_escape(_("Definitions")), styles["Heading2"])]
    flow += [Paragraph(_escape(definition), small) for definition in report.definitions]
    document.build(flow)
    return out.getvalue()


def _escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
