"""A report as CSV, XLSX or PDF. All of them take the tables of reports.builder, whose
figures have passed disclosure control, so an export can never show more than the page.

- export.csv: the tables as on the page (semicolon-separated, Dutch decimals);
- export.long.csv: one figure per row (section, measure, moment, statistic, value,
  withheld), with a decimal point, to load into R or a spreadsheet;
- export.xlsx: typed cells (numbers, percentages, euros, dates), one column per figure;
- export.pdf: page numbers, headings kept with their tables, definitions and the note.
"""

import csv
import datetime
import io

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .report import Report

XLSX_FORMATS = {
    "count": "#,##0",
    "number": None,  # per number of decimals
    "percent": "0%",
    "money": '"€" #,##0.00',
    "p": "0.000",
    "month": "mmmm yyyy",
}


def _heading(report: Report) -> list[str]:
    period = _("Period: %(start)s to %(end)s") % {
        "start": date_format(report.start, "j F Y"),
        "end": date_format(report.end, "j F Y"),
    }
    if report.period_label:
        period = f"{period} ({report.period_label})"
    return [
        f"{settings.WAGTAIL_SITE_NAME}: {report.title}",
        report.subtitle,
        period,
        _("Made on %(date)s") % {"date": date_format(report.generated_at, "j F Y")},
        report.disclosure_note,
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
        writer.writerows([cell.text for cell in row] for row in table.rows)
        for note in [table.note, *table.footnotes]:
            if note:
                writer.writerow([note])
    writer.writerow([])
    writer.writerow([_("Definitions")])
    for definition in report.definitions:
        writer.writerow([definition])
    return out.getvalue()


LONG_HEADERS = ["section", "measure", "moment", "statistic", "value", "withheld", "unit"]
# the unit column: count (people, perturbed), exact (cohorts, sessions), number (in the
# measure's unit), share (0 to 1), euro, p (a p-value), month (the first day)
LONG_UNITS = {"count": "count", "number": "number", "percent": "share", "money": "euro"}


def long_rows(report: Report):
    """One released figure per row; outcome tables name their measure and moment.

    A withheld figure has an empty value and the reason ("small" or "other")."""
    for table in report.tables:
        keyed = table.key in ("outcomes", "completeness")
        for row in table.rows:
            label = row[0].text
            moment = row[1].text if keyed else ""
            cells = row[2:] if keyed else row[1:]
            headers = table.headers[2:] if keyed else table.headers[1:]
            for header, cell in zip(headers, cells, strict=True):
                if cell.kind == "text":
                    continue  # readings and labels are words, not figures
                number: float | int | str | None
                if isinstance(cell.number, datetime.date):
                    number = cell.number.isoformat()
                else:
                    number = cell.number
                yield [
                    table.key,
                    label,
                    moment,
                    header,
                    "" if number is None else number,
                    cell.withheld.value if cell.withheld else "",
                    cell.unit or LONG_UNITS.get(cell.kind, cell.kind),
                ]


def to_long_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(LONG_HEADERS)
    writer.writerows(long_rows(report))
    return out.getvalue()


def to_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

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
    about.column_dimensions["A"].width = 120
    for table in report.tables:
        title = table.title[:31].replace("/", "-").replace(":", "")
        sheet = workbook.create_sheet(title=title)
        sheet.append(table.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            sheet.append([_xlsx_value(cell) for cell in row])
            for target, cell in zip(sheet[sheet.max_row], row, strict=True):
                code = _xlsx_format(cell)
                if code:
                    target.number_format = code
        sheet.column_dimensions["A"].width = 40
        for note in [table.note, *table.footnotes]:
            if note:
                sheet.append([])
                sheet.append([note])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_value(cell):
    if cell.kind in ("text", "withheld") or cell.number is None:
        return cell.text
    return cell.number


def _xlsx_format(cell) -> str | None:
    if cell.number is None or cell.kind not in XLSX_FORMATS:
        return None
    if cell.kind == "number":
        return "0" if cell.decimals == 0 else "0." + "0" * cell.decimals
    if cell.kind == "percent" and cell.decimals:
        return "0." + "0" * cell.decimals + "%"
    return XLSX_FORMATS[cell.kind]


def to_pdf(report: Report) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    small = styles["BodyText"].clone("small", fontSize=7, leading=9)
    heading = styles["Heading2"].clone("kept", keepWithNext=1)
    out = io.BytesIO()
    name = f"{settings.WAGTAIL_SITE_NAME}: {report.title}"

    def page_number(canvas, document):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        text = _("Page %(page)d") % {"page": document.page}
        canvas.drawRightString(document.pagesize[0] - 15 * mm, 8 * mm, f"{name} · {text}")
        canvas.restoreState()

    document = SimpleDocTemplate(
        out,
        pagesize=landscape(A4),
        title=name,
        author=settings.WAGTAIL_SITE_NAME,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
    )
    lines = _heading(report)
    flow = [Paragraph(_escape(lines[0]), styles["Title"])]
    flow += [Paragraph(_escape(line), body) for line in lines[1:]]
    for table in report.tables:
        data = [
            [Paragraph(_escape(text), small) for text in table.headers],
            *[[Paragraph(_escape(cell.text), small) for cell in row] for row in table.rows],
        ]
        if not table.rows:
            data.append([Paragraph(_escape(_("No data for this period.")), small)])
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
        notes = [Paragraph(_escape(n), small) for n in [table.note, *table.footnotes] if n]
        # the heading and the first rows stay together; long tables continue on the next page
        flow += [Spacer(1, 6 * mm), KeepTogether([Paragraph(_escape(table.title), heading)])]
        flow += [pdf_table, *notes]
    flow += [Spacer(1, 6 * mm), Paragraph(_escape(_("Definitions")), heading)]
    flow += [Paragraph(_escape(definition), small) for definition in report.definitions]
    document.build(flow, onFirstPage=page_number, onLaterPages=page_number)
    return out.getvalue()


def _escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
