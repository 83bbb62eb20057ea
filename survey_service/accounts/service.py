"""Accounts, their unit scope, and API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from functools import cache
from importlib import resources

from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from survey_service.core import audit
from survey_service.core.clock import now_utc
from survey_service.core.errors import DomainError, NotFoundError
from survey_service.core.models import ApiToken, Employee, Role, Unit, User
from survey_service.core.skm import N_

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
MIN_PASSWORD_LENGTH = 10
TOKEN_PREFIX = "skm_"  # noqa: S105 - a visible marker, not a secret
# The roles the API answers (api/views.py token_required); a leader reads the
# city overview and its recap on their pages and has no use for a token.
API_ROLES = frozenset({Role.ADMIN, Role.HEAD, Role.STAFF, Role.EVALUATOR})
# A hash to compare against when the user does not exist, so that a login for
# an unknown name takes as long as one with a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


@cache
def _common_passwords() -> frozenset[str]:
    text = resources.files("survey_service").joinpath("data/common_passwords.txt")
    return frozenset(
        line.strip().lower()
        for line in text.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )


def password_problem(password: str, username: str = "") -> DomainError | None:
    """Why ``password`` may not protect a staff account (the refusal to
    raise), or None: too short, one of the most common passwords (a bundled
    list), or the username."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return DomainError(
            N_("Kata sandi minimal %(n)s karakter"), n=MIN_PASSWORD_LENGTH
        )
    lowered = password.strip().lower()
    if lowered in _common_passwords() or len(set(lowered)) < 3:
        return DomainError(
            N_("Kata sandi ini terlalu umum dan mudah ditebak; pilih yang lain")
        )
    if username and username.strip().lower() in lowered:
        return DomainError(N_("Kata sandi tidak boleh memuat nama pengguna"))
    return None


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: Role | str,
    unit_codes: Sequence[str] = (),
    employee_nip: str | None = None,
    actor: User | str | None = None,
) -> User:
    """Create an account with its role, unit scope and optional employee link."""
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise DomainError(
            N_(
                "Nama pengguna 3–64 karakter: huruf kecil, "
                "angka, titik, garis bawah atau tanda hubung"
            )
        )
    role, units, employee = _access(session, role, unit_codes, employee_nip)
    problem = password_problem(password, username)
    if problem:
        raise problem
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise DomainError(
            N_("Nama pengguna %(username)s sudah dipakai"), username=username
        )
    if employee is not None and session.scalar(
        select(User.id).where(User.employee_id == employee.id)
    ):
        raise DomainError(
            N_("Pegawai %(employee_nip)s sudah punya akun"), employee_nip=employee_nip
        )
    user = User(
        username=username,
        password_hash=generate_password_hash(password),
        role=role,
        units=units,
        employee=employee,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor,
        "user.create",
        f"user:{username}",
        role=role.value,
        units=[u.code for u in units],
    )
    return user


def _access(
    session: Session,
    role: Role | str,
    unit_codes: Sequence[str],
    employee_nip: str | None,
) -> tuple[Role, list[Unit], Employee | None]:
    """A role with its unit scope and employee link, checked by the one set of
    rules that creating and changing an account share."""
    try:
        role = Role(role)
    except ValueError:
        raise DomainError(
            f"Peran tidak dikenal: {role}. Pilih: {', '.join(r.value for r in Role)}"
        ) from None
    units = []
    for code in unit_codes:
        unit = session.scalar(select(Unit).where(Unit.code == code))
        if unit is None:
            raise NotFoundError(N_("Unit %(code)s tidak ditemukan"), code=code)
        units.append(unit)
    employee = None
    if employee_nip:
        employee = session.scalar(select(Employee).where(Employee.nip == employee_nip))
        if employee is None:
            raise NotFoundError(
                N_("Pegawai dengan NIP %(employee_nip)s tidak ditemukan"),
                employee_nip=employee_nip,
            )
    if role is Role.LEADER and (units or employee is not None):
        raise DomainError(
            N_("Pimpinan melihat ikhtisar seluruh kota: jangan pilih unit atau pegawai")
        )
    if role in (Role.HEAD, Role.EVALUATOR) and not units:
        raise DomainError(N_("Kepala unit dan penilai harus diberi minimal satu unit"))
    if role is Role.STAFF and employee is None:
        raise DomainError(N_("Akun petugas harus ditautkan ke pegawai (NIP)"))
    if role is Role.STAFF and employee is not None and not units:
        units = [employee.unit]
    return role, units, employee


def change_access(
    session: Session,
    user: User,
    *,
    role: Role | str,
    unit_codes: Sequence[str],
    actor: User,
) -> bool:
    """An admin changes an account's role or units. Taking a role or a unit
    away ends every session and API token of the account at once (the user
    signs in again into what they may now do). Returns whether access shrank."""
    if user.id == actor.id:
        raise DomainError(
            N_("Anda tidak dapat mengubah peran atau unit akun Anda sendiri")
        )
    nip = user.employee.nip if user.employee is not None else None
    new_role, units, _employee = _access(session, role, unit_codes, nip)
    old_codes = {u.code for u in user.units}
    new_codes = {u.code for u in units}
    if new_role is user.role and old_codes == new_codes:
        return False
    shrank = new_role is not user.role or not old_codes <= new_codes
    audit.record(
        session,
        actor,
        "user.access",
        f"user:{user.username}",
        role=[user.role.value, new_role.value],
        units=[sorted(old_codes), sorted(new_codes)],
    )
    user.role = new_role
    user.units = units
    if shrank:
        end_sessions(user)
        _revoke_tokens(session, user)
    return shrank


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The active user with these credentials, or None (same cost either way)."""
    user = session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    user.last_login_at = now_utc()
    return user


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_api_token(
    session: Session, user: User, name: str = "default", actor: User | str | None = None
) -> tuple[ApiToken, str]:
    """A new token for ``user``; the plain token is returned once and never stored.
    Refused for a role the API does not answer (it would get 403 on every call)."""
    if user.role not in API_ROLES:
        raise DomainError(
            N_("Peran akun ini tidak memakai API, jadi tidak diberi token")
        )
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user, name=name[:100], prefix=plain[:12], token_hash=_hash_token(plain)
    )
    session.add(token)
    session.flush()
    audit.record(
        session,
        actor or user,
        "token.create",
        f"token:{token.id}",
        user=user.username,
        name=token.name,
    )
    return token, plain


def revoke_api_token(
    session: Session, token_id: int, actor: User | str | None = None
) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFoundError(N_("Token %(token_id)s tidak ditemukan"), token_id=token_id)
    if token.revoked_at is None:
        token.revoked_at = now_utc()
        audit.record(
            session,
            actor,
            "token.revoke",
            f"token:{token.id}",
            user=token.user.username,
        )
    return token


def end_sessions(user: User) -> None:
    """Every session of ``user`` stops working at its next request."""
    user.session_nonce = secrets.token_hex(16)


def _revoke_tokens(session: Session, user: User) -> None:
    now = now_utc()
    for token in session.scalars(
        select(ApiToken).where(
            ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None)
        )
    ):
        token.revoked_at = now


def deactivate(session: Session, user: User) -> None:
    """No sign-in, no session, no API token for ``user`` from now on."""
    user.active = False
    end_sessions(user)
    _revoke_tokens(session, user)


def set_active(session: Session, user: User, active: bool, actor: User) -> None:
    """An admin deactivates (sessions and tokens end at once) or reactivates."""
    if user.id == actor.id and not active:
        raise DomainError(N_("Anda tidak dapat menonaktifkan akun Anda sendiri"))
    if active:
        user.active = True
    else:
        deactivate(session, user)
    audit.record(
        session,
        actor,
        "user.activate" if active else "user.deactivate",
        f"user:{user.username}",
    )


def change_password(session: Session, user: User, current: str, new: str) -> None:
    """A user's own new password. Every session and API token of the account
    ends (the caller signs the current browser in again)."""
    if not check_password_hash(user.password_hash, current):
        raise DomainError(N_("Kata sandi saat ini salah"))
    problem = password_problem(new, user.username)
    if problem:
        raise problem
    if new == current:
        raise DomainError(N_("Kata sandi baru harus berbeda dari yang lama"))
    user.password_hash = generate_password_hash(new)
    user.password_must_change = False
    end_sessions(user)
    _revoke_tokens(session, user)
    audit.record(session, user, "user.password", f"user:{user.username}")


def reset_password(session: Session, user: User, temporary: str, actor: User) -> None:
    """An admin sets a temporary password for someone who forgot theirs:
    every session and API token of the account ends, and the user must choose
    a new password before any other page opens."""
    if user.id == actor.id:
        raise DomainError(
            N_("Ganti kata sandi Anda sendiri di halaman Ganti kata sandi")
        )
    problem = password_problem(temporary, user.username)
    if problem:
        raise problem
    user.password_hash = generate_password_hash(temporary)
    user.password_must_change = True
    end_sessions(user)
    _revoke_tokens(session, user)
    audit.record(session, actor, "user.password_reset", f"user:{user.username}")


def user_for_token(session: Session, plain: str) -> User | None:
    """The active user owning the unrevoked token ``plain``, or None."""
    token = session.scalar(
        select(ApiToken).where(ApiToken.token_hash == _hash_token(plain))
    )
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    token.last_used_at = now_utc()
    return token.user


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.username)))


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    return list(
        session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)
        )
    )
