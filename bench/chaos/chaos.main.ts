/**
 * npm run chaos -- --minutes N --seed S [--write-doc]: the chaos run (chaos-run.ts) on private
 * servers; saves the summary as JSON, writes docs/reliability.md with --write-doc, and exits 1
 * when anything was lost, an invariant broke, or a process was dead-but-ready.
 * `--from <summary.json> --write-doc` renders the page from a run already made (e.g. the one
 * `npm test` saves in .run/chaos-summary.json) instead of running again.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runChaos, type ChaosSummary } from './chaos-run';
import { renderReliability } from './reliability-report';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '2' },
    seed: { type: 'string', default: '1' },
    'write-doc': { type: 'boolean', default: false },
    out: { type: 'string', default: '.run/chaos-summary.json' },
    from: { type: 'string' },
  },
});

async function main(): Promise<void> {
  let minutes = Number(values.minutes);
  let seed = Number(values.seed);
  if (!(minutes > 0) || !Number.isInteger(seed)) throw new Error(`chaos: --minutes must be > 0 and --seed an integer (got ${values.minutes}, ${values.seed})`);
  let summary: ChaosSummary;
  if (values.from) {
    summary = JSON.parse(readFileSync(values.from, 'utf8')) as ChaosSummary;
  } else {
    summary = await runChaos({ minutes, seed, handleSignals: true });
    writeFileSync(values.out!, JSON.stringify(summary, null, 2));
  }
  if (values['write-doc']) writeFileSync('docs/reliability.md', renderReliability(summary));
  ({ minutes, seed } = summary);
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
