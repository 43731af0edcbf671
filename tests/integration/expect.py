"""What the broker contract promises, in one place, for the tests to compare against."""
import re

# API key -> (min, max) that the broker must serve (ApiVersions, Metadata,
# CreateTopics, DeleteTopics). The broker may advertise more keys than these.
# ApiVersions 0..4: v4 only lifts the SupportedFeatures minimum (KAFKA-17011); the Java
# client and franz-go ask for v4 first.
REQUIRED_RANGES = {18: (0, 4), 3: (0, 12), 19: (0, 7), 20: (0, 6)}

# Highest API key defined by Kafka (the schema snapshot the project follows).
KAFKA_MAX_API_KEY = 87

NODE_ID = 1
CLUSTER_ID_RE = re.compile(r"^[A-Za-z0-9_-]{22}$")
NO_AUTHORIZED_OPERATIONS = -2147483648  # Kafka's "not requested" value

# Kafka error codes used by the tests.
NONE = 0
UNKNOWN_TOPIC_OR_PARTITION = 3
INVALID_TOPIC_EXCEPTION = 17
UNSUPPORTED_VERSION = 35
INVALID_REQUEST = 42
TOPIC_ALREADY_EXISTS = 36
INVALID_PARTITIONS = 37
INVALID_REPLICATION_FACTOR = 38
UNKNOWN_TOPIC_ID = 100


def assert_cluster_id(cid):
    assert isinstance(cid, str) and CLUSTER_ID_RE.match(cid), f"cluster id {cid!r} is not 22 base64url chars"


def single_broker(b, version=12):
    """The broker list a single-node cluster must report at a Metadata version."""
    entry = {"node_id": b.node_id, "host": b.host, "port": b.port}
    if version >= 1:
        entry["rack"] = None
    return [entry]
