"""`streambus` command-line errors: unreachable brokers, bad flags and values (CLI11's
exit codes), -X passed to librdkafka, help."""
import pytest

import broker as sb
import cli_support as cli

# CLI11's exit codes for usage errors (docs/cli.md).
INVALID_VALUE = 105
REQUIRED = 106
EXCLUDES = 108
UNEXPECTED_ARGUMENT = 109


@pytest.mark.parametrize("command", [
    ["topic", "list"],
    ["topic", "create", "t"],
    ["topic", "describe", "t"],
    ["topic", "delete", "t"],
    ["topic", "alter-config", "t", "--set", "retention.ms=1000"],
    ["topic", "add-partitions", "t", "-n", "1"],
    ["cluster", "info"],
    ["produce", "t"],
    ["consume", "t"],
    ["group", "list"],
    ["group", "describe", "g"],
    ["group", "delete", "g"],
    ["group", "reset-offsets", "g", "--to-earliest"],
])
def test_unreachable_brokers(command):
    addr = f"127.0.0.1:{sb.free_port()}"  # nothing listens there
    out, err = cli.failed([*command, "--brokers", addr, "--timeout-ms", str(cli.UNREACHABLE_TIMEOUT_MS)],
                          input="record\n")
    assert (out, err) == ("", f"streambus: cannot reach the brokers at {addr} within {cli.UNREACHABLE_TIMEOUT_MS} ms")


def test_help_names_the_defaults():
    out = cli.ok(["topic", "list", "--help"])
    assert "--brokers TEXT=127.0.0.1:9092" in out
    assert "--timeout-ms INT:INT in [1 - 3600000]=10000" in out


@pytest.mark.parametrize("args,code,message", [
    (["topic", "create"], REQUIRED, "topics is required; see `streambus topic create --help`"),
    (["topic", "bogus"], UNEXPECTED_ARGUMENT,
     "The following argument was not expected: bogus; see `streambus topic --help`"),
    (["topic"], REQUIRED, "a subcommand of `topic` (create, list, describe, delete, alter-config, add-partitions) "
                          "is required; see `streambus topic --help`"),
    (["group"], REQUIRED, "a subcommand of `group` (list, describe, delete, reset-offsets) "
                          "is required; see `streambus group --help`"),
    (["cluster"], REQUIRED, "a subcommand of `cluster` (info, health) is required; see `streambus cluster --help`"),
    (["topic", "list", "-X", "foo=bar"], INVALID_VALUE,
     "-X: 'foo=bar': No such configuration property: \"foo\"; see `streambus topic list --help`"),
    # librdkafka words this with the property's alias; the message names what was given too.
    (["topic", "list", "-X", "linger.ms=abc"], INVALID_VALUE,
     "-X: 'linger.ms=abc': Invalid value for configuration property \"queue.buffering.max.ms\"; "
     "see `streambus topic list --help`"),
    (["topic", "list", "-X", "nonsense"], INVALID_VALUE,
     "-X: 'nonsense' is not key=value; see `streambus topic list --help`"),
    (["topic", "list", "--timeout-ms", "0"], INVALID_VALUE,
     "--timeout-ms: Value 0 not in range 1 to 3600000; see `streambus topic list --help`"),
    (["topic", "create", "t", "-c", "retention.ms"], INVALID_VALUE,
     "--config: 'retention.ms' is not key=value; see `streambus topic create --help`"),
    (["topic", "alter-config", "t"], REQUIRED, "--set or --delete is required; see `streambus topic alter-config --help`"),
    (["topic", "add-partitions", "t"], REQUIRED, "--num is required; see `streambus topic add-partitions --help`"),
    (["produce"], REQUIRED, "topic is required; see `streambus produce --help`"),
    (["produce", "t", "--compression", "brotli"], INVALID_VALUE,
     "--compression: brotli not in {none,gzip,snappy,lz4,zstd}; see `streambus produce --help`"),
    (["produce", "t", "--acks", "2"], INVALID_VALUE, "--acks: 2 not in {all,-1,0,1}; see `streambus produce --help`"),
    (["produce", "t", "-k", "a", "-K", ":"], EXCLUDES, "--key excludes --key-separator; see `streambus produce --help`"),
    (["produce", "t", "-H", "novalue"], INVALID_VALUE,
     "--header: 'novalue' is not key=value; see `streambus produce --help`"),
    (["consume", "t", "--offset", "bogus"], INVALID_VALUE,
     "--offset: 'bogus' is not earliest, latest, N, -N or @TIMESTAMP_MS; see `streambus consume --help`"),
    (["consume", "t", "-g", "g", "-o", "5"], INVALID_VALUE,
     "--offset: with --group, only earliest or latest; see `streambus consume --help`"),
    (["consume", "t", "-g", "g", "-p", "0"], EXCLUDES, "--group excludes --partition; see `streambus consume --help`"),
    (["consume", "t", "--format", "%q"], INVALID_VALUE,
     "--format: unknown token '%q' in format; see `streambus consume --help`"),
    (["consume", "t", "--json", "--format", "%v"], EXCLUDES, "--format excludes --json; see `streambus consume --help`"),
    (["consume", "t", "-n", "0"], INVALID_VALUE,
     "--count: Value 0 not in range 1 to 9223372036854775807; see `streambus consume --help`"),
    (["group", "reset-offsets", "g"], REQUIRED,
     "Exactly 1 option from [--to-earliest,--to-latest,--to-offset,--to-datetime,--shift-by] is required; "
     "see `streambus group reset-offsets --help`"),
    (["group", "reset-offsets", "g", "--to-earliest", "--to-offset", "3"], REQUIRED,
     "Exactly 1 option from [--to-earliest,--to-latest,--to-offset,--to-datetime,--shift-by] is required "
     "and 2 were given; see `streambus group reset-offsets --help`"),
    (["group", "reset-offsets", "g", "--to-offset", "-1"], INVALID_VALUE,
     "--to-offset: Value -1 not in range 0 to 9223372036854775807; see `streambus group reset-offsets --help`"),
    (["group", "reset-offsets", "g", "--shift-by", "x"], INVALID_VALUE,
     "--shift-by: Value x not in range -9223372036854775808 to 9223372036854775807; "
     "see `streambus group reset-offsets --help`"),
    (["group", "reset-offsets", "--to-earliest"], REQUIRED, "group is required; see `streambus group reset-offsets --help`"),
    (["group", "describe"], REQUIRED, "group is required; see `streambus group describe --help`"),
    (["group", "describe", "a", "b"], UNEXPECTED_ARGUMENT,
     "The following argument was not expected: b; see `streambus group describe --help`"),
    (["group", "delete"], REQUIRED, "groups is required; see `streambus group delete --help`"),
    (["group", "describe", ""], INVALID_VALUE, "group: a group id cannot be empty; see `streambus group describe --help`"),
    (["group", "delete", "g", ""], INVALID_VALUE, "groups: a group id cannot be empty; see `streambus group delete --help`"),
    (["group", "reset-offsets", "", "--to-latest"], INVALID_VALUE,
     "group: a group id cannot be empty; see `streambus group reset-offsets --help`"),
    (["consume", "t", "-g", ""], INVALID_VALUE, "--group: a group id cannot be empty; see `streambus consume --help`"),
    (["group", "list", "extra"], UNEXPECTED_ARGUMENT,
     "The following argument was not expected: extra; see `streambus group list --help`"),
    (["group", "reset-offsets", "g", "--to-datetime", "2024-01-01"], INVALID_VALUE,
     "--to-datetime: '2024-01-01' is not YYYY-MM-DDTHH:MM:SS[.mmm] with Z or +HH:MM; "
     "see `streambus group reset-offsets --help`"),
    (["group", "reset-offsets", "g", "--to-earliest", "--topic", "t:x"], INVALID_VALUE,
     "--topic: 't:x' is not TOPIC or TOPIC:PARTITION,PARTITION...; see `streambus group reset-offsets --help`"),
    # librdkafka alone would only say, once --timeout-ms passed, that these cannot be reached.
    (["topic", "list", "--brokers", ""], INVALID_VALUE,
     "--brokers: the broker list cannot be empty; see `streambus topic list --help`"),
    (["produce", "t", "--brokers", "127.0.0.1:port"], INVALID_VALUE,
     "--brokers: '127.0.0.1:port' is not host:port; see `streambus produce --help`"),
    (["consume", "t", "--brokers", "a:9092,b:70000"], INVALID_VALUE,
     "--brokers: 'b:70000' is not host:port; see `streambus consume --help`"),
    (["group", "list", "--brokers", ":9092"], INVALID_VALUE,
     "--brokers: ':9092' is not host:port; see `streambus group list --help`"),
    (["cluster", "info", "--brokers", "a:9092,"], INVALID_VALUE,
     "--brokers: 'a:9092,' has an empty address; see `streambus cluster info --help`"),
    (["cluster", "health", "--json", "extra"], UNEXPECTED_ARGUMENT,
     "The following argument was not expected: extra; see `streambus cluster health --help`"),
])
def test_usage_errors(args, code, message):
    out, err = cli.failed(args, code=code)
    assert (out, err) == ("", f"streambus: {message}")


def test_properties_apply_after_the_brokers_flag(broker):
    # -X bootstrap.servers wins over --brokers: -X is applied last, as documented.
    unreachable = f"127.0.0.1:{sb.free_port()}"
    out = cli.ok(["topic", "list", "--brokers", unreachable, "-X", f"bootstrap.servers={broker.bootstrap}"])
    assert out == cli.ok(cli.on(broker, "topic", "list"))


def test_broker_list_forms(broker):
    """A scheme prefix, a space after a comma and a bracketed IPv6 address are accepted,
    as librdkafka accepts them."""
    cli.ok(cli.on(broker, "topic", "create", "forms"))
    want = cli.table(("NAME", "PARTITIONS", "REPLICAS"), ("forms", 1, 1))
    assert cli.ok(["topic", "list", "--brokers", f"PLAINTEXT://{broker.bootstrap}"]) == want
    assert cli.ok(["topic", "list", "--brokers", f"{broker.bootstrap}, {broker.bootstrap}"]) == want
    assert cli.ok(["topic", "list", "--brokers", f"[::1]:{sb.free_port()},{broker.bootstrap}"]) == want


def test_debug_property_shows_librdkafka_log(broker):
    proc = cli.run(cli.on(broker, "topic", "list", "-X", "debug=broker"))
    assert proc.returncode == 0, proc.stderr
    assert "|BROKER|" in proc.stderr  # librdkafka's own log lines, shown only when asked for


@pytest.mark.parametrize("command,usage", [
    ([], "streambus [OPTIONS] [SUBCOMMAND]"),
    (["topic"], "streambus topic [OPTIONS] [SUBCOMMAND]"),
    (["topic", "create"], "streambus topic create [OPTIONS] topics..."),
    (["produce"], "streambus produce [OPTIONS] topic"),
    (["consume"], "streambus consume [OPTIONS] topics..."),
    (["group", "reset-offsets"], "streambus group reset-offsets [OPTIONS] group"),
    (["cluster", "health"], "streambus cluster health [OPTIONS]"),
])
def test_help(command, usage):
    assert cli.ok([*command, "--help"]).splitlines()[1] == f"Usage: {usage}"
