/**
 * Every default of the simulated MEMS switch in one place, each with its source. "ocs-facts" means
 * docs/ocs-facts.md, table "Switch hardware".
 * Figures marked secondary there are defaults to override, not gospel: every one is an option.
 */
import type { ProfileName, SimProfile } from './sim-profile.types';

export const DRIVER_KIND = 'mems-sim';

/** ocs-facts row "Google Palomar": 136 x 136 (north x south). */
export const DEFAULT_PORTS_PER_SIDE = 136;

/**
 * Upper bound on ports per side. The largest switch in ocs-facts is Polatis at 384 x 384; 1024
 * leaves headroom while catching a typo (136000) before it allocates anything.
 */
export const MAX_PORTS_PER_SIDE = 1024;

export const DEFAULT_PROFILE: ProfileName = 'palomar';
export const DEFAULT_SEED = 1;

/** 1 = wait the sampled switching time in real ms; 0 = do not wait at all (unit tests). */
export const DEFAULT_TIME_SCALE = 1;

/** Launch power into each fibre; 0 dBm (1 mW) is a typical datacenter optic's output. Our choice. */
export const DEFAULT_LAUNCH_POWER_DBM = 0;

/** Power meter noise per reading (standard deviation). Our choice: small against any threshold. */
export const POWER_NOISE_SD_DB = 0.05;

/** Readings and losses are rounded to the 0.01 dB a port power monitor reports. */
export const READING_RESOLUTION_DB = 0.01;

/** Drift step when a drift request gives only a target. Our choice: 0.25 dB per telemetry tick. */
export const DEFAULT_DRIFT_DB_PER_TICK = 0.25;

/** Ceiling for drift without a target: at 40 dB the path is dark for any receiver. */
export const MAX_LOSS_DB = 40;

/** Telemetry ticks (loss drift, health checks) run only when asked: 0 = call tick() yourself. */
export const DEFAULT_TELEMETRY_INTERVAL_MS = 0;

export const CAPABILITIES: readonly string[] = [
  'cross-connect',
  'batch-parallel-mirrors',
  'port-power-monitoring',
  'loss-thresholds',
  'fault-injection',
];

/**
 * Palomar-like MEMS (ocs-facts row "Google Palomar", secondary): switching median ~1.2 ms and p99
 * < 3 ms -> lognormal median 1.2 ms, sigma 0.3 (p99 = 1.2 * e^(2.326*0.3) = 2.4 ms); insertion
 * loss < 2 dB -> normal 1.25 +- 0.2 dB clamped to 0.8..1.95 dB, so every path meets the bound.
 * Thresholds are ours: degraded 1 dB above the < 2 dB spec, critical 3 dB above it.
 */
const PALOMAR: SimProfile = {
  name: 'palomar',
  switching: { medianMs: 1.2, sigma: 0.3, minMs: 0.5, maxMs: 5 },
  loss: { meanDb: 1.25, sdDb: 0.2, minDb: 0.8, maxDb: 1.95, connectorDb: 0 },
  degradedLossDb: 3,
  criticalLossDb: 5,
};

/**
 * 3D MEMS like the Calient S320 (ocs-facts row "Calient S320"): tens of ms per mirror move ->
 * lognormal median 25 ms, sigma 0.35 (p99 ~56 ms), capped at 200 ms because the row gives <= 200 ms
 * for an all-port reconfiguration when deletes are sequenced before makes, and mirrors move in
 * parallel, so no single move can take longer. Loss 1.5..2.7 dB (2.7 dB: row "OCS matrix" 320 x 320;
 * the 1.5 dB floor is ours) plus 0.5 dB for MTP connectors (S320 row) -> 2.0..3.2 dB per path.
 * Thresholds are ours, clear of the 3.2 dB worst case.
 */
const THREE_D_MEMS: SimProfile = {
  name: '3d-mems',
  switching: { medianMs: 25, sigma: 0.35, minMs: 5, maxMs: 200 },
  loss: { meanDb: 2.1, sdDb: 0.3, minDb: 1.5, maxDb: 2.7, connectorDb: 0.5 },
  degradedLossDb: 4,
  criticalLossDb: 6,
};

/** For unit tests: Palomar losses, mirrors that settle at once. */
const INSTANT: SimProfile = {
  ...PALOMAR,
  name: 'instant',
  switching: { medianMs: 0, sigma: 0, minMs: 0, maxMs: 0 },
};

export const PROFILES: Readonly<Record<ProfileName, SimProfile>> = {
  palomar: PALOMAR,
  '3d-mems': THREE_D_MEMS,
  instant: INSTANT,
};

/** Indices of the independent random streams derived from one seed (see deriveSeed). */
export const RANDOM_STREAM = { switching: 1, loss: 2, powerNoise: 3 } as const;
