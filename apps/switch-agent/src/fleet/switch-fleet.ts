import { Inject, Injectable, NotFoundException, type OnModuleDestroy } from '@nestjs/common';
import { MemsSimDriver } from '@lightpath/mems-sim';
import { AGENT_CONFIG, type AgentConfig } from '../config/agent.config';
import type { ManagedSwitch } from './managed-switch';
import { SwitchLedger } from './switch-ledger';

/**
 * The switches this agent process serves, each a driver plus its ledger. One per process in
 * production; a demo serves dozens from one process. Seeds differ per switch so two simulated
 * switches never draw the same losses.
 */
@Injectable()
export class SwitchFleet implements OnModuleDestroy {
  private readonly switches = new Map<string, ManagedSwitch>();

  constructor(@Inject(AGENT_CONFIG) config: AgentConfig) {
    config.AGENT_SWITCHES.forEach((switchId, index) => {
      const ledger = new SwitchLedger(config.AGENT_STATE_DIR, switchId);
      const driver = new MemsSimDriver({
        switchId,
        northPorts: config.AGENT_PORTS,
        southPorts: config.AGENT_PORTS,
        profile: config.AGENT_PROFILE,
        seed: config.AGENT_SEED * 1_000 + index,
        timeScale: config.AGENT_TIME_SCALE,
        initialCrossConnects: ledger.savedCrossConnects,
      });
      this.switches.set(switchId, { driver, ledger, faults: driver });
    });
  }

  ids(): string[] {
    return [...this.switches.keys()];
  }

  has(switchId: string): boolean {
    return this.switches.has(switchId);
  }

  get(switchId: string): ManagedSwitch {
    const found = this.switches.get(switchId);
    if (!found) throw new NotFoundException(`switch ${switchId} is not served by this agent (serves: ${this.ids().join(', ')})`);
    return found;
  }

  all(): ManagedSwitch[] {
    return [...this.switches.values()];
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.all().map((s) => s.driver.close()));
  }
}
