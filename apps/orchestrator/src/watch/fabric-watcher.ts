import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type Loop, LoopRunner } from '@lightpath/observability';
import { ORCH_CONFIG, type OrchestratorConfig } from '../config/orchestrator.config';
import { FabricGraph } from '../fabric/fabric-graph';
import { isReachable } from '../fabric/switch-reachability';
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
  private readonly loop: Loop;
  private last?: FabricLook;

  constructor(
    @Inject(ORCH_CONFIG) private readonly config: OrchestratorConfig,
    private readonly graph: FabricGraph,
    private readonly bus: EventBus,
    loops: LoopRunner,
  ) {
    // Every replica watches (followers serve /v1/events too), so this loop is not leader-only.
    this.loop = loops.create({ name: 'fabric-watcher', intervalMs: LOOK_INTERVAL_MS, step: () => this.tick() });
  }

  onModuleInit(): void {
    this.loop.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  /** Takes a look and publishes what changed since the previous one (a failure is the runner's to log and retry). */
  tick(now = Date.now()): void {
    const look = this.look(now);
    if (this.last) for (const e of diffFabric(this.last, look, now)) this.bus.publish(e);
    this.last = look;
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
