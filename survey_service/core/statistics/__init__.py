"""The statistics of the survey: pure functions on numbers and NumPy arrays.

No Flask, no SQLAlchemy, no I/O: a test asserts that importing this package
loads neither, so it can be tested and reused alone. Every function returns
small frozen dataclasses or arrays.
"""

from survey_service.core.statistics.comparison import Comparison, compare_periods
from survey_service.core.statistics.figures import (
    ElementFigure,
    PeriodFigures,
    exact_element_means,
    period_figures,
)
from survey_service.core.statistics.grades import Grade, grade
from survey_service.core.statistics.ikm import (
    Ikm,
    ikm_from_counts,
    index_of_totals,
    weakest_elements,
)
from survey_service.core.statistics.indicator import (
    METHOD_VERSION,
    POSITION_LABELS,
    EmployeeIndicator,
    Position,
    employee_indicators,
    employee_indicators_by_unit,
    for_appraisal,
    funnel_p_values,
    position,
)
from survey_service.core.statistics.intervals import (
    Intervals,
    element_intervals,
    index_intervals,
)
from survey_service.core.statistics.ranking import RankRange, rank_ranges
from survey_service.core.statistics.rounding import (
    format_number,
    reader_number,
    round_half_up,
    shown,
    shown_change,
)
from survey_service.core.statistics.sample_size import (
    SampleAdequacy,
    krejcie_morgan,
    sample_adequacy,
)
from survey_service.core.statistics.summary import (
    MIN_RESPONSES_APPRAISAL,
    MIN_RESPONSES_GRADE,
    MIN_RESPONSES_VALUE,
    IndexSummary,
    Reliability,
    index_summary,
    reliability,
    summaries_from_sums,
    summary_from_sums,
)

__all__ = [
    "METHOD_VERSION",
    "MIN_RESPONSES_APPRAISAL",
    "MIN_RESPONSES_GRADE",
    "MIN_RESPONSES_VALUE",
    "POSITION_LABELS",
    "Comparison",
    "ElementFigure",
    "EmployeeIndicator",
    "Grade",
    "Ikm",
    "IndexSummary",
    "Intervals",
    "PeriodFigures",
    "Position",
    "RankRange",
    "Reliability",
    "SampleAdequacy",
    "compare_periods",
    "element_intervals",
    "employee_indicators",
    "employee_indicators_by_unit",
    "exact_element_means",
    "for_appraisal",
    "format_number",
    "funnel_p_values",
    "grade",
    "ikm_from_counts",
    "index_intervals",
    "index_of_totals",
    "index_summary",
    "krejcie_morgan",
    "period_figures",
    "position",
    "rank_ranges",
    "reader_number",
    "reliability",
    "round_half_up",
    "sample_adequacy",
    "shown",
    "shown_change",
    "summaries_from_sums",
    "summary_from_sums",
    "weakest_elements",
]
