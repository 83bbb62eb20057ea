"""The one way every download is written: CSV streamed line by line, XLSX in
write-only mode, and in both a text a spreadsheet would run as a formula is
made inert. Appraisal exports, the city's recap, the tabulation, roster
templates and the public open data all go through here."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

# A text cell starting with one of these is a formula to Excel, LibreOffice and
# Google Sheets (CSV injection): "=HYPERLINK(...)" in a name must stay text.
# Spreadsheets skip leading blanks and line breaks before the sign, and some
# read the full-width equals sign (U+FF1D) typed on an Asian keyboard as "=".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", " ", "\uff1d")


def inert(value: object) -> object:
    """``value`` made safe for a spreadsheet: text that a spreadsheet would run
    as a formula gets a leading apostrophe (shown, never evaluated)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _line(values: Iterable[object]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(["" if v is None else inert(v) for v in values])
    return buffer.getvalue()


Columns = Sequence[tuple[str, str]]  # (attribute of a row, column title)


def csv_lines(rows: Iterable[object], columns: Columns) -> Iterator[str]:
    """UTF-8 CSV of objects, ``columns`` naming their attributes, one line at a
    time (memory stays flat)."""
    return table_lines(
        [title for _, title in columns],
        ([getattr(row, field) for field, _ in columns] for row in rows),
    )


def _xlsx_cell(sheet: object, value: object) -> object:
    """Numbers stay numbers; every text is written as a string cell, never a
    formula (openpyxl would otherwise store "=..." as a formula)."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


Sheet = tuple[str, Sequence[str], Iterable[Sequence[object]]]  # name, header, rows

# 1,048,576 rows per sheet in Excel and LibreOffice, one of them the header.
XLSX_MAX_DATA_ROWS = 1_048_575


def write_xlsx(target: IO[bytes], sheets: Iterable[Sheet]) -> None:
    """Write a workbook of ``sheets`` to ``target``: openpyxl's write-only mode
    keeps each sheet in a temporary file as rows come, so memory stays flat
    however many rows there are. Numeric cells stay numbers, text is always a
    string (never a formula), the header row is bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)

    def new_sheet(title: str, header: Sequence[str]) -> Any:
        sheet = book.create_sheet(title)
        sheet.freeze_panes = "A2"
        titles = []
        for column in header:
            cell = WriteOnlyCell(sheet, value=column)
            cell.font = Font(bold=True)
            titles.append(cell)
        sheet.append(titles)
        return sheet

    for name, header, rows in sheets:
        sheet, written, part = new_sheet(name, header), 0, 1
        for row in rows:
            if written == XLSX_MAX_DATA_ROWS:  # a spreadsheet's last row: go on
                part += 1
                sheet, written = new_sheet(f"{name} ({part})", header), 0
            sheet.append([_xlsx_cell(sheet, value) for value in row])
            written += 1
    book.save(target)


def object_sheet(name: str, rows: Iterable[object], columns: Columns) -> Sheet:
    """A sheet of objects, ``columns`` naming their attributes and titles."""
    return (
        name,
        [title for _, title in columns],
        ([getattr(row, field) for field, _ in columns] for row in rows),
    )


def table_lines(
    header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Iterator[str]:
    """UTF-8 CSV of plain rows with a header, one line at a time."""
    yield "\ufeff" + _line(header)
    for row in rows:
        yield _line(row)
