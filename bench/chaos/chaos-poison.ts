/**
 * Poison, duplicated and replayed messages on the fleet's topics, as a broken or malicious client
 * (or a replaying broker) would send them. On a switch's command topic: random bytes, text that is
 * not JSON, JSON that breaks the contract, a verbatim replay of the oldest command on the topic
 * (an old epoch, or a command id already applied), and a forged command under an epoch lower than
 * the agent has seen (it must be refused STALE_EPOCH, I5). On the events topic: random bytes, a
 * contract-breaking ack, the newest ack again (a duplicate) and the oldest one (a replay).
 * None may change a circuit: the checker's I3 comparison after convergence says whether one did,
 * and the forged command must never appear among the agent's applied acks.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { topicNames, type ApplyCommand } from '@lightpath/contracts';
import { createKafka, silentLogger } from '@lightpath/messaging';
import type { Violation } from './fabric-snapshot';
import { readAgentLedger, type SwitchLocation } from './fabric-reader';

export interface PoisonResult {
  sent: number;
  /** Checked after convergence: the forged command must not have been applied. */
  verify(): Violation[];
}

export async function poisonCommands(brokers: string, prefix: string, loc: SwitchLocation): Promise<PoisonResult> {
  const topic = topicNames(prefix).commands(loc.switchId);
  const [oldest] = await readTopic(brokers, topic, 1);
  const seen = readAgentLedger(loc)?.highestEpoch ?? 0;
  const forgedId = `chaos-forged-${randomBytes(6).toString('hex')}`;
  const messages: (Buffer | string)[] = [randomBytes(64), 'not json {', JSON.stringify({ type: 'apply', switchId: loc.switchId })];
  if (oldest) messages.push(oldest);
  if (seen >= 1) {
    const forged: ApplyCommand = {
      type: 'apply',
      commandId: forgedId,
      switchId: loc.switchId,
      epoch: seen - 1,
      issuedAt: Date.now(),
      deadline: Date.now() + 60_000,
      parts: [{ operationId: forgedId, step: 's0.e0', deadline: Date.now() + 60_000, connect: [{ north: 32, south: 31 }], disconnect: [] }],
    };
    messages.push(JSON.stringify(forged));
  }
  await send(brokers, topic, loc.switchId, messages);
  return {
    sent: messages.length,
    verify: () => (appliedInJournal(loc, forgedId) ? [{ check: 'I5', detail: `${loc.switchId} applied forged command ${forgedId} of epoch ${seen - 1} after seeing epoch ${seen}` }] : []),
  };
}

export async function poisonEvents(brokers: string, prefix: string, switchId: string): Promise<PoisonResult> {
  const topic = topicNames(prefix).events;
  const acks = (await readTopic(brokers, topic, 10_000)).filter((m) => m.includes('"ack"'));
  const messages: (Buffer | string)[] = [randomBytes(64), JSON.stringify({ type: 'ack', switchId })];
  if (acks.length > 0) messages.push(acks[acks.length - 1], acks[0]);
  await send(brokers, topic, switchId, messages);
  return { sent: messages.length, verify: () => [] };
}

function appliedInJournal(loc: SwitchLocation, commandId: string): boolean {
  try {
    const text = readFileSync(join(loc.stateDir, `${loc.switchId}.acks.jsonl`), 'utf8');
    return text.split('\n').some((line) => line.includes(commandId) && !line.includes('"rejected"'));
  } catch {
    return false;
  }
}

async function send(brokers: string, topic: string, key: string, messages: (Buffer | string)[]): Promise<void> {
  const kafka = createKafka({ brokers: [brokers], clientId: 'chaos-poison', logger: silentLogger });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: messages.map((value) => ({ key, value })) });
  } finally {
    await producer.disconnect();
  }
}

/** Up to `max` messages of a topic, from its beginning, as text; stops at the end of the topic. */
async function readTopic(brokers: string, topic: string, max: number): Promise<string[]> {
  const kafka = createKafka({ brokers: [brokers], clientId: 'chaos-poison-reader', logger: silentLogger });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const remaining = new Map(ends.filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]));
  if (remaining.size === 0) return [];
  const out: string[] = [];
  const consumer = kafka.consumer({ groupId: `chaos-reader-${randomBytes(6).toString('hex')}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let done!: () => void;
    const finished = new Promise<void>((res) => (done = res));
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        if (out.length < max && message.value) out.push(message.value.toString('utf8'));
        if (Number(message.offset) + 1 >= (remaining.get(partition) ?? 0)) remaining.delete(partition);
        if (remaining.size === 0 || out.length >= max) done();
      },
    });
    await Promise.race([finished, new Promise((res) => setTimeout(res, 20_000))]);
  } finally {
    await consumer.disconnect();
  }
  return out;
}
