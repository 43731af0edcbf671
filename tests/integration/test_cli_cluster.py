"""`streambus cluster info|health` against a real broker (Kafka API and HTTP admin API)."""
import http.server
import json
import socket
import threading
import urllib.request

import broker as sb
import cli_support as cli
from rawconn import cluster_truth


def test_info_text(broker):
    truth = cluster_truth(broker)
    assert cli.ok(cli.on(broker, "cluster", "info")) == (
        f"CLUSTER     {truth['cluster_id']}\n"
        f"CONTROLLER  {truth['controller_id']}\n"
        "\n"
        + cli.table(("ID", "HOST", "PORT"), (broker.node_id, broker.host, broker.port)))


def test_info_json(broker):
    truth = cluster_truth(broker)
    assert json.loads(cli.ok(cli.on(broker, "cluster", "info", "--json"))) == {
        "cluster_id": truth["cluster_id"],
        "controller": truth["controller_id"],
        "brokers": [{"id": broker.node_id, "host": broker.host, "port": broker.port}],
    }


def _admin_addr(b):
    return f"{b.host}:{b.admin_port}"


def _broker_health(b):
    with urllib.request.urlopen(f"http://{_admin_addr(b)}/health", timeout=10) as r:
        return json.loads(r.read())


def test_health_text(broker):
    health = _broker_health(broker)
    assert health["status"] == "ready"
    rows = [(name, c["state"], c["reason"]) for name, c in sorted(health["components"].items())]
    assert cli.ok(["cluster", "health", "--admin-addr", _admin_addr(broker)]) == (
        "STATUS  ready\n\n" + cli.table(("COMPONENT", "STATE", "REASON"), *rows))
    assert ("kafka", "ready", f"listening on {broker.bootstrap}") in rows


def test_health_json(broker):
    got = json.loads(cli.ok(["cluster", "health", "--admin-addr", _admin_addr(broker), "--json"]))
    assert got == _broker_health(broker)


class _NotReadyAdmin(http.server.BaseHTTPRequestHandler):
    """An admin API whose broker is still starting (what a 503 from /health looks like)."""
    BODY = json.dumps({"status": "not_ready", "components": {
        "kafka": {"state": "starting", "reason": "recovering partitions", "gates_readiness": True}}}).encode()

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.send_response(503 if self.path == "/health" else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.BODY)))
        self.end_headers()
        self.wfile.write(self.BODY)

    def log_message(self, *args):
        pass


def test_health_not_ready_exits_1():
    server = http.server.HTTPServer(("127.0.0.1", 0), _NotReadyAdmin)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        addr = f"127.0.0.1:{server.server_address[1]}"
        out, err = cli.failed(["cluster", "health", "--admin-addr", addr])
        assert out == ("STATUS  not_ready\n\n"
                       "COMPONENT  STATE     REASON\n"
                       "kafka      starting  recovering partitions\n")
        assert err == f"streambus: the broker at {addr} is not ready: kafka is starting (recovering partitions)"
    finally:
        server.shutdown()
        server.server_close()


def test_health_admin_address_not_host_port():
    out, err = cli.failed(["cluster", "health", "--admin-addr", "nonsense"])
    assert (out, err) == ("", 'streambus: admin address "nonsense" is not host:port')


def test_health_refused():
    port = sb.free_port()
    out, err = cli.failed(["cluster", "health", "--admin-addr", f"127.0.0.1:{port}"])
    assert (out, err) == ("", f"streambus: cannot reach the admin API at 127.0.0.1:{port}: Connection refused")


def test_health_no_answer_times_out():
    # A listener that never accepts: the connection completes in the backlog, no answer comes.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        addr = f"127.0.0.1:{silent.getsockname()[1]}"
        out, err = cli.failed(["cluster", "health", "--admin-addr", addr, "--timeout-ms", "500"])
    assert (out, err) == ("", f"streambus: cannot reach the admin API at {addr}: no answer within 500 ms")
