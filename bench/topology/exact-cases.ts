/**
 * The rewiring planner against the exact optimum (issue 11 item 1): small block fabrics (one north
 * and one south port per block per OCS, every port in use) where HiGHS can solve the minimal
 * rewiring ILP, at 1/5/10/25% link-count churn over several seeds. Each row: the plain and
 * co-location bounds, the exact optimum (directed, and undirected with the split free), today's
 * planner, and the planner followed by the large-neighbourhood search with a 2 s budget.
 */
import { generateBlockFabric } from '../../libs/topology/src/generators/block-fabric.generator';
import { linkMatrixToDemands } from '../../libs/topology/src/mesh/link-matrix';
import { buildPortIndex } from '../../libs/topology/src/mesh/port-index.build';
import { churn, randomDemand, rng } from '../../libs/topology/src/mesh/random-instances';
import { realiseMesh } from '../../libs/topology/src/mesh/realise-mesh';
import { solveExactRewire } from '../../libs/topology/src/rewire/exact-rewire';
import { planRewire } from '../../libs/topology/src/rewire/plan-rewire';
import { improveRewire } from '../../libs/topology/src/rewire/rewire-lns';
import { verifyCrossConnects } from '../../libs/topology/src/verify/cross-connects.verifier';
import { verifyLinkCounts } from '../../libs/topology/src/verify/link-counts.verifier';

export const EXACT_SIZES: [number, number][] = [
  [16, 32],
  [24, 48],
  [32, 64],
];
export const EXACT_CHURN = [1, 5, 10, 25];
export const EXACT_SEEDS = [1, 2];
export const EXACT_TIME_LIMIT_MS = 30_000;
export const LNS_BUDGET_MS = 2000;

export interface ExactRow {
  blocks: number;
  ocs: number;
  pct: number;
  seed: number;
  lowerBound: number;
  colocationBound: number;
  planner: number;
  lns: number;
  exact: number | undefined;
  exactOptimal: boolean;
  exactMs: number;
  undirected: number | undefined;
  undirectedOptimal: boolean;
  violations: number;
}

export async function exactCases(log: (s: string) => void = () => undefined): Promise<ExactRow[]> {
  const rows: ExactRow[] = [];
  for (const [B, S] of EXACT_SIZES) {
    const spec = generateBlockFabric({ blocks: B, uplinks: 2 * S, ocs: S, portsPerOcs: B, name: `exact-${B}x${S}` });
    const index = buildPortIndex(spec);
    for (const pct of EXACT_CHURN) {
      for (const seed of EXACT_SEEDS) {
        const rand = rng(seed * 1000 + B * 10 + pct);
        const demand = randomDemand(B, S, rand);
        const before = realiseMesh(index, demand).crossConnects;
        const target = churn(demand, B, Math.round((pct / 100) * B * S), rand);
        const plan = planRewire(index, before, target);
        const lns = await improveRewire(index, before, plan.crossConnects, { budgetMs: LNS_BUDGET_MS, seed });
        const want = linkMatrixToDemands(index, target);
        const violations =
          verifyCrossConnects(spec, lns.crossConnects).length + verifyLinkCounts(spec, lns.crossConnects, want, { directed: true }).length;
        const exact = await solveExactRewire(index, before, target, { timeLimitMs: EXACT_TIME_LIMIT_MS });
        const undirected = await solveExactRewire(index, before, target, { timeLimitMs: EXACT_TIME_LIMIT_MS, directed: false });
        const row: ExactRow = {
          blocks: B,
          ocs: S,
          pct,
          seed,
          lowerBound: plan.lowerBound,
          colocationBound: plan.colocationBound,
          planner: plan.counts.touched,
          lns: plan.counts.touched - lns.saved,
          exact: exact.touched,
          exactOptimal: exact.optimal,
          exactMs: exact.solveMs,
          undirected: undirected.touched,
          undirectedOptimal: undirected.optimal,
          violations,
        };
        log(`bench: exact ${B}x${S} ${pct}% seed ${seed}: ${JSON.stringify(row)}`);
        rows.push(row);
      }
    }
  }
  return rows;
}
