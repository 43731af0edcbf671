// Writes data into every partition of a topic for bench/scale: the same number of records
// into each partition, through librdkafka with acks=1 (the broker's answer, not an fsync,
// paces it), so that the broker under test holds a known amount of data.
//
//   fill_partitions BROKERS TOPIC PARTITIONS RECORDS_PER_PARTITION RECORD_BYTES
//
// Exits 0 once every record is acknowledged, 1 when any delivery failed.
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long long delivered = 0;
static long long failed = 0;

static void on_delivery(rd_kafka_t* rk, const rd_kafka_message_t* msg, void* opaque) {
    (void)rk;
    (void)opaque;
    if (msg->err) {
        if (failed++ == 0) fprintf(stderr, "fill_partitions: delivery failed: %s\n", rd_kafka_err2str(msg->err));
    } else {
        ++delivered;
    }
}

static long long parse_positive(const char* text, long long max, const char* what) {
    char* end = NULL;
    long long v = strtoll(text, &end, 10);
    if (end == text || *end != '\0' || v < 1 || v > max) {
        fprintf(stderr, "fill_partitions: %s must be a number from 1 to %lld, not '%s'\n", what, max, text);
        exit(2);
    }
    return v;
}

static void set(rd_kafka_conf_t* conf, const char* key, const char* value) {
    char err[512];
    if (rd_kafka_conf_set(conf, key, value, err, sizeof err) != RD_KAFKA_CONF_OK) {
        fprintf(stderr, "fill_partitions: %s=%s: %s\n", key, value, err);
        exit(2);
    }
}

int main(int argc, char** argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: fill_partitions BROKERS TOPIC PARTITIONS RECORDS_PER_PARTITION RECORD_BYTES\n");
        return 2;
    }
    const char* topic = argv[2];
    int partitions = (int)parse_positive(argv[3], 1000000, "PARTITIONS");
    long long per_partition = parse_positive(argv[4], 1LL << 40, "RECORDS_PER_PARTITION");
    size_t record_bytes = (size_t)parse_positive(argv[5], 1 << 20, "RECORD_BYTES");

    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    set(conf, "bootstrap.servers", argv[1]);
    set(conf, "acks", "1");
    set(conf, "linger.ms", "5");
    set(conf, "batch.size", "1000000");
    set(conf, "queue.buffering.max.kbytes", "262144");
    set(conf, "compression.codec", "none");
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    char err[512];
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!rk) {
        fprintf(stderr, "fill_partitions: %s\n", err);
        return 1;
    }
    rd_kafka_topic_t* rkt = rd_kafka_topic_new(rk, topic, NULL);

    // One payload shared by every record (librdkafka is told not to copy or free it):
    // the broker stores what it is sent, so the contents do not matter, only the size.
    char* payload = malloc(record_bytes);
    memset(payload, 'x', record_bytes);

    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    // Round robin over the partitions, so that every partition fills at the same pace.
    for (long long i = 0; i < per_partition && failed == 0; ++i) {
        for (int p = 0; p < partitions; ++p) {
            while (rd_kafka_produce(rkt, p, 0, payload, record_bytes, NULL, 0, NULL) != 0) {
                if (rd_kafka_last_error() != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                    fprintf(stderr, "fill_partitions: produce: %s\n", rd_kafka_err2str(rd_kafka_last_error()));
                    return 1;
                }
                rd_kafka_poll(rk, 10);
            }
        }
        rd_kafka_poll(rk, 0);
    }
    while (rd_kafka_outq_len(rk) > 0) rd_kafka_poll(rk, 100);
    clock_gettime(CLOCK_MONOTONIC, &end);

    double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    printf("{\"records\": %lld, \"failed\": %lld, \"bytes\": %lld, \"seconds\": %.3f}\n", delivered, failed,
           delivered * (long long)record_bytes, seconds);
    rd_kafka_topic_destroy(rkt);
    rd_kafka_destroy(rk);
    free(payload);
    return failed == 0 ? 0 : 1;
}
