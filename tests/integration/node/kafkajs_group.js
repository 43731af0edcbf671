// kafkajs 2.2.4 consumer group: one consumer (FindCoordinator v2, JoinGroup v5, SyncGroup
// v3, Heartbeat v3, OffsetCommit v5, OffsetFetch v4, LeaveGroup v3) reads COUNT records
// from the start of TOPIC, commits them and leaves; then the group's committed offsets
// are read with admin.fetchOffsets (OffsetFetch) and the group described
// (DescribeGroups v2) and listed (ListGroups v2) while a second member is in it.
//
// usage: node kafkajs_group.js BOOTSTRAP TOPIC GROUP COUNT
// Prints one JSON object: {consumed: [...], offsets: [...], described: {...}, listed: [...]}.
'use strict';
const { Kafka, logLevel } = require('kafkajs');

async function consumeAll(kafka, topic, group, count) {
  const consumer = kafka.consumer({ groupId: group, sessionTimeout: 6000, heartbeatInterval: 500,
                                    rebalanceTimeout: 10000 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const consumed = [];
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`consumed ${consumed.length} of ${count}`)), 60000);
    consumer.run({
      autoCommit: true,
      eachMessage: async ({ partition, message }) => {
        consumed.push({ partition, offset: message.offset, key: message.key.toString() });
        if (consumed.length === count) {
          clearTimeout(timer);
          resolve();
        }
      },
    }).catch(reject);
  });
  return { consumer, consumed };
}

async function main() {
  const [bootstrap, topic, group, countText] = process.argv.slice(2);
  const count = Number(countText);
  const kafka = new Kafka({ clientId: 'sb-kafkajs', brokers: [bootstrap], logLevel: logLevel.NOTHING,
                            retry: { retries: 8 } });
  const { consumer, consumed } = await consumeAll(kafka, topic, group, count);
  const admin = kafka.admin();
  await admin.connect();
  const described = await admin.describeGroups([group]);
  const listed = await admin.listGroups();
  await consumer.disconnect();  // commits what eachMessage finished, then LeaveGroup
  const offsets = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  await admin.disconnect();
  const g = described.groups[0];
  process.stdout.write(JSON.stringify({
    consumed,
    offsets,
    described: { groupId: g.groupId, state: g.state, protocolType: g.protocolType, protocol: g.protocol,
                 errorCode: g.errorCode, clientIds: g.members.map((m) => m.clientId) },
    listed: listed.groups.filter((x) => x.groupId === group),
  }));
}

main().catch((e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
