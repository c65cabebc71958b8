import { describe, expect, it } from 'vitest';
import { checkReadiness } from './readiness-checks';

describe('chaos checker: no process dead-but-ready', () => {
  it('passes a process that is ready and works, and one that is neither', () => {
    expect(checkReadiness([{ process: 'agent-0', ready: true, works: true, evidence: 'op-1 succeeded' }, { process: 'agent-1', ready: false, works: false, evidence: '' }])).toEqual([]);
  });

  it('breaks on ready-but-dead (the worst case: the orchestrator keeps sending it work) and on working-but-not-ready', () => {
    const v = checkReadiness([
      { process: 'agent-0', ready: true, works: false, evidence: 'op-7 failed: TIMEOUT' },
      { process: 'orch-b', ready: false, works: true, evidence: 'GET /v1/switches 200' },
    ]);
    expect(v.map((x) => x.check)).toEqual(['READY', 'READY']);
    expect(v[0].detail).toMatch(/agent-0 reports ready but does not work: op-7 failed: TIMEOUT/);
    expect(v[1].detail).toMatch(/orch-b reports not ready but works/);
  });

  it('concludes nothing when the probe could not tell', () => {
    expect(checkReadiness([{ process: 'agent-2', ready: true, evidence: 'ocs-4 drained' }])).toEqual([]);
  });
});
