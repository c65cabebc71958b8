import { Inject, Injectable, NotFoundException, type OnModuleDestroy } from '@nestjs/common';
import { MemsSimDriver } from '@lightpath/mems-sim';
import { GnmiDriver, NetconfDriver, Tl1Driver, type DriverTarget, type RemoteSwitchDriver } from '@lightpath/southbound';
import type { Logger } from 'pino';
import { LOGGER } from '../agent.tokens';
import { AGENT_CONFIG, type AgentConfig } from '../config/agent.config';
import { driverTargets } from './driver-targets';
import type { ManagedSwitch } from './managed-switch';
import { SwitchLedger } from './switch-ledger';

/**
 * The switches this agent process serves, each a driver plus its ledger. One per process in
 * production; a demo serves dozens from one process. A switch named in AGENT_DRIVERS is driven over
 * its protocol (the switch is the source of truth; its driver connects at once and keeps
 * reconnecting); the others are simulated in-process, with seeds that differ per switch so two
 * simulated switches never draw the same losses.
 */
@Injectable()
export class SwitchFleet implements OnModuleDestroy {
  private readonly switches = new Map<string, ManagedSwitch>();

  constructor(@Inject(AGENT_CONFIG) config: AgentConfig, @Inject(LOGGER) logger: Logger) {
    const remote = driverTargets(config);
    config.AGENT_SWITCHES.forEach((switchId, index) => {
      const ledger = new SwitchLedger(config.AGENT_STATE_DIR, switchId);
      const target = remote.get(switchId);
      if (target) {
        const log = logger.child({ driver: target.kind });
        const driver = remoteDriver(target, log);
        driver.start();
        this.switches.set(switchId, { driver, ledger });
        return;
      }
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

const REMOTE: Record<DriverTarget['kind'], new (target: DriverTarget, logger: Logger) => RemoteSwitchDriver> = { tl1: Tl1Driver, netconf: NetconfDriver, gnmi: GnmiDriver };

function remoteDriver(target: DriverTarget, logger: Logger): RemoteSwitchDriver {
  return new REMOTE[target.kind](target, logger);
}
