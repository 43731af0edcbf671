// Runs a list of kafkajs admin calls against one broker and prints their
// results as one JSON array on stdout (one entry per step, in order).
//
// usage: node kafkajs_probe.js BOOTSTRAP 'STEPS_JSON'
//   STEPS_JSON: [{"op": "describeCluster"}, {"op": "createTopics", "args": {...}}, ...]
//   op is an admin method; args is passed to it as is.
// A step that throws gives {"error": {name, type, code, errors?, cause?}}.
'use strict';
const { Kafka, logLevel } = require('kafkajs');

function describeError(e) {
  const out = { name: e.name, type: e.type || null, code: e.code === undefined ? null : e.code };
  if (Array.isArray(e.errors)) out.errors = e.errors.map(describeError);
  if (e.cause) out.cause = describeError(e.cause);
  return out;
}

async function main() {
  const [bootstrap, stepsJson] = process.argv.slice(2);
  const steps = JSON.parse(stepsJson);
  const kafka = new Kafka({
    clientId: 'sb-integration',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  await admin.connect();
  const results = [];
  try {
    for (const step of steps) {
      try {
        const value = await admin[step.op](step.args);
        results.push({ value: value === undefined ? null : value });
      } catch (e) {
        results.push({ error: describeError(e) });
      }
    }
  } finally {
    await admin.disconnect();
  }
  process.stdout.write(JSON.stringify(results) + '\n');
}

main().catch((e) => {
  process.stderr.write(`kafkajs_probe: ${e.stack || e}\n`);
  process.exit(1);
});
