import { KafkaJSNonRetriableError, KafkaJSProtocolError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { describeKafkaError, isTransientKafkaError } from './kafka-errors';

/** kafkajs' own error classes, built the way it builds them (error codes from the Kafka protocol). */
const protocolError = (code: number) => new KafkaJSProtocolError({ code, type: '', retriable: false, message: '' } as never);

describe('isTransientKafkaError', () => {
  it('counts metadata for a just-created topic as transient (UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE)', () => {
    const unknown = Object.assign(new Error('This server does not host this topic-partition'), { name: 'KafkaJSProtocolError', type: 'UNKNOWN_TOPIC_OR_PARTITION', retriable: false });
    const noLeader = Object.assign(new Error('There is no leader for this topic-partition'), { name: 'KafkaJSProtocolError', type: 'LEADER_NOT_AVAILABLE' });
    expect(isTransientKafkaError(unknown)).toBe(true);
    expect(isTransientKafkaError(noLeader)).toBe(true);
  });

  it("counts kafkajs' 'Failed to find group coordinator' as transient although kafkajs does not", () => {
    const err = Object.assign(new KafkaJSNonRetriableError('Failed to find group coordinator'), { name: 'KafkaJSGroupCoordinatorNotFound' });
    expect(err.retriable).toBe(false);
    expect(isTransientKafkaError(err)).toBe(true);
  });

  it('looks through the causes a retrier wraps', () => {
    const inner = Object.assign(new Error('Connection error: ECONNREFUSED'), { name: 'KafkaJSConnectionError' });
    const outer = Object.assign(new KafkaJSNonRetriableError('gave up'), { cause: inner });
    expect(isTransientKafkaError(outer)).toBe(true);
  });

  it('does not retry our own mistakes (a bad argument, an unknown protocol error)', () => {
    expect(isTransientKafkaError(new KafkaJSNonRetriableError('Invalid topic undefined'))).toBe(false);
    expect(isTransientKafkaError(new TypeError('x is not a function'))).toBe(false);
    expect(isTransientKafkaError(protocolError(87))).toBe(false);
    expect(isTransientKafkaError(undefined)).toBe(false);
  });
});

describe('describeKafkaError', () => {
  it('names the innermost cause when it says something else', () => {
    const inner = new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9');
    expect(describeKafkaError(Object.assign(new Error('Number of retries exceeded'), { cause: inner }))).toBe(
      'Number of retries exceeded (Connection error: connect ECONNREFUSED 127.0.0.1:9)',
    );
    expect(describeKafkaError(new Error('plain'))).toBe('plain');
  });
});
