import { describe, expect, it } from 'vitest';
import { switchResult } from './stage-results';

const change = { switchId: 'ocs-1', add: [{ north: 1, south: 2 }], remove: [] };

describe('switchResult without an ack', () => {
  it('is a timeout when the command was sent', () => {
    expect(switchResult(change, undefined, 5_000)).toMatchObject({ ok: false, reason: 'TIMEOUT: no ack within 5000 ms', added: [], removed: [] });
  });

  it('is COMMAND_NOT_SENT with the send error when the send failed (issue 7, item 3)', () => {
    const result = switchResult(change, undefined, 5_000, 'sending 1 message(s) to t did not complete within 2000 ms');
    expect(result).toMatchObject({ ok: false, added: [], removed: [] });
    expect(result.reason).toBe('COMMAND_NOT_SENT: sending 1 message(s) to t did not complete within 2000 ms');
  });
});
