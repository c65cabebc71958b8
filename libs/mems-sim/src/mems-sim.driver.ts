/**
 * MemsSimDriver: a simulated N x M MEMS crossbar behind the SwitchDriver seam, with the fault
 * injection surface tests and the agent's admin endpoint use.
 *
 * Model, in short (details in the files named):
 * - batches run one at a time, in call order, as a switch controller processes commands; a batch is
 *   planned at once (batch.plan.ts), waits max(pair times) x timeScale on a real setTimeout (mirrors
 *   move in parallel), then its light paths appear or vanish; snapshots in between show the old state;
 * - if power is lost while a batch's mirrors move, its moving pairs fail with POWERED_OFF, and if a
 *   port fails meanwhile, a connect through it fails with PORT_FAILED;
 * - a failed port tears its light path down (light is lost on both ends); restoring the port does not
 *   remake it, the orchestrator's reconciler does;
 * - power loss drops every light path; power comes back empty; injected port and mirror faults stay;
 * - loss drift advances on telemetry ticks (tick(), or telemetryIntervalMs) and raises degraded /
 *   critical port-health events (port-health.tracker.ts).
 */
import { planConnect, planDisconnect, type BatchPlan } from './batch.plan';
import { emitDriverEvent } from './driver-events';
import { CrossbarState } from './crossbar.state';
import type { FaultInjector, LossDriftSpec } from './fault-injector';
import { CAPABILITIES, DEFAULT_DRIFT_DB_PER_TICK, DRIVER_KIND, MAX_LOSS_DB, POWER_NOISE_SD_DB, RANDOM_STREAM, READING_RESOLUTION_DB } from './mems-sim.constants';
import { MemsSimClosedError, MemsSimInvalidArgumentError, MemsSimNotFoundError } from './mems-sim.errors';
import { resolveOptions, type MemsSimOptions, type ResolvedOptions } from './mems-sim.options';
import { readLitPorts, type PowerModel } from './optical-power.model';
import { pairLabel, portLabel, portRangeRejection, type PortDimensions } from './pair.validate';
import { assessPorts, PortHealthTracker } from './port-health.tracker';
import { SeededRandom, deriveSeed } from './seeded-random';
import { ProfileSampler } from './sim-profile.sampler';
import type { ActiveCrossConnect, CrossConnectPair, DriverEvent, PairResult, PortHealth, PortSide, PortStatus, SwitchDescription, SwitchDriver, SwitchSnapshot } from './switch-driver';

type BatchKind = 'connect' | 'disconnect';

export class MemsSimDriver implements SwitchDriver, FaultInjector {
  private readonly options: ResolvedOptions;
  private readonly dims: PortDimensions;
  private readonly state = new CrossbarState();
  private readonly health = new PortHealthTracker();
  private readonly sampler: ProfileSampler;
  private readonly power: PowerModel;
  private readonly listeners = new Set<(event: DriverEvent) => void>();
  private powered = true;
  /** Bumped by every power loss, so a batch in flight can tell that power went away meanwhile. */
  private powerEpoch = 0;
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();
  private telemetryTimer: NodeJS.Timeout | undefined;

  constructor(options: MemsSimOptions) {
    this.options = resolveOptions(options);
    this.dims = { northPorts: this.options.northPorts, southPorts: this.options.southPorts };
    this.sampler = new ProfileSampler(this.options.profile, this.options.seed);
    this.power = {
      launchPowerDbm: this.options.launchPowerDbm,
      noiseSdDb: POWER_NOISE_SD_DB,
      resolutionDb: READING_RESOLUTION_DB,
      noise: new SeededRandom(deriveSeed(this.options.seed, RANDOM_STREAM.powerNoise)),
    };
    for (const initial of this.options.initialCrossConnects) {
      const { north, south } = initial;
      this.state.addLightPath({ north, south, lossDb: initial.lossDb ?? this.sampler.lossDb(), since: initial.since ?? this.options.now() });
    }
    this.refreshHealth(); // a restored path may already be over a loss threshold
    if (this.options.telemetryIntervalMs > 0) {
      // unref: a forgotten simulator must not keep a test run or a process alive.
      this.telemetryTimer = setInterval(() => this.tick(), this.options.telemetryIntervalMs).unref();
    }
  }

  describe(): SwitchDescription {
    const { switchId, northPorts, southPorts, profile } = this.options;
    return { switchId, northPorts, southPorts, driver: DRIVER_KIND, profile: profile.name, capabilities: [...CAPABILITIES] };
  }

  connect(pairs: CrossConnectPair[]): Promise<PairResult[]> {
    return this.enqueue('connect', pairs);
  }

  disconnect(pairs: CrossConnectPair[]): Promise<PairResult[]> {
    return this.enqueue('disconnect', pairs);
  }

  crossConnects(): ActiveCrossConnect[] {
    return this.state.lightPaths().map(({ north, south, lossDb, since }) => ({ north, south, lossDb, since }));
  }

  snapshot(): SwitchSnapshot {
    const crossConnects = this.crossConnects();
    const lit = this.readPowers();
    const litKeys = new Set(lit.map((p) => `${p.side}:${p.port}`));
    const unhealthyDark: PortStatus[] = this.health
      .conditions()
      .filter((c) => !litKeys.has(`${c.ref.side}:${c.ref.port}`))
      .map((c) => ({ ...c.ref, health: c.health, powerDbm: null }));
    const ports = [...lit, ...unhealthyDark].sort((a, b) => a.side.localeCompare(b.side) || a.port - b.port);
    return { switchId: this.options.switchId, powered: this.powered, crossConnects, ports, takenAt: this.options.now() };
  }

  /** One power reading per lit port (both ends of every light path); each call draws fresh noise. */
  readPowers(): PortStatus[] {
    return readLitPorts(this.state.lightPaths(), this.power, (side, port) => this.health.healthOf(side, port));
  }

  portHealth(side: PortSide, port: number): PortHealth {
    this.checkPort('port-health', side, port);
    return this.health.healthOf(side, port);
  }

  isPowered(): boolean {
    return this.powered;
  }

  /** One or more telemetry ticks: loss drifts advance, then health is re-assessed (events on change). */
  tick(ticks = 1): void {
    if (this.closed || !this.powered) return;
    for (let i = 0; i < ticks; i += 1) this.state.advanceDrifts();
    this.refreshHealth();
  }

  onEvent(listener: (event: DriverEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.telemetryTimer) clearInterval(this.telemetryTimer);
    await this.queue;
    this.listeners.clear();
  }

  // ---- fault injection -------------------------------------------------------------------------

  failPort(side: PortSide, port: number, reason = 'injected fault'): void {
    this.checkPort('fail-port', side, port);
    if (this.state.isFailed(side, port)) return;
    const torn = this.state.holderOf(side, port);
    if (torn) this.state.removeLightPath(torn.north);
    const lost = torn ? `; light lost: cross-connect ${pairLabel(torn)} was torn down` : '';
    const note = `${portLabel(side, port)} failed (${reason})${lost}; restore the port, then reconnect or use another port`;
    this.state.markFailed(side, port, note);
    this.refreshHealth();
  }

  restorePort(side: PortSide, port: number): void {
    this.checkPort('restore-port', side, port);
    if (this.state.clearFailed(side, port)) this.refreshHealth();
  }

  stickMirror(side: PortSide, port: number, operations = 1): void {
    this.checkPort('stick-mirror', side, port);
    if (!Number.isInteger(operations) || operations < 1) {
      throw new MemsSimInvalidArgumentError('stick-mirror', `operations must be an integer >= 1, got ${operations}`);
    }
    this.state.setStuck(side, port, operations);
    this.refreshHealth();
  }

  unstickMirror(side: PortSide, port: number): void {
    this.checkPort('unstick-mirror', side, port);
    if (this.state.clearStuck(side, port)) this.refreshHealth();
  }

  driftLoss(north: number, south: number, spec: LossDriftSpec): void {
    this.checkPort('drift-loss', 'north', north);
    this.checkPort('drift-loss', 'south', south);
    const dbPerTick = spec.dbPerTick ?? DEFAULT_DRIFT_DB_PER_TICK;
    const targetDb = spec.targetDb ?? MAX_LOSS_DB;
    if (!(dbPerTick > 0 && dbPerTick <= MAX_LOSS_DB) || !(targetDb > 0 && targetDb <= MAX_LOSS_DB)) {
      throw new MemsSimInvalidArgumentError('drift-loss', `dbPerTick and targetDb must be in (0, ${MAX_LOSS_DB}] dB`);
    }
    const path = this.state.holderOf('north', north);
    if (!path || path.south !== south) {
      throw new MemsSimNotFoundError('drift-loss', `N${north}-S${south} is not connected; connect it before drifting its loss`);
    }
    this.state.setDrift(north, { dbPerTick, targetDb });
  }

  powerLoss(): void {
    if (!this.powered) return;
    this.powered = false;
    this.powerEpoch += 1;
    this.state.clearLightPaths();
    this.emit({ kind: 'power-lost' });
    this.refreshHealth();
  }

  powerRestore(): void {
    if (this.powered) return;
    this.powered = true;
    this.emit({ kind: 'power-restored' });
    this.refreshHealth();
  }

  // ---- internals --------------------------------------------------------------------------------

  private enqueue(kind: BatchKind, pairs: CrossConnectPair[]): Promise<PairResult[]> {
    if (this.closed) return Promise.reject(new MemsSimClosedError(kind, 'the driver is closed; create a new one'));
    if (!Array.isArray(pairs)) {
      return Promise.reject(new MemsSimInvalidArgumentError(kind, 'pairs must be an array of {north, south}'));
    }
    const run = this.queue.then(() => this.runBatch(kind, pairs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async runBatch(kind: BatchKind, pairs: readonly unknown[]): Promise<PairResult[]> {
    const epoch = this.powerEpoch;
    const ctx = {
      state: this.state,
      dims: this.dims,
      powered: this.powered,
      switchingMs: () => this.sampler.switchingMs(),
      lossDb: () => this.sampler.lossDb(),
    };
    const plan = kind === 'connect' ? planConnect(pairs, ctx) : planDisconnect(pairs, ctx);
    this.refreshHealth(); // a stuck mirror that just refused may be free now
    await this.settle(plan.batchMs);
    this.commit(kind, plan, epoch);
    this.refreshHealth();
    return plan.results;
  }

  /** Real wait for the mirrors. Node timers have 1 ms granularity: round up, never report less than waited. */
  private settle(simulatedMs: number): Promise<void> {
    const waitMs = Math.ceil(simulatedMs * this.options.timeScale);
    if (waitMs <= 0) return Promise.resolve();
    return new Promise((resolve) => setTimeout(resolve, waitMs));
  }

  private commit(kind: BatchKind, plan: BatchPlan, epoch: number): void {
    for (const move of plan.moves) {
      const { north, south } = move.pair;
      if (epoch !== this.powerEpoch) {
        const reason = 'power was lost while the mirrors moved; the switch came back with no cross-connects, re-send';
        plan.results[move.index] = { north, south, ok: false, code: 'POWERED_OFF', reason };
      } else if (kind === 'disconnect') {
        this.state.removeLightPath(north);
      } else if (this.state.isFailed('north', north) || this.state.isFailed('south', south)) {
        const side: PortSide = this.state.isFailed('north', north) ? 'north' : 'south';
        const reason = `${portLabel(side, move.pair[side])} failed while the mirrors moved; use another port, or restore it and retry`;
        plan.results[move.index] = { north, south, ok: false, code: 'PORT_FAILED', reason };
      } else {
        this.state.addLightPath({ north, south, lossDb: move.lossDb, since: this.options.now() });
      }
    }
  }

  private refreshHealth(): void {
    const events = this.health.update(assessPorts(this.state, this.options));
    for (const event of events) this.emit(event);
  }

  private emit(event: DriverEvent): void {
    emitDriverEvent(this.listeners, event);
  }


  private checkPort(operation: string, side: PortSide, port: number): void {
    if (side !== 'north' && side !== 'south') {
      throw new MemsSimInvalidArgumentError(operation, `side must be "north" or "south", got ${String(side)}`);
    }
    if (!Number.isInteger(port)) {
      throw new MemsSimInvalidArgumentError(operation, `port must be an integer, got ${String(port)}`);
    }
    const outOfRange = portRangeRejection(side, port, this.dims);
    if (outOfRange) throw new MemsSimInvalidArgumentError(operation, outOfRange.reason);
  }
}
