"""Shared fixtures: a real broker per test module, a factory for brokers with
their own settings, and the broker's stderr attached to every failing test."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import broker as sb  # noqa: E402
from rawconn import RawConn  # noqa: E402


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed:
        for b in list(sb.LIVE):
            report.sections.append((f"streambus stderr (port {b.port})", b.describe()))


def _start_checked(b):
    try:
        b.start()
    except BaseException:
        b.cleanup()
        raise
    return b


@pytest.fixture(scope="module")
def broker():
    """The default broker of a test module: fresh data dir, node id 1, two shards."""
    b = _start_checked(sb.Broker())
    yield b
    try:
        b.stop_and_check()
    finally:
        b.cleanup()


@pytest.fixture
def broker_factory():
    """start(**kwargs) starts a broker with its own settings; every broker still
    running at teardown must exit 0 on SIGTERM."""
    started = []

    def start(wait=True, **kwargs):
        b = sb.Broker(**kwargs)
        started.append(b)
        if wait:
            return _start_checked(b)
        b.start(wait=False)
        return b

    yield start
    failures = []
    # Every broker stops before any directory is removed: a broker restarted on another's
    # data directory must not be writing into it while that is deleted.
    for b in started:
        if b.stopped:  # the test stopped it and checked how it ended
            continue
        rc, took = b.stop()
        if rc != 0:
            failures.append(f"exit code {rc} after {took:.1f}s\n{b.describe()}")
    for b in started:
        b.cleanup()
    assert not failures, "\n".join(failures)


# Consumer group tests: the first rebalance of a group waits 200 ms for more members
# instead of 3 s, and members may ask for session timeouts from 1 s.
GROUP_FLAGS = {"--group-initial-rebalance-delay-ms": "200", "--group-min-session-timeout-ms": "1000"}


@pytest.fixture(scope="module")
def group_broker():
    """A module's broker for consumer group tests (GROUP_FLAGS)."""
    b = _start_checked(sb.Broker(flags=GROUP_FLAGS))
    yield b
    try:
        b.stop_and_check()
    finally:
        b.cleanup()


@pytest.fixture
def raw(broker):
    """A raw connection to the module's broker."""
    with RawConn(broker.host, broker.port) as c:
        yield c
