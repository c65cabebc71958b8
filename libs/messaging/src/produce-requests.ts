/** One message ready for kafkajs: its value already serialised, so its size is known. */
export interface EncodedMessage {
  topic: string;
  key: string;
  value: string | Buffer;
  headers?: Record<string, string>;
}

/**
 * Splits messages into produce requests of at most `maxBytes` of values each (a message larger than
 * that goes alone), keeping their order, so sending the requests one after another keeps every
 * topic's and key's order. One request for a stage over 1,000 switches of 320 pairs is about 10 MB;
 * on a loaded machine the broker took longer than the send timeout to answer it, the whole stage
 * was reported unsent and sent again (bench:scale, docs/benchmarks.md). Requests of about 1 MB each
 * answer well within it, and the switches in the first ones start while the rest are sent.
 */
export function produceRequests(messages: EncodedMessage[], maxBytes: number): Map<string, EncodedMessage[]>[] {
  const requests: Map<string, EncodedMessage[]>[] = [];
  let current = new Map<string, EncodedMessage[]>();
  let bytes = 0;
  for (const m of messages) {
    const size = Buffer.byteLength(m.value) + m.key.length;
    if (bytes > 0 && bytes + size > maxBytes) {
      requests.push(current);
      current = new Map();
      bytes = 0;
    }
    const list = current.get(m.topic);
    if (list) list.push(m);
    else current.set(m.topic, [m]);
    bytes += size;
  }
  if (bytes > 0 || current.size > 0) requests.push(current);
  return requests;
}
