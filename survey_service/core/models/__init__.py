"""The data model. Importing this package registers every table on Base.metadata."""

from survey_service.core.models.accounts import (
    ROLE_CAPABILITIES,
    ROLE_LABELS,
    ApiToken,
    AuditEntry,
    Role,
    User,
    user_units,
)
from survey_service.core.models.appraisal import (
    AppraisalPeriod,
    IndicatorSnapshot,
    PeriodClosure,
    PeriodStatus,
)
from survey_service.core.models.outreach import (
    CallbackRequest,
    OutboxChannel,
    OutboxMessage,
)
from survey_service.core.models.review import (
    ActionStatus,
    Alert,
    AlertKind,
    FollowUpAction,
    Publication,
    ReportDetail,
)
from survey_service.core.models.rollups import daily_sums, rollup_state
from survey_service.core.models.staff import DutyAssignment, Employee
from survey_service.core.models.survey import (
    Channel,
    QuestionKind,
    Questionnaire,
    QuestionnaireElement,
    QuestionnaireQuestion,
    Response,
    ResponseAnswer,
    ResponseStatus,
    Ticket,
)
from survey_service.core.models.unit import (
    Counter,
    DisplayLink,
    KioskDevice,
    ServiceType,
    ServiceVolume,
    Unit,
    VolumeSource,
)

__all__ = [
    "ROLE_CAPABILITIES",
    "ROLE_LABELS",
    "ActionStatus",
    "Alert",
    "AlertKind",
    "ApiToken",
    "AppraisalPeriod",
    "AuditEntry",
    "CallbackRequest",
    "Channel",
    "Counter",
    "DisplayLink",
    "DutyAssignment",
    "Employee",
    "FollowUpAction",
    "IndicatorSnapshot",
    "KioskDevice",
    "OutboxChannel",
    "OutboxMessage",
    "PeriodClosure",
    "PeriodStatus",
    "Publication",
    "QuestionKind",
    "Questionnaire",
    "QuestionnaireElement",
    "QuestionnaireQuestion",
    "ReportDetail",
    "Response",
    "ResponseAnswer",
    "ResponseStatus",
    "Role",
    "ServiceType",
    "ServiceVolume",
    "Ticket",
    "Unit",
    "User",
    "VolumeSource",
    "daily_sums",
    "rollup_state",
    "user_units",
]
