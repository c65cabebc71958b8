import { describe, expect, it } from 'vitest';
import type { ChaosSummary } from './chaos-run';
import { renderReliability } from './reliability-report';

const summary: ChaosSummary = {
  seed: 7,
  minutes: 2,
  startedAt: '2026-11-30T07:00:00.000Z',
  durationMs: 300_000,
  loadAverage: { start: [1, 2, 3], end: [4, 5, 6] },
  machine: '2 cores (test CPU)',
  fleet: { orchestrators: 2, agents: 3, switches: 6, commandTimeoutMs: 4_000 },
  checks: [
    { label: 'agent-kill', step: { index: 0, kind: 'agent-kill', atSeconds: 3, agent: 1, downMs: 500 }, what: 'kill -9 agent-1', convergedMs: 2_000, violations: [] },
    { label: 'agent-kill', step: { index: 1, kind: 'agent-kill', atSeconds: 18, agent: 0, downMs: 500 }, what: 'kill -9 agent-0', convergedMs: 6_000, violations: [] },
    { label: 'redis-kill', step: { index: 2, kind: 'redis-kill', atSeconds: 33, downMs: 900 }, what: 'kill -9 redis', violations: [{ check: 'I3', detail: 'ocs-1: not converged' }] },
    { label: 'final', what: 'end of the run', convergedMs: 1_000, violations: [] },
  ],
  lost: [],
  invariantBreaks: [{ check: 'I3', detail: 'ocs-1: not converged' }],
  deadButReady: [],
  restartFailures: [],
  answers: { 'POST cross-connects 202': 10 },
  outcomes: { 'single connect succeeded': 9, 'reservation released': 2 },
  accepted: 12,
};

describe('docs/reliability.md from a chaos summary', () => {
  const doc = renderReliability(summary);

  it('states the seed, the length, the machine and its load', () => {
    expect(doc).toContain('seed **7**, **2 min**');
    expect(doc).toContain('load average (1, 5, 15 min) 1.00, 2.00, 3.00 at the start, 4.00, 5.00, 6.00 at the end');
    expect(doc).toContain('machine: 2 cores (test CPU)');
  });

  it('gives faults by kind with convergence p50 and max, and a fault that never converged as such', () => {
    expect(doc).toContain('| agent-kill | 2 | 2 | 2.0 s | 6.0 s | 0 |');
    expect(doc).toContain('| redis-kill | 1 | 0 | - | - | 1 |');
    expect(doc).toContain('| broker-kill | 0 | 0 | - | - | 0 |');
  });

  it('counts lost and broken, listing what broke, and tabulates outcomes', () => {
    expect(doc).toContain('- lost: **0**');
    expect(doc).toContain('- invariant breaks (I1-I6, convergence): **1**');
    expect(doc).toContain('  - I3: ocs-1: not converged');
    expect(doc).toContain('| single connect succeeded | 9 |');
    expect(doc).toContain('| POST cross-connects 202 | 10 |');
  });
});
