/**
 * Minimal rewiring within a time budget: today's fast construction (plan-rewire.ts) as the start,
 * then the large-neighbourhood search (rewire-lns.ts) with whatever budget is left, keeping only
 * strict improvements. So the result is never worse than the construction alone and always realises
 * the target exactly; with more budget (offline, dry runs) it gets closer to the optimum.
 *
 * Several candidate targets (planRewireAmong: the splits of an undirected request,
 * direction-split.ts) are each constructed and the one with the fewest changes is searched on.
 * With `directed: false` the search keeps link counts per unordered pair only, so it may change the
 * split further.
 *
 * Budget split: the construction's own search gets at most 60% (and at most its usual 120 ms),
 * shared between the candidates, and its path placement is abandoned at 90% of the budget where
 * swap chains have a plan; restarts of the swap chains or of path placement in shuffled orders
 * (rewire-restarts.ts) take up to half of the rest when one fits (90% at offline budgets on fabrics
 * of J64's size and more), then ejection chains at offline budgets, the HiGHS search what is left if that is at least
 * LNS_MIN_MS. Wall time, so a busy machine does less in the same budget (on
 * J64 at 10-25% churn, where path placement beats the chains, an abandoned path placement costs
 * changes). Swap chains themselves always finish. Complexity: the construction's per candidate,
 * plus the budget.
 */
import { diffCrossConnects } from '../model/cross-connect-diff';
import type { PortIndex } from '../mesh/port-index.build';
import type { CrossConnect } from '../types';
import { constructRewire, type RewireOptions, type RewirePlan } from './plan-rewire';
import { restartRewire } from './rewire-restarts';
import { improveRewire } from './rewire-lns';
import { improveByEjection } from './swap-chains';

/** Default budget of a plan request, small enough for the API (issue 11: <= 200 ms). */
export const DEFAULT_REWIRE_BUDGET_MS = 200;

/** Share of the budget path placement's search may take (its searchBudgetMs; at most its usual 120 ms). */
const SEARCH_SHARE = 0.6;

/**
 * Share of the budget by which the construction must have finished, or path placement is abandoned
 * for the chains' plan (planRewire's deadline). It lies past SEARCH_SHARE so that a search cut at
 * its limit can still finish: with both at 0.6, every attempt whose search was cut was abandoned,
 * and the 200 ms default planned the chains' 3,028 changes on J64 at 5% where path placement alone
 * plans 2,784 (docs/benchmarks.md, issue 11).
 */
const CONSTRUCTION_SHARE = 0.9;

/**
 * Least time left worth starting the HiGHS search with: setting it up and one round on J64 take
 * tens to hundreds of ms and HiGHS' time limit is not exact, so a shorter remainder only overran
 * the budget (it never saved a change within the 200 ms default).
 */
const LNS_MIN_MS = 100;

/**
 * Share of the budget left after the construction that restarts may take; the HiGHS search gets the
 * rest. At offline budgets on fabrics of J64's size and more (switches x endpoints >=
 * LARGE_FABRIC_SIZE) a search round takes hundreds of ms and seldom pays (docs/benchmarks.md,
 * issue 11), restarts do; at the API's default the larger share would only start a restart that
 * overruns the budget.
 */
const RESTART_SHARE = 0.5;
const RESTART_SHARE_LARGE = 0.9;
const LARGE_FABRIC_SIZE = 16_384;

/**
 * The same where restarts take RESTART_SHARE_LARGE: one round on J64 took about 400 ms with 250 ms
 * left (2 s budget, load 5), so only a remainder of several rounds (a 10 s budget) is worth starting.
 */
const LNS_MIN_MS_LARGE = 500;

/** Path placement's cut result above this multiple of the chains' is not worth a restart (see `known`). */
const PATHS_HOPELESS = 1.25;

/** Budgets from which chain restarts also improve their plan by ejection chains (100-300 ms more each on J64). */
const IMPROVE_FROM_BUDGET_MS = 1000;

export interface BudgetedRewireOptions extends RewireOptions {
  /** Total wall time for the plan, ms; default DEFAULT_REWIRE_BUDGET_MS. 0 = the construction alone. */
  budgetMs?: number;
  /** Seed of the search's random choices (same seed, same machine speed: same plan). */
  seed?: number;
  /** false: the search keeps counts per unordered pair only (an undirected target); default true. */
  directed?: boolean;
}

export interface BudgetedRewirePlan extends RewirePlan {
  /** What the search did: chain restarts and search rounds tried, changes saved against the construction. */
  search: { budgetMs: number; rounds: number; restarts: number; saved: number; constructionTouched: number };
  /** The directed target the construction realised (one of the candidates). */
  target: Int32Array;
}

export function planRewireWithin(index: PortIndex, current: readonly CrossConnect[], target: Int32Array, options: BudgetedRewireOptions = {}): Promise<BudgetedRewirePlan> {
  return planRewireAmong(index, current, [target], options);
}

export async function planRewireAmong(index: PortIndex, current: readonly CrossConnect[], targets: readonly Int32Array[], options: BudgetedRewireOptions = {}): Promise<BudgetedRewirePlan> {
  const started = performance.now();
  const budgetMs = options.budgetMs ?? DEFAULT_REWIRE_BUDGET_MS;
  const searchBudgetMs = Math.min(options.searchBudgetMs ?? 120, SEARCH_SHARE * budgetMs) / targets.length;
  let start: RewirePlan | undefined;
  let known: { chains?: number; paths?: number } = {};
  const constructionStarted = performance.now();
  let target = targets[0];
  // Each candidate's construction should end by its share of CONSTRUCTION_SHARE of the budget: past
  // it, path placement is abandoned for the chains' plan where they have one (planRewire), so the
  // call holds its wall time on a busy machine. Budget 0: no deadline. Its search is cut earlier
  // (searchBudgetMs), as path placement alone cuts it, so an attempt cut there still finishes.
  const constructionMs = budgetMs > 0 ? CONSTRUCTION_SHARE * budgetMs : Infinity;
  for (const [i, t] of targets.entries()) {
    const deadline = started + (constructionMs * (i + 1)) / targets.length;
    const built = constructRewire(index, current, t, { ...options, searchBudgetMs, deadline: options.deadline ?? deadline });
    if (!start || built.plan.counts.touched < start.counts.touched) {
      start = built.plan;
      // Path placement's own result came from a search cut at searchBudgetMs (J64 5%: 3,166, where a
      // restart's full search gets 2,578-2,990), so restarts try it once unless it was far behind
      // the chains (J64 1%: 1,280 against 912, and 1,084-1,286 in full): a path restart then only
      // spends the budget, up to all of it on a busy machine.
      const hopeless = built.paths !== undefined && built.chains !== undefined && built.paths > PATHS_HOPELESS * built.chains;
      known = { chains: built.chains, paths: hopeless ? built.paths : undefined };
      target = t;
    }
  }
  let first = start as RewirePlan;
  const search = { budgetMs, rounds: 0, restarts: 0, saved: 0, constructionTouched: first.counts.touched };
  // Restarts in shuffled orders (rewire-restarts.ts) take up to their share of what is left. The
  // first is assumed to cost a quarter of one candidate's construction (about the chains' share
  // where path placement ran too; all of it at 1,000 OCS is over the budget anyway).
  const large = index.switches.length * index.endpoints.length >= LARGE_FABRIC_SIZE && budgetMs >= IMPROVE_FROM_BUDGET_MS;
  const share = large ? RESTART_SHARE_LARGE : RESTART_SHARE;
  const restarted = restartRewire(index, current, target, first, {
    ...options,
    searchBudgetMs,
    until: performance.now() + share * (budgetMs - (performance.now() - started)),
    firstMs: (0.25 * (performance.now() - constructionStarted)) / targets.length,
    improveDepth: budgetMs >= IMPROVE_FROM_BUDGET_MS ? 3 : 0,
    known,
  });
  first = restarted.plan;
  search.restarts = restarted.restarts;
  // Offline budgets: ejection chains on the best plan so far too (where path placement's plan won,
  // restarts never touched it; J64 5%: 2,784 -> 2,760 in about 60 ms).
  if (budgetMs >= IMPROVE_FROM_BUDGET_MS && budgetMs - (performance.now() - started) > LNS_MIN_MS) {
    const ejected = improveByEjection(index, current, target, first.crossConnects);
    if (ejected && ejected.counts.touched < first.counts.touched) first = { ...first, ...ejected };
  }
  search.saved = search.constructionTouched - first.counts.touched;
  const left = budgetMs - (performance.now() - started);
  if (left < (large ? LNS_MIN_MS_LARGE : LNS_MIN_MS) || first.counts.touched <= first.colocationBound) return { ...first, search, target };
  const better = await improveRewire(index, current, first.crossConnects, { budgetMs: left, seed: options.seed, directed: options.directed });
  search.rounds = better.rounds;
  if (better.saved <= 0) return { ...first, search, target };
  search.saved += better.saved;
  const changes = diffCrossConnects(current, better.crossConnects);
  let removed = 0;
  let added = 0;
  let modified = 0;
  for (const c of changes) {
    removed += c.remove.length;
    added += c.add.length;
    modified += Math.max(c.remove.length, c.add.length);
  }
  const touched = removed + added;
  return {
    ...first,
    crossConnects: better.crossConnects,
    changes,
    counts: { removed, added, touched, modified },
    ratio: first.lowerBound === 0 ? (touched === 0 ? 1 : Infinity) : touched / first.lowerBound,
    // Each change saved above the bound was half a kept circuit moved (a removal and an addition).
    movedKept: Math.max(0, first.movedKept - better.saved / 2),
    search,
    target,
  };
}
