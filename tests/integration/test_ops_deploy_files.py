"""deploy/docker/Dockerfile and deploy/kubernetes/streambus.yaml against a real broker:
the image's and the pod's STREAMBUS_* settings start a broker without a warning, the
image's HEALTHCHECK command (run as Docker runs it) fails while recovery holds readiness
back and passes once the broker is ready, and every Kubernetes probe path answers 200 on
the port it names. The files' shape is checked too: a multi-stage Debian 12 build, a
non-root user with a data volume, ports 9092 and 8080, a StatefulSet with liveness,
readiness and startup probes behind a headless and a client Service."""
import json
import re
import shlex
import subprocess
import time
from pathlib import Path

import yaml

from admin_http import call

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
DOCKERFILE = DEPLOY / "docker" / "Dockerfile"
KUBERNETES = DEPLOY / "kubernetes" / "streambus.yaml"
DEADLINE_S = 30.0
ADDRESS_SETTINGS = {"STREAMBUS_KAFKA_ADDR", "STREAMBUS_ADMIN_ADDR", "STREAMBUS_DATA_DIR"}


def instructions(path):
    """[(INSTRUCTION, arguments)] of a Dockerfile, continuation lines joined."""
    out = []
    text = re.sub(r"\\\n", " ", path.read_text())
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            out.append((word.upper(), rest.strip()))
    return out


def stages(path):
    """[[(INSTRUCTION, arguments)] of each stage], split at FROM."""
    out = []
    for ins in instructions(path):
        if ins[0] == "FROM":
            out.append([])
        out[-1].append(ins)
    return out


def image_env():
    [env] = [args for word, args in stages(DOCKERFILE)[-1] if word == "ENV"]
    return dict(item.split("=", 1) for item in shlex.split(env))


def kubernetes_documents():
    return {doc["kind"] + "/" + doc["metadata"]["name"]: doc for doc in yaml.safe_load_all(KUBERNETES.read_text())}


def pod_container():
    [container] = kubernetes_documents()["StatefulSet/streambus"]["spec"]["template"]["spec"]["containers"]
    return container


def serving_settings(env):
    """The deployment's STREAMBUS_* settings for a test broker: its own data directory
    and ports come from the harness's flags, which win over the environment."""
    return {k: v for k, v in env.items() if k.startswith("STREAMBUS_")}


def assert_settings_accepted(b, env):
    """Every variable names a setting (the broker warns about one that does not), and
    every value is valid (an invalid one stops the broker before it is ready)."""
    log = b.stderr_text()
    assert "names no setting" not in log, log
    assert b.proc.poll() is None
    assert len(env) >= 4


def test_dockerfile_builds_on_debian_12_and_runs_as_a_non_root_user_with_a_volume():
    build, run = stages(DOCKERFILE)
    assert build[0] == ("FROM", "debian:12 AS build")
    assert run[0][1].startswith("debian:12")
    words = dict(run)
    assert words["USER"] == "streambus"
    assert re.search(r"useradd --system --uid 10001 .* streambus", words["RUN"])
    assert words["VOLUME"] == "/var/lib/streambus"
    assert words["EXPOSE"].split() == ["9092", "8080"]
    assert any(w == "COPY" and a.startswith("--from=build ") for w, a in run)
    assert image_env()["STREAMBUS_DATA_DIR"] == words["VOLUME"]
    assert image_env()["STREAMBUS_KAFKA_ADDR"].endswith(":9092")
    assert image_env()["STREAMBUS_ADMIN_ADDR"].endswith(":8080")


def healthcheck_argv(b):
    """The image's HEALTHCHECK command as Docker runs it (exec form), pointed at `b`."""
    [check] = [args for word, args in stages(DOCKERFILE)[-1] if word == "HEALTHCHECK"]
    argv = json.loads(check[check.index("CMD ") + 4:])
    return [a.replace("127.0.0.1/8080", f"{b.host}/{b.admin_port}") for a in argv]


def test_image_healthcheck_follows_readiness(broker_factory, tmp_path):
    hold = tmp_path / "hold-recovery"
    hold.write_text("")
    env = serving_settings(image_env())
    b = broker_factory(env=env, flags={"--testing-recovery-hold-file": str(hold)})
    assert_settings_accepted(b, env)
    argv = healthcheck_argv(b)
    assert any(f"{b.host}/{b.admin_port}" in a for a in argv), argv
    # Readiness is held back: the check fails, as Docker would see it.
    assert call(b, "GET", "/health/ready")[0] == 503
    held = subprocess.run(argv, capture_output=True, timeout=10)
    assert (held.returncode, held.stderr) == (1, b""), held  # the answer was not 200
    hold.unlink()
    deadline = time.monotonic() + DEADLINE_S
    while call(b, "GET", "/health/ready")[0] != 200:
        assert time.monotonic() < deadline, b.describe()
        time.sleep(0.05)
    ready = subprocess.run(argv, capture_output=True, timeout=10)
    assert ready.returncode == 0, ready


def test_kubernetes_statefulset_has_probes_on_the_admin_port_and_two_services():
    docs = kubernetes_documents()
    assert set(docs) == {"Service/streambus-headless", "Service/streambus", "StatefulSet/streambus"}
    sts = docs["StatefulSet/streambus"]["spec"]
    assert sts["serviceName"] == "streambus-headless"
    assert docs["Service/streambus-headless"]["spec"]["clusterIP"] == "None"
    pod = sts["template"]["spec"]
    assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] == 10001
    # Longer than shutdown.timeout.ms (30 s), so that SIGTERM's drain and fsync finish.
    assert pod["terminationGracePeriodSeconds"] > 30
    container = pod_container()
    ports = {p["name"]: p["containerPort"] for p in container["ports"]}
    assert ports == {"kafka": 9092, "admin": 8080}
    for name in ("Service/streambus-headless", "Service/streambus"):
        service = docs[name]["spec"]
        assert service["selector"] == sts["selector"]["matchLabels"] == sts["template"]["metadata"]["labels"]
        assert {(p["port"], p["targetPort"]) for p in service["ports"]} == {(9092, "kafka"), (8080, "admin")}
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        assert container[probe]["httpGet"]["port"] == "admin", probe
    assert container["readinessProbe"]["httpGet"]["path"] == "/health/ready"
    assert container["livenessProbe"]["httpGet"]["path"] == "/health/live"
    [mount] = container["volumeMounts"]
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert mount["mountPath"] == env["STREAMBUS_DATA_DIR"]
    assert {e["name"] for e in container["env"]} >= ADDRESS_SETTINGS


def test_kubernetes_settings_start_a_broker_whose_probes_answer_200(broker_factory):
    container = pod_container()
    env = {e["name"]: e["value"] for e in container["env"] if "value" in e}
    env = {k: v.replace("$(POD_NAME)", "streambus-0") for k, v in serving_settings(env).items()}
    b = broker_factory(env=env)
    assert_settings_accepted(b, env)
    deadline = time.monotonic() + DEADLINE_S
    while call(b, "GET", "/health/ready")[0] != 200:
        assert time.monotonic() < deadline, b.describe()
        time.sleep(0.05)
    for probe in ("livenessProbe", "readinessProbe", "startupProbe"):
        status, _, _ = call(b, "GET", container[probe]["httpGet"]["path"])
        assert status == 200, probe
    # The advertised address is the pod's stable name behind the headless Service.
    status, _, brokers = call(b, "GET", "/v1/brokers")
    assert status == 200
    assert (brokers["brokers"][0]["host"], brokers["brokers"][0]["port"]) == ("streambus-0.streambus-headless", 9092)
