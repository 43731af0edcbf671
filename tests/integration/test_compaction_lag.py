"""min.compaction.lag.ms and max.compaction.lag.ms with confluent-kafka 1.7.0 against
the real broker. Every batch has its own segment (segment.bytes=100), so which records a
pass may compact is exact. A cleaner pass is known from the broker's log line
"partition <topic>-<p> compaction pass: ... N record(s) removed"; a partition's cleaner
runs once per maintenance interval (5 s)."""
import re
import time

from confluent_kafka import Producer
from confluent_kafka.admin import AdminClient, ConfigResource, NewTopic

from confluent_read import consume

TIMEOUT = 15
# Generous: passes come every 5 s, and the broker may run under load.
PASS_DEADLINE_S = 90
ONE_HOUR_MS = "3600000"


def admin_of(b):
    return AdminClient({"bootstrap.servers": b.bootstrap, "socket.timeout.ms": 10000})


def create(b, name, configs):
    admin = admin_of(b)  # kept alive until the result is in
    futures = admin.create_topics([NewTopic(name, 1, 1, config=configs)], request_timeout=TIMEOUT)
    assert futures[name].result(timeout=TIMEOUT) is None


def alter(b, name, configs):
    resource = ConfigResource("topic", name, set_config=configs)
    admin = admin_of(b)
    assert admin.alter_configs([resource], request_timeout=TIMEOUT)[resource].result(timeout=TIMEOUT) is None


def produce_each_alone(b, topic, records):
    """Produces (key, value) pairs one batch each, in order; returns their offsets."""
    p = Producer({"bootstrap.servers": b.bootstrap, "linger.ms": 0, "acks": "all"})
    offsets = []
    for key, value in records:
        p.produce(topic, key=key, value=value, partition=0,
                  on_delivery=lambda err, m: offsets.append(None if err else m.offset()))
        assert p.flush(TIMEOUT) == 0
    assert None not in offsets
    return offsets


def removed_by_passes(b, topic):
    """(passes, records removed in all) of the partition's cleaner passes so far."""
    found = re.findall(rf"partition {re.escape(topic)}-0 compaction pass: \d+ segment\(s\) cleaned, "
                       r"(\d+) record\(s\) removed", b.stderr_text())
    return len(found), sum(int(n) for n in found)


def wait_for_passes(b, topic, passes=1, removed=0):
    deadline = time.monotonic() + PASS_DEADLINE_S
    while time.monotonic() < deadline:
        got = removed_by_passes(b, topic)
        if got[0] >= passes and got[1] >= removed:
            return got
        time.sleep(0.1)
    raise AssertionError(f"no cleaner pass of {topic} with {removed} record(s) removed: {removed_by_passes(b, topic)}")


def read_all(b, topic, count):
    return [(o, k, v) for o, k, v, _, _ in consume(b.bootstrap, topic, 0, 0, count)]


def compacted_topic(segment_configs):
    return {"cleanup.policy": "compact", "segment.bytes": "100", **segment_configs}


def test_min_lag_keeps_every_record_until_it_is_lowered(broker):
    create(broker, "lag-min", compacted_topic({"min.compaction.lag.ms": ONE_HOUR_MS}))
    create(broker, "lag-witness", compacted_topic({}))
    records = [(f"k{i}".encode(), f"v{r}".encode()) for r in range(3) for i in range(4)] + [(b"end", b"x")]
    assert produce_each_alone(broker, "lag-min", records) == list(range(13))
    everything = [(o, k, v) for o, (k, v) in enumerate(records)]

    # Three passes of a topic without the lag that each remove a record produced after
    # the previous one: two maintenance intervals (10 s) after lag-min had all of its
    # records in closed segments, so the cleaner of lag-min had its turns meanwhile.
    produce_each_alone(broker, "lag-witness", [(b"w", b"1"), (b"w", b"2"), (b"end", b"x")])
    wait_for_passes(broker, "lag-witness", removed=1)
    produce_each_alone(broker, "lag-witness", [(b"w", b"3"), (b"end", b"y")])
    wait_for_passes(broker, "lag-witness", removed=2)
    produce_each_alone(broker, "lag-witness", [(b"w", b"4"), (b"end", b"z")])
    wait_for_passes(broker, "lag-witness", removed=3)
    assert removed_by_passes(broker, "lag-min") == (0, 0)
    assert read_all(broker, "lag-min", 13) == everything

    # AlterConfigs replaces the topic's configs: the lag goes back to 0.
    alter(broker, "lag-min", compacted_topic({"min.compaction.lag.ms": "0"}))
    wait_for_passes(broker, "lag-min", removed=8)
    assert read_all(broker, "lag-min", 5) == [(8, b"k0", b"v2"), (9, b"k1", b"v2"), (10, b"k2", b"v2"),
                                              (11, b"k3", b"v2"), (12, b"end", b"x")]
    assert removed_by_passes(broker, "lag-min")[1] == 8


def test_max_lag_compacts_below_the_dirty_ratio(broker):
    # 0.99: once the first pass has cleaned the unique keys, 2 dirty segments of 23 never
    # reach the ratio; only the max lag makes the cleaner take them.
    configs = {"min.cleanable.dirty.ratio": "0.99"}
    create(broker, "lag-max", compacted_topic({**configs, "max.compaction.lag.ms": "1000"}))
    create(broker, "lag-max-control", compacted_topic(configs))
    unique = [(f"u{i}".encode(), b"old") for i in range(20)] + [(b"end", b"x")]
    for topic in ("lag-max", "lag-max-control"):
        assert produce_each_alone(broker, topic, unique) == list(range(21))
    # Everything dirty (ratio 1): the first passes compact and remove nothing.
    wait_for_passes(broker, "lag-max", passes=1)
    wait_for_passes(broker, "lag-max-control", passes=1)
    updates = [(b"u0", b"new"), (b"u1", b"new"), (b"end", b"y")]
    for topic in ("lag-max", "lag-max-control"):
        assert produce_each_alone(broker, topic, updates) == [21, 22, 23]

    wait_for_passes(broker, "lag-max", removed=2)
    expected = [(o, k, v) for o, (k, v) in enumerate(unique) if k not in (b"u0", b"u1")]
    expected += [(21, b"u0", b"new"), (22, b"u1", b"new"), (23, b"end", b"y")]
    assert read_all(broker, "lag-max", len(expected)) == expected
    assert removed_by_passes(broker, "lag-max")[1] == 2
    # The same records under the default max lag stay as they are.
    assert removed_by_passes(broker, "lag-max-control")[1] == 0
    assert read_all(broker, "lag-max-control", 24) == [(o, k, v) for o, (k, v) in enumerate(unique + updates)]
