import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Logger } from 'pino';
import { ORCH_CONFIG, type OrchestratorConfig } from '../config/orchestrator.config';
import { FabricGraph } from '../fabric/fabric-graph';
import { isReachable } from '../fabric/switch-reachability';
import { LOGGER } from '../orchestrator.tokens';
import { EventBus } from './event-bus.service';
import { diffFabric, type FabricLook, unhealthyMap } from './fabric-diff';

/**
 * How often the model is compared with its last look. Port and switch events lag by at most this;
 * a look costs one pass over switches and their unhealthy ports (the model keeps nodes only for
 * ports in use or not healthy), so it stays cheap on large fabrics.
 */
const LOOK_INTERVAL_MS = 250;

/**
 * Publishes switch registration, reachability, power and port health changes by comparing the
 * in-memory model with its previous look, rather than hooking every event handler: reachability
 * changes with the passage of time (no message says "unreachable"), and the handlers stay
 * untouched. The first look only records the fabric as loaded; it publishes nothing.
 */
@Injectable()
export class FabricWatcher implements OnModuleInit, OnModuleDestroy {
  private timer?: NodeJS.Timeout;
  private last?: FabricLook;

  constructor(
    @Inject(ORCH_CONFIG) private readonly config: OrchestratorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly graph: FabricGraph,
    private readonly bus: EventBus,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => this.tick(), LOOK_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Takes a look and publishes what changed since the previous one. */
  tick(now = Date.now()): void {
    try {
      const look = this.look(now);
      if (this.last) for (const e of diffFabric(this.last, look, now)) this.bus.publish(e);
      this.last = look;
    } catch (err) {
      this.logger.error({ err }, 'fabric watcher look failed; trying again at the next tick');
    }
  }

  private look(now: number): FabricLook {
    const look: FabricLook = new Map();
    for (const id of this.graph.switchIds()) {
      const sw = this.graph.getSwitch(id);
      if (!sw) continue;
      look.set(id, {
        agentId: sw.agentId,
        registeredAt: sw.registeredAt,
        reachable: isReachable(sw, now, this.config.SWITCH_STALE_MS),
        powered: sw.powered,
        unhealthy: unhealthyMap(this.graph.unhealthyPorts(id)),
      });
    }
    return look;
  }
}
