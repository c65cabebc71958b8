/**
 * Options of the simulated switch, and their validation: checked once, in the constructor, so a
 * typo fails at start-up with a message naming the option rather than as odd behaviour later.
 */
import {
  DEFAULT_LAUNCH_POWER_DBM,
  DEFAULT_PORTS_PER_SIDE,
  DEFAULT_PROFILE,
  DEFAULT_SEED,
  DEFAULT_TELEMETRY_INTERVAL_MS,
  DEFAULT_TIME_SCALE,
  MAX_PORTS_PER_SIDE,
} from './mems-sim.constants';
import { MemsSimInvalidArgumentError } from './mems-sim.errors';
import { checkPair, pairLabel } from './pair.validate';
import { resolveProfile } from './sim-profile.sampler';
import type { ProfileName, SimProfile } from './sim-profile.types';
import type { CrossConnectPair } from './switch-driver';

/** A light path the switch already holds when the driver starts (e.g. from a previous snapshot). */
export interface InitialCrossConnect extends CrossConnectPair {
  /** Loss to keep; drawn from the profile when absent. */
  lossDb?: number;
  since?: number;
}

export interface MemsSimOptions {
  switchId: string;
  /** Ports per side; default 136 (Palomar). southPorts defaults to northPorts. */
  northPorts?: number;
  southPorts?: number;
  /** 'palomar' (default), '3d-mems', 'instant', or a custom profile. */
  profile?: ProfileName | SimProfile;
  /** Seed of every random draw (switching times, losses, power noise); default 1. */
  seed?: number;
  /**
   * Real wait = simulated switching time x timeScale. 1 (default) makes the agent measure real
   * time; 0 skips the timer entirely (unit tests). Reported switchingMs is always unscaled.
   */
  timeScale?: number;
  launchPowerDbm?: number;
  /** Override the profile's loss thresholds (dB). */
  degradedLossDb?: number;
  criticalLossDb?: number;
  /** Run tick() every this many ms (timer unref'd, stopped by close()); 0 (default) = call tick() yourself. */
  telemetryIntervalMs?: number;
  /** Clock for `since` and `takenAt`; default Date.now. */
  now?: () => number;
  /**
   * Light paths present at start. Real MEMS mirrors hold their position while the control software
   * restarts, so an agent that restarts hands back the cross-connects it last saw. Validated like
   * a connect (range, one path per port); a bad entry throws MemsSimInvalidArgumentError.
   */
  initialCrossConnects?: readonly InitialCrossConnect[];
}

export interface ResolvedOptions {
  switchId: string;
  northPorts: number;
  southPorts: number;
  profile: SimProfile;
  seed: number;
  timeScale: number;
  launchPowerDbm: number;
  degradedLossDb: number;
  criticalLossDb: number;
  telemetryIntervalMs: number;
  now: () => number;
  initialCrossConnects: InitialCrossConnect[];
}

function requireNumber(name: string, value: number, ok: boolean, expected: string): number {
  if (!Number.isFinite(value) || !ok) {
    throw new MemsSimInvalidArgumentError('options', `${name} must be ${expected}, got ${String(value)}`);
  }
  return value;
}

function portCount(name: string, value: number): number {
  const ok = Number.isInteger(value) && value >= 1 && value <= MAX_PORTS_PER_SIDE;
  return requireNumber(name, value, ok, `an integer in 1..${MAX_PORTS_PER_SIDE}`);
}

function initialCrossConnects(
  entries: readonly InitialCrossConnect[],
  dims: { northPorts: number; southPorts: number },
): InitialCrossConnect[] {
  const used = { north: new Set<number>(), south: new Set<number>() };
  return entries.map((entry, i) => {
    const checked = checkPair(entry, dims);
    if (!checked.ok) throw new MemsSimInvalidArgumentError('options', `initialCrossConnects[${i}]: ${checked.reason}`);
    const { north, south } = checked.value;
    if (used.north.has(north) || used.south.has(south)) {
      throw new MemsSimInvalidArgumentError('options', `initialCrossConnects[${i}]: ${pairLabel(checked.value)} reuses a port of an earlier entry; a port is in at most one cross-connect`);
    }
    if (entry.lossDb !== undefined && !(Number.isFinite(entry.lossDb) && entry.lossDb >= 0)) {
      throw new MemsSimInvalidArgumentError('options', `initialCrossConnects[${i}]: lossDb must be a finite number >= 0`);
    }
    used.north.add(north);
    used.south.add(south);
    return { north, south, lossDb: entry.lossDb, since: entry.since };
  });
}

export function resolveOptions(options: MemsSimOptions): ResolvedOptions {
  if (typeof options?.switchId !== 'string' || options.switchId.length === 0) {
    throw new MemsSimInvalidArgumentError('options', 'switchId must be a non-empty string');
  }
  const profile = resolveProfile(options.profile ?? DEFAULT_PROFILE);
  const northPorts = portCount('northPorts', options.northPorts ?? DEFAULT_PORTS_PER_SIDE);
  const southPorts = portCount('southPorts', options.southPorts ?? northPorts);
  const seed = options.seed ?? DEFAULT_SEED;
  requireNumber('seed', seed, Number.isInteger(seed), 'an integer');
  const timeScale = options.timeScale ?? DEFAULT_TIME_SCALE;
  requireNumber('timeScale', timeScale, timeScale >= 0, 'a number >= 0');
  const degradedLossDb = options.degradedLossDb ?? profile.degradedLossDb;
  const criticalLossDb = options.criticalLossDb ?? profile.criticalLossDb;
  requireNumber('degradedLossDb', degradedLossDb, degradedLossDb > 0, 'a positive number of dB');
  requireNumber('criticalLossDb', criticalLossDb, criticalLossDb >= degradedLossDb, '>= degradedLossDb');
  const telemetryIntervalMs = options.telemetryIntervalMs ?? DEFAULT_TELEMETRY_INTERVAL_MS;
  requireNumber('telemetryIntervalMs', telemetryIntervalMs, telemetryIntervalMs >= 0, 'a number of ms >= 0');
  const launchPowerDbm = options.launchPowerDbm ?? DEFAULT_LAUNCH_POWER_DBM;
  requireNumber('launchPowerDbm', launchPowerDbm, true, 'a finite number of dBm');
  return {
    switchId: options.switchId,
    northPorts,
    southPorts,
    profile,
    seed,
    timeScale,
    launchPowerDbm,
    degradedLossDb,
    criticalLossDb,
    telemetryIntervalMs,
    now: options.now ?? Date.now,
    initialCrossConnects: initialCrossConnects(options.initialCrossConnects ?? [], { northPorts, southPorts }),
  };
}
