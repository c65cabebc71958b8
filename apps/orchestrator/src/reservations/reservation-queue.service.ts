import { Inject, Injectable } from '@nestjs/common';
import type { ReservationStore } from '@lightpath/state';
import type { Logger } from 'pino';
import { LOGGER } from '../orchestrator.tokens';
import { ReservationLifecycle } from './reservation-lifecycle.service';
import { ReservationPlacer } from './reservation-placer.service';
import { holdFields } from './reservation-policy';
import { ENDED_STATUSES, type Reservation } from './reservation.types';
import { QUEUE_BATCH, RESERVATION_STORE } from './reservations.constants';

/**
 * Queued reservations placed when capacity frees, in queue order (higher priority first, then first
 * come). The head blocks the rest: a large job at the head is not starved by smaller ones behind
 * it that would fit (new requests that fit at once are still placed directly, see docs/api.md).
 */
@Injectable()
export class ReservationQueue {
  constructor(
    @Inject(RESERVATION_STORE) private readonly store: ReservationStore<Reservation>,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly placer: ReservationPlacer,
    private readonly lifecycle: ReservationLifecycle,
  ) {}

  async drain(): Promise<void> {
    await this.placer.exclusive(async () => {
      for (const id of await this.store.queued(QUEUE_BATCH)) {
        const goOn = await this.lifecycle.locks.run(id, () => this.tryPlace(id));
        if (!goOn) break;
      }
    });
  }

  /** Places one queued reservation if it fits; false when it must keep waiting (and so must those behind it). */
  private async tryPlace(id: string): Promise<boolean> {
    const r = await this.store.get(id);
    if (!r || r.status !== 'queued' || r.expiresAt <= Date.now()) return true;
    if (r.preempting?.length) {
      // A preempting request waits until its victims' circuits are down, or it would be placed elsewhere and the preemption wasted.
      const victims = await Promise.all(r.preempting.map((v) => this.store.get(v)));
      if (victims.some((v) => v && !ENDED_STATUSES.has(v.status))) return false;
    }
    let placement;
    try {
      placement = await this.placer.place(r);
    } catch (err) {
      this.logger.warn({ err, reservationId: id }, 'queued reservation cannot be planned');
      await this.lifecycle.end(r, 'failed', `placement failed: ${(err as Error).message}`);
      return true;
    }
    if (!placement.ok) {
      if (r.reason !== placement.message) await this.store.save({ ...r, reason: placement.message, rule: placement.rule, updatedAt: Date.now() }, r.expiresAt);
      return false;
    }
    const placed: Reservation = { ...r, status: 'placing', cubes: placement.cubes, crossConnects: placement.crossConnects, reason: undefined, rule: undefined, updatedAt: Date.now() };
    const held = await this.store.hold(placed, holdFields(placed.cubes, placed.crossConnects));
    if (held.kind === 'taken') return false;
    if (held.kind === 'gone') return true;
    // A refused setup ends the reservation as failed (startSetup); the queue moves on.
    await this.lifecycle.startSetup(placed, placement.stages).catch(() => undefined);
    return true;
  }
}
