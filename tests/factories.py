"""factory_boy factories bound to the test's Session (see conftest.db_session)."""

from __future__ import annotations

import datetime as dt

import factory
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from survey_service.core import clock, periods
from survey_service.core.models import (
    Channel,
    Counter,
    DutyAssignment,
    Employee,
    Response,
    Role,
    ServiceType,
    Unit,
    User,
)

PASSWORD = "correct-horse-battery"
_PASSWORD_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
JAKARTA = dt.timezone(dt.timedelta(hours=7))


class _Base(factory.alchemy.SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session = None
        # Commit (a savepoint release in tests) so requests see the rows.
        sqlalchemy_session_persistence = "commit"


def put_on_duty(
    session: Session, employee: Employee, counter: Counter, hours: float = 2
) -> DutyAssignment:
    """A duty shift for ``employee`` at ``counter`` from ``hours`` ago to as many on."""
    now = clock.now_utc()
    shift = DutyAssignment(
        employee_id=employee.id,
        counter_id=counter.id,
        starts_at=now - dt.timedelta(hours=hours),
        ends_at=now + dt.timedelta(hours=hours),
    )
    session.add(shift)
    session.commit()
    return shift


def bind(session: Session | None) -> None:
    for cls in (
        UnitFactory,
        CounterFactory,
        ServiceTypeFactory,
        EmployeeFactory,
        UserFactory,
        ResponseFactory,
    ):
        cls._meta.sqlalchemy_session = session


class UnitFactory(_Base):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"UNIT{n}")
    name = factory.Sequence(lambda n: f"Unit Layanan {n}")
    target_index = 80.0


class CounterFactory(_Base):
    class Meta:
        model = Counter

    unit = factory.SubFactory(UnitFactory)
    code = factory.Sequence(lambda n: f"LOKET{n}")
    name = factory.Sequence(lambda n: f"Loket {n}")


class ServiceTypeFactory(_Base):
    class Meta:
        model = ServiceType

    unit = factory.SubFactory(UnitFactory)
    code = factory.Sequence(lambda n: f"SVC{n}")
    name = factory.Sequence(lambda n: f"Layanan {n}")


class EmployeeFactory(_Base):
    class Meta:
        model = Employee

    unit = factory.SubFactory(UnitFactory)
    nip = factory.Sequence(lambda n: f"19850312201001{1 + n % 2}{n % 999 + 1:03d}")
    name = factory.Sequence(lambda n: f"Pegawai {n}")
    position = "Pengadministrasi Perkantoran"


class UserFactory(_Base):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    password_hash = _PASSWORD_HASH
    role = Role.HEAD


class ResponseFactory(_Base):
    """A response; pass ``scores`` (list of nine) to set u1..u9 and the total."""

    class Meta:
        model = Response
        exclude = ("scores",)

    counter = factory.SubFactory(CounterFactory)
    unit = factory.SelfAttribute("counter.unit")
    questionnaire_id = 1
    channel = Channel.POSTER
    submitted_at = factory.LazyFunction(lambda: clock.now_utc())
    local_date = factory.LazyAttribute(
        lambda o: o.submitted_at.astimezone(JAKARTA).date()
    )
    week_start = factory.LazyAttribute(lambda o: periods.week_start(o.local_date))
    scores = (3, 3, 3, 3, 3, 3, 3, 3, 3)
    u1 = factory.LazyAttribute(lambda o: o.scores[0])
    u2 = factory.LazyAttribute(lambda o: o.scores[1])
    u3 = factory.LazyAttribute(lambda o: o.scores[2])
    u4 = factory.LazyAttribute(lambda o: o.scores[3])
    u5 = factory.LazyAttribute(lambda o: o.scores[4])
    u6 = factory.LazyAttribute(lambda o: o.scores[5])
    u7 = factory.LazyAttribute(lambda o: o.scores[6])
    u8 = factory.LazyAttribute(lambda o: o.scores[7])
    u9 = factory.LazyAttribute(lambda o: o.scores[8])
    total = factory.LazyAttribute(lambda o: sum(o.scores))
