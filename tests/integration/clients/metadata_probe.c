/* Fetches cluster metadata through librdkafka and prints it as one JSON object.
 *
 * usage: metadata_probe BOOTSTRAP [TOPIC]
 *   without TOPIC: metadata for all topics; with TOPIC: that topic only.
 * Exit code 0 on success; 1 with a message on stderr otherwise. */
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <string.h>

static void print_json_string(const char *s) {
  putchar('"');
  for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
    if (*p == '"' || *p == '\\')
      printf("\\%c", *p);
    else if (*p < 0x20)
      printf("\\u%04x", *p);
    else
      putchar(*p);
  }
  putchar('"');
}

static void print_int32_array(const int32_t *v, int n) {
  putchar('[');
  for (int i = 0; i < n; i++) printf(i ? ",%d" : "%d", (int)v[i]);
  putchar(']');
}

static void print_metadata(rd_kafka_t *rk, const rd_kafka_metadata_t *md) {
  printf("{\"orig_broker_id\":%d,\"orig_broker_name\":", (int)md->orig_broker_id);
  print_json_string(md->orig_broker_name);
  printf(",\"brokers\":[");
  for (int i = 0; i < md->broker_cnt; i++) {
    printf(i ? ",{\"id\":%d,\"host\":" : "{\"id\":%d,\"host\":", (int)md->brokers[i].id);
    print_json_string(md->brokers[i].host);
    printf(",\"port\":%d}", md->brokers[i].port);
  }
  printf("],\"topics\":[");
  for (int i = 0; i < md->topic_cnt; i++) {
    const rd_kafka_metadata_topic_t *t = &md->topics[i];
    printf(i ? ",{\"name\":" : "{\"name\":");
    print_json_string(t->topic);
    printf(",\"err\":%d,\"partitions\":[", (int)t->err);
    for (int j = 0; j < t->partition_cnt; j++) {
      const rd_kafka_metadata_partition_t *p = &t->partitions[j];
      printf(j ? ",{\"id\":%d,\"err\":%d,\"leader\":%d,\"replicas\":" : "{\"id\":%d,\"err\":%d,\"leader\":%d,\"replicas\":",
             (int)p->id, (int)p->err, (int)p->leader);
      print_int32_array(p->replicas, p->replica_cnt);
      printf(",\"isrs\":");
      print_int32_array(p->isrs, p->isr_cnt);
      putchar('}');
    }
    printf("]}");
  }
  printf("],\"controller_id\":%d,\"cluster_id\":", (int)rd_kafka_controllerid(rk, 10000));
  char *cluster_id = rd_kafka_clusterid(rk, 10000);
  if (cluster_id) {
    print_json_string(cluster_id);
    rd_kafka_mem_free(rk, cluster_id);
  } else {
    printf("null");
  }
  printf("}\n");
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: %s BOOTSTRAP [TOPIC]\n", argv[0]);
    return 1;
  }
  char err[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  if (rd_kafka_conf_set(conf, "bootstrap.servers", argv[1], err, sizeof err) != RD_KAFKA_CONF_OK) {
    fprintf(stderr, "config: %s\n", err);
    return 1;
  }
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (!rk) {
    fprintf(stderr, "rd_kafka_new: %s\n", err);
    return 1;
  }
  rd_kafka_topic_t *rkt = argc == 3 ? rd_kafka_topic_new(rk, argv[2], NULL) : NULL;
  const rd_kafka_metadata_t *md = NULL;
  rd_kafka_resp_err_t e = rd_kafka_metadata(rk, rkt == NULL, rkt, &md, 10000);
  int rc = 0;
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    fprintf(stderr, "metadata: %s\n", rd_kafka_err2str(e));
    rc = 1;
  } else {
    print_metadata(rk, md);
    rd_kafka_metadata_destroy(md);
  }
  if (rkt) rd_kafka_topic_destroy(rkt);
  rd_kafka_destroy(rk);
  return rc;
}
