import type { AckEvent, AckPart } from '@lightpath/contracts';
import { describe, expect, it } from 'vitest';
import { effectOf, inverse, missingResult, partResult } from './stage-results';

const change = { switchId: 'ocs-1', add: [{ north: 1, south: 2 }], remove: [{ north: 3, south: 4 }] };

const ack = (part: Partial<AckPart>): { ack: AckEvent; part: AckPart } => {
  const p: AckPart = { operationId: 'sop-1', step: 's0.e1', status: 'applied', disconnected: [], connected: [], ...part };
  return { part: p, ack: { type: 'ack', switchId: 'ocs-1', agentId: 'a', at: 1, commandId: 'c-1', epoch: 1, status: p.status, parts: [p], switchingMs: 12 } };
};

describe('partResult: one switch answer for its part of a step', () => {
  it('counts a removal the switch reports NOT_CONNECTED as done (a re-sent part after a failover finds it gone)', () => {
    const { ack: a, part } = ack({
      status: 'partial',
      disconnected: [{ north: 3, south: 4, ok: false, code: 'NOT_CONNECTED' }],
      connected: [{ north: 1, south: 2, ok: true, lossDb: 1.2 }],
    });
    const r = partResult(a, part);
    expect(r).toMatchObject({ switchId: 'ocs-1', ok: true, commandId: 'c-1', switchingMs: 12, removed: [{ north: 3, south: 4 }], added: [{ north: 1, south: 2 }] });
    expect(r.pairs?.find((p) => p.north === 1)?.lossDb).toBe(1.2);
  });

  it('names the pair that failed and keeps what took effect, so a rollback undoes exactly that', () => {
    const { ack: a, part } = ack({ status: 'partial', disconnected: [{ north: 3, south: 4, ok: true }], connected: [{ north: 1, south: 2, ok: false, code: 'PORT_BUSY', reason: 'busy' }] });
    const r = partResult(a, part);
    expect(r.ok).toBe(false);
    expect(r.reason).toBe('N1-S2: busy');
    expect(inverse(r)).toEqual({ switchId: 'ocs-1', add: [{ north: 3, south: 4 }], remove: [] });
    expect(effectOf(r)).toEqual({ switchId: 'ocs-1', remove: [{ north: 3, south: 4 }], add: [] });
  });

  it('a part refused as a whole changed nothing and reports no pairs', () => {
    const { ack: a, part } = ack({ status: 'rejected', reason: 'EXPIRED: late' });
    expect(partResult(a, part)).toMatchObject({ ok: false, reason: 'EXPIRED: late', removed: [], added: [], pairs: [] });
  });
});

describe('missingResult: a switch that did not answer', () => {
  it('fails every pair of its change with the reason, having changed nothing', () => {
    const r = missingResult(change, 'TIMEOUT: no answer', 'c-9');
    expect(r).toMatchObject({ ok: false, reason: 'TIMEOUT: no answer', commandId: 'c-9', removed: [], added: [] });
    expect(r.pairs?.map((p) => p.ok)).toEqual([false, false]);
  });
});
