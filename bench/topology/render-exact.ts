/**
 * Markdown for the exact-optimum section of docs/benchmarks.md (exact-cases.ts): every size, churn
 * and seed with the bounds, the optimum and the planners' ratios to it, each goal with its verdict.
 */
import { EXACT_TIME_LIMIT_MS, LNS_BUDGET_MS, type ExactRow, type SearchRow } from './exact-cases';

const f = (x: number | undefined, d = 2) => (x !== undefined && Number.isFinite(x) ? x.toFixed(d) : 'n/a');
/** A ratio with its "x", or n/a. */
const rx = (num: number | undefined, den: number | undefined) => (num !== undefined && den !== undefined && den > 0 ? `${(num / den).toFixed(2)}x` : 'n/a');
const opt = (x: number | undefined, proved: boolean) => (x === undefined ? 'not solved' : proved ? String(x) : `<= ${x} (time limit)`);

export function renderExactSection(heading: string, rows: ExactRow[], machine: { load: string; date: string; nproc: number }, search: SearchRow[] = []): string {
  const lines = [heading, ''];
  lines.push(
    `Command: \`npm run bench:topology\` (this section alone: \`npm run bench:topology -- --only exact\`; \`--write-docs\` rewrites it). Run ${machine.date} UTC on ${machine.nproc} cores with load average ${machine.load} at the start: the machine was shared and heavily loaded, so the search (a wall-time budget) did less than it would on an idle machine. HiGHS time limit ${EXACT_TIME_LIMIT_MS / 1000} s per exact solve; the large-neighbourhood search (LNS) had ${LNS_BUDGET_MS} ms. Fabrics: blocks x OCS, one north and one south port per block per OCS, every port in use; churn = share of links moved by random degree-preserving swaps.`,
    '',
    '| blocks x OCS | churn | seed | plain bound | co-location bound | exact optimum | optimum / plain bound | planner (ratio to optimum) | planner + LNS (ratio) | undirected optimum (vs directed) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const r of rows) {
    // Ratios only against a proven optimum: a time-limited incumbent is merely some plan.
    const o = r.exactOptimal ? r.exact : undefined;
    lines.push(
      `| ${r.blocks} x ${r.ocs} | ${r.pct}% | ${r.seed} | ${r.lowerBound} | ${r.colocationBound} | ${opt(r.exact, r.exactOptimal)} | ${rx(o, r.lowerBound)} | ${r.planner} (${rx(r.planner, o)}) | ${r.lns} (${rx(r.lns, o)}) | ${opt(r.undirected, r.undirectedOptimal)} (${r.undirectedOptimal ? rx(r.undirected, o) : 'n/a'}) |`,
    );
  }
  const solved = rows.filter((r) => r.exactOptimal && r.exact !== undefined);
  const within = solved.filter((r) => r.lns <= 1.1 * r.exact!);
  const worst = (k: 'planner' | 'lns') => Math.max(...solved.map((r) => (r.exact! === 0 ? 1 : r[k] / r.exact!)));
  lines.push(
    '',
    'A time-limited exact figure is only the best plan HiGHS had when stopped (an upper bound on the optimum, here far worse than the planner): no ratio is given against it.',
    `Solved to proven optimality: ${solved.length} of ${rows.length} rows. Every plan passed the independent verifier: ${rows.every((r) => r.violations === 0) ? 'yes' : 'NO'}.`,
    `Goal <= 1.10x the optimum wherever the ILP solves: ${within.length === solved.length ? 'met' : 'NOT met'} (${within.length} of ${solved.length} rows); worst ratio today's planner ${f(worst('planner'))}x, planner + LNS ${f(worst('lns'))}x.`,
  );
  if (search.length > 0) {
    lines.push('', '### J64 before and after the search (link-count churn, the instances of the J64 rewiring table)', '');
    lines.push('| churn | budget | plain bound | co-location bound | today\'s construction | with the search | fewer changes | rounds | wall ms | verifier violations |', '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const w of search) {
      lines.push(`| ${w.pct}% | ${w.budgetMs} ms | ${w.lowerBound} | ${w.colocationBound} | ${w.construction} | ${w.touched} | ${f((100 * (w.construction - w.touched)) / w.construction, 1)}% | ${w.rounds} | ${f(w.ms, 0)} | ${w.violations} |`);
    }
    const two = search.filter((w) => w.budgetMs === 2000);
    const deflt = search.filter((w) => w.budgetMs === 200);
    lines.push(
      '',
      `Goal at least 25% fewer changes than today at 1% and 5% with a 2 s budget: ${two.every((w) => w.touched <= 0.75 * w.construction) ? 'met' : 'NOT met'} (${two.map((w) => `${w.pct}%: ${f((100 * (w.construction - w.touched)) / w.construction, 1)}%`).join(', ')}). Goal never more than today with the 200 ms default: ${deflt.every((w) => w.touched <= w.construction) ? 'met' : 'NOT met'}.`,
    );
  }
  return lines.join('\n');
}
