/**
 * Minimal rewiring within a time budget: today's fast construction (plan-rewire.ts) as the start,
 * then restarts and an improving search with whatever budget is left, keeping only improvements. So
 * the result is never worse than the construction alone and always realises the target exactly;
 * with more budget (offline, dry runs) it gets closer to the optimum.
 *
 * Several candidate targets (planRewireAmong: the splits of an undirected request,
 * direction-split.ts) are each constructed and the one with the fewest changes is searched on.
 * With `directed: false` the HiGHS search keeps link counts per unordered pair only, so it may
 * change the split further.
 *
 * Budget split: the construction's own search gets at most 60% (and at most its usual 120 ms),
 * shared between the candidates, and its path placement is abandoned at 90% of the budget where
 * swap chains have a plan; restarts of the swap chains or of path placement in shuffled orders
 * (rewire-restarts.ts) take a share of the rest (RESTART_SHARE); then, where swap chains apply
 * (every switch a partial permutation: J64, the exact table's fabrics, the 1,000-OCS instance), the
 * iterated ejection search (ejection-search.ts) takes what is left, all of it for a directed
 * request; elsewhere, or for the other half of an undirected one, the HiGHS large-neighbourhood
 * search (rewire-lns.ts) if at least LNS_MIN_MS is left. Wall time, so a busy machine does less in
 * the same budget (on J64 at 10-25% churn, where path placement beats the chains, an abandoned path
 * placement costs changes). Swap chains themselves always finish. Complexity: the construction's
 * per candidate, plus the budget.
 *
 * The event loop gets a turn (run-steps.ts) every YIELD_SLICE_MS of the construction (swap chains,
 * path placement), of each restart and of the ejection search, between candidates and between
 * HiGHS rounds, so an orchestrator answering a plan with a budget of seconds still answers
 * requests, health checks and Kafka heartbeats meanwhile (before, nothing else ran for the whole
 * budget, up to an intent's 60 s). What does not pause inside: reading the circuits into
 * permutations and the plan back, one chain search, one rotation pass and one HiGHS round (at most
 * 1 s, rewire-lns.ts). On J64 at 5% churn the longest stall measured (a 10 ms timer's gaps) was
 * 146 ms in a 1 s plan and 56 ms in a 2 s one; 655 ms before construction and restarts paused.
 */
import { diffCrossConnects } from '../model/cross-connect-diff';
import type { PortIndex } from '../mesh/port-index.build';
import type { CrossConnect } from '../types';
import { constructRewireSteps, type RewireOptions, type RewirePlan } from './plan-rewire';
import { restartSteps } from './rewire-restarts';
import { improveRewire } from './rewire-lns';
import { ejectionSearchPlanSteps } from './ejection-search';
import { nextMacrotask, runYielding } from './run-steps';

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
 * Share of the budget left after the construction that restarts may take; the ejection search
 * (ejection-search.ts) gets the rest. Restarts plateau (J64 at 1%: 814 changes after 2 s and after
 * 10 s) where the search keeps finding; but on J64 at 5% path placement's restarts are what reach
 * 2,564, so fabrics of J64's size and more (switches x endpoints >= LARGE_FABRIC_SIZE) at offline
 * budgets give them more. Measured with a 2 s budget (fifth pass): J64 1% / 5% 750-770 / 2,556-2,568
 * at 0.2-0.4, 756-758 / 2,582-2,622 at 0.6; the 16 x 32 rows slightly better at 0.2 than at 0.5.
 */
const RESTART_SHARE = 0.2;
const RESTART_SHARE_LARGE = 0.4;
const LARGE_FABRIC_SIZE = 16_384;

/**
 * The same where restarts take RESTART_SHARE_LARGE: one round on J64 took about 400 ms with 250 ms
 * left (2 s budget, load 5), so only a remainder of several rounds (a 10 s budget) is worth starting.
 */
const LNS_MIN_MS_LARGE = 500;

/**
 * Share of what is left that the ejection search takes on an undirected request: only the HiGHS
 * search (rewire-lns.ts) may change the split, so it gets the rest. Directed requests on fabrics
 * where swap chains apply give the ejection search all of it: on the exact table's 16 x 32 rows it
 * planned 100 / 144 / 90 / 146 alone against 100 / 148 / 90 / 150 with half left to HiGHS
 * (docs/benchmarks.md, issue 11, fifth pass).
 */
const ILS_SHARE_WITH_LNS = 0.5;

/** Time kept back at the end of the budget for reading the plan back (J64: a few ms), ms. */
const SEARCH_MARGIN_MS = 5;

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
  /**
   * What the search did: restarts of the construction, iterations of the ejection search
   * (ejection-search.ts), HiGHS search rounds, and changes saved against the construction.
   */
  search: { budgetMs: number; rounds: number; restarts: number; iterations: number; saved: number; constructionTouched: number };
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
    if (i > 0) await nextMacrotask();
    const deadline = started + (constructionMs * (i + 1)) / targets.length;
    const built = await runYielding(constructRewireSteps(index, current, t, { ...options, searchBudgetMs, deadline: options.deadline ?? deadline }));
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
  const search = { budgetMs, rounds: 0, restarts: 0, iterations: 0, saved: 0, constructionTouched: first.counts.touched };
  // Restarts in shuffled orders (rewire-restarts.ts) take up to their share of what is left. The
  // first is assumed to cost a quarter of one candidate's construction (about the chains' share
  // where path placement ran too; all of it at 1,000 OCS is over the budget anyway).
  const large = index.switches.length * index.endpoints.length >= LARGE_FABRIC_SIZE && budgetMs >= IMPROVE_FROM_BUDGET_MS;
  const share = large ? RESTART_SHARE_LARGE : RESTART_SHARE;
  const restarted = await runYielding(restartSteps(index, current, target, first, {
    ...options,
    searchBudgetMs,
    until: performance.now() + share * (budgetMs - (performance.now() - started)),
    firstMs: (0.25 * (performance.now() - constructionStarted)) / targets.length,
    improveDepth: budgetMs >= IMPROVE_FROM_BUDGET_MS ? 3 : 0,
    known,
  }));
  first = restarted.plan;
  search.restarts = restarted.restarts;
  // What is left goes to the iterated ejection search (ejection-search.ts) where swap chains apply;
  // an undirected request leaves half of it to the HiGHS search, the one that may change the split.
  const searchUntil = started + budgetMs - Math.min(SEARCH_MARGIN_MS, 0.05 * budgetMs);
  const ilsShare = options.directed === false ? ILS_SHARE_WITH_LNS : 1;
  const ilsUntil = performance.now() + ilsShare * (searchUntil - performance.now());
  let ilsApplies = false;
  if (budgetMs > 0 && ilsUntil > performance.now() && first.counts.touched > first.colocationBound) {
    const searched = await runYielding(ejectionSearchPlanSteps(index, current, target, first.crossConnects, { until: ilsUntil, seed: options.seed }));
    if (searched) {
      ilsApplies = true;
      search.iterations = searched.search.iterations;
      if (searched.counts.touched < first.counts.touched) first = { ...first, ...searched };
    }
  }
  search.saved = search.constructionTouched - first.counts.touched;
  const left = budgetMs - (performance.now() - started);
  if ((ilsApplies && ilsShare === 1) || left < (large ? LNS_MIN_MS_LARGE : LNS_MIN_MS) || first.counts.touched <= first.colocationBound) return { ...first, search, target };
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
