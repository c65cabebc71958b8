/**
 * Restarts of the rewiring construction in shuffled orders, for the budgeted planner
 * (plan-rewire-budgeted.ts): each restart is a complete plan, kept only when it has fewer changes.
 *
 * Two kinds where path placement runs beside swap chains (fabrics up to PATHS_WITH_CHAINS_MAX_SIZE):
 * swap chains with their surplus pairs visited in a shuffled order (swap-chains.ts) and path
 * placement with its circuits placed in a shuffled order (planByPaths). Each kind not `known` from
 * the construction is tried once, then every restart goes to the kind with the better best so far:
 * which one wins depends on the churn (J64 at 1%: chains 912, path placement 1,084-1,286; at 5%:
 * chains 3,028, path placement 2,578-2,990 over eight orders), and the order alone moves path
 * placement's result by 15% at 5%.
 *
 * A restart is started only if it is expected to end by `until` (the last of its kind's time, or
 * `firstMs` for the first); path placement is abandoned at `until` if it runs over, swap chains
 * always finish. Complexity: one construction per restart.
 */
import type { PortIndex } from '../mesh/port-index.build';
import type { CrossConnect } from '../types';
import { PATHS_WITH_CHAINS_MAX_SIZE, planByPathsSteps, type RewireOptions } from './plan-rewire';
import type { RewirePlan } from './rewire-plan';
import { runToEnd, type Steps } from './run-steps';
import { planBySwapChainsSteps } from './swap-chains';

type RestartKind = 'chains' | 'paths';

export interface RestartOptions extends RewireOptions {
  /** performance.now() by which the restarts end. */
  until: number;
  /** Expected time of the first restart of each kind, ms. */
  firstMs: number;
  seed?: number;
  /** Changes a kind came to in the construction when it ran in full (chains always do), so it need not be tried first. */
  known?: { chains?: number; paths?: number };
  /** Most restarts to begin (default no limit: `until` ends them). */
  maxRestarts?: number;
  /** Ejection-chain depth applied to each chain restart (swap-chains.ts improveDepth); default 0. */
  improveDepth?: number;
}

/** The best of `start` and the restarts; `restarts` counts those begun. */
export function restartRewire(index: PortIndex, current: readonly CrossConnect[], target: Int32Array, start: RewirePlan, options: RestartOptions): { plan: RewirePlan; restarts: number } {
  return runToEnd(restartSteps(index, current, target, start, options));
}

/** restartRewire as steps (run-steps.ts): yields after each restart, and inside each as its construction does. */
export function* restartSteps(index: PortIndex, current: readonly CrossConnect[], target: Int32Array, start: RewirePlan, options: RestartOptions): Steps<{ plan: RewirePlan; restarts: number }> {
  const kinds: RestartKind[] = index.switches.length * index.endpoints.length <= PATHS_WITH_CHAINS_MAX_SIZE ? ['chains', 'paths'] : ['chains'];
  const bestOf: Record<RestartKind, number> = { chains: options.known?.chains ?? Infinity, paths: options.known?.paths ?? Infinity };
  const lastMs: Record<RestartKind, number> = { chains: options.firstMs, paths: options.firstMs };
  let plan = start;
  let restarts = 0;
  while (kinds.length > 0 && plan.counts.touched > plan.colocationBound && restarts < (options.maxRestarts ?? Infinity)) {
    const kind = kinds.find((k) => bestOf[k] === Infinity) ?? kinds.reduce((a, b) => (bestOf[b] < bestOf[a] ? b : a));
    const t = performance.now();
    if (t + lastMs[kind] >= options.until) break;
    restarts++;
    const seed = (options.seed ?? 0) * 7919 + restarts;
    const again =
      kind === 'chains'
        ? yield* planBySwapChainsSteps(index, current, target, { seed, improveDepth: options.improveDepth ?? 0 })
        : // Its two-step search runs to the end (only `until` stops it): cut at the construction's
          // 120 ms it lost 14% on J64 at 5% (3,166 against 2,784).
          yield* planByPathsSteps(index, current, target, { ...options, searchBudgetMs: Number.POSITIVE_INFINITY, orderSeed: seed, deadline: options.until });
    lastMs[kind] = performance.now() - t;
    yield;
    if (!again) {
      // Chains that do not apply never will; path placement comes back empty only when it ran past
      // `until`, so another would too (the quicker chains may still fit).
      kinds.splice(kinds.indexOf(kind), 1);
      continue;
    }
    bestOf[kind] = Math.min(bestOf[kind], again.counts.touched);
    if (again.counts.touched < plan.counts.touched) plan = { ...plan, ...again };
  }
  return { plan, restarts };
}
