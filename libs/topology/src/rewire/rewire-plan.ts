/**
 * The result of a rewiring plan, shared by the planner (plan-rewire.ts) and swap chains
 * (swap-chains.ts) in a file of its own so the two do not import each other.
 */
import type { ChangeCounts, CrossConnect, SwitchChange } from '../types';

export interface RewirePlan {
  /** Every cross-connect after the change. */
  crossConnects: CrossConnect[];
  changes: SwitchChange[];
  counts: ChangeCounts;
  /** Links torn down plus links built that the two topologies force (+ circuits on failed parts). */
  lowerBound: number;
  /** counts.touched / lowerBound (1 when both are 0). */
  ratio: number;
  /** A tighter valid bound (colocation-bound.ts): also counts deficit pairs no switch can take without moving a kept circuit. */
  colocationBound: number;
  movedKept: number;
}
