/**
 * Large-neighbourhood search on a rewiring plan: re-solve a few switches at a time exactly and keep
 * every strict improvement, until the time budget runs out.
 *
 * Algorithm. The plan's circuits on all switches but a neighbourhood N stay fixed, so N must carry
 * exactly the pair counts it carries in the plan (directed), or the same per unordered pair
 * (undirected: the split may change). The program of rewire-ilp.build.ts on N alone, with today's
 * circuits on N as what can be kept, gives the most circuits N can keep; the plan's own circuits on
 * N are one feasible answer, so the optimum is never worse. Changes decompose per switch
 * ((today's - kept) + (after - kept)), so every circuit more kept saves 2 changes overall.
 * Neighbourhoods: 2 to 6 switches drawn from those the plan changes (the others already keep all
 * their circuits), growing when rounds stop paying, seeded so runs repeat. HiGHS runs in-process
 * (warm, highs.in-process.ts): a neighbourhood of a few J64 switches has a few hundred columns and
 * solves in milliseconds.
 *
 * Invariants: the result realises the same link counts as `start` (per unordered pair when
 * undirected), never has more changes than `start`, and every switch stays a matching of usable
 * ports. Complexity per round O(circuits on N + solve). Reference: Shaw, "Using constraint
 * programming and local search methods to solve vehicle routing problems", CP 1998 (LNS).
 */
import type { PortIndex } from '../mesh/port-index.build';
import { rng } from '../mesh/random-instances';
import { solveWithStart } from '../traffic/highs.in-process';
import { nextMacrotask } from './run-steps';
import type { CrossConnect } from '../types';
import { buildRewireIlp, groupOldCircuits, ilpStartValues, realiseIlpSolution, undirectedTarget, type OldBySwitch } from './rewire-ilp.build';

export interface ImproveRewireOptions {
  /** Wall time to spend, in ms. */
  budgetMs: number;
  /** false: keep link counts per unordered pair only (the planner may change the split); default true. */
  directed?: boolean;
  seed?: number;
  /** Switches per neighbourhood to start with (grows to maxSize when rounds stop paying); default 3. */
  size?: number;
  maxSize?: number;
  /** Time limit of one neighbourhood's solve, ms; default ROUND_LIMIT_MS (or the budget left, if less). */
  roundLimitMs?: number;
  /** Fix kept circuits away from every change (smaller programs, less freedom); default false. */
  fixKept?: boolean;
  /** HiGHS mip_heuristic_effort per round (its default 0.05). */
  heuristicEffort?: number;
}

export interface ImproveRewireResult {
  crossConnects: CrossConnect[];
  rounds: number;
  /** Changes saved against `start` (2 per circuit more kept). */
  saved: number;
}

const key = (c: CrossConnect) => `${c.switchId}|${c.north}|${c.south}`;

/**
 * Default time limit of one round's solve, ms. HiGHS runs in this thread and cannot pause, so a
 * round is as long as the event loop waits (run-steps.ts): with the whole budget left as its limit,
 * one slow neighbourhood could hold an orchestrator for most of a 60 s budget. Rounds on J64 take
 * milliseconds to ~400 ms (busy machine), so this only cuts the rare slow one, which then keeps
 * its start (a round only ever keeps an improvement).
 */
const ROUND_LIMIT_MS = 1_000;

export async function improveRewire(index: PortIndex, current: readonly CrossConnect[], start: readonly CrossConnect[], options: ImproveRewireOptions): Promise<ImproveRewireResult> {
  const deadline = performance.now() + options.budgetMs;
  const E = index.endpoints.length;
  const S = index.switches.length;
  const directed = options.directed ?? true;
  const rand = rng(options.seed ?? 1);
  const { old } = groupOldCircuits(index, current);
  const today = new Set(current.map(key));
  const after: CrossConnect[][] = index.switches.map(() => []);
  for (const c of start) after[index.switchIndex.get(c.switchId)!].push(c);
  const todayOn: number[] = new Array(S).fill(0);
  for (const c of current) {
    const s = index.switchIndex.get(c.switchId);
    if (s !== undefined) todayOn[s]++;
  }
  const keptOn = (s: number) => after[s].reduce((n, c) => n + (today.has(key(c)) ? 1 : 0), 0);
  const dirty = index.switches.map((_, s) => s).filter((s) => keptOn(s) !== todayOn[s] || after[s].length !== todayOn[s]);
  let rounds = 0;
  let saved = 0;
  let size = options.size ?? 3;
  const maxSize = options.maxSize ?? 6;
  let idle = 0;
  while (dirty.length >= 2 && performance.now() < deadline) {
    // HiGHS runs in this thread: let timers and sockets in between rounds (run-steps.ts).
    if (rounds > 0) await nextMacrotask();
    rounds++;
    const n = Math.min(size, dirty.length);
    const hood = neighbourhood(dirty, n, rand, (x) => changedPairs(index, old, x, after[x], today));
    const residual = new Int32Array(E * E);
    let keptNow = 0;
    for (const s of hood) {
      for (const c of after[s]) {
        residual[index.northOwner[s][c.north] * E + index.southOwner[s][c.south]]++;
        if (today.has(key(c))) keptNow++;
      }
    }
    // With the plan's own circuits as a MIP start HiGHS has an integer point at once, so the kept
    // circuits need not be fixed (fixing them was the only way to find any point without a start).
    const fixed = options.fixKept ? keptFixed(index, hood, after, old, today) : undefined;
    const ilp = buildRewireIlp({
      index,
      switches: hood,
      old,
      target: directed ? residual : undirectedTarget(residual, E),
      directed,
      fixed: fixed ? (s, p) => fixed.get(s * E * E + p) ?? 0 : undefined,
    });
    const left = deadline - performance.now();
    if (left <= 1) break;
    const out = await solveWithStart(ilp.lp, ilpStartValues(index, ilp, old, hood.flatMap((s) => after[s])), Math.min(left, options.roundLimitMs ?? ROUND_LIMIT_MS), {
      mip_rel_gap: 0,
      mip_abs_gap: 0.5,
      ...(options.heuristicEffort !== undefined ? { mip_heuristic_effort: options.heuristicEffort } : {}),
    });
    const better = out.primal.size > 0 && (out.objective ?? 0) > keptNow + 0.5;
    if (better) {
      const next = realiseIlpSolution(index, ilp, (k) => out.primal.get(`y${k}`) ?? 0, old, hood);
      let keptNext = 0;
      for (const s of hood) for (const c of next.get(s)!) if (today.has(key(c))) keptNext++;
      // Accept only what the circuits themselves show (not the solver's objective alone).
      if (keptNext > keptNow) {
        for (const s of hood) after[s] = next.get(s)!;
        saved += 2 * (keptNext - keptNow);
        idle = 0;
        continue;
      }
    }
    // Rounds that stop paying widen the neighbourhood (more switches can trade circuits), up to 6.
    if (++idle >= 3 * dirty.length && size < maxSize) {
      size++;
      idle = 0;
    }
  }
  return { crossConnects: after.flat(), rounds, saved };
}

/**
 * n distinct switches: a random changed one, then changed switches whose changes touch one of its
 * pairs (a circuit that moved between two switches leaves its pair on both), then random ones.
 */
function neighbourhood(dirty: readonly number[], n: number, rand: () => number, pairsOf: (s: number) => Set<number>): number[] {
  const s0 = dirty[Math.floor(rand() * dirty.length)];
  const chosen = new Set<number>([s0]);
  const mine = pairsOf(s0);
  const related = dirty.filter((s) => s !== s0 && [...pairsOf(s)].some((p) => mine.has(p)));
  while (chosen.size < n && related.length > 0) chosen.add(related.splice(Math.floor(rand() * related.length), 1)[0]);
  while (chosen.size < n) chosen.add(dirty[Math.floor(rand() * dirty.length)]);
  return [...chosen];
}

/**
 * Kept circuits of the neighbourhood whose ends no change there touches stay fixed (a lower bound on
 * their y): the program keeps its freedom where circuits move and stays small enough for branch and
 * bound, which on a whole neighbourhood of full switches (each a perfect matching) struggles to find
 * any integer point. Keyed s * E^2 + pair.
 */
function keptFixed(index: PortIndex, hood: readonly number[], after: readonly CrossConnect[][], old: OldBySwitch, today: ReadonlySet<string>): Map<number, number> {
  const E = index.endpoints.length;
  const busyN = new Set<number>();
  const busyS = new Set<number>();
  const ends = (s: number, c: CrossConnect) => [index.northOwner[s][c.north], index.southOwner[s][c.south]];
  for (const s of hood) {
    const now = new Set(after[s].map(key));
    for (const list of old[s].values()) {
      for (const c of list) {
        if (now.has(key(c))) continue;
        const [u, v] = ends(s, c);
        busyN.add(u);
        busyS.add(v);
      }
    }
    for (const c of after[s]) {
      if (today.has(key(c))) continue;
      const [u, v] = ends(s, c);
      busyN.add(u);
      busyS.add(v);
    }
  }
  const fixed = new Map<number, number>();
  for (const s of hood) {
    for (const c of after[s]) {
      const [u, v] = ends(s, c);
      if (!today.has(key(c)) || busyN.has(u) || busyS.has(v)) continue;
      const k = s * E * E + u * E + v;
      fixed.set(k, (fixed.get(k) ?? 0) + 1);
    }
  }
  return fixed;
}

/** Pairs with a circuit removed from or added to this switch. */
function changedPairs(index: PortIndex, old: OldBySwitch, s: number, afterOn: readonly CrossConnect[], today: ReadonlySet<string>): Set<number> {
  const E = index.endpoints.length;
  const out = new Set<number>();
  const now = new Set(afterOn.map(key));
  for (const [p, list] of old[s]) if (list.some((c) => !now.has(key(c)))) out.add(p);
  for (const c of afterOn) if (!today.has(key(c))) out.add(index.northOwner[s][c.north] * E + index.southOwner[s][c.south]);
  return out;
}
