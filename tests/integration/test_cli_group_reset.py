"""`streambus group reset-offsets` on a group without members, with exact output: each of
--to-earliest, --to-latest, --to-offset, --to-datetime and --shift-by, kept within each
partition's range (partition 0's log starts at 1 after DeleteRecords); --topic with and
without partitions; --json; --dry-run; and the errors. Every committed offset is checked
with a second client (kafka-python's KafkaAdminClient), and a consumer of the group
resumes where the reset put it."""
import json

import pytest
from confluent_kafka import Producer

import cli_support as cli
from group_offsets import commit, committed_offsets
from rawconn import delete_records_ok


TOPIC = "rs-orders"
# Partition 0 holds records 0..9, partition 1 records 0..4; record i of either has the
# CreateTime T0 + i minutes. Partition 0's records before offset 1 are deleted.
T0_MS = 1717243200000  # 2024-06-01T12:00:00Z
MINUTE_MS = 60000
ENDS = {0: 10, 1: 5}
LOG_START = {0: 1, 1: 0}
# The offsets each test starts from.
START = {(TOPIC, 0): 5, (TOPIC, 1): 2}
HEADER = ("TOPIC", "PARTITION", "CURRENT-OFFSET", "NEW-OFFSET")


@pytest.fixture(scope="module")
def topic(group_broker):
    b = group_broker
    cli.ok(cli.on(b, "topic", "create", TOPIC, "-p", "2"))
    p = Producer({"bootstrap.servers": b.bootstrap, "acks": "all"})
    for partition, end in ENDS.items():
        for i in range(end):
            p.produce(TOPIC, value=b"p%d-%d" % (partition, i), partition=partition, timestamp=T0_MS + i * MINUTE_MS)
    assert p.flush(30) == 0
    delete_records_ok(b, TOPIC, 0, LOG_START[0])
    return TOPIC


@pytest.fixture
def group(group_broker, topic, request):
    """A group named after the test, with the START offsets and no members."""
    name = "rs-" + request.node.name.replace("[", "-").replace("]", "").replace(" ", "")[:60]
    commit(group_broker, name, START)
    assert committed_offsets(group_broker, name) == START
    return name


def reset(b, group, *args):
    return cli.ok(cli.on(b, "group", "reset-offsets", group, *args))


@pytest.mark.parametrize("target,want", [
    (["--to-earliest"], {0: 1, 1: 0}),
    (["--to-latest"], {0: 10, 1: 5}),
    (["--to-offset", "3"], {0: 3, 1: 3}),
    (["--to-offset", "7"], {0: 7, 1: 5}),  # beyond partition 1's end: its end
    (["--to-offset", "0"], {0: 1, 1: 0}),  # before partition 0's log start: its start
    (["--to-datetime", "2024-06-01T12:03:00Z"], {0: 3, 1: 3}),
    (["--to-datetime", "2024-06-01T14:03:00.001+02:00"], {0: 4, 1: 4}),  # just after record 3
    (["--to-datetime", "2024-06-01T12:07:00Z"], {0: 7, 1: 5}),  # partition 1 has nothing that late
    (["--to-datetime", "2020-01-01T00:00:00Z"], {0: 1, 1: 0}),
    (["--to-datetime", "2030-01-01T00:00:00Z"], {0: 10, 1: 5}),
    (["--shift-by", "-2"], {0: 3, 1: 0}),
    (["--shift-by", "4"], {0: 9, 1: 5}),
    (["--shift-by", "-100"], {0: 1, 1: 0}),
    (["--shift-by", "0"], {0: 5, 1: 2}),
    (["--shift-by", "9223372036854775807"], {0: 10, 1: 5}),  # past int64's end: the partition's end
    (["--shift-by", "-9223372036854775808"], {0: 1, 1: 0}),
])
def test_reset(group_broker, group, target, want):
    out = reset(group_broker, group, *target)
    assert out == cli.table(HEADER, (TOPIC, 0, 5, want[0]), (TOPIC, 1, 2, want[1]))
    assert committed_offsets(group_broker, group) == {(TOPIC, p): o for p, o in want.items()}


def test_dry_run_changes_nothing(group_broker, group):
    out = reset(group_broker, group, "--to-earliest", "--dry-run")
    assert out == cli.table(HEADER, (TOPIC, 0, 5, 1), (TOPIC, 1, 2, 0))
    assert json.loads(reset(group_broker, group, "--shift-by", "3", "--dry-run", "--json")) == [
        {"topic": TOPIC, "partition": 0, "current_offset": 5, "new_offset": 8},
        {"topic": TOPIC, "partition": 1, "current_offset": 2, "new_offset": 5}]
    assert committed_offsets(group_broker, group) == START


def test_json(group_broker, group):
    assert json.loads(reset(group_broker, group, "--to-latest", "--json")) == [
        {"topic": TOPIC, "partition": 0, "current_offset": 5, "new_offset": 10},
        {"topic": TOPIC, "partition": 1, "current_offset": 2, "new_offset": 5}]
    assert committed_offsets(group_broker, group) == {(TOPIC, 0): 10, (TOPIC, 1): 5}


def test_only_the_partitions_named(group_broker, group):
    assert reset(group_broker, group, "--to-offset", "4", "--topic", f"{TOPIC}:1") == cli.table(HEADER, (TOPIC, 1, 2, 4))
    assert committed_offsets(group_broker, group) == {(TOPIC, 0): 5, (TOPIC, 1): 4}
    assert reset(group_broker, group, "--to-earliest", "--topic", f"{TOPIC}:1,0") == cli.table(
        HEADER, (TOPIC, 0, 5, 1), (TOPIC, 1, 4, 0))
    assert committed_offsets(group_broker, group) == {(TOPIC, 0): 1, (TOPIC, 1): 0}


def test_topic_the_group_has_no_offsets_for(group_broker, group):
    other = "rs-other"
    cli.ok(cli.on(group_broker, "topic", "create", other))
    cli.ok(cli.on(group_broker, "produce", other), input="x\ny\n")
    assert reset(group_broker, group, "--to-latest", "--topic", other) == cli.table(HEADER, (other, 0, "-", 2))
    assert committed_offsets(group_broker, group) == {**START, (other, 0): 2}
    # Without --topic, every partition the group has an offset for, the new one included.
    assert reset(group_broker, group, "--to-earliest") == cli.table(
        HEADER, (TOPIC, 0, 5, 1), (TOPIC, 1, 2, 0), (other, 0, 2, 0))


def test_a_consumer_resumes_at_the_new_offsets(group_broker, group):
    reset(group_broker, group, "--to-datetime", "2024-06-01T12:08:00Z")
    out = cli.ok(cli.on(group_broker, "consume", TOPIC, "-g", group, "-e", "-f", "%p %o %v\\n"))
    assert out == "0 8 p0-8\n0 9 p0-9\n"
    # The consumer committed what it read when it left.
    assert committed_offsets(group_broker, group) == {(TOPIC, 0): 10, (TOPIC, 1): 5}


def test_errors(group_broker, group):
    b = group_broker
    assert cli.failed(cli.on(b, "group", "reset-offsets", "rs-no-offsets", "--to-earliest")) == (
        "", 'streambus: group "rs-no-offsets" has no committed offsets; name topics with --topic')
    assert cli.failed(cli.on(b, "group", "reset-offsets", group, "--to-earliest", "--topic", "rs-missing")) == (
        "", 'streambus: topic "rs-missing" does not exist')
    assert cli.failed(cli.on(b, "group", "reset-offsets", group, "--to-earliest", "--topic", f"{TOPIC}:0,2")) == (
        "", f'streambus: topic "{TOPIC}" has no partition 2')
    cli.ok(cli.on(b, "topic", "create", "rs-unread"))
    assert cli.failed(cli.on(b, "group", "reset-offsets", group, "--shift-by", "1", "--topic", "rs-unread")) == (
        "", f'streambus: group "{group}" has no offset for "rs-unread" partition 0 to shift')
    assert committed_offsets(b, group) == START
    assert committed_offsets(b, "rs-no-offsets") == {}


def test_group_without_offsets_gets_them(group_broker, topic):
    # As with Kafka's tool, a group that does not exist yet can be given offsets.
    assert reset(group_broker, "rs-new", "--to-offset", "2", "--topic", TOPIC) == cli.table(
        HEADER, (TOPIC, 0, "-", 2), (TOPIC, 1, "-", 2))
    assert committed_offsets(group_broker, "rs-new") == {(TOPIC, 0): 2, (TOPIC, 1): 2}
    assert ["rs-new", "Empty"] in [line.split() for line in cli.ok(cli.on(group_broker, "group", "list")).splitlines()]
