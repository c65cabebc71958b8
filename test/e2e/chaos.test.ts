import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runChaos } from '../../bench/chaos/chaos-run';

/**
 * The chaos suite's fixed-seed run (bench/chaos/, docs/reliability.md): two orchestrator replicas,
 * three agents serving six switches, a private broker and Redis, a concurrent workload through the
 * API, and one round of every fault kind, with the independent checker after each fault and at
 * the end. The seed fixes the schedule; what the machine makes of it is printed with the summary.
 */
const SEED = 20261130;

describe('chaos', () => {
  it('chaos: a 2-minute seeded fault schedule loses nothing and breaks no invariant', { timeout: 30 * 60_000 }, async () => {
    const summary = await runChaos({ minutes: 2, seed: SEED, log: (line) => process.stdout.write(`[chaos] ${line}\n`) });
    // Kept for `npm run chaos -- --from .run/chaos-summary.json --write-doc` (docs/reliability.md).
    mkdirSync('.run', { recursive: true });
    writeFileSync('.run/chaos-summary.json', JSON.stringify(summary, null, 2));
    const { lost, invariantBreaks, deadButReady, restartFailures, checks, outcomes, answers } = summary;
    process.stdout.write(
      `[chaos] summary ${JSON.stringify({ lost: lost.length, invariantBreaks: invariantBreaks.length, deadButReady: deadButReady.length, restartFailures: restartFailures.length, converged: checks.map((c) => [c.label, c.convergedMs]), outcomes, answers }, null, 1)}\n`,
    );
    // The checks ran: every fault kind was injected and each was followed by a check.
    expect(checks.filter((c) => c.step).length).toBeGreaterThanOrEqual(8);
    expect(summary.accepted).toBeGreaterThan(0);
    expect(lost).toEqual([]);
    expect(invariantBreaks).toEqual([]);
    expect(deadButReady).toEqual([]);
    expect(restartFailures).toEqual([]);
  });
});
