// kafkajs 2.2.4 topic administration: runs a list of steps in one session and prints
// their results as one JSON array on stdout (one entry per step, in order).
//
// usage: node kafkajs_topic_admin.js BOOTSTRAP 'STEPS_JSON'
//   {"op": ADMIN_METHOD, "args": {...}}   an admin call (createPartitions,
//                                         deleteTopicRecords, describeCluster, ...)
//   {"op": "send", "args": {...}}         producer.send(args), acks -1, no auto-creation
// A step that throws gives {"error": {name, type, code, errors?, partitions?, cause?}}:
// kafkajs reports DeleteRecords failures per partition in `partitions`.
'use strict';
const { Kafka, logLevel } = require('kafkajs');

function describeError(e) {
  const out = { name: e.name, type: e.type || null, code: e.code === undefined ? null : e.code };
  if (Array.isArray(e.errors)) out.errors = e.errors.map(describeError);
  if (Array.isArray(e.partitions)) {
    out.partitions = e.partitions.map((p) => ({ partition: p.partition, offset: p.offset, error: describeError(p.error) }));
  }
  if (e.cause) out.cause = describeError(e.cause);
  return out;
}

async function main() {
  const [bootstrap, stepsJson] = process.argv.slice(2);
  const steps = JSON.parse(stepsJson);
  const kafka = new Kafka({ clientId: 'sb-integration', brokers: [bootstrap], logLevel: logLevel.NOTHING,
                            retry: { retries: 0 } });
  const admin = kafka.admin();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await admin.connect();
  await producer.connect();
  const results = [];
  try {
    for (const step of steps) {
      try {
        const value = step.op === 'send' ? await producer.send({ acks: -1, ...step.args })
                                         : await admin[step.op](step.args);
        results.push({ value: value === undefined ? null : value });
      } catch (e) {
        results.push({ error: describeError(e) });
      }
    }
  } finally {
    await producer.disconnect();
    await admin.disconnect();
  }
  process.stdout.write(JSON.stringify(results) + '\n');
}

main().catch((e) => {
  process.stderr.write(`kafkajs_topic_admin: ${e.stack || e}\n`);
  process.exit(1);
});
