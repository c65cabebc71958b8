/**
 * The people using the fabric while it is attacked, each a loop of API calls with seeded choices:
 * an operator making and removing cross-connects (ports 9-31, off the blocks' fibres) and draining
 * or undraining a switch; a scheduler applying mesh intents between blocks 0-3; two launchers of
 * different tenants reserving links between blocks 4-7 and releasing them. Every accepted
 * operation and reservation id is recorded for the checker; every answer is counted by outcome.
 * Port 32 on each side is left to the checker's readiness probe.
 */
import type { Accepted, DrainRecord } from './invariant-checks';
import { ApiClient, type ApiAnswer } from './api-client';
import type { ChaosFleet } from './chaos-fleet';
import type { Prng } from './prng';

export class WorkloadRecord {
  readonly accepted: Accepted[] = [];
  /** "POST cross-connects 202", "POST reservations 409 RESERVATION_NO_CAPACITY", ... -> count. */
  readonly answers = new Map<string, number>();
  readonly drains: DrainRecord[] = [];

  count(action: string, answer: ApiAnswer): void {
    const key = `${action} ${answer.status === 0 ? 'no answer' : answer.status}${answer.code ? ` ${answer.code}` : ''}`;
    this.answers.set(key, (this.answers.get(key) ?? 0) + 1);
  }

  accept(id: unknown, what: string): void {
    if (typeof id === 'string' && id) this.accepted.push({ id, what });
  }
}

type Actor = () => Promise<void>;

export class ChaosWorkload {
  readonly record = new WorkloadRecord();
  private paused = false;
  private stopped = false;
  private busy = 0;
  private loops: Promise<void>[] = [];
  private resumeGate: Promise<void> = Promise.resolve();
  private openGate: () => void = () => undefined;

  constructor(
    private readonly fleet: ChaosFleet,
    private readonly prng: Prng,
  ) {}

  start(): void {
    const actors: [string, Actor, [number, number]][] = [
      ['operator', this.operator(this.prng.fork('operator')), [300, 1_200]],
      ['scheduler', this.scheduler(this.prng.fork('scheduler')), [1_500, 4_000]],
      ['launcher-a', this.launcher(this.prng.fork('launcher-a'), 'launcherA'), [500, 2_000]],
      ['launcher-b', this.launcher(this.prng.fork('launcher-b'), 'launcherB'), [500, 2_000]],
    ];
    this.loops = actors.map(([name, act, [min, max]]) => this.loop(act, this.prng.fork(`${name}-think`), min, max));
  }

  /** Stops new calls and waits until every actor has finished the one it is making. */
  async pause(): Promise<void> {
    this.paused = true;
    this.resumeGate = new Promise((res) => (this.openGate = res));
    while (this.busy > 0) await sleep(50);
  }

  resume(): void {
    this.paused = false;
    this.openGate();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.resume();
    await Promise.all(this.loops);
  }

  private async loop(act: Actor, think: Prng, min: number, max: number): Promise<void> {
    while (!this.stopped) {
      if (this.paused) await this.resumeGate;
      if (this.stopped) return;
      this.busy++;
      try {
        await act();
      } finally {
        this.busy--;
      }
      await sleep(think.int(min, max));
    }
  }

  private client(role: keyof ChaosFleet['tokens']): ApiClient {
    return new ApiClient(() => this.fleet.urls(), this.fleet.tokens[role]);
  }

  private operator(prng: Prng): Actor {
    const api = this.client('operator');
    const made: { switchId: string; north: number }[] = [];
    let drained: string | undefined;
    return async () => {
      const r = prng.next();
      if (r < 0.55 || (r < 0.85 && made.length === 0)) {
        const switchId = prng.pick(this.fleet.switches);
        const pair = { north: prng.int(9, 31), south: prng.int(9, 31) };
        const a = await api.call('POST', `/v1/switches/${switchId}/cross-connects`, pair);
        this.record.count('POST cross-connects', a);
        if (a.status === 202) {
          this.record.accept(a.body.id, `POST /v1/switches/${switchId}/cross-connects`);
          made.push({ switchId, north: pair.north });
        }
      } else if (r < 0.85) {
        const [{ switchId, north }] = made.splice(prng.int(0, made.length - 1), 1);
        const a = await api.call('DELETE', `/v1/switches/${switchId}/cross-connects/${north}`);
        this.record.count('DELETE cross-connects', a);
        if (a.status === 202) this.record.accept(a.body.id, `DELETE /v1/switches/${switchId}/cross-connects/${north}`);
      } else if (drained) {
        const drain = this.record.drains.find((d) => d.switchId === drained && d.undrainAskedAt === undefined);
        if (drain) drain.undrainAskedAt = Date.now();
        const a = await api.call('POST', `/v1/switches/${drained}/undrain`);
        this.record.count('POST undrain', a);
        if (a.status < 300) drained = undefined;
      } else {
        const switchId = prng.pick(this.fleet.switches);
        const a = await api.call<{ operation?: { id: string } }>('POST', `/v1/switches/${switchId}/drain`);
        this.record.count('POST drain', a as ApiAnswer);
        if (a.status < 300) {
          drained = switchId;
          this.record.accept(a.body.operation?.id, `POST /v1/switches/${switchId}/drain`);
          if (a.body.operation?.id) this.record.drains.push({ switchId, operationId: a.body.operation.id });
        }
      }
    };
  }

  private scheduler(prng: Prng): Actor {
    const api = this.client('scheduler');
    const pairs = [
      ['block-0', 'block-1'],
      ['block-1', 'block-2'],
      ['block-2', 'block-3'],
      ['block-3', 'block-0'],
      ['block-0', 'block-2'],
    ];
    return async () => {
      const links = pairs.map(([a, b]) => ({ a, b, links: prng.int(0, 2) })).filter((l) => l.links > 0);
      const a = await api.call<{ operation?: { id: string } }>('POST', '/v1/topologies/chaos-mesh', { intent: { kind: 'mesh', links }, dryRun: false });
      this.record.count('POST topologies', a as ApiAnswer);
      if (a.status === 202) this.record.accept(a.body.operation?.id, 'POST /v1/topologies/chaos-mesh');
    };
  }

  private launcher(prng: Prng, role: 'launcherA' | 'launcherB'): Actor {
    const api = this.client(role);
    const held: string[] = [];
    let n = 0;
    return async () => {
      if (held.length >= 2 || (held.length > 0 && prng.next() < 0.4)) {
        const id = held.splice(prng.int(0, held.length - 1), 1)[0];
        const a = await api.call('DELETE', `/v1/reservations/${id}`);
        this.record.count('DELETE reservations', a);
        return;
      }
      const blocks = prng.shuffle(['block-4', 'block-5', 'block-6', 'block-7']);
      const body = { job: `chaos-${role}-${n}`, endpoints: { links: [{ a: blocks[0], b: blocks[1], links: prng.int(1, 2) }] }, leaseSeconds: 600, onConflict: 'fail' };
      const key = { 'idempotency-key': `${this.fleet.name}-${role}-${n++}` };
      let a = await api.call<{ id?: string; setupOperationId?: string }>('POST', '/v1/reservations', body, key);
      // No answer or a 503: retry once with the same key, as a client must (it never reserves twice).
      if (a.status === 0 || a.status === 503) {
        this.record.count('POST reservations', a as ApiAnswer);
        a = await api.call('POST', '/v1/reservations', body, key);
      }
      this.record.count('POST reservations', a as ApiAnswer);
      if (a.status === 201 || a.status === 202) {
        this.record.accept(a.body.id, 'POST /v1/reservations');
        this.record.accept(a.body.setupOperationId, 'POST /v1/reservations (setup)');
        if (a.body.id) held.push(a.body.id);
      }
    };
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((res) => setTimeout(res, ms));
}
