// A Kafka-protocol peer for bench/run-peers: librdkafka's built-in mock cluster, an
// in-memory broker that keeps every record in RAM and never touches a disk. It is the
// floor of what a Kafka-protocol server can cost, not a durable system.
//
//   rdkafka_mock_broker [--brokers N] [TOPIC:PARTITIONS ...]
//
// Prints one line, the bootstrap servers ("127.0.0.1:PORT,..."), once the listeners are
// up and the topics exist, then serves until SIGTERM or SIGINT and exits 0.
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(const char* why) {
    fprintf(stderr, "rdkafka_mock_broker: %s\nusage: rdkafka_mock_broker [--brokers N] [TOPIC:PARTITIONS ...]\n",
            why);
    exit(2);
}

// Parses a whole decimal number in [1, max]; anything else is a usage error naming `what`.
static int parse_count(const char* text, int max, const char* what) {
    char* end = NULL;
    long v = strtol(text, &end, 10);
    if (end == text || *end != '\0' || v < 1 || v > max) {
        char why[256];
        snprintf(why, sizeof why, "%s must be a number from 1 to %d, not '%s'", what, max, text);
        usage(why);
    }
    return (int)v;
}

int main(int argc, char** argv) {
    int brokers = 1;
    int first_topic = 1;
    if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) usage("help");
    if (argc >= 2 && strcmp(argv[1], "--brokers") == 0) {
        if (argc < 3) usage("--brokers needs a count");
        brokers = parse_count(argv[2], 64, "--brokers");
        first_topic = 3;
    }

    // Block the stop signals before librdkafka starts its threads, so that they inherit
    // the mask and only sigwait below ever sees SIGTERM/SIGINT.
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);

    char err[512];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    // The handle exists only because the mock cluster needs one for its bookkeeping.
    if (rd_kafka_conf_set(conf, "log_level", "3", err, sizeof err) != RD_KAFKA_CONF_OK) usage(err);
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!rk) {
        fprintf(stderr, "rdkafka_mock_broker: rd_kafka_new: %s\n", err);
        return 1;
    }
    rd_kafka_mock_cluster_t* cluster = rd_kafka_mock_cluster_new(rk, brokers);
    if (!cluster) {
        fprintf(stderr, "rdkafka_mock_broker: cannot create the mock cluster\n");
        rd_kafka_destroy(rk);
        return 1;
    }

    for (int i = first_topic; i < argc; ++i) {
        char* colon = strrchr(argv[i], ':');
        if (!colon || colon == argv[i]) usage("topics are given as TOPIC:PARTITIONS");
        *colon = '\0';
        int partitions = parse_count(colon + 1, 100000, "PARTITIONS");
        rd_kafka_resp_err_t e = rd_kafka_mock_topic_create(cluster, argv[i], partitions, 1);
        if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
            fprintf(stderr, "rdkafka_mock_broker: cannot create topic %s: %s\n", argv[i], rd_kafka_err2str(e));
            rd_kafka_mock_cluster_destroy(cluster);
            rd_kafka_destroy(rk);
            return 1;
        }
    }

    printf("%s\n", rd_kafka_mock_cluster_bootstraps(cluster));
    fflush(stdout);

    int sig = 0;
    sigwait(&stop, &sig);
    rd_kafka_mock_cluster_destroy(cluster);
    rd_kafka_destroy(rk);
    return 0;
}
