"""`streambus group list|describe|delete`, and `reset-offsets` on a group that has members,
against a real broker with exact output. The group is made of real consumers: two
`streambus consume --group` processes and a confluent-kafka consumer, on a 2-partition
topic, so that one member has no partition. What the CLI prints is compared with what a
second client sees: confluent-kafka's AdminClient.list_groups (member ids, client ids,
hosts, assignments) and kafka-python's KafkaAdminClient (committed offsets). Also
`consume --group` on its own: where it starts, what it commits when it exits.
The tests run in file order: the members leave in test_members_leave_...."""
import json
import signal
import subprocess
import time

import pytest
from confluent_kafka import Consumer
from confluent_kafka.admin import AdminClient

import broker as sb
import cli_support as cli
import group_wire as gw
from group_offsets import commit, committed_offsets
from rawconn import RawConn

GROUP = "billing"
TOPIC = "gd-orders"  # 2 partitions: 6 and 3 records
OLD_TOPIC = "gd-old"  # 1 partition, 1 record: the group has an offset for it, no member reads it
DEADLINE_S = 60
# What the group committed before its members joined (generation -1, as an admin does).
COMMITTED = {(TOPIC, 0): 2, (OLD_TOPIC, 0): 1}
# The header of `group describe`'s partition table.
OFFSETS_HEADER = ("TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "MEMBER-ID", "CLIENT-ID", "HOST")


def cli_member(b, client_id, log_dir):
    """`streambus consume --group` as a member that never commits (-X has the last word),
    so that the group's offsets stay what the test committed."""
    err = open(log_dir / f"{client_id}.stderr", "w+")
    proc = subprocess.Popen([sb.streambus_bin(), *cli.on(b, "consume", TOPIC, "-g", GROUP, "-X", f"client.id={client_id}",
                                                         "-X", "enable.auto.commit=false")],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=sb.broker_env())
    return proc, err


def wait_stable(b, poll, client_ids):
    """Polls until the group is Stable with exactly these members and every partition of
    TOPIC assigned; returns {client_id: (member_id, host, [partitions])} as confluent-kafka's
    AdminClient lists them."""
    admin = AdminClient({"bootstrap.servers": b.bootstrap})
    deadline = time.monotonic() + DEADLINE_S
    while True:
        poll()
        [g] = admin.list_groups(GROUP, timeout=10)
        members = {m.client_id: (m.id, m.client_host, gw.decode_assignment(m.assignment).get(TOPIC, []))
                   for m in g.members if m.assignment}
        owned = sorted(p for _, _, parts in members.values() for p in parts)
        if g.state == "Stable" and sorted(members) == sorted(client_ids) and owned == [0, 1]:
            return members
        assert time.monotonic() < deadline, f"group not stable: {g.state} {members}"
        time.sleep(0.2)


@pytest.fixture(scope="module")
def group(group_broker, tmp_path_factory):
    b = group_broker
    cli.ok(cli.on(b, "topic", "create", TOPIC, "-p", "2"))
    cli.ok(cli.on(b, "topic", "create", OLD_TOPIC))
    cli.ok(cli.on(b, "produce", TOPIC, "-p", "0"), input="".join(f"a{i}\n" for i in range(6)))
    cli.ok(cli.on(b, "produce", TOPIC, "-p", "1"), input="b0\nb1\nb2\n")
    cli.ok(cli.on(b, "produce", OLD_TOPIC), input="old\n")
    commit(b, GROUP, COMMITTED)

    log_dir = tmp_path_factory.mktemp("members")
    procs = [cli_member(b, "cli-a", log_dir), cli_member(b, "cli-b", log_dir)]
    py = Consumer({"bootstrap.servers": b.bootstrap, "group.id": GROUP, "client.id": "py-c",
                   "enable.auto.commit": False, "auto.offset.reset": "earliest"})
    py.subscribe([TOPIC])
    state = {"members": wait_stable(b, lambda: py.poll(0.1), ["cli-a", "cli-b", "py-c"]),
             "procs": procs, "py": py}
    yield state
    for proc, err in procs:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        err.close()
    if state["py"] is not None:
        state["py"].close()


def owner(members, partition):
    [client] = [c for c, (_, _, parts) in members.items() if partition in parts]
    return client


def describe_text(state, assignor, members, *rows):
    """What `group describe GROUP` prints."""
    return (f"GROUP        {GROUP}\n"
            "COORDINATOR  1\n"
            f"STATE        {state}\n"
            f"ASSIGNOR     {assignor}\n"
            f"MEMBERS      {members}\n"
            "\n" + cli.table(OFFSETS_HEADER, *rows))


def test_list_shows_the_stable_group(group_broker, group):
    assert cli.ok(cli.on(group_broker, "group", "list")) == cli.table(("GROUP", "STATE"), (GROUP, "Stable"))
    assert json.loads(cli.ok(cli.on(group_broker, "group", "list", "--json"))) == [
        {"group": GROUP, "state": "Stable"}]


def test_describe_active_group(group_broker, group):
    members = group["members"]
    # Three members, two partitions: librdkafka's range assignor gives each partition to
    # one member and the third member nothing.
    idle = [c for c, (_, _, parts) in members.items() if not parts]
    assert len(idle) == 1
    o0, o1, i = members[owner(members, 0)], members[owner(members, 1)], members[idle[0]]
    assert {o0[1], o1[1], i[1]} == {"/127.0.0.1"}
    assert cli.ok(cli.on(group_broker, "group", "describe", GROUP)) == describe_text(
        "Stable", "range", 3,
        (OLD_TOPIC, 0, 1, 1, 0, "-", "-", "-"),
        (TOPIC, 0, 2, 6, 4, o0[0], owner(members, 0), "/127.0.0.1"),
        (TOPIC, 1, "-", 3, "-", o1[0], owner(members, 1), "/127.0.0.1"),
        ("-", "-", "-", "-", "-", i[0], idle[0], "/127.0.0.1"))


def test_describe_active_group_json(group_broker, group):
    members = group["members"]
    got = json.loads(cli.ok(cli.on(group_broker, "group", "describe", GROUP, "--json")))
    assert got == {
        "group": GROUP, "coordinator": 1, "state": "Stable", "assignor": "range",
        "members": sorted(({"member_id": mid, "instance_id": None, "client_id": client, "host": host,
                            "assignment": [{"topic": TOPIC, "partition": p} for p in parts]}
                           for client, (mid, host, parts) in members.items()), key=lambda m: m["member_id"]),
        "offsets": [
            {"topic": OLD_TOPIC, "partition": 0, "current_offset": 1, "log_end_offset": 1, "lag": 0,
             "member_id": None},
            {"topic": TOPIC, "partition": 0, "current_offset": 2, "log_end_offset": 6, "lag": 4,
             "member_id": members[owner(members, 0)][0]},
            {"topic": TOPIC, "partition": 1, "current_offset": None, "log_end_offset": 3, "lag": None,
             "member_id": members[owner(members, 1)][0]},
        ]}


def test_delete_refuses_a_group_with_members(group_broker, group):
    out, err = cli.failed(cli.on(group_broker, "group", "delete", GROUP))
    assert (out, err) == ("", f'streambus: cannot delete group "{GROUP}": Broker: The group is not empty '
                              "(NON_EMPTY_GROUP)")
    assert committed_offsets(group_broker, GROUP) == COMMITTED


@pytest.mark.parametrize("target", [["--to-earliest"], ["--to-latest"], ["--to-offset", "1"],
                                    ["--to-datetime", "2024-06-01T12:00:00Z"], ["--shift-by", "-1"]])
def test_reset_refused_while_the_group_has_members(group_broker, group, target):
    out, err = cli.failed(cli.on(group_broker, "group", "reset-offsets", GROUP, *target))
    assert (out, err) == ("", f'streambus: cannot reset the offsets of group "{GROUP}": it is Stable with 3 members; '
                              "stop its consumers first (--dry-run shows the plan)")
    assert committed_offsets(group_broker, GROUP) == COMMITTED


def test_reset_dry_run_on_the_active_group_changes_nothing(group_broker, group):
    out = cli.ok(cli.on(group_broker, "group", "reset-offsets", GROUP, "--to-latest", "--topic", TOPIC, "--dry-run"))
    assert out == cli.table(("TOPIC", "PARTITION", "CURRENT-OFFSET", "NEW-OFFSET"),
                            (TOPIC, 0, 2, 6), (TOPIC, 1, "-", 3))
    assert committed_offsets(group_broker, GROUP) == COMMITTED


def test_members_leave_then_the_group_is_empty_and_deleted(group_broker, group):
    b = group_broker
    for proc, err in group["procs"]:
        proc.send_signal(signal.SIGINT)  # the CLI leaves the group and exits 0
        assert proc.wait(timeout=DEADLINE_S) == 0
        err.seek(0)
        assert err.read() == ""
    group["py"].close()
    group["py"] = None
    # Nobody committed: the offsets are still those committed before the members joined.
    assert committed_offsets(b, GROUP) == COMMITTED

    assert cli.ok(cli.on(b, "group", "list")) == cli.table(("GROUP", "STATE"), (GROUP, "Empty"))
    assert cli.ok(cli.on(b, "group", "describe", GROUP)) == describe_text(
        "Empty", "-", 0, (OLD_TOPIC, 0, 1, 1, 0, "-", "-", "-"), (TOPIC, 0, 2, 6, 4, "-", "-", "-"))
    assert json.loads(cli.ok(cli.on(b, "group", "describe", GROUP, "--json"))) == {
        "group": GROUP, "coordinator": 1, "state": "Empty", "assignor": None, "members": [],
        "offsets": [
            {"topic": OLD_TOPIC, "partition": 0, "current_offset": 1, "log_end_offset": 1, "lag": 0, "member_id": None},
            {"topic": TOPIC, "partition": 0, "current_offset": 2, "log_end_offset": 6, "lag": 4, "member_id": None}]}

    assert cli.ok(cli.on(b, "group", "delete", GROUP)) == cli.table(("GROUP", "STATUS"), (GROUP, "OK"))
    assert committed_offsets(b, GROUP) == {}
    assert cli.ok(cli.on(b, "group", "list")) == "GROUP  STATE\n"
    assert cli.ok(cli.on(b, "group", "list", "--json")) == "[]\n"
    assert cli.failed(cli.on(b, "group", "describe", GROUP)) == ("", f'streambus: group "{GROUP}" does not exist')
    assert cli.failed(cli.on(b, "group", "describe", GROUP, "--json")) == (
        "", f'streambus: group "{GROUP}" does not exist')
    assert cli.failed(cli.on(b, "group", "delete", GROUP)) == (
        "", f'streambus: cannot delete group "{GROUP}": Broker: The group id does not exist (GROUP_ID_NOT_FOUND)')


def test_delete_several_groups_reports_each(group_broker):
    b = group_broker
    commit(b, "gd-one", {(OLD_TOPIC, 0): 0})
    commit(b, "gd-two", {(OLD_TOPIC, 0): 1})
    out, err = cli.failed(cli.on(b, "group", "delete", "gd-one", "gd-missing", "gd-two"))
    assert out == cli.table(("GROUP", "STATUS"), ("gd-one", "OK"), ("gd-two", "OK"))
    assert err == 'streambus: cannot delete group "gd-missing": Broker: The group id does not exist (GROUP_ID_NOT_FOUND)'
    assert committed_offsets(b, "gd-one") == {} and committed_offsets(b, "gd-two") == {}


def test_consume_as_a_group_member(group_broker):
    """--group: the records are read from the group's committed offsets (earliest where it
    has none), and what was read is committed when the command exits; -o latest applies
    only to partitions without an offset."""
    t = "gc-topic"
    cli.ok(cli.on(group_broker, "topic", "create", t, "-p", "2"))
    cli.ok(cli.on(group_broker, "produce", t, "-p", "0"), input="a0\na1\na2\n")
    cli.ok(cli.on(group_broker, "produce", t, "-p", "1"), input="b0\n")
    fmt = ["-f", "%p %o %v\\n"]
    first = cli.ok(cli.on(group_broker, "consume", t, "-g", "gc-g", "-e", *fmt))
    assert sorted(first.splitlines()) == ["0 0 a0", "0 1 a1", "0 2 a2", "1 0 b0"]
    assert cli.ok(cli.on(group_broker, "consume", t, "-g", "gc-g", "-e", *fmt)) == ""
    cli.ok(cli.on(group_broker, "produce", t, "-p", "0"), input="a3\n")
    # The committed offsets win over -o latest.
    assert cli.ok(cli.on(group_broker, "consume", t, "-g", "gc-g", "-e", "-o", "latest", *fmt)) == "0 3 a3\n"
    # A group without offsets starts at the end with -o latest.
    assert cli.ok(cli.on(group_broker, "consume", t, "-g", "gc-g-latest", "-e", "-o", "latest", *fmt)) == ""
    assert cli.ok(cli.on(group_broker, "group", "describe", "gc-g")).split("\n\n")[1] == cli.table(
        OFFSETS_HEADER, (t, 0, 4, 4, 0, "-", "-", "-"), (t, 1, 1, 1, 0, "-", "-", "-"))


def _join(conn, group, session_ms=30000, rebalance_ms=60000):
    """A raw member joins `group` (MEMBER_ID_REQUIRED, then with its id); returns the answer."""
    protocols = [("range", gw.subscription([OLD_TOPIC]))]
    deadline = time.monotonic() + DEADLINE_S
    while True:
        c = conn.corr()
        conn.send(gw.join_group_v5(c, group, "", protocols, session_ms=session_ms, rebalance_ms=rebalance_ms))
        first = gw.decode_join_group_v5(conn.recv_frame(timeout=DEADLINE_S))
        if first["error_code"] not in (gw.COORDINATOR_LOAD_IN_PROGRESS, gw.COORDINATOR_NOT_AVAILABLE):
            break
        assert time.monotonic() < deadline, first
        time.sleep(0.1)
    assert first["error_code"] == gw.MEMBER_ID_REQUIRED, first
    conn.send(gw.join_group_v5(conn.corr(), group, first["member_id"], protocols, session_ms=session_ms,
                               rebalance_ms=rebalance_ms))
    return first["member_id"], protocols


def test_list_names_every_state(broker_factory):
    """Groups in each state a group with a coordinator can be in, made with hand-written
    requests: Empty (offsets only), CompletingRebalance (joined, no SyncGroup yet), Stable
    (synced), PreparingRebalance (a second member waits in JoinGroup for the first to
    rejoin). Dead groups are not listed."""
    from conftest import GROUP_FLAGS
    b = broker_factory(flags=GROUP_FLAGS)
    cli.ok(cli.on(b, "topic", "create", OLD_TOPIC))
    commit(b, "st-empty", {(OLD_TOPIC, 0): 0})
    with RawConn(b.host, b.port) as completing, RawConn(b.host, b.port) as stable, \
            RawConn(b.host, b.port) as preparing_a, RawConn(b.host, b.port) as preparing_b:
        _join(completing, "st-completing")
        assert gw.decode_join_group_v5(completing.recv_frame(timeout=DEADLINE_S))["error_code"] == 0
        synced = {}
        for conn, group in ((stable, "st-stable"), (preparing_a, "st-preparing")):
            member, _ = _join(conn, group)
            joined = gw.decode_join_group_v5(conn.recv_frame(timeout=DEADLINE_S))
            assert joined["error_code"] == 0 and joined["leader"] == member
            conn.send(gw.sync_group_v3(conn.corr(), group, joined["generation_id"], member,
                                       [(member, gw.assignment({OLD_TOPIC: [0]}))]))
            assert gw.decode_sync_group_v3(conn.recv_frame(timeout=DEADLINE_S))["error_code"] == 0
            synced[group] = (member, joined["generation_id"])
        _join(preparing_b, "st-preparing")  # its answer waits for the first member to rejoin
        # The first member's heartbeat says when the join phase has begun.
        member, generation = synced["st-preparing"]
        deadline = time.monotonic() + DEADLINE_S
        while True:
            preparing_a.send(gw.heartbeat_v3(preparing_a.corr(), "st-preparing", generation, member))
            beat = gw.decode_heartbeat_v3(preparing_a.recv_frame(timeout=DEADLINE_S))["error_code"]
            if beat == gw.REBALANCE_IN_PROGRESS:
                break
            assert beat == 0 and time.monotonic() < deadline, beat
            time.sleep(0.05)
        want = [("st-completing", "CompletingRebalance"), ("st-empty", "Empty"),
                ("st-preparing", "PreparingRebalance"), ("st-stable", "Stable")]
        assert cli.ok(cli.on(b, "group", "list")) == cli.table(("GROUP", "STATE"), *want)
        assert json.loads(cli.ok(cli.on(b, "group", "list", "--json"))) == [
            {"group": g, "state": s} for g, s in want]


def test_describe_json_is_utf8_whatever_the_client_id(group_broker, tmp_path):
    """A client id that is not UTF-8 (librdkafka sends it as given) shows as U+FFFD in
    --json, which is always valid JSON; the table prints it unchanged."""
    b = group_broker
    t = "gu-topic"
    cli.ok(cli.on(b, "topic", "create", t))
    err = open(tmp_path / "member.stderr", "w+")
    member = subprocess.Popen([sb.streambus_bin(), *cli.on(b, "consume", t, "-g", "gu-g"), "-X", b"client.id=c\xff"],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, env=sb.broker_env())
    try:
        deadline = time.monotonic() + DEADLINE_S
        while True:
            raw = subprocess.run([sb.streambus_bin(), *cli.on(b, "group", "describe", "gu-g", "--json")],
                                 capture_output=True, timeout=cli.CLI_DEADLINE_S, env=sb.broker_env())
            # Until the member joins: 'group "gu-g" does not exist'.
            got = json.loads(raw.stdout.decode("utf-8")) if raw.returncode == 0 else {}  # strict UTF-8
            if got.get("state") == "Stable" and got["members"] and got["members"][0]["assignment"]:
                break
            assert member.poll() is None and time.monotonic() < deadline, (got, err.read())
            time.sleep(0.2)
        [m] = got["members"]
        assert m["client_id"] == "c\ufffd" and m["member_id"].startswith("c\ufffd-")
        assert m["assignment"] == [{"topic": t, "partition": 0}]
        table = cli.ok_bytes(cli.on(b, "group", "describe", "gu-g")).split(b"\n\n")[1].splitlines()
        member_id = b"c\xff" + m["member_id"][len("c\ufffd"):].encode()
        assert table[1].split() == [t.encode(), b"0", b"-", b"0", b"-", member_id, b"c\xff", b"/127.0.0.1"]
    finally:
        member.kill()
        member.wait()
        err.close()


def test_exit_at_end_when_the_group_gives_no_partition(group_broker):
    """consume --group -e: a member that the group gives no partition (the topic's only
    partition goes to the other member, whose member id sorts first for the range
    assignor) exits 0 at once with nothing printed and nothing committed, instead of
    waiting for a partition; the other member keeps its partition."""
    b = group_broker
    t = "ge-topic"
    cli.ok(cli.on(b, "topic", "create", t))
    cli.ok(cli.on(b, "produce", t), input="r0\nr1\n")
    holder = Consumer({"bootstrap.servers": b.bootstrap, "group.id": "ge-g", "client.id": "a-holder",
                       "enable.auto.commit": False, "auto.offset.reset": "earliest"})
    try:
        holder.subscribe([t])
        deadline = time.monotonic() + DEADLINE_S
        while [(p.topic, p.partition) for p in holder.assignment()] != [(t, 0)]:
            holder.poll(0.1)
            assert time.monotonic() < deadline, "the holder got no partition"
        # The holder polls meanwhile, so that it takes part in the rebalance the CLI causes.
        proc = subprocess.Popen([sb.streambus_bin(), *cli.on(b, "consume", t, "-g", "ge-g", "-e")],
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=sb.broker_env(), text=True)
        try:
            while proc.poll() is None:
                holder.poll(0.1)
                assert time.monotonic() < deadline, "the member without a partition did not exit"
            assert (proc.returncode, proc.stdout.read(), proc.stderr.read()) == (0, "", "")
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
        while [(p.topic, p.partition) for p in holder.assignment()] != [(t, 0)]:
            holder.poll(0.1)
            assert time.monotonic() < deadline, "the holder lost its partition"
        assert committed_offsets(b, "ge-g") == {}
    finally:
        holder.close()
