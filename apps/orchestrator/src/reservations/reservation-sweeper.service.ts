import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { type Loop, LoopRunner } from '@lightpath/observability';
import type { ReservationStore } from '@lightpath/state';
import type { Logger } from 'pino';
import { runWhileLeading } from '../leader/leader-loops';
import { LeadershipService } from '../leader/leadership.service';
import { LOGGER } from '../orchestrator.tokens';
import { ReservationLifecycle } from './reservation-lifecycle.service';
import { ReservationQueue } from './reservation-queue.service';
import { ENDED_STATUSES } from './reservation.types';
import type { Reservation } from './reservation.types';
import { RESERVATION_STORE, SWEEP_BATCH, SWEEP_INTERVAL_MS } from './reservations.constants';

/**
 * The leader's reservation loop: leases that lapsed are torn down (the expiry index is a Redis
 * sorted set, so a new leader finds exactly what its predecessor had to do), reservations waiting
 * on an operation are looked at again, and the queue is given a chance whenever capacity may have
 * freed. It runs only while this replica leads: only the leader submits operations.
 */
@Injectable()
export class ReservationSweeper implements OnModuleInit, OnApplicationShutdown {
  private readonly loop: Loop;

  constructor(
    @Inject(RESERVATION_STORE) private readonly store: ReservationStore<Reservation>,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly leadership: LeadershipService,
    private readonly lifecycle: ReservationLifecycle,
    private readonly queue: ReservationQueue,
    loops: LoopRunner,
  ) {
    this.loop = loops.create({
      name: 'reservation-sweeper',
      intervalMs: SWEEP_INTERVAL_MS,
      step: () => this.sweep(),
      onError: (err, f) => this.logger.warn({ err, retryInMs: f.retryInMs }, 'reservation sweep failed; the next one retries'),
    });
  }

  onModuleInit(): void {
    this.lifecycle.onCapacityFreed(() => this.wake());
    runWhileLeading(this.leadership, this.loop);
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  /** Runs a sweep soon (after the one in progress, if any); a follower ignores it. */
  wake(): void {
    this.loop.wake();
  }

  private async sweep(): Promise<void> {
    await this.sweepDue();
    await this.queue.drain();
  }

  private async sweepDue(): Promise<void> {
    for (const id of await this.store.due(Date.now(), SWEEP_BATCH)) {
      await this.lifecycle.locks.run(id, () => this.sweepOne(id));
    }
  }

  private async sweepOne(id: string): Promise<void> {
    const r = await this.store.get(id);
    if (!r) return;
    if (ENDED_STATUSES.has(r.status)) return void (await this.store.save(r, undefined));
    const lapsed = r.expiresAt <= Date.now();
    if (r.status === 'queued') {
      if (lapsed) await this.lifecycle.end(r, 'expired', 'the lease lapsed while it waited in the queue: renew while waiting');
      else await this.store.save(r, r.expiresAt);
      return;
    }
    if (r.status === 'active' && !lapsed) return void (await this.store.save(r, r.expiresAt));
    if ((r.status === 'active' || r.status === 'placing') && lapsed) {
      this.logger.info({ reservationId: id, tenant: r.tenant, job: r.job }, 'reservation lease lapsed: tearing down its circuits');
      await this.lifecycle.startTeardown(r, 'expired', 'reservation-sweeper');
      return;
    }
    await this.lifecycle.recheck(r);
  }
}
