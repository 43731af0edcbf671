"""Runs the `streambus` command-line tool against a test broker and checks how it ended."""
import subprocess

import broker as sb

CLI_DEADLINE_S = 60.0
# Short enough that tests against an unreachable broker stay quick.
UNREACHABLE_TIMEOUT_MS = 1000


def run(args, input=None, timeout=CLI_DEADLINE_S):
    """Runs `streambus <args>`; `input` (text) is its stdin."""
    return subprocess.run([sb.streambus_bin(), *args], capture_output=True, text=True, timeout=timeout,
                          env=sb.broker_env(), input=input,
                          stdin=None if input is not None else subprocess.DEVNULL)


def ok_bytes(args):
    """Runs a command that must succeed; returns its stdout as bytes, untouched (text
    mode would turn a carriage return into a newline)."""
    proc = subprocess.run([sb.streambus_bin(), *args], capture_output=True, timeout=CLI_DEADLINE_S,
                          env=sb.broker_env(), stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"streambus {args} exited {proc.returncode}\nstderr={proc.stderr!r}"
    return proc.stdout


def on(b, *args):
    """The arguments for a command against broker `b`."""
    return [*args, "--brokers", b.bootstrap]


def ok(args, input=None):
    """Runs a command that must succeed silently on stderr; returns its stdout."""
    proc = run(args, input=input)
    assert proc.returncode == 0, f"streambus {args} exited {proc.returncode}\nstdout={proc.stdout!r}\nstderr={proc.stderr!r}"
    assert proc.stderr == "", f"streambus {args} wrote to stderr: {proc.stderr!r}"
    return proc.stdout


def failed(args, code=1, input=None):
    """Runs a command that must fail with `code` and one line on stderr; returns
    (stdout, that line)."""
    proc = run(args, input=input)
    assert proc.returncode == code, (f"streambus {args} exited {proc.returncode}, want {code}\n"
                                     f"stdout={proc.stdout!r}\nstderr={proc.stderr!r}")
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, f"want one stderr line, got {lines!r}"
    return proc.stdout, lines[0]


def table(*rows):
    """The text of an aligned table (columns two spaces apart, no trailing blanks)."""
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for r in rows:
        cells = [str(c).ljust(widths[i]) if i + 1 < len(r) else str(c) for i, c in enumerate(r)]
        lines.append("  ".join(cells))
    return "\n".join(lines) + "\n"
