/* Produces and consumes through librdkafka's C API and prints what happened as JSON
 * lines, for the data-path integration tests.
 *
 * usage:
 *   datapath_client produce BOOTSTRAP TOPIC PARTITION COUNT TAG [--interval-ms=N] [name=value ...]
 *   datapath_client consume BOOTSTRAP TOPIC PARTITION OFFSET COUNT [name=value ...]
 *
 * produce sends COUNT records to PARTITION, one every N ms (default 0), with these
 * contents (test_datapath_librdkafka.py computes the same):
 *   key        "TAG-key-<i>", or null when i % 7 == 6
 *   value      "TAG-value-<i>;" four times, or null when i % 5 == 3
 *   headers    ("i", "<i>"), ("tag", TAG), and ("none", null) when i % 3 == 0
 *   timestamp  1700000000000 + i (CreateTime)
 * name=value pairs are librdkafka settings (acks, compression.codec, enable.idempotence,
 * request.timeout.ms, ...). Each delivery report is printed as soon as it arrives:
 *   {"dr":i,"err":code,"errstr":"...","partition":p,"offset":o}
 * and after the final flush (60 s at most) one line
 *   {"done":true,"unflushed":n,"stats":<librdkafka's last statistics JSON or null>}
 *
 * consume assigns PARTITION at OFFSET (a number, or -2 for the beginning) and prints
 *   {"offset":o,"key":..,"value":..,"headers":[[name,value],...],"timestamp_type":t,"timestamp":ts}
 * per record until it has COUNT records and has reached the end of the partition, then
 *   {"eof":next_offset,"count":n}
 * It gives up after 30 s without reaching that point (exit code 1).
 *
 * Exit code 0 on success; 1 with a message on stderr otherwise. */
#include <librdkafka/rdkafka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BASE_TIMESTAMP_MS 1700000000000LL
#define FLUSH_TIMEOUT_MS 60000
#define CONSUME_TIMEOUT_MS 30000

static char *last_stats = NULL;

static void print_json_bytes(const void *data, size_t size) {
  if (data == NULL) {
    fputs("null", stdout);
    return;
  }
  putchar('"');
  const unsigned char *p = (const unsigned char *)data;
  for (size_t i = 0; i < size; i++) {
    if (p[i] == '"' || p[i] == '\\')
      printf("\\%c", p[i]);
    else if (p[i] < 0x20 || p[i] >= 0x7f)
      printf("\\u%04x", p[i]);
    else
      putchar(p[i]);
  }
  putchar('"');
}

static void print_json_string(const char *s) { print_json_bytes(s, s ? strlen(s) : 0); }

static int fail(const char *what, const char *detail) {
  fprintf(stderr, "datapath_client: %s: %s\n", what, detail);
  return 1;
}

static int set_conf(rd_kafka_conf_t *conf, const char *name, const char *value) {
  char err[512];
  if (rd_kafka_conf_set(conf, name, value, err, sizeof(err)) != RD_KAFKA_CONF_OK) return fail(name, err);
  return 0;
}

/* Applies the name=value arguments; 0 on success. */
static int apply_settings(rd_kafka_conf_t *conf, int argc, char **argv) {
  for (int i = 0; i < argc; i++) {
    char *eq = strchr(argv[i], '=');
    if (eq == NULL || strncmp(argv[i], "--", 2) == 0) continue;
    *eq = '\0';
    int rc = set_conf(conf, argv[i], eq + 1);
    *eq = '=';
    if (rc != 0) return rc;
  }
  return 0;
}

static void sleep_ms(long ms) {
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
}

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
  (void)rk;
  (void)opaque;
  printf("{\"dr\":%ld,\"err\":%d,\"errstr\":", (long)(intptr_t)m->_private, (int)m->err);
  print_json_string(rd_kafka_err2str(m->err));
  printf(",\"partition\":%d,\"offset\":%lld}\n", (int)m->partition, (long long)m->offset);
  fflush(stdout);
}

static int on_stats(rd_kafka_t *rk, char *json, size_t json_len, void *opaque) {
  (void)rk;
  (void)json_len;
  (void)opaque;
  free(last_stats);
  last_stats = json;
  return 1; /* we keep the buffer */
}

static rd_kafka_resp_err_t produce_one(rd_kafka_t *rk, const char *topic, int partition, long i, const char *tag) {
  char key[128], one[128], value[512], index[32];
  snprintf(key, sizeof(key), "%s-key-%ld", tag, i);
  snprintf(one, sizeof(one), "%s-value-%ld;", tag, i);
  snprintf(value, sizeof(value), "%s%s%s%s", one, one, one, one);
  snprintf(index, sizeof(index), "%ld", i);
  rd_kafka_headers_t *headers = rd_kafka_headers_new(3);
  rd_kafka_header_add(headers, "i", -1, index, -1);
  rd_kafka_header_add(headers, "tag", -1, tag, -1);
  if (i % 3 == 0) rd_kafka_header_add(headers, "none", -1, NULL, 0);
  const int null_key = i % 7 == 6, null_value = i % 5 == 3;
  rd_kafka_resp_err_t err = rd_kafka_producev(
      rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(partition), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
      RD_KAFKA_V_KEY(null_key ? NULL : key, null_key ? 0 : strlen(key)),
      RD_KAFKA_V_VALUE(null_value ? NULL : value, null_value ? 0 : strlen(value)), RD_KAFKA_V_HEADERS(headers),
      RD_KAFKA_V_TIMESTAMP(BASE_TIMESTAMP_MS + i), RD_KAFKA_V_OPAQUE((void *)(intptr_t)i), RD_KAFKA_V_END);
  if (err) rd_kafka_headers_destroy(headers); /* on success the message owns them */
  return err;
}

static int produce(int argc, char **argv) {
  if (argc < 5) return fail("usage", "produce BOOTSTRAP TOPIC PARTITION COUNT TAG [--interval-ms=N] [name=value ...]");
  const char *topic = argv[1], *tag = argv[4];
  const int partition = atoi(argv[2]);
  const long count = atol(argv[3]);
  long interval_ms = 0;
  int stats_on = 0;
  for (int i = 5; i < argc; i++) {
    if (strncmp(argv[i], "--interval-ms=", 14) == 0) interval_ms = atol(argv[i] + 14);
    if (strncmp(argv[i], "statistics.interval.ms=", 23) == 0) stats_on = atol(argv[i] + 23) > 0;
  }

  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  if (set_conf(conf, "bootstrap.servers", argv[0]) || apply_settings(conf, argc - 5, argv + 5)) return 1;
  rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
  rd_kafka_conf_set_stats_cb(conf, on_stats);
  char err[512];
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof(err));
  if (rk == NULL) return fail("rd_kafka_new", err);

  for (long i = 0; i < count; i++) {
    rd_kafka_resp_err_t e;
    while ((e = produce_one(rk, topic, partition, i, tag)) == RD_KAFKA_RESP_ERR__QUEUE_FULL) rd_kafka_poll(rk, 100);
    if (e) {
      rd_kafka_destroy(rk);
      return fail("produce", rd_kafka_err2str(e));
    }
    rd_kafka_poll(rk, 0);
    if (interval_ms > 0) sleep_ms(interval_ms);
  }
  rd_kafka_flush(rk, FLUSH_TIMEOUT_MS);
  const int unflushed = rd_kafka_outq_len(rk);
  /* One more statistics report, taken after the flush, when statistics are on. */
  free(last_stats);
  last_stats = NULL;
  for (int waited = 0; stats_on && last_stats == NULL && waited < 5000; waited += 50) rd_kafka_poll(rk, 50);
  printf("{\"done\":true,\"unflushed\":%d,\"stats\":%s}\n", unflushed, last_stats ? last_stats : "null");
  fflush(stdout);
  free(last_stats);
  last_stats = NULL;
  rd_kafka_destroy(rk);
  return unflushed == 0 ? 0 : 1;
}

static void print_record(const rd_kafka_message_t *m) {
  printf("{\"offset\":%lld,\"key\":", (long long)m->offset);
  print_json_bytes(m->key, m->key_len);
  printf(",\"value\":");
  print_json_bytes(m->payload, m->len);
  printf(",\"headers\":[");
  rd_kafka_headers_t *headers = NULL;
  if (rd_kafka_message_headers(m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    const char *name;
    const void *value;
    size_t size;
    for (size_t idx = 0; rd_kafka_header_get_all(headers, idx, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
         idx++) {
      printf(idx ? ",[" : "[");
      print_json_string(name);
      putchar(',');
      print_json_bytes(value, size);
      putchar(']');
    }
  }
  rd_kafka_timestamp_type_t type;
  const long long ts = (long long)rd_kafka_message_timestamp(m, &type);
  printf("],\"timestamp_type\":%d,\"timestamp\":%lld}\n", (int)type, ts);
}

static int consume(int argc, char **argv) {
  if (argc < 5) return fail("usage", "consume BOOTSTRAP TOPIC PARTITION OFFSET COUNT [name=value ...]");
  const char *topic = argv[1];
  const int partition = atoi(argv[2]);
  const long long offset = atoll(argv[3]);
  const long count = atol(argv[4]);

  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  /* group.id only because librdkafka's consumer wants one; nothing is committed. */
  if (set_conf(conf, "bootstrap.servers", argv[0]) || set_conf(conf, "group.id", "datapath-client-no-commits") ||
      set_conf(conf, "enable.auto.commit", "false") || set_conf(conf, "enable.partition.eof", "true") ||
      apply_settings(conf, argc - 5, argv + 5))
    return 1;
  char err[512];
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof(err));
  if (rk == NULL) return fail("rd_kafka_new", err);
  rd_kafka_topic_partition_list_t *assignment = rd_kafka_topic_partition_list_new(1);
  rd_kafka_topic_partition_list_add(assignment, topic, partition)->offset = offset;
  rd_kafka_resp_err_t e = rd_kafka_assign(rk, assignment);
  rd_kafka_topic_partition_list_destroy(assignment);
  if (e) {
    rd_kafka_destroy(rk);
    return fail("assign", rd_kafka_err2str(e));
  }

  long got = 0;
  int rc = 1;
  struct timespec start, now;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (;;) {
    clock_gettime(CLOCK_MONOTONIC, &now);
    if ((now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1000000 > CONSUME_TIMEOUT_MS) {
      fprintf(stderr, "datapath_client: consume: %ld of %ld records before the timeout\n", got, count);
      break;
    }
    rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 200);
    if (m == NULL) continue;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      const long long eof = (long long)m->offset;
      rd_kafka_message_destroy(m);
      if (got >= count) {
        printf("{\"eof\":%lld,\"count\":%ld}\n", eof, got);
        rc = 0;
        break;
      }
      continue;
    }
    if (m->err) {
      fprintf(stderr, "datapath_client: consume: %s\n", rd_kafka_message_errstr(m));
      rd_kafka_message_destroy(m);
      break;
    }
    print_record(m);
    got++;
    rd_kafka_message_destroy(m);
  }
  fflush(stdout);
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  return rc;
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "produce") == 0) return produce(argc - 2, argv + 2);
  if (argc >= 2 && strcmp(argv[1], "consume") == 0) return consume(argc - 2, argv + 2);
  return fail("usage", "datapath_client produce|consume BOOTSTRAP TOPIC ...");
}
