#pragma once
// KIP-430 authorized-operations bit fields (Metadata, DescribeCluster): one bit per
// Kafka AclOperation code - READ 3, WRITE 4, CREATE 5, DELETE 6, ALTER 7, DESCRIBE 8,
// CLUSTER_ACTION 9, DESCRIBE_CONFIGS 10, ALTER_CONFIGS 11, IDEMPOTENT_WRITE 12.
//
// Without ACLs every operation Kafka supports on a resource type is allowed, so these
// are the full sets (Kafka's AclEntry.supportedOperations); a request that does not ask
// gets INT32_MIN, the schema's "not requested".

#include <cstdint>

namespace sb::kafka {

constexpr int32_t k_authorized_operations_not_requested = INT32_MIN;

// Topic: READ WRITE CREATE DELETE ALTER DESCRIBE DESCRIBE_CONFIGS ALTER_CONFIGS.
constexpr int32_t k_topic_operations_all = (1 << 3) | (1 << 4) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) |
                                           (1 << 10) | (1 << 11);
// Cluster: CREATE ALTER DESCRIBE CLUSTER_ACTION DESCRIBE_CONFIGS ALTER_CONFIGS IDEMPOTENT_WRITE.
constexpr int32_t k_cluster_operations_all = (1 << 5) | (1 << 7) | (1 << 8) | (1 << 9) | (1 << 10) | (1 << 11) |
                                             (1 << 12);

}  // namespace sb::kafka
