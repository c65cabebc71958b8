/**
 * Received optical power per lit port: launch power minus the light path's insertion loss, plus a
 * little seeded meter noise. With circulators every fibre is bidirectional (ocs-facts, row "Google
 * Palomar"), so both ends of a light path are lit and each reads the same path loss.
 */
import type { LightPath } from './crossbar.state';
import { SeededRandom } from './seeded-random';
import { roundTo } from './sim-profile.sampler';
import type { PortHealth, PortSide, PortStatus } from './switch-driver';

export interface PowerModel {
  launchPowerDbm: number;
  noiseSdDb: number;
  resolutionDb: number;
  noise: SeededRandom;
}

export function readLitPorts(
  paths: readonly LightPath[],
  model: PowerModel,
  healthOf: (side: PortSide, port: number) => PortHealth,
): PortStatus[] {
  const readings: PortStatus[] = [];
  for (const path of paths) {
    for (const side of ['north', 'south'] as const) {
      const dbm = model.launchPowerDbm - path.lossDb + model.noise.normal(0, model.noiseSdDb);
      readings.push({
        side,
        port: path[side],
        health: healthOf(side, path[side]),
        powerDbm: roundTo(dbm, model.resolutionDb),
      });
    }
  }
  return readings;
}
