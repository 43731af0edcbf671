"""`streambus topic add-partitions` against a real broker (CreatePartitions through
librdkafka), with exact output: the topics grow, produce/consume use the new
partitions, and each refusal names the topic and the broker's reason."""
import json

import cli_support as cli
from test_cli_usage import INVALID_VALUE


def _partitions(b, topic):
    return len(json.loads(cli.ok(cli.on(b, "topic", "describe", topic, "--json")))["partitions"])


def test_adds_partitions_to_each_topic(broker):
    cli.ok(cli.on(broker, "topic", "create", "grow-a", "-p", "1"))
    cli.ok(cli.on(broker, "topic", "create", "grow-bb", "-p", "3"))
    out = cli.ok(cli.on(broker, "topic", "add-partitions", "grow-a", "grow-bb", "-n", "2"))
    assert out == ("TOPIC    STATUS\n"
                   "grow-a   OK\n"
                   "grow-bb  OK\n")
    assert (_partitions(broker, "grow-a"), _partitions(broker, "grow-bb")) == (3, 5)


def test_new_partitions_take_records_at_once(broker):
    cli.ok(cli.on(broker, "topic", "create", "grow-used", "-p", "1"))
    cli.ok(cli.on(broker, "topic", "add-partitions", "grow-used", "-n", "1"))
    cli.ok(cli.on(broker, "produce", "grow-used", "-p", "1"), input="first\nsecond\n")
    out = cli.ok(cli.on(broker, "consume", "grow-used", "-p", "1", "-e", "-f", "%p@%o %s\n"))
    assert out == "1@0 first\n1@1 second\n"


def test_unknown_topic_fails_before_asking_the_broker(broker):
    out, err = cli.failed(cli.on(broker, "topic", "add-partitions", "grow-missing", "-n", "1"))
    assert (out, err) == ("", "streambus: topic \"grow-missing\" does not exist")


def test_count_must_be_positive(broker):
    cli.ok(cli.on(broker, "topic", "create", "grow-zero"))
    out, err = cli.failed(cli.on(broker, "topic", "add-partitions", "grow-zero", "-n", "0"), code=INVALID_VALUE)
    assert out == ""
    assert err == "streambus: --num: Value 0 not in range 1 to 100000; see `streambus topic add-partitions --help`"
    assert _partitions(broker, "grow-zero") == 1


def test_broker_limit_is_reported(broker_factory):
    b = broker_factory(flags={"--topic-partitions-max": "4"})
    cli.ok(cli.on(b, "topic", "create", "grow-limited", "-p", "3"))
    out, err = cli.failed(cli.on(b, "topic", "add-partitions", "grow-limited", "-n", "2"))
    assert out == ""
    assert err == ("streambus: cannot add partitions to topic \"grow-limited\": "
                   "Number of partitions 5 is above the limit of 4 (topic.partitions.max) (INVALID_PARTITIONS)")
    assert _partitions(b, "grow-limited") == 3
