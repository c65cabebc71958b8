import { describe, expect, it } from 'vitest';
import { asStateError } from './redis-connection';
import { StateUnavailableError, isStateUnavailable } from './state-errors';

describe('asStateError', () => {
  it("maps ioredis' connection failures (not sent, closed, timed out, out of retries) to StateUnavailableError", () => {
    const failures = [
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
      new Error('Connection is closed.'),
      new Error('Command timed out'),
      Object.assign(new Error('Reached the max retries per request limit (which is 0). Refer to "maxRetriesPerRequest" option for details.'), { name: 'MaxRetriesPerRequestError' }),
      new Error('connect ECONNREFUSED 127.0.0.1:6379'),
    ];
    for (const failure of failures) {
      const mapped = asStateError(failure);
      expect(mapped).toBeInstanceOf(StateUnavailableError);
      expect(isStateUnavailable(mapped)).toBe(true);
      expect(mapped.cause).toBe(failure);
      expect(mapped.message).toMatch(/Redis.*unavailable.*retry/);
    }
  });

  it('says in plain words what went wrong, not in ioredis option names', () => {
    expect(asStateError(new Error("Stream isn't writeable and enableOfflineQueue options is false")).message).toMatch(/\(not connected\)/);
    expect(asStateError(new Error('Command timed out')).message).toMatch(/no reply within the command timeout/);
  });

  it('maps the HA layouts\' refusals (no replica in sync, demoted primary, cluster down) to StateUnavailableError, so the API answers 503', () => {
    for (const reply of [
      'NOREPLICAS Not enough good replicas to write.',
      "READONLY You can't write against a read only replica.",
      'CLUSTERDOWN The cluster is down',
      'TRYAGAIN Multiple keys request during rehashing of slot',
      'MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to no.',
      'All sentinels are unreachable. Retrying from scratch after 100ms.',
      'Failed to refresh slots cache.',
    ]) {
      expect(asStateError(new Error(reply)), reply).toBeInstanceOf(StateUnavailableError);
    }
  });

  it("leaves Redis' own replies alone: a script error is a bug, not an outage", () => {
    const scriptError = new Error('ERR user_script:3: attempt to compare nil with number');
    expect(asStateError(scriptError)).toBe(scriptError);
    const wrongType = new Error('WRONGTYPE Operation against a key holding the wrong kind of value');
    expect(asStateError(wrongType)).toBe(wrongType);
  });
});
