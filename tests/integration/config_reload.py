"""Writing the broker's config file and reloading it with SIGHUP."""
import signal
import time

from admin_http import scrape, value

RELOAD_DEADLINE_S = 30.0


def write_config(path, settings):
    path.write_text("".join(f"{k}: {v}\n" for k, v in settings.items()))


def reloads(b, result):
    return value(scrape(b), "streambus_config_reloads_total", result=result)


def sighup_and_wait(b, result="applied"):
    """Sends SIGHUP and waits until the broker has counted the reload (`result` is
    "applied" or "refused"): the count follows the appliers, so by then every dynamic
    setting that changed is in force."""
    before = reloads(b, result)
    b.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + RELOAD_DEADLINE_S
    while reloads(b, result) != before + 1:
        assert time.monotonic() < deadline, f"no {result} reload counted\n{b.describe()}"
        time.sleep(0.05)
