// kafkajs 2.2.4 on the data path: its producer (Produce v7, acks -1/1/0, gzip or none),
// then its own Fetch (v11) and ListOffsets (v3) requests read everything back. kafkajs'
// consumer needs consumer groups, which come later, so the records are read the way the
// consumer reads them internally: the cluster's broker connection and broker.fetch().
//
// usage: node kafkajs_datapath.js BOOTSTRAP TOPIC COMPRESSION(none|gzip) ACKS COUNT
// Prints one JSON object: {produced: [...RecordMetadata], offsets: {...}, fetched: [...]}.
'use strict';
const { Kafka, CompressionTypes, logLevel } = require('kafkajs');

const BASE_TS = 1700000000000;

async function main() {
  const [bootstrap, topic, compression, acks, countText] = process.argv.slice(2);
  const count = Number(countText);
  const kafka = new Kafka({ clientId: 'sb-kafkajs', brokers: [bootstrap], logLevel: logLevel.NOTHING,
                            retry: { retries: 5 } });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const messages = [];
  for (let i = 0; i < count; i++) {
    messages.push({ key: i % 7 === 6 ? null : `k${i}`, value: i % 5 === 4 ? null : `v${i}`,
                    headers: { h: `${i}`, second: Buffer.from([0, 255, i & 0xff]) },
                    partition: 0, timestamp: String(BASE_TS + i) });
  }
  const produced = await producer.send({
    topic, messages, acks: Number(acks),
    compression: compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
  });
  await producer.disconnect();

  // The cluster object kafkajs builds for its own producers and consumers.
  const createCluster = kafka[Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster')];
  const cluster = createCluster({});
  await cluster.connect();
  await cluster.addTargetTopic(topic);
  const leaders = cluster.findLeaderForPartitions(topic, [0]);
  const broker = await cluster.findBroker({ nodeId: Object.keys(leaders)[0] });
  const fetched = [];
  let offset = '0';
  while (fetched.length < count) {
    const response = await broker.fetch({
      maxWaitTime: 100, minBytes: 1, maxBytes: 1 << 20,
      topics: [{ topic, partitions: [{ partition: 0, fetchOffset: offset, maxBytes: 1 << 20 }] }],
    });
    const [part] = response.responses[0].partitions;
    if (part.errorCode !== 0) throw new Error(`fetch error ${part.errorCode}`);
    for (const m of part.messages) {
      if (BigInt(m.offset) < BigInt(offset)) continue;  // a batch may start before the offset
      fetched.push({ offset: m.offset, key: m.key && m.key.toString(), value: m.value && m.value.toString(),
                     headers: Object.fromEntries(Object.entries(m.headers).map(([k, v]) => [k, v.toString('hex')])),
                     timestamp: m.timestamp });
      offset = (BigInt(m.offset) + 1n).toString();
    }
  }
  await cluster.disconnect();

  // After the fetch saw every record: with acks=0 nothing else says they are appended.
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  const byTime = await admin.fetchTopicOffsetsByTimestamp(topic, BASE_TS + 2);
  await admin.disconnect();
  process.stdout.write(JSON.stringify({ produced, offsets, byTime, fetched }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
