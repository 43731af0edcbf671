"""`streambus topic create|list|describe|delete` against a real broker, with exact output."""
import json

import cli_support as cli
import expect as ex


def test_create_prints_one_row_per_topic(broker):
    out = cli.ok(cli.on(broker, "topic", "create", "create-a", "create-bb", "-p", "3"))
    assert out == ("TOPIC      STATUS\n"
                   "create-a   OK\n"
                   "create-bb  OK\n")


def test_create_uses_broker_defaults_without_counts(broker):
    cli.ok(cli.on(broker, "topic", "create", "create-default"))
    got = json.loads(cli.ok(cli.on(broker, "topic", "describe", "create-default", "--json")))
    # num.partitions and default.replication.factor are 1 by default.
    assert (len(got["partitions"]), got["replicas"]) == (1, 1)


def test_create_existing_topic_fails(broker):
    cli.ok(cli.on(broker, "topic", "create", "create-twice"))
    out, err = cli.failed(cli.on(broker, "topic", "create", "create-twice"))
    assert out == ""
    assert err == ("streambus: cannot create topic \"create-twice\": "
                   "Topic 'create-twice' already exists (TOPIC_ALREADY_EXISTS)")


def test_create_reports_each_failure_and_creates_the_rest(broker):
    cli.ok(cli.on(broker, "topic", "create", "create-mixed-old"))
    out, err = cli.failed(cli.on(broker, "topic", "create", "create-mixed-new", "create-mixed-old"))
    assert out == ("TOPIC             STATUS\n"
                   "create-mixed-new  OK\n")
    assert err == ("streambus: cannot create topic \"create-mixed-old\": "
                   "Topic 'create-mixed-old' already exists (TOPIC_ALREADY_EXISTS)")
    assert "create-mixed-new" in _topic_names(broker)


def test_create_dry_run_creates_nothing(broker):
    out = cli.ok(cli.on(broker, "topic", "create", "create-dry", "--dry-run"))
    assert out == "TOPIC       STATUS\ncreate-dry  OK\n"
    assert "create-dry" not in _topic_names(broker)


def test_create_with_invalid_partition_count_fails(broker):
    out, err = cli.failed(cli.on(broker, "topic", "create", "create-zero", "-p", "0"))
    assert err == ("streambus: cannot create topic \"create-zero\": "
                   "Number of partitions was set to an invalid non-positive value (INVALID_PARTITIONS)")


def _topic_names(b):
    return [t["name"] for t in json.loads(cli.ok(cli.on(b, "topic", "list", "--json")))]


def test_list_text_and_json(broker_factory):
    b = broker_factory()
    assert cli.ok(cli.on(b, "topic", "list")) == "NAME  PARTITIONS  REPLICAS\n"
    cli.ok(cli.on(b, "topic", "create", "zeta", "-p", "2"))
    cli.ok(cli.on(b, "topic", "create", "alpha-longer-name", "-p", "12"))
    assert cli.ok(cli.on(b, "topic", "list")) == ("NAME               PARTITIONS  REPLICAS\n"
                                                  "alpha-longer-name  12          1\n"
                                                  "zeta               2           1\n")
    assert json.loads(cli.ok(cli.on(b, "topic", "list", "--json"))) == [
        {"name": "alpha-longer-name", "partitions": 12, "replicas": 1},
        {"name": "zeta", "partitions": 2, "replicas": 1},
    ]


def test_list_hides_internal_topics_unless_asked(broker_factory):
    b = broker_factory()
    cli.ok(cli.on(b, "topic", "create", "__internal-like", "visible"))
    assert cli.ok(cli.on(b, "topic", "list")) == ("NAME     PARTITIONS  REPLICAS\n"
                                                  "visible  1           1\n")
    assert cli.ok(cli.on(b, "topic", "list", "--internal")) == ("NAME             PARTITIONS  REPLICAS\n"
                                                                "__internal-like  1           1\n"
                                                                "visible          1           1\n")


def test_describe_text(broker):
    cli.ok(cli.on(broker, "topic", "create", "describe-me", "-p", "3"))
    n = ex.NODE_ID
    assert cli.ok(cli.on(broker, "topic", "describe", "describe-me")) == (
        "NAME        describe-me\n"
        "PARTITIONS  3\n"
        "REPLICAS    1\n"
        "\n"
        "PARTITION  LEADER  REPLICAS  ISR\n"
        f"0          {n}       [{n}]       [{n}]\n"
        f"1          {n}       [{n}]       [{n}]\n"
        f"2          {n}       [{n}]       [{n}]\n")


def test_describe_json(broker):
    cli.ok(cli.on(broker, "topic", "create", "describe-json", "-p", "2"))
    n = ex.NODE_ID
    assert json.loads(cli.ok(cli.on(broker, "topic", "describe", "describe-json", "--json"))) == {
        "name": "describe-json",
        "replicas": 1,
        "partitions": [{"partition": p, "leader": n, "replicas": [n], "isr": [n]} for p in range(2)],
    }


def test_describe_unknown_topic_fails(broker):
    out, err = cli.failed(cli.on(broker, "topic", "describe", "no-such-topic"))
    assert (out, err) == ("", "streambus: topic \"no-such-topic\" does not exist")


def test_delete(broker):
    cli.ok(cli.on(broker, "topic", "create", "delete-a", "delete-b"))
    out = cli.ok(cli.on(broker, "topic", "delete", "delete-a", "delete-b"))
    assert out == "TOPIC     STATUS\ndelete-a  OK\ndelete-b  OK\n"
    names = _topic_names(broker)
    assert "delete-a" not in names and "delete-b" not in names


def test_delete_unknown_topic_fails(broker):
    cli.ok(cli.on(broker, "topic", "create", "delete-known"))
    out, err = cli.failed(cli.on(broker, "topic", "delete", "delete-known", "delete-unknown"))
    assert out == "TOPIC         STATUS\ndelete-known  OK\n"
    assert err == ("streambus: cannot delete topic \"delete-unknown\": "
                   "Broker: Unknown topic or partition (UNKNOWN_TOPIC_OR_PART)")
