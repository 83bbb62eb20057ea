"""Counts kept in the process (no Redis): limits hold, and counting starts no
thread; expired entries are swept, so memory stays bounded."""

from __future__ import annotations

from limits.storage import memory

from survey_service.web.ratelimit import Limiter, LocalStorage


def test_local_limits_count_within_the_window_and_clear():
    limiter = Limiter()

    assert [limiter.allow("k", 2, 60) for _ in range(3)] == [True, True, False]
    assert not limiter.within("k", 2, 60)
    assert limiter.within("other", 2, 60)
    limiter.clear("k", 2, 60)
    assert limiter.within("k", 2, 60)


def test_counting_starts_no_thread(monkeypatch):
    storage = LocalStorage()
    storage.timer.join()  # the one MemoryStorage starts when made
    started: list[object] = []
    monkeypatch.setattr(memory.threading, "Timer", lambda *a: started.append(a))

    for n in range(200):
        storage.incr(f"device:{n % 7}", 60)

    assert started == []


def test_expired_entries_are_swept_by_a_later_count(time_machine):
    storage = LocalStorage()
    time_machine.move_to("2026-12-07 08:00:00+07:00", tick=False)
    storage.incr("old", 60)
    storage.incr("fresh", 3600)

    time_machine.move_to("2026-12-07 08:05:00+07:00", tick=False)
    storage._swept_at -= storage.SWEEP_SECONDS  # a second (of monotonic) passed
    storage.incr("new", 60)  # no read of "old": only the sweep can drop it

    assert "old" not in storage.storage
    assert "old" not in storage.expirations
    assert storage.storage["fresh"] == 1
    assert storage.storage["new"] == 1


def test_no_sweep_within_a_second_of_the_last():
    storage = LocalStorage()
    swept: list[bool] = []
    storage._MemoryStorage__expire_events = lambda: swept.append(True)  # type: ignore[method-assign]

    for _ in range(50):
        storage.incr("k", 60)

    assert swept == []
    storage._swept_at -= storage.SWEEP_SECONDS
    storage.incr("k", 60)
    assert swept == [True]
