import { Inject, Injectable } from '@nestjs/common';
import { MANUAL_OWNER, type Operation } from '@lightpath/contracts';
import type { FabricState } from '@lightpath/state';
import { ORCH_CONFIG, type OrchestratorConfig } from '../config/orchestrator.config';
import { crossConnectView } from '../engine/cross-connect-view';
import { OperationEngine, OperationNotSentError } from '../engine/operation-engine.service';
import { FabricGraph } from '../fabric/fabric-graph';
import { checkConnectPairs, checkNorthPorts, checkSwitchUsable, type Pair } from '../fabric/request-checks';
import { unavailable } from '../http/api-errors';
import { LeadershipService } from '../leader/leadership.service';
import { STATE } from '../orchestrator.tokens';

/**
 * Operators' cross-connects on one switch, as one-stage, pair-atomic operations of the engine:
 * every pair is checked before anything is claimed (nothing moves for a request that fails a
 * check), the ports are claimed in Redis, and the request answers once the command is handed to
 * Kafka, or 503 COMMAND_NOT_SENT with the claim released. Each pair stands or fails on its own.
 */
@Injectable()
export class CrossConnectsService {
  constructor(
    @Inject(ORCH_CONFIG) private readonly config: OrchestratorConfig,
    @Inject(STATE) private readonly state: FabricState,
    private readonly leadership: LeadershipService,
    private readonly graph: FabricGraph,
    private readonly engine: OperationEngine,
  ) {}

  async connect(switchId: string, pairs: Pair[], who: string): Promise<Operation> {
    this.leadership.requireLeader();
    const sw = checkSwitchUsable(this.graph, switchId, Date.now(), this.config.SWITCH_STALE_MS);
    checkConnectPairs(this.graph, sw, pairs);
    // New circuits made by hand are `manual`; they displace nobody.
    return this.submit('connect', switchId, { add: pairs, remove: [] }, who, 'none');
  }

  async disconnect(switchId: string, norths: number[], who: string): Promise<Operation> {
    this.leadership.requireLeader();
    const sw = checkSwitchUsable(this.graph, switchId, Date.now(), this.config.SWITCH_STALE_MS, 'remove');
    checkNorthPorts(sw, norths);
    const pairs = await this.state.desired.desiredPairs(switchId, norths);
    // An operator removes anyone's circuit but a reservation's, which goes only with its reservation.
    return this.submit('disconnect', switchId, { add: [], remove: pairs }, who, 'others');
  }

  private async submit(kind: 'connect' | 'disconnect', switchId: string, change: { add: Pair[]; remove: Pair[] }, who: string, displace: 'none' | 'others'): Promise<Operation> {
    try {
      const op = await this.engine.submit({
        kind,
        target: switchId,
        stages: [{ changes: [{ switchId, ...change }] }],
        who,
        ownership: { owner: MANUAL_OWNER, displace },
        atomicity: 'pair',
        list: 'cross-connects',
        untilSent: true,
        // A command that cannot be sent fails the request at once (503) rather than being retried.
        retryUntil: Date.now(),
      });
      return crossConnectView(op);
    } catch (err) {
      // Bounded by COMMAND_SEND_TIMEOUT_MS (JsonProducer): the caller hears of it in about that long.
      if (err instanceof OperationNotSentError) throw unavailable('COMMAND_NOT_SENT', `${err.message.replace(/; the change was rolled back.*$/, '')}; nothing was changed on the switch, retry later`);
      throw err;
    }
  }
}
