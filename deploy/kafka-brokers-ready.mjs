// Waits until a Kafka cluster lists the expected number of brokers (deploy/infra-ha.sh): a broker's
// open port does not mean it has joined, and a topic with replication factor 3 cannot be created
// before three brokers have.   node deploy/kafka-brokers-ready.mjs 127.0.0.1:19192,... 3 [seconds]
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Kafka, logLevel } = require('kafkajs');
const [brokers, wanted, seconds = '180'] = process.argv.slice(2);
const deadline = Date.now() + Number(seconds) * 1000;
const kafka = new Kafka({ clientId: 'infra-ha-ready', brokers: brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 0 } });
let last = 'no answer yet';
while (Date.now() < deadline) {
  const admin = kafka.admin();
  try {
    await admin.connect();
    const { brokers: members } = await admin.describeCluster();
    if (members.length >= Number(wanted)) process.exit(0);
    last = `${members.length} of ${wanted} brokers registered`;
  } catch (err) {
    last = err.message;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  await new Promise((r) => setTimeout(r, 250));
}
console.error(`[infra-ha] error: the Kafka cluster at ${brokers} did not list ${wanted} brokers within ${seconds}s (${last})`);
process.exit(1);
