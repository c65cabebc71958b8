/**
 * The working state the rewiring steps share (placement by path, by rotation, the fallbacks). In a
 * file of its own so the steps and the planner that builds it do not import each other.
 */
import type { PortIndex } from '../mesh/port-index.build';
import type { RewireState } from './rewire-state.build';

export interface RewireContext {
  index: PortIndex;
  rs: RewireState;
  surplus: Int32Array;
  removable: (e: number) => boolean;
  remove: (e: number) => void;
  /** Bitsets (per virtual vertex, per switch) of surplus circuits, refreshed each round; may be stale. */
  remL: Uint32Array;
  remR: Uint32Array;
  refreshRemovable: () => void;
  /** performance.now() after which the extra (two-step) path search is skipped. */
  deadline: number;
  richSearch: boolean;
  /** Two-step cut evaluations left for the current circuit. */
  twoStepLeft: number;
}
