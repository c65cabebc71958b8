import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemsSimDriver, type CrossConnectPair, type InitialCrossConnect, type PairResult } from '@lightpath/mems-sim';
import type { SimConfig, SimSwitchConfig } from './config/sim.config';

/**
 * One simulated switch: a mems-sim crossbar (timing, loss and faults carry over) whose cross-connects
 * are kept in a file, so that killing and restarting the simulator behaves like restarting a real
 * switch's controller: the mirrors, and so the light paths, stay.
 */
export class SimSwitch {
  readonly driver: MemsSimDriver;
  private readonly file: string;

  constructor(readonly spec: SimSwitchConfig, config: SimConfig, index: number) {
    mkdirSync(config.SIM_STATE_DIR, { recursive: true });
    this.file = join(config.SIM_STATE_DIR, `${spec.switchId}.crossbar.json`);
    this.driver = new MemsSimDriver({
      switchId: spec.switchId,
      northPorts: config.SIM_PORTS,
      southPorts: config.SIM_PORTS,
      profile: config.SIM_PROFILE,
      seed: config.SIM_SEED * 1_000 + index,
      timeScale: config.SIM_TIME_SCALE,
      initialCrossConnects: readSaved(this.file),
    });
    this.driver.onEvent(() => this.save());
  }

  async apply(kind: 'connect' | 'disconnect', pairs: CrossConnectPair[]): Promise<PairResult[]> {
    const results = kind === 'connect' ? await this.driver.connect(pairs) : await this.driver.disconnect(pairs);
    this.save();
    return results;
  }

  private save(): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.driver.crossConnects()));
    renameSync(tmp, this.file);
  }
}

function readSaved(file: string): InitialCrossConnect[] {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as InitialCrossConnect[];
  } catch {
    return [];
  }
}
