/**
 * The crossbar's actual state: light paths (indexed by both ends, so "who holds this port" is O(1)),
 * failed ports, stuck mirrors and loss drifts. Plain data with small mutators and no rules: what is
 * allowed is decided in batch.plan.ts, when it happens in the driver.
 *
 * Invariant I1 (architecture.md): a port is in at most one light path, which joins north to south.
 */
import type { PortRef, PortSide } from './switch-driver';

export interface LightPath {
  north: number;
  south: number;
  /** Current insertion loss in dB, drift included. */
  lossDb: number;
  /** Epoch ms when the mirrors settled. */
  since: number;
}

export interface LossDrift {
  dbPerTick: number;
  /** Loss at which the drift stops. */
  targetDb: number;
}

const key = (side: PortSide, port: number) => `${side}:${port}`;

export class CrossbarState {
  private readonly byNorth = new Map<number, LightPath>();
  private readonly bySouth = new Map<number, LightPath>();
  /** Failed ports with the note their health event carries. */
  private readonly failed = new Map<string, { ref: PortRef; note: string }>();
  /** Stuck mirrors with how many more operations they will refuse. */
  private readonly stuck = new Map<string, { ref: PortRef; remaining: number }>();
  /** Drifts by north port: a drift belongs to one light path and ends with it. */
  private readonly drifts = new Map<number, LossDrift>();

  lightPaths(): LightPath[] {
    return [...this.byNorth.values()].sort((a, b) => a.north - b.north);
  }

  holderOf(side: PortSide, port: number): LightPath | undefined {
    return side === 'north' ? this.byNorth.get(port) : this.bySouth.get(port);
  }

  addLightPath(path: LightPath): void {
    this.byNorth.set(path.north, path);
    this.bySouth.set(path.south, path);
  }

  removeLightPath(north: number): LightPath | undefined {
    const path = this.byNorth.get(north);
    if (!path) return undefined;
    this.byNorth.delete(north);
    this.bySouth.delete(path.south);
    this.drifts.delete(north);
    return path;
  }

  /** Power loss: every light path and drift goes; port and mirror faults are hardware and stay. */
  clearLightPaths(): void {
    this.byNorth.clear();
    this.bySouth.clear();
    this.drifts.clear();
  }

  isFailed(side: PortSide, port: number): boolean {
    return this.failed.has(key(side, port));
  }

  failureNote(side: PortSide, port: number): string | undefined {
    return this.failed.get(key(side, port))?.note;
  }

  markFailed(side: PortSide, port: number, note: string): void {
    this.failed.set(key(side, port), { ref: { side, port }, note });
  }

  clearFailed(side: PortSide, port: number): boolean {
    return this.failed.delete(key(side, port));
  }

  failedPorts(): PortRef[] {
    return [...this.failed.values()].map((entry) => entry.ref);
  }

  isStuck(side: PortSide, port: number): boolean {
    return this.stuck.has(key(side, port));
  }

  setStuck(side: PortSide, port: number, operations: number): void {
    this.stuck.set(key(side, port), { ref: { side, port }, remaining: operations });
  }

  clearStuck(side: PortSide, port: number): boolean {
    return this.stuck.delete(key(side, port));
  }

  /** A refused operation uses up one of the mirror's stuck operations. */
  consumeStuck(side: PortSide, port: number): void {
    const entry = this.stuck.get(key(side, port));
    if (!entry) return;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.stuck.delete(key(side, port));
  }

  stuckPorts(): PortRef[] {
    return [...this.stuck.values()].map((entry) => entry.ref);
  }

  setDrift(north: number, drift: LossDrift): void {
    this.drifts.set(north, drift);
  }

  /** One telemetry tick: each drifting path loses dbPerTick more, up to its target; loss never falls. */
  advanceDrifts(): void {
    for (const [north, drift] of this.drifts) {
      const path = this.byNorth.get(north);
      if (!path) continue;
      path.lossDb = Math.max(path.lossDb, Math.min(drift.targetDb, path.lossDb + drift.dbPerTick));
    }
  }
}
