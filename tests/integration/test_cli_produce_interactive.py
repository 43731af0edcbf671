"""`streambus produce` while its input is still open: a line typed on a terminal is
acknowledged (and, with -v, reported) without waiting for the next one, and records the
brokers do not acknowledge within --timeout-ms after the input ends make the command fail
with one line."""
import os
import select
import signal
import subprocess
import time

import pytest

import broker as sb
import cli_support as cli

# Bounds how long a test waits for an expected line before it fails; never a measure of
# speed.
LINE_DEADLINE_S = 30.0
CTRL_D = b"\x04"


def _topic(b, name):
    cli.ok(cli.on(b, "topic", "create", name, "-p", "1"))
    return name


def _start_produce(b, topic, *args, stdin):
    """Starts `streambus produce` with stdout and stderr unbuffered pipes, so that the test
    reads exactly the lines written so far."""
    return subprocess.Popen([sb.streambus_bin(), *cli.on(b, "produce", topic, *args)], stdin=stdin,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0, env=sb.broker_env())


def _read_line(stream):
    """The next line of `stream`, read a byte at a time so that nothing after it is taken
    from the pipe (communicate() reads the rest)."""
    deadline = time.monotonic() + LINE_DEADLINE_S
    got = b""
    while not got.endswith(b"\n"):
        left = deadline - time.monotonic()
        ready, _, _ = select.select([stream], [], [], max(left, 0))
        assert ready, f"no whole line within {LINE_DEADLINE_S} s, got {got!r}"
        byte = stream.read(1)
        assert byte, f"the output ended after {got!r}"
        got += byte
    return got.decode()


def _finish(proc):
    """Waits for the command to exit; returns (exit code, rest of stdout, stderr)."""
    out, err = proc.communicate(timeout=cli.CLI_DEADLINE_S)
    return proc.returncode, out.decode(), err.decode()


def _kill_if_running(proc):
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def _records(b, topic):
    return cli.ok(cli.on(b, "consume", topic, "-e", "-f", "%o|%k|%v|%h\\n"))


@pytest.mark.parametrize("acks,at_offset", [("all", " at offset {}"), ("0", "")])
def test_each_typed_line_is_reported_before_the_next(broker, acks, at_offset):
    """stdin is a terminal: each line reaches the command on its own, and its delivery line
    must come out while the command waits for the next one. Ctrl-D ends the input. With
    --acks 0 the broker does not answer, and a record counts as delivered once sent."""
    t = _topic(broker, f"pi-tty-acks-{acks}")
    terminal, command_side = os.openpty()
    proc = _start_produce(broker, t, "-p", "0", "-K", ":", "-H", "via=tty", "--acks", acks, "-v", stdin=command_side)
    os.close(command_side)
    try:
        os.write(terminal, b"k1:first\n")
        assert _read_line(proc.stdout) == f"line 1 produced to {t}/0{at_offset.format(0)}\n"
        os.write(terminal, b"k2:second\n")
        assert _read_line(proc.stdout) == f"line 2 produced to {t}/0{at_offset.format(1)}\n"
        os.write(terminal, CTRL_D)
        assert _finish(proc) == (0, "", "")
    finally:
        _kill_if_running(proc)
        os.close(terminal)
    assert _records(broker, t) == "0|k1|first|via=tty\n1|k2|second|via=tty\n"


def test_a_line_from_a_pipe_is_reported_while_the_pipe_stays_open(broker):
    """The same through a pipe, whose writer keeps it open: the report of the first line
    must not wait for the second line or the end of the input."""
    t = _topic(broker, "pi-pipe")
    proc = _start_produce(broker, t, "-p", "0", "-v", stdin=subprocess.PIPE)
    try:
        proc.stdin.write(b"first\n")
        assert _read_line(proc.stdout) == f"line 1 produced to {t}/0 at offset 0\n"
        proc.stdin.write(b"second")  # the last line needs no newline
        assert _finish(proc) == (0, f"line 2 produced to {t}/0 at offset 1\n", "")
    finally:
        _kill_if_running(proc)
    assert _records(broker, t) == "0||first|\n1||second|\n"


def _second_line_to_a_stopped_broker(b, topic, *args, first_report):
    """Runs `produce -p 0 -v` with stdin a pipe: writes a line and waits for its report
    (`first_report`), stops the broker (SIGSTOP: its connections stay open, nothing is
    answered), writes a second line, ends the input and waits for the command to exit,
    then resumes the broker. Returns (exit code, rest of stdout, stderr)."""
    proc = _start_produce(b, topic, "-p", "0", "-v", *args, stdin=subprocess.PIPE)
    try:
        proc.stdin.write(b"first\n")
        assert _read_line(proc.stdout) == first_report
        b.send_signal(signal.SIGSTOP)
        try:
            proc.stdin.write(b"second\n")
            return _finish(proc)  # closes stdin: the input ends
        finally:
            b.send_signal(signal.SIGCONT)
    finally:
        _kill_if_running(proc)


# What the topic holds after the broker resumes, when the command gave up on the second
# record: the first record at offset 0, surely. The second one had been written to the
# connection before the command gave up, and a record not acknowledged is not a record
# not written: the resumed broker appends it (at offset 1) but may not have done so yet
# when the topic is read. It can hold nothing else.
FIRST_AND_MAYBE_SECOND = ("0||first|\n", "0||first|\n1||second|\n")


def test_records_not_acknowledged_within_the_timeout(broker_factory):
    """The record sent after the broker stopped is not acknowledged: --timeout-ms after the
    input ends the command fails with how many records are missing, having reported only
    the first line. librdkafka's own message.timeout.ms (300 s) is longer, so it is the
    command that gives up."""
    b = broker_factory()
    t = _topic(b, "pi-stopped")
    result = _second_line_to_a_stopped_broker(b, t, "--timeout-ms", "2000",
                                              first_report=f"line 1 produced to {t}/0 at offset 0\n")
    assert result == (1, "", "streambus: 1 record not delivered within 2000 ms\n")
    assert _records(b, t) in FIRST_AND_MAYBE_SECOND


def test_records_librdkafka_gives_up_on(broker_factory):
    """When librdkafka's message.timeout.ms is the shorter wait, librdkafka fails the record
    itself: the command says how many of the records failed and why."""
    b = broker_factory()
    t = _topic(b, "pi-stopped-message-timeout")
    # --timeout-ms only bounds the test: the record fails after 1 s, and the command then
    # has nothing left to wait for.
    result = _second_line_to_a_stopped_broker(b, t, "-X", "message.timeout.ms=1000", "--timeout-ms", "60000",
                                              first_report=f"line 1 produced to {t}/0 at offset 0\n")
    assert result == (1, "", f"streambus: 1 of 2 records not delivered to \"{t}\": "
                             "Local: Message timed out (_MSG_TIMED_OUT)\n")
    assert _records(b, t) in FIRST_AND_MAYBE_SECOND


def test_acks_0_counts_a_record_as_delivered_once_sent(broker_factory):
    """With --acks 0 nothing comes back from the broker, so a record is delivered as soon as
    it is written to the connection, stopped broker or not: the command reports both lines
    and succeeds, and the resumed broker appends what was sent."""
    b = broker_factory()
    t = _topic(b, "pi-stopped-acks-0")
    result = _second_line_to_a_stopped_broker(b, t, "--acks", "0", "--timeout-ms", "2000",
                                              first_report=f"line 1 produced to {t}/0\n")
    assert result == (0, f"line 2 produced to {t}/0\n", "")
    # -n 2 waits for the second record, which the broker reads once it resumes.
    assert cli.ok(cli.on(b, "consume", t, "-n", "2", "-f", "%o|%v\\n")) == "0|first\n1|second\n"
    assert _records(b, t) == "0||first|\n1||second|\n"


def test_records_the_broker_refuses(broker):
    t = "pi-refused"
    cli.ok(cli.on(broker, "topic", "create", t, "-c", "max.message.bytes=100"))
    out, err = cli.failed(cli.on(broker, "produce", t, "-v"), input="x" * 200 + "\n")
    assert (out, err) == ("", f"streambus: 1 of 1 records not delivered to \"{t}\": "
                              "Broker: Message size too large (MSG_SIZE_TOO_LARGE)")
    assert _records(broker, t) == ""


def test_lines_across_read_blocks(broker, tmp_path):
    """Input is read in blocks of 64 KiB: lines of every length, some longer than a block,
    arrive whole from a file and from a pipe, a line of exactly --max-record-bytes is
    accepted, and one byte more stops the command after the lines before it."""
    t = _topic(broker, "pi-blocks")
    longest = 70000
    values = [f"{i}:" + "v" * n for i, n in enumerate([0, 1, 100, 5000, 65536, longest - 3, 3] * 4)]
    assert max(map(len, values)) == longest
    text = "".join(f"{v}\n" for v in values)
    path = tmp_path / "records.txt"
    path.write_text(text)
    limit = ["--max-record-bytes", str(longest)]
    assert cli.ok(cli.on(broker, "produce", t, "-p", "0", "--file", str(path), *limit)) == ""
    assert cli.ok(cli.on(broker, "produce", t, "-p", "0", *limit), input=text) == ""
    assert cli.ok(cli.on(broker, "consume", t, "-e", "-f", "%v\\n")) == text * 2

    t = _topic(broker, "pi-blocks-too-long")
    out, err = cli.failed(cli.on(broker, "produce", t, "-p", "0", *limit), input=text + "x" * (longest + 1) + "\n")
    assert (out, err) == ("", f"streambus: line {len(values) + 1} is longer than --max-record-bytes ({longest})")
    assert cli.ok(cli.on(broker, "consume", t, "-e", "-f", "%v\\n")) == text
