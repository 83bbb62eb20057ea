"""The appraisal indicators as files: their columns, and JSON streamed row by row."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from survey_service.appraisal.service import IndicatorRow

INDICATOR_COLUMNS = (
    ("nip", "NIP"),
    ("name", "name"),
    ("position", "position"),
    ("unit_code", "unit"),
    ("period", "period"),
    ("responses", "responses"),
    ("indicator", "indicator"),
    ("interval_low", "interval_low"),
    ("interval_high", "interval_high"),
    ("raw_mean", "raw_mean"),
    ("target", "target"),
    ("position_against_target", "position_against_target"),
    ("method_version", "method_version"),
    ("snapshot_id", "snapshot_id"),
    ("checksum", "checksum"),
)


def json_chunks(rows: Iterable[IndicatorRow], frozen: bool) -> Iterator[str]:
    """{"frozen": …, "rows": [...]}, written row by row."""
    yield '{"frozen": ' + json.dumps(frozen) + ', "rows": ['
    for i, row in enumerate(rows):
        yield ("," if i else "") + json.dumps(
            {title: getattr(row, field) for field, title in INDICATOR_COLUMNS},
            ensure_ascii=False,
        )
    yield "]}"
