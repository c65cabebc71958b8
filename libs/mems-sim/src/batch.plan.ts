/**
 * Plans one connect or disconnect batch against the crossbar state without changing any light path:
 * pairs are checked in request order, each against the state plus the pairs accepted before it in
 * the same batch, and every accepted pair that moves mirrors draws its switching time (and loss).
 *
 * Timing model: the mirrors of one switch move in parallel, so a batch takes the longest of its
 * pairs' times, not their sum. Source: ocs-facts, row "Calient S320": an all-port reconfiguration
 * of 320 paths completes in <= 200 ms, which only parallel mirror moves can do at tens of ms each.
 *
 * Check order per pair, first failure wins: power, shape, range, failed port, busy port (connect) or
 * not connected (disconnect), stuck mirror. A pair refused before its mirror is asked to move does
 * not use up a stuck mirror's failure.
 */
import type { CrossbarState } from './crossbar.state';
import { checkPair, pairLabel, portLabel, type PortDimensions, type Rejection } from './pair.validate';
import type { CrossConnectPair, PairResult, PortSide } from './switch-driver';

export interface PlanContext {
  state: CrossbarState;
  dims: PortDimensions;
  powered: boolean;
  switchingMs(): number;
  lossDb(): number;
}

/** A pair whose mirrors move; applied to the state once the batch has settled. */
export interface PlannedMove {
  index: number;
  pair: CrossConnectPair;
  lossDb: number;
}

export interface BatchPlan {
  /** One result per requested pair, in request order. */
  results: PairResult[];
  moves: PlannedMove[];
  /** Simulated time for the whole batch: max over the moves (parallel mirrors), 0 when none move. */
  batchMs: number;
}

export const POWERED_OFF_REASON =
  'switch is powered off; wait for its power-restored event, then re-send (it comes back with no cross-connects)';

const SIDES: PortSide[] = ['north', 'south'];

function refuse(raw: unknown, rejection: Rejection): PairResult {
  const pair = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<CrossConnectPair>;
  return { north: pair.north as number, south: pair.south as number, ok: false, ...rejection };
}

function stuckRejection(pair: CrossConnectPair, ctx: PlanContext): Rejection | null {
  const stuck = SIDES.filter((side) => ctx.state.isStuck(side, pair[side]));
  if (stuck.length === 0) return null;
  for (const side of stuck) ctx.state.consumeStuck(side, pair[side]);
  const where = stuck.map((side) => portLabel(side, pair[side])).join(' and ');
  return {
    code: 'MIRROR_STUCK',
    reason: `mirror on ${where} is stuck and did not move; existing light paths stay as they were; retry later or use another port`,
  };
}

function failedRejection(pair: CrossConnectPair, ctx: PlanContext): Rejection | null {
  const side = SIDES.find((s) => ctx.state.isFailed(s, pair[s]));
  if (!side) return null;
  return {
    code: 'PORT_FAILED',
    reason: `${portLabel(side, pair[side])} has failed; use another port, or restore it and retry`,
  };
}

function finish(results: PairResult[], moves: PlannedMove[]): BatchPlan {
  const batchMs = results.reduce((max, result) => Math.max(max, result.switchingMs ?? 0), 0);
  return { results, moves, batchMs };
}

export function planConnect(pairs: readonly unknown[], ctx: PlanContext): BatchPlan {
  const pending = { north: new Map<number, PairResult>(), south: new Map<number, PairResult>() };
  const results: PairResult[] = [];
  const moves: PlannedMove[] = [];
  pairs.forEach((raw, index) => {
    if (!ctx.powered) return results.push(refuse(raw, { code: 'POWERED_OFF', reason: POWERED_OFF_REASON }));
    const checked = checkPair(raw, ctx.dims);
    if (!checked.ok) return results.push(refuse(raw, checked));
    const pair = checked.value;
    const failed = failedRejection(pair, ctx);
    if (failed) return results.push(refuse(pair, failed));
    for (const side of SIDES) {
      const inBatch = pending[side].get(pair[side]);
      const holder = inBatch ?? ctx.state.holderOf(side, pair[side]);
      if (!holder) continue;
      if (holder.north === pair.north && holder.south === pair.south) {
        // Already there (or made earlier in this batch): idempotent, no mirror moves.
        return results.push({ ...pair, ok: true, lossDb: holder.lossDb, switchingMs: 0 });
      }
      const label = pairLabel(holder);
      const when = inBatch ? ' earlier in this batch' : '';
      return results.push(
        refuse(pair, {
          code: 'PORT_BUSY',
          reason: `${portLabel(side, pair[side])} is held by cross-connect ${label}${when}; disconnect ${label} first (moving a port is a disconnect, then a connect)`,
        }),
      );
    }
    const stuck = stuckRejection(pair, ctx);
    if (stuck) return results.push(refuse(pair, stuck));
    const result: PairResult = { ...pair, ok: true, lossDb: ctx.lossDb(), switchingMs: ctx.switchingMs() };
    pending.north.set(pair.north, result);
    pending.south.set(pair.south, result);
    moves.push({ index, pair, lossDb: result.lossDb as number });
    return results.push(result);
  });
  return finish(results, moves);
}

function notConnectedReason(pair: CrossConnectPair, ctx: PlanContext, disconnecting: Set<number>): string {
  const holder = ctx.state.holderOf('north', pair.north);
  const note = ctx.state.failureNote('north', pair.north) ?? ctx.state.failureNote('south', pair.south);
  let detail: string;
  if (holder && disconnecting.has(pair.north)) detail = 'it is already being disconnected earlier in this batch';
  else if (holder) detail = `north port ${pair.north} is in ${pairLabel(holder)}`;
  else if (note) detail = 'a port of it failed, which tore the light path down';
  else detail = `north port ${pair.north} is dark`;
  return `${pairLabel(pair)} is not connected (${detail}); nothing to disconnect, re-read the switch state`;
}

export function planDisconnect(pairs: readonly unknown[], ctx: PlanContext): BatchPlan {
  const disconnecting = new Set<number>();
  const results: PairResult[] = [];
  const moves: PlannedMove[] = [];
  pairs.forEach((raw, index) => {
    if (!ctx.powered) return results.push(refuse(raw, { code: 'POWERED_OFF', reason: POWERED_OFF_REASON }));
    const checked = checkPair(raw, ctx.dims);
    if (!checked.ok) return results.push(refuse(raw, checked));
    const pair = checked.value;
    const holder = ctx.state.holderOf('north', pair.north);
    if (!holder || holder.south !== pair.south || disconnecting.has(pair.north)) {
      return results.push(
        refuse(pair, { code: 'NOT_CONNECTED', reason: notConnectedReason(pair, ctx, disconnecting) }),
      );
    }
    const stuck = stuckRejection(pair, ctx);
    if (stuck) return results.push(refuse(pair, stuck));
    disconnecting.add(pair.north);
    const result: PairResult = { ...pair, ok: true, switchingMs: ctx.switchingMs() };
    moves.push({ index, pair, lossDb: holder.lossDb });
    return results.push(result);
  });
  return finish(results, moves);
}
