"""deploy/grafana/streambus-dashboard.json and deploy/prometheus/streambus-alerts.yml
only use what a broker exports: every PromQL expression is parsed (metric names apart
from functions, labels, keywords, ranges and Grafana variables), and every metric name
and label it uses must be on a running broker's /metrics after produce, fetch, error,
restart and reload traffic, so that the labelled series exist. The consumer-group panels
are evaluated over a scrape where groups have committed offsets behind the high
watermark, and must give exactly the lag the clients left."""
import json
import os
import re
import signal
import sys
import time
from pathlib import Path

import pytest
import yaml
from confluent_kafka import Consumer, TopicPartition

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "clients"))

import datapath_wire as dw  # noqa: E402
from admin_http import scrape, value  # noqa: E402
from broker import Broker  # noqa: E402
from promql_names import dashboard_expressions, evaluate, label_values, names  # noqa: E402
from rawconn import RawConn, create_topics_ok  # noqa: E402

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
DASHBOARD = DEPLOY / "grafana" / "streambus-dashboard.json"
ALERTS = DEPLOY / "prometheus" / "streambus-alerts.yml"
# Labels that Prometheus adds to every series it scrapes.
TARGET_LABELS = {"instance", "job"}
DEADLINE_S = 15.0
# What the fixture's groups commit on topic "charted" (partition: offset), and the high
# watermarks it leaves: partition 0 holds a, b, c and partition 1 holds e, f.
HIGH_WATERMARKS = {0: 3, 1: 2}
COMMITS = {"charted-lagging": {0: 1, 1: 1}, "charted-caught-up": {0: 3}}


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


def test_evaluator_selects_groups_and_aggregates_like_prometheus():
    samples = {("m", frozenset({("g", "a"), ("p", "0")})): 2.0, ("m", frozenset({("g", "a"), ("p", "1")})): 5.0,
               ("m", frozenset({("g", "b"), ("p", "0")})): 1.0, ("n", frozenset({("g", "a")})): 9.0}
    assert evaluate('max by (g) (m{instance=~"$i", g=~"$g"})', samples, {"i": ".*", "g": ".*"}) == {
        frozenset({("g", "a")}): 5.0, frozenset({("g", "b")}): 1.0}
    assert evaluate('sum by (g) (m{g=~"$g"})', samples, {"g": "a"}) == {frozenset({("g", "a")}): 7.0}
    assert evaluate('m{g!="a",p="0"}', samples, {}) == {frozenset({("g", "b"), ("p", "0")}): 1.0}
    assert evaluate('sum by (g) (m{instance=~"x"})', samples, {}) == {}
    assert label_values('label_values(m{p="0"}, g)', samples, {}) == {"a", "b"}
    with pytest.raises(ValueError):
        evaluate('m{g=~"$missing"}', samples, {})
    with pytest.raises(ValueError):
        evaluate('rate(m[5m])', samples, {})


def commit_offsets(b, group, offsets):
    consumer = Consumer({"bootstrap.servers": b.bootstrap, "group.id": group, "enable.auto.commit": False})
    try:
        done = consumer.commit(offsets=[TopicPartition("charted", p, o) for p, o in offsets.items()],
                               asynchronous=False)
        assert [(tp.partition, tp.offset, tp.error) for tp in done] == [(p, o, None) for p, o in offsets.items()]
        for p, hw in HIGH_WATERMARKS.items():
            assert consumer.get_watermark_offsets(TopicPartition("charted", p), timeout=10) == (0, hw)
    finally:
        consumer.close()


@pytest.fixture(scope="module")
def scraped(tmp_path_factory):
    """One /metrics scrape of a broker that has done everything the dashboard charts: a
    clean restart (log recoveries), a SIGHUP (reloads), produce and fetch (topic counters,
    fsync), an error, and consumer groups that committed offsets behind the high
    watermark (lag)."""
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
            assert dw.produce_one(c, "charted", dw.build_batch(dw.simple_records([b"e", b"f"])), partition=1)[
                "error_code"] == 0
        for group, offsets in COMMITS.items():
            commit_offsets(b, group, offsets)
        samples = scrape(b)
        b.stop_and_check()
    finally:
        b.cleanup()
    return samples


@pytest.fixture(scope="module")
def exported(scraped):
    """{metric name: its label names} of the scrape."""
    series = {}
    for name, labels in scraped:
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
        for var in ("$instance", "$group"):
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
        # label_values(selector, label): the second argument is a label name, which the
        # selector's metric must have
        labelled = re.fullmatch(r"label_values\((.*), *([A-Za-z_]+)\)", expr)
        if labelled:
            expr, label = labelled.groups()
            metric = names(expr).metrics
            assert len(metric) == 1 and label in exported.get(next(iter(metric)), set()) | TARGET_LABELS, title
        metrics, found = check(title, expr, exported)
        used |= metrics
        problems += found
    assert problems == []
    # What the dashboard must chart (the operations guide promises these panels).
    for required in ("streambus_topic_bytes_in_total", "streambus_topic_bytes_out_total",
                     "streambus_request_latency_seconds_bucket", "streambus_requests_total",
                     "streambus_active_connections", "streambus_partitions", "streambus_partition_log_size_bytes",
                     "streambus_storage_fsync_latency_seconds_bucket", "streambus_process_resident_memory_bytes",
                     "streambus_process_cpu_seconds_total", "streambus_consumer_group_lag",
                     "streambus_consumer_group_max_lag"):
        assert required in used, required


def lag_panels():
    dashboard = json.loads(DASHBOARD.read_text())
    [row] = [p for p in dashboard["panels"] if p["type"] == "row" and p["title"] == "Consumer groups"]
    below = [p for p in dashboard["panels"] if p["gridPos"]["y"] > row["gridPos"]["y"] and p["type"] != "row"]
    return dashboard, {p["title"]: p["targets"][0]["expr"] for p in below}


def lags():
    """{(group, partition): lag} that COMMITS leave on topic "charted"."""
    return {(g, p): HIGH_WATERMARKS[p] - o for g, offsets in COMMITS.items() for p, o in offsets.items()}


def test_group_variable_lists_the_groups_with_committed_offsets(scraped):
    dashboard, _ = lag_panels()
    [variable] = [v for v in dashboard["templating"]["list"] if v["name"] == "group"]
    assert variable["includeAll"] and variable["allValue"] == ".*"
    assert label_values(variable["query"]["query"], scraped, {"instance": ".*"}) == set(COMMITS)


@pytest.mark.parametrize("chosen", [".*", "charted-lagging", "charted-caught-up"])
def test_lag_panels_show_exactly_the_lag_the_groups_left(scraped, chosen):
    """Each consumer-group panel, evaluated over the scrape with the Broker variable at
    All and the Consumer group variable at `chosen`, gives every lag exactly."""
    _, panels = lag_panels()
    assert set(panels) == {"Consumer lag by group", "Consumer lag by group and topic", "Consumer lag by partition"}
    variables = {"instance": ".*", "group": chosen}
    picked = {k: v for k, v in lags().items() if re.fullmatch(chosen, k[0])}
    assert picked and max(lags().values()) > 0

    by_group = {}
    for (g, _), lag in picked.items():
        by_group[g] = max(by_group.get(g, 0), lag)
    assert evaluate(panels["Consumer lag by group"], scraped, variables) == {
        frozenset({("group", g)}): float(v) for g, v in by_group.items()}

    by_topic = {}
    for (g, _), lag in picked.items():
        by_topic[g] = by_topic.get(g, 0) + lag
    assert evaluate(panels["Consumer lag by group and topic"], scraped, variables) == {
        frozenset({("group", g), ("topic", "charted")}): float(v) for g, v in by_topic.items()}

    assert evaluate(panels["Consumer lag by partition"], scraped, variables) == {
        frozenset({("group", g), ("topic", "charted"), ("partition", str(p))}): float(v)
        for (g, p), v in picked.items()}


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
