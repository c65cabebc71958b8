/**
 * npm run chaos -- --minutes N --seed S [--write-doc]: the chaos run (chaos-run.ts) on private
 * servers; prints the summary as JSON, writes docs/reliability.md with --write-doc, and exits 1
 * when anything was lost, an invariant broke, or a process was dead-but-ready.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { describeMachine } from '../support/machine';
import { runChaos } from './chaos-run';
import { renderReliability } from './reliability-report';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
    'write-doc': { type: 'boolean', default: false },
    out: { type: 'string', default: '.run/chaos-summary.json' },
  },
});

async function main(): Promise<void> {
  const minutes = Number(values.minutes);
  const seed = Number(values.seed);
  if (!(minutes > 0) || !Number.isInteger(seed)) throw new Error(`chaos: --minutes must be > 0 and --seed an integer (got ${values.minutes}, ${values.seed})`);
  const summary = await runChaos({ minutes, seed, handleSignals: true });
  writeFileSync(values.out!, JSON.stringify(summary, null, 2));
  if (values['write-doc']) writeFileSync('docs/reliability.md', renderReliability(summary, describeMachine()));
  const { lost, invariantBreaks, deadButReady, restartFailures } = summary;
  process.stdout.write(
    `[chaos] seed ${seed}, ${minutes} min: lost ${lost.length}, invariant breaks ${invariantBreaks.length}, dead-but-ready ${deadButReady.length}, failed restarts ${restartFailures.length}; summary in ${values.out}\n`,
  );
  process.exit(lost.length + invariantBreaks.length + deadButReady.length + restartFailures.length === 0 ? 0 : 1);
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`);
  process.exit(1);
});
