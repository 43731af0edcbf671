"""deploy/grafana/streambus-dashboard.json and deploy/prometheus/streambus-alerts.yml
only use what a broker exports: every PromQL expression is parsed (metric names apart
from functions, labels, keywords, ranges and Grafana variables), and every metric name
and label it uses must be on a running broker's /metrics after produce, fetch, error,
restart and reload traffic, so that the labelled series exist."""
import json
import os
import signal
import sys
import time
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "clients"))

import datapath_wire as dw  # noqa: E402
from admin_http import scrape, value  # noqa: E402
from broker import Broker  # noqa: E402
from promql_names import dashboard_expressions, names  # noqa: E402
from rawconn import RawConn, create_topics_ok  # noqa: E402

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
DASHBOARD = DEPLOY / "grafana" / "streambus-dashboard.json"
ALERTS = DEPLOY / "prometheus" / "streambus-alerts.yml"
# Labels that Prometheus adds to every series it scrapes.
TARGET_LABELS = {"instance", "job"}
DEADLINE_S = 15.0


def test_parser_tells_metrics_from_functions_labels_and_variables():
    n = names('histogram_quantile(0.99, sum by (le, api) (rate(streambus_request_latency_seconds_bucket'
              '{instance=~"$instance", api!="Fetch"}[$__rate_interval])))')
    assert n.metrics == {"streambus_request_latency_seconds_bucket"}
    assert n.functions == {"histogram_quantile", "sum", "rate"}
    assert n.selector_labels == {"streambus_request_latency_seconds_bucket": {"instance", "api"}}
    assert n.grouping_labels == {"le", "api"}
    n = names('sum without (topic) (a_total offset 5m) / on (instance) group_left(job) b_bytes > bool 3 '
              'and time() - c_seconds{x=~"sum(y)"}')
    assert n.metrics == {"a_total", "b_bytes", "c_seconds"}
    assert n.grouping_labels == {"topic", "instance", "job"}
    assert names("label_values(streambus_partitions, instance)").metrics == {"streambus_partitions", "instance"}
    with pytest.raises(ValueError):
        names("rte(streambus_x_total[5m])")
    with pytest.raises(ValueError):
        names("sum(rate(streambus_x_total[5m])")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """{metric name: its label names} of a broker that has done everything the dashboard
    charts: a clean restart (log recoveries), a SIGHUP (reloads), produce and fetch
    (topic counters, fsync) and an error."""
    data_dir = tmp_path_factory.mktemp("dashboard-data")
    config = tmp_path_factory.mktemp("dashboard-config") / "streambus.yaml"
    config.write_text("max.connections: 100\n")
    first = Broker(data_dir=data_dir, extra_args=["--config", str(config)])
    try:
        first.start()
        create_topics_ok(first, [("charted", 2, 1)])
        with RawConn(first.host, first.port) as c:
            assert dw.produce_one(c, "charted", dw.build_batch(dw.simple_records([b"a", b"b"])))["error_code"] == 0
        first.stop_and_check()
    finally:
        first.cleanup()
    b = Broker(data_dir=data_dir, extra_args=["--config", str(config)])
    try:
        b.start()
        dw.wait_until_ready(b)
        b.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + DEADLINE_S
        while value(scrape(b), "streambus_config_reloads_total", result="applied") != 1:
            assert time.monotonic() < deadline, b.describe()
            time.sleep(0.05)
        with RawConn(b.host, b.port) as c:
            assert dw.produce_one(c, "charted", dw.build_batch(dw.simple_records([b"c"])), acks=-1)["error_code"] == 0
            assert dw.fetch_partition(c, "charted", partition=0)["error_code"] == 0
            assert dw.produce_one(c, "charted", dw.build_batch(dw.simple_records([b"d"])), partition=9)[
                "error_code"] == 3
        samples = scrape(b)
        b.stop_and_check()
    finally:
        b.cleanup()
    series = {}
    for name, labels in samples:
        series.setdefault(name, set()).update(k for k, _ in labels)
    return series


def test_dashboard_is_valid_grafana_json():
    dashboard = json.loads(DASHBOARD.read_text())
    assert dashboard["uid"] == "streambus" and dashboard["title"] == "StreamBus"
    titles = [p["title"] for p in dashboard["panels"]]
    assert len(titles) == len(set(titles)), "panel titles repeat"
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    variables = {v["name"] for v in dashboard["templating"]["list"]}
    for title, expr in dashboard_expressions(dashboard):
        for var in ("$instance",):
            if var in expr:
                assert var[1:] in variables, (title, expr)


def check(title, expr, exported, prometheus_names=frozenset()):
    """The metric names of `expr` and what is wrong with them: metrics not exported,
    selector labels or grouping labels that no series of its metrics has."""
    n = names(expr)
    metrics = n.metrics - prometheus_names
    problems = []
    for metric in metrics:
        if metric not in exported:
            problems.append(f"{title}: {metric} is not exported")
            continue
        for label in n.selector_labels.get(metric, set()) - TARGET_LABELS:
            if label not in exported[metric]:
                problems.append(f"{title}: {metric} has no label {label}")
    known = set().union(*(exported.get(m, set()) for m in metrics)) | TARGET_LABELS
    for label in n.grouping_labels - known:
        problems.append(f"{title}: grouping label {label} is on none of {sorted(metrics)}")
    return metrics, problems


def test_every_metric_and_label_the_dashboard_uses_is_exported(exported):
    dashboard = json.loads(DASHBOARD.read_text())
    expressions = dashboard_expressions(dashboard)
    assert len(expressions) >= 20
    used = set()
    problems = []
    for title, expr in expressions:
        # label_values(metric, label): the second argument is a label name
        metrics, found = check(title, expr, exported, TARGET_LABELS if title.startswith("variable ") else set())
        used |= metrics
        problems += found
    assert problems == []
    # What the dashboard must chart (the operations guide promises these panels).
    for required in ("streambus_topic_bytes_in_total", "streambus_topic_bytes_out_total",
                     "streambus_request_latency_seconds_bucket", "streambus_requests_total",
                     "streambus_active_connections", "streambus_partitions", "streambus_partition_log_size_bytes",
                     "streambus_storage_fsync_latency_seconds_bucket", "streambus_process_resident_memory_bytes",
                     "streambus_process_cpu_seconds_total"):
        assert required in used, required


def test_alert_rules_use_exported_metrics(exported):
    rules = yaml.safe_load(ALERTS.read_text())
    alerts = [r for g in rules["groups"] for r in g["rules"]]
    assert len(alerts) >= 8
    assert len({a["alert"] for a in alerts}) == len(alerts)
    problems = []
    for a in alerts:
        assert a["labels"]["severity"] in ("critical", "warning", "info"), a
        assert a["annotations"]["summary"], a
        # `up` is made by Prometheus for every target, not by the broker.
        _, found = check(a["alert"], a["expr"], exported, {"up"})
        problems += found
    assert problems == []
    scrape_config = yaml.safe_load((ALERTS.parent / "prometheus.yml").read_text())
    assert scrape_config["rule_files"] == [ALERTS.name]
    [job] = scrape_config["scrape_configs"]
    assert (job["job_name"], job["metrics_path"]) == ("streambus", "/metrics")
    assert any("job=\"streambus\"" in a["expr"] for a in alerts)
