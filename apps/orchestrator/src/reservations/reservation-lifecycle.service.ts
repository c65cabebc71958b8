import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ownersSeen, reservationOwner, type StagedChange, type StagedOperation } from '@lightpath/contracts';
import type { FabricState, ReservationStore } from '@lightpath/state';
import type { Logger } from 'pino';
import { OperationEngine } from '../engine/operation-engine.service';
import { isTransient, retryTransient } from '../engine/transient-retry';
import { LOGGER, STATE } from '../orchestrator.tokens';
import { EventBus } from '../watch/event-bus.service';
import { KeyedLock } from './keyed-lock';
import { circuitsToTearDown, holdFields, teardownChanges } from './reservation-policy';
import type { OwnedCircuit } from '../topologies/plan-ownership';
import type { Reservation, ReservationEnding, ReservationStatus } from './reservation.types';
import { FINISH_RETRY_MS, OPERATION_WATCHDOG_MS, RESERVATION_STORE, SETUP_DEADLINE_MS, SETUP_KIND, TEARDOWN_KIND, TEARDOWN_RETRY_MS } from './reservations.constants';

type Step = 'setup' | 'teardown';

/** Until when a reservation's setup rides out infrastructure failures: a minute from its creation, within its lease. */
const setupDeadline = (r: Reservation): number => Math.min(r.expiresAt, r.createdAt + SETUP_DEADLINE_MS);

const messageOf = (e: unknown): string => {
  const body = (e as { getResponse?: () => unknown }).getResponse?.() as { message?: string } | undefined;
  return body?.message ?? (e instanceof Error ? e.message : String(e));
};

/**
 * A reservation's life after placement: its setup operation, its teardown (release, expiry,
 * preemption) and its end, each change saved in Redis before it is announced on the event stream
 * (kind `reservation`, scoped to the reservation's tenant). A reservation ends only once its
 * teardown operation succeeded, so its holds are given back only when no circuit is left (I4);
 * a teardown the engine refuses or that fails is retried by the sweeper.
 */
@Injectable()
export class ReservationLifecycle implements OnModuleInit {
  /** Per reservation id: renewals, releases, the sweeper and operation finishes take turns. */
  readonly locks = new KeyedLock();
  private readonly wakeListeners: (() => void)[] = [];

  constructor(
    @Inject(RESERVATION_STORE) private readonly store: ReservationStore<Reservation>,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(STATE) private readonly state: FabricState,
    private readonly engine: OperationEngine,
    private readonly bus: EventBus,
  ) {}

  onModuleInit(): void {
    this.engine.onFinished((op) => {
      const id = op.meta?.reservationId;
      if (typeof id !== 'string') return;
      // A Redis blip here must not leave the reservation waiting for the watchdog: retried a while.
      this.locks
        .run(id, () => retryTransient(() => this.finished(id, op), { until: Date.now() + FINISH_RETRY_MS }))
        .catch((err: unknown) => this.logger.error({ err, reservationId: id, operationId: op.id }, 'reservation not updated after its operation finished; the sweeper looks again'));
    });
  }

  /** Called when capacity may have freed (a reservation ended): the queue is worth another look. */
  onCapacityFreed(listener: () => void): void {
    this.wakeListeners.push(listener);
  }

  /**
   * Sends a placed reservation's setup stages. Redis or Kafka failing on the way is retried (backoff
   * with jitter) until the setup deadline, in the background so the caller gets its reservation
   * (placing) at once; a refusal (port busy, frozen fabric), or the deadline passing, fails the
   * reservation and gives its holds back.
   */
  async startSetup(r: Reservation, stages: { changes: StagedChange[] }[]): Promise<Reservation> {
    if (stages.length === 0) return this.save({ ...r, status: 'active', activeAt: Date.now() }, r.expiresAt);
    try {
      return await this.submitSetup(r, stages);
    } catch (e) {
      if (isTransient(e) && Date.now() < setupDeadline(r)) {
        this.logger.warn({ reservationId: r.id, reason: messageOf(e) }, 'reservation setup not submitted (infrastructure); retrying until its setup deadline');
        void this.retrySetup(r, stages).catch((err: unknown) => this.logger.error({ err, reservationId: r.id }, 'reservation setup retry stopped'));
        return r;
      }
      await this.end(r, 'failed', `the operations engine refused the setup: ${messageOf(e)}`);
      throw e;
    }
  }

  private async submitSetup(r: Reservation, stages: { changes: StagedChange[] }[]): Promise<Reservation> {
    const until = setupDeadline(r);
    const op = await this.engine.submit({
      kind: SETUP_KIND,
      target: r.id,
      stages,
      who: r.owner,
      tenant: r.tenant,
      meta: this.meta(r, 'setup'),
      retryUntil: until,
      // Its circuits are the reservation's: no topology may displace them (preemption rules only).
      ownership: { owner: reservationOwner(r.id), displace: 'none' },
    });
    // The operation runs now: its id must reach Redis, or its finish would find no reservation waiting on it.
    return retryTransient(() => this.save({ ...r, status: 'placing', setupOperationId: op.id }, Math.min(r.expiresAt, Date.now() + OPERATION_WATCHDOG_MS)), { until });
  }

  /**
   * The background half of startSetup: submit again until it sticks or the deadline passes. Each
   * attempt takes the reservation's lock; the waits between them do not (a release is not held up).
   */
  private async retrySetup(r: Reservation, stages: { changes: StagedChange[] }[]): Promise<void> {
    const until = setupDeadline(r);
    try {
      await retryTransient(
        () =>
          this.locks.run(r.id, async () => {
            // Released (or expired) while we waited: nothing was set up, so it simply ends.
            const now = await this.store.get(r.id);
            if (!now || now.status !== 'placing' || now.setupOperationId) return now?.status === 'releasing' ? this.end(now, now.ending ?? 'released') : now;
            return this.submitSetup(now, stages);
          }),
        { until, beforeRetry: (err, attempt) => this.logger.warn({ reservationId: r.id, attempt, reason: messageOf(err) }, 'reservation setup retry') },
      );
    } catch (e) {
      const why = `setup not submitted by its deadline: ${messageOf(e)}`;
      await retryTransient(() => this.locks.run(r.id, () => this.end(r, 'failed', why)), { until: Date.now() + OPERATION_WATCHDOG_MS });
    }
  }

  /**
   * Tears a reservation down (caller holds its lock): one stage removing exactly its cross-connects.
   * While its setup is still running the teardown waits for the setup to finish (finished()).
   */
  async startTeardown(r: Reservation, ending: ReservationEnding, who: string): Promise<Reservation> {
    if (r.status === 'queued') return this.end(r, ending);
    if (r.status === 'placing') return this.save({ ...r, status: 'releasing', ending }, Date.now() + OPERATION_WATCHDOG_MS, ending === 'preempted' ? 'preempted' : undefined);
    const type = ending === 'preempted' ? 'preempted' : undefined;
    try {
      const circuits = await this.circuitsNow(r);
      const changes = teardownChanges(circuits);
      if (changes.length === 0) return await this.end(r, ending);
      const op = await this.engine.submit({
        kind: TEARDOWN_KIND,
        target: r.id,
        stages: [{ changes }],
        who,
        tenant: r.tenant,
        meta: this.meta(r, 'teardown'),
        // Its own circuits wherever they are now, and record-listed ones from before owners existed
        // (they read as manual): circuitsToTearDown never picks another owner's.
        // Each only if its owner is still the one read above (a drain may have moved it meanwhile).
        ownership: { owner: reservationOwner(r.id), displace: 'any', removes: ownersSeen(circuits) },
      });
      return await this.save({ ...r, status: 'releasing', ending, teardownOperationId: op.id }, Date.now() + OPERATION_WATCHDOG_MS, type);
    } catch (e) {
      const reason = `teardown waits and is retried in ${TEARDOWN_RETRY_MS} ms: ${messageOf(e)}`;
      return this.save({ ...r, status: 'releasing', ending, reason, teardownOperationId: undefined }, Date.now() + TEARDOWN_RETRY_MS, type);
    }
  }

  /**
   * The reservation's circuits where they are now. Usually exactly its record's; when one is not in
   * place any more (a drain or reroute moved it, keeping its owner), every switch is searched.
   */
  private async circuitsNow(r: Reservation): Promise<OwnedCircuit[]> {
    const self = reservationOwner(r.id);
    const desiredOn = async (ids: string[]) => (await Promise.all(ids.map((id) => this.state.owners.desiredOf(id)))).flat();
    const inPlace = circuitsToTearDown(r.crossConnects, await desiredOn([...new Set(r.crossConnects.map((c) => c.switchId))]), self);
    if (inPlace.length === r.crossConnects.length) return inPlace;
    return circuitsToTearDown(r.crossConnects, await desiredOn((await this.state.switches.list()).map((s) => s.switchId)), self);
  }

  /**
   * The sweeper's look at a reservation that waits on an operation (placing, releasing): applies its
   * finish if this leader never heard it (adopted from a dead leader, or lost between submit and
   * save), starts a teardown that is due, or looks again later.
   */
  async recheck(r: Reservation): Promise<void> {
    // A reservation that never became active waits on its setup first: tearing down during it would race it.
    const waitingOn = r.teardownOperationId ?? (r.activeAt === undefined ? r.setupOperationId : undefined);
    if (!waitingOn) {
      if (r.status === 'releasing') await this.startTeardown({ ...r, status: 'active' }, r.ending ?? 'released', 'reservation-sweeper');
      else if (r.status === 'placing') await this.end(r, 'failed', 'its setup operation was never submitted (the leader stopped first)');
      return;
    }
    const op = await this.engine.get(waitingOn).catch(() => undefined);
    if (op && op.status !== 'running' && op.status !== 'pending') return this.apply(r, op);
    const later = Date.now() + OPERATION_WATCHDOG_MS;
    await this.store.save(r, r.status === 'placing' ? Math.min(r.expiresAt, later) : later);
  }

  /** Final state: holds given back, out of the expiry index and the queue. */
  async end(r: Reservation, status: ReservationStatus, reason?: string): Promise<Reservation> {
    const now = Date.now();
    const final: Reservation = { ...r, status, ending: undefined, reason: reason ?? r.reason, endedAt: now, updatedAt: now };
    await this.store.end(final, holdFields(r.cubes, r.crossConnects));
    this.publish(final);
    for (const l of this.wakeListeners) l();
    return final;
  }

  /** Saves and announces a change; `dueAt` is when the sweeper should look at it next. */
  async save(r: Reservation, dueAt: number | undefined, type?: string): Promise<Reservation> {
    const next = { ...r, updatedAt: Date.now() };
    await this.store.save(next, dueAt);
    this.publish(next, type);
    return next;
  }

  publish(r: Reservation, type: string = r.status): void {
    // The record without its cross-connects: events go through Redis pub/sub to every replica and
    // every watcher, and a pod slice's circuit list is what GET /v1/reservations/{id} is for.
    const { crossConnects, ...summary } = r;
    this.bus.publish({ kind: 'reservation', type, switchId: '*', tenant: r.tenant, at: Date.now(), data: { reservationId: r.id, ...summary, crossConnectCount: crossConnects.length } });
  }

  private async finished(id: string, op: StagedOperation): Promise<void> {
    const r = await this.store.get(id);
    if (r) await this.apply(r, op);
  }

  private async apply(r: Reservation, op: StagedOperation): Promise<void> {
    const step = op.meta?.step as Step | undefined;
    const why = `${step} operation ${op.id} ${op.status}${op.reason ? `: ${op.reason}` : ''}`;
    if (step === 'setup' && r.setupOperationId === op.id) {
      if (op.status === 'succeeded' && r.status === 'placing') await this.save({ ...r, status: 'active', activeAt: Date.now() }, r.expiresAt);
      else if (op.status === 'succeeded' && r.status === 'releasing') await this.startTeardown({ ...r, status: 'active' }, r.ending ?? 'released', r.owner);
      // A setup that did not succeed was rolled back by the engine: nothing of it is left to remove.
      else if (r.status === 'placing' || r.status === 'releasing') await this.end(r, r.status === 'releasing' ? (r.ending ?? 'released') : 'failed', why);
    } else if (step === 'teardown' && r.teardownOperationId === op.id && r.status === 'releasing') {
      if (op.status === 'succeeded') await this.end(r, r.ending ?? 'released');
      else await this.save({ ...r, reason: `${why}; retried in ${TEARDOWN_RETRY_MS} ms`, teardownOperationId: undefined }, Date.now() + TEARDOWN_RETRY_MS);
    }
  }

  private meta(r: Reservation, step: Step): Record<string, unknown> {
    return { reservationId: r.id, step, job: r.job };
  }
}
