/* librdkafka's consumer group admin calls that confluent-kafka 1.7.0 does not expose and
 * the streambus CLI does not use: ListConsumerGroups with a state filter and
 * DeleteConsumerGroupOffsets (OffsetDelete).
 *
 * usage: group_admin_client list-groups BOOTSTRAP [STATE...]
 *          prints "GROUP STATE" per group in the states named (every group without any)
 *        group_admin_client delete-offsets BOOTSTRAP GROUP TOPIC:PARTITION...
 *          prints "group ERROR", then "TOPIC PARTITION ERROR" per partition answered
 * ERROR is librdkafka's error name (NO_ERROR, GROUP_SUBSCRIBED_TO_TOPIC, ...). An error
 * librdkafka reports for the whole request prints "error ERROR" instead.
 * Exit code 0 once the broker answered; 1 with a message on stderr otherwise. */
#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TIMEOUT_MS 30000

static rd_kafka_t *new_client(const char *bootstrap) {
  char err[512];
  rd_kafka_conf_t *conf = rd_kafka_conf_new();
  if (rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap, err, sizeof err) != RD_KAFKA_CONF_OK) {
    fprintf(stderr, "config: %s\n", err);
    rd_kafka_conf_destroy(conf);
    return NULL;
  }
  rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
  if (!rk) fprintf(stderr, "rd_kafka_new: %s\n", err);
  return rk;
}

static rd_kafka_AdminOptions_t *new_options(rd_kafka_t *rk, rd_kafka_admin_op_t op) {
  char err[512];
  rd_kafka_AdminOptions_t *options = rd_kafka_AdminOptions_new(rk, op);
  if (rd_kafka_AdminOptions_set_request_timeout(options, TIMEOUT_MS, err, sizeof err) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    fprintf(stderr, "request timeout: %s\n", err);
    rd_kafka_AdminOptions_destroy(options);
    return NULL;
  }
  return options;
}

/* Waits for the admin result of the expected type. NULL when there is none: nothing
 * came or another event did (rc 1), or librdkafka failed the whole request, which is
 * printed as "error ERROR" (rc 0: the error is the answer). */
static rd_kafka_event_t *wait_result(rd_kafka_queue_t *queue, rd_kafka_event_type_t type, int *rc) {
  rd_kafka_event_t *ev = rd_kafka_queue_poll(queue, TIMEOUT_MS + 5000);
  *rc = 1;
  if (!ev) {
    fprintf(stderr, "no answer within %d ms\n", TIMEOUT_MS + 5000);
    return NULL;
  }
  if (rd_kafka_event_type(ev) != type) {
    fprintf(stderr, "unexpected event %s: %s\n", rd_kafka_event_name(ev), rd_kafka_event_error_string(ev));
  } else if (rd_kafka_event_error(ev)) {
    printf("error %s\n", rd_kafka_err2name(rd_kafka_event_error(ev)));
    fprintf(stderr, "%s\n", rd_kafka_event_error_string(ev));
    *rc = 0;
  } else {
    *rc = 0;
    return ev;
  }
  rd_kafka_event_destroy(ev);
  return NULL;
}

static int list_groups(rd_kafka_t *rk, rd_kafka_queue_t *queue, char **states, int state_count) {
  rd_kafka_AdminOptions_t *options = new_options(rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS);
  if (!options) return 1;
  if (state_count > 0) {
    rd_kafka_consumer_group_state_t *codes = calloc((size_t)state_count, sizeof *codes);
    for (int i = 0; i < state_count; i++) codes[i] = rd_kafka_consumer_group_state_code(states[i]);
    rd_kafka_error_t *error = rd_kafka_AdminOptions_set_match_consumer_group_states(options, codes, (size_t)state_count);
    free(codes);
    if (error) {
      fprintf(stderr, "states: %s\n", rd_kafka_error_string(error));
      rd_kafka_error_destroy(error);
      rd_kafka_AdminOptions_destroy(options);
      return 1;
    }
  }
  rd_kafka_ListConsumerGroups(rk, options, queue);
  rd_kafka_AdminOptions_destroy(options);
  int rc = 0;
  rd_kafka_event_t *ev = wait_result(queue, RD_KAFKA_EVENT_LISTCONSUMERGROUPS_RESULT, &rc);
  if (!ev) return rc;
  const rd_kafka_ListConsumerGroups_result_t *result = rd_kafka_event_ListConsumerGroups_result(ev);
  size_t error_count = 0;
  const rd_kafka_error_t **errors = rd_kafka_ListConsumerGroups_result_errors(result, &error_count);
  for (size_t i = 0; i < error_count; i++) fprintf(stderr, "broker error: %s\n", rd_kafka_error_string(errors[i]));
  size_t count = 0;
  const rd_kafka_ConsumerGroupListing_t **listings = rd_kafka_ListConsumerGroups_result_valid(result, &count);
  for (size_t i = 0; i < count; i++)
    printf("%s %s\n", rd_kafka_ConsumerGroupListing_group_id(listings[i]),
           rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupListing_state(listings[i])));
  rd_kafka_event_destroy(ev);
  return error_count ? 1 : 0;
}

static int delete_offsets(rd_kafka_t *rk, rd_kafka_queue_t *queue, const char *group, char **partitions, int count) {
  rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(count);
  for (int i = 0; i < count; i++) {
    char *colon = strrchr(partitions[i], ':');
    if (!colon) {
      fprintf(stderr, "'%s' is not TOPIC:PARTITION\n", partitions[i]);
      rd_kafka_topic_partition_list_destroy(list);
      return 1;
    }
    *colon = '\0';
    rd_kafka_topic_partition_list_add(list, partitions[i], (int32_t)atoi(colon + 1));
  }
  rd_kafka_DeleteConsumerGroupOffsets_t *request = rd_kafka_DeleteConsumerGroupOffsets_new(group, list);
  rd_kafka_topic_partition_list_destroy(list);
  rd_kafka_AdminOptions_t *options = new_options(rk, RD_KAFKA_ADMIN_OP_DELETECONSUMERGROUPOFFSETS);
  if (!options) {
    rd_kafka_DeleteConsumerGroupOffsets_destroy(request);
    return 1;
  }
  rd_kafka_DeleteConsumerGroupOffsets(rk, &request, 1, options, queue);
  rd_kafka_DeleteConsumerGroupOffsets_destroy(request);
  rd_kafka_AdminOptions_destroy(options);
  int rc = 0;
  rd_kafka_event_t *ev = wait_result(queue, RD_KAFKA_EVENT_DELETECONSUMERGROUPOFFSETS_RESULT, &rc);
  if (!ev) return rc;
  size_t group_count = 0;
  const rd_kafka_group_result_t **groups =
      rd_kafka_DeleteConsumerGroupOffsets_result_groups(rd_kafka_event_DeleteConsumerGroupOffsets_result(ev), &group_count);
  for (size_t g = 0; g < group_count; g++) {
    const rd_kafka_error_t *error = rd_kafka_group_result_error(groups[g]);
    printf("group %s\n", error ? rd_kafka_err2name(rd_kafka_error_code(error)) : "NO_ERROR");
    const rd_kafka_topic_partition_list_t *answered = rd_kafka_group_result_partitions(groups[g]);
    for (int i = 0; answered && i < answered->cnt; i++) {
      const rd_kafka_topic_partition_t *tp = &answered->elems[i];
      printf("%s %d %s\n", tp->topic, (int)tp->partition, rd_kafka_err2name(tp->err));
    }
  }
  rd_kafka_event_destroy(ev);
  return 0;
}

int main(int argc, char **argv) {
  int list = argc >= 3 && strcmp(argv[1], "list-groups") == 0;
  int del = argc >= 5 && strcmp(argv[1], "delete-offsets") == 0;
  if (!list && !del) {
    fprintf(stderr,
            "usage: %s list-groups BOOTSTRAP [STATE...]\n"
            "       %s delete-offsets BOOTSTRAP GROUP TOPIC:PARTITION...\n",
            argv[0], argv[0]);
    return 1;
  }
  rd_kafka_t *rk = new_client(argv[2]);
  if (!rk) return 1;
  rd_kafka_queue_t *queue = rd_kafka_queue_new(rk);
  int rc = list ? list_groups(rk, queue, argv + 3, argc - 3) : delete_offsets(rk, queue, argv[3], argv + 4, argc - 4);
  rd_kafka_queue_destroy(queue);
  rd_kafka_destroy(rk);
  return rc;
}
