/**
 * Shape of a timing/loss profile: how long a mirror takes to settle and how much light a light path
 * loses. Values live in mems-sim.constants.ts with their sources; sampling in sim-profile.sampler.ts.
 */

export type ProfileName = 'palomar' | '3d-mems' | 'instant';

/** Lognormal per-pair switching time, clamped: switching times are positive and right-skewed. */
export interface SwitchingModel {
  medianMs: number;
  /** Lognormal shape: p99 = medianMs * exp(2.326 * sigma). */
  sigma: number;
  minMs: number;
  maxMs: number;
}

/** Normal insertion loss of the mirror path, clamped, plus a fixed connector loss. */
export interface LossModel {
  meanDb: number;
  sdDb: number;
  minDb: number;
  maxDb: number;
  /** Added to every path, e.g. the 0.5 dB of the S320's MTP connectors. */
  connectorDb: number;
}

export interface SimProfile {
  name: string;
  switching: SwitchingModel;
  loss: LossModel;
  /** Loss at or above which both ports of the path go 'degraded' (Calient: minor alarm). */
  degradedLossDb: number;
  /** Loss at or above which the degraded event is critical (Calient: critical alarm). */
  criticalLossDb: number;
}
