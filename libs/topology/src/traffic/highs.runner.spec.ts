import { describe, expect, it } from 'vitest';
import { highsWorkerStarts, runHighsInWorker, warmUpHighs } from './highs.runner';

const lp = (cap: number) => `Maximize\n obj: x + y\nSubject To\n c: x + 2 y <= ${cap}\nBounds\n 0 <= x <= 3\n 0 <= y <= 10\nEnd\n`;

describe('runHighsInWorker: one warm HiGHS worker per process', () => {
  it('answers many solves, concurrent ones too, from a single worker started once', async () => {
    expect(await warmUpHighs()).toBe(true);
    const first = await runHighsInWorker(lp(7), 5000);
    expect(first).toMatchObject({ status: 'Optimal', objective: 5 });
    const starts = highsWorkerStarts();
    const many = await Promise.all([4, 7, 9, 13].map((cap) => runHighsInWorker(lp(cap), 5000)));
    expect(many.map((o) => o.objective)).toEqual([3.5, 5, 6, 8]);
    expect(many[0].primal.get('x')).toBeCloseTo(3, 9);
    expect(highsWorkerStarts()).toBe(starts);
  });

  it('a solve HiGHS rejects answers an error, and the next solve still works', async () => {
    const bad = await runHighsInWorker('this is not an LP', 5000);
    expect(bad.status).not.toBe('Optimal');
    expect(bad.primal.size).toBe(0);
    expect(await runHighsInWorker(lp(7), 5000)).toMatchObject({ status: 'Optimal', objective: 5 });
  });
});
