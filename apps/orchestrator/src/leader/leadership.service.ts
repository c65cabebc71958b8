import { performance } from 'node:perf_hooks';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { type Loop, type LoopStepResult, LoopRunner } from '@lightpath/observability';
import { isStateUnavailable, type FabricState, type LeaseAttempt } from '@lightpath/state';
import type { Logger } from 'pino';
import { ORCH_CONFIG, type OrchestratorConfig } from '../config/orchestrator.config';
import { LOGGER, STATE } from '../orchestrator.tokens';
import { leaderRefusal } from './leader-refusal';
import type { LeadershipView } from './leadership-view';
import { LeadershipMetrics } from './leadership-metrics';
import { followerRetryMs, leadUntil, type LeaseTiming } from '../config/lease-timing';

export type { LeadershipView } from './leadership-view';

export interface LeadershipListener {
  onElected(epoch: number): Promise<void>;
  onDeposed(): void;
}

/** What made a follower try for the lease: its schedule (the lease's expiry) or a published release. */
type Trigger = 'schedule' | 'release';

/**
 * One leader per fabric by a lease in Redis (lease-timing.ts has the numbers). The leader accepts
 * mutations, sends commands, sweeps deadlines and adopts what a dead predecessor left open; a
 * follower answers reads and keeps its model fresh from the same events.
 *
 * - The leader renews every LEADER_RENEW_MS and stops acting on its own (a watchdog, and a clock
 *   check in requireLeader) before its lease can expire in Redis, counted from the moment it sent
 *   its last successful renewal: a leader that cannot renew (Redis away, its event loop stalled)
 *   has stepped down before anyone else can take over, so two replicas never act in the same term.
 *   What a stalled leader still has in flight is refused by the epoch fence (I5).
 * - A follower sleeps until the lease can first be free (its PTTL) and is woken at once by a
 *   published release, so it takes over a lease's remainder after a crash and at once after a
 *   clean shutdown, without polling.
 */
@Injectable()
export class LeadershipService implements OnModuleDestroy {
  private view: LeadershipView;
  private readonly loop: Loop;
  private readonly timing: LeaseTiming;
  /** Monotonic ms until which this replica may act as leader (leadUntil); 0 while following. */
  private validUntil = 0;
  private lastRenewSent = 0;
  private watchdog?: NodeJS.Timeout;
  private trigger: Trigger = 'schedule';
  private closing = false;
  private unsubscribe?: Promise<(() => Promise<void>) | undefined>;
  private selfUrl = '';
  private readonly listeners: LeadershipListener[] = [];
  private raising?: Promise<void>;
  private takingOver?: Promise<void>;
  /** The last lease attempt found Redis unavailable (mutations answer STATE_UNAVAILABLE, leader-refusal.ts). */
  private leaseStoreDown = false;

  constructor(
    @Inject(ORCH_CONFIG) private readonly config: OrchestratorConfig,
    @Inject(STATE) private readonly state: FabricState,
    @Inject(LOGGER) private readonly logger: Logger,
    loops: LoopRunner,
    private readonly metrics: LeadershipMetrics,
  ) {
    this.view = { selfId: config.ORCH_ID, isLeader: false, epoch: 0, leaderId: null, leaderUrl: null };
    this.timing = { ttlMs: config.LEADER_LEASE_MS, renewMs: config.LEADER_RENEW_MS };
    const every = this.timing.renewMs;
    this.loop = loops.create({
      name: 'leadership',
      intervalMs: every,
      step: () => this.tick(),
      // Never wait longer than a renewal period after a failure: a leader that regains Redis keeps
      // its lease if it can, and a follower tries again soon.
      backoff: { initialMs: every, maxMs: every },
      // Redis away is logged once by main, not every renewal period.
      onError: (err) => isStateUnavailable(err) || this.logger.error({ err }, 'leader lease check failed; retrying'),
    });
  }

  get current(): LeadershipView {
    return { ...this.view };
  }

  listen(listener: LeadershipListener): void {
    this.listeners.push(listener);
  }

  /** The epoch to stamp on a mutation; refuses with 503 NOT_LEADER on a follower. */
  requireLeader(): number {
    // The clock as well as the flag: after an event-loop stall the watchdog may not have run yet.
    if (this.view.isLeader && performance.now() < this.validUntil) return this.view.epoch;
    throw leaderRefusal(this.view, this.leaseStoreDown);
  }
  /**
   * A switch reports the highest epoch it has accepted. Above the term we know, Redis has lost the
   * epoch counter (reset, restore): every command of ours would be refused STALE_EPOCH. The lease
   * script then raises the counter above it and gives the holder a new term; the holder takes it up
   * at its next renewal (elected again: adopts its open operations, asks for snapshots). Any
   * replica may report it; the script is idempotent and an epoch only ever goes up (I5).
   */
  observeAgentEpoch(seen: number | undefined, switchId: string): Promise<void> {
    if (seen === undefined || seen <= this.view.epoch || this.raising) return this.raising ?? Promise.resolve();
    this.raising = this.state.leadership
      .raiseAbove(seen)
      .then((lease) => {
        this.logger.warn(
          { switchId, agentEpoch: seen, ourEpoch: this.view.epoch, newEpoch: lease?.epoch, holder: lease?.holderId },
          'a switch has accepted a higher epoch than ours (Redis lost its epoch counter?): epoch raised above it',
        );
      })
      .finally(() => (this.raising = undefined));
    return this.raising;
  }

  async start(selfUrl: string): Promise<void> {
    this.selfUrl = selfUrl;
    this.unsubscribe = this.state.leadership
      .releases()
      .subscribe((holderId) => this.onReleased(holderId))
      .catch((err: Error) => {
        this.logger.warn({ err: err.message }, 'cannot subscribe to lease releases: a follower takes over at the lease expiry only');
        return undefined;
      });
    // Subscribed before the first look, so a release right after start-up is not missed; bounded,
    // so a Redis that drops now delays start-up by a lease at most (the expiry still wakes us).
    await Promise.race([this.unsubscribe, new Promise((resolve) => setTimeout(resolve, this.timing.ttlMs).unref())]);
    this.loop.start();
    // The first look and take-over are awaited: main reports this replica's role once it is known.
    await this.loop.runNow();
    await this.takingOver;
  }

  /**
   * A clean shutdown hands the lease over here, in the first phase of Nest's close: after the
   * features that send commands have stopped (their modules are destroyed before this one, which
   * they import), but before the Kafka consumer and HTTP server close (Nest's dispose), which take
   * a while and during which a follower could already lead.
   */
  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    // Not awaited: a take-over step in flight may take long, and shutdown must not wait for it.
    void this.loop.stop();
    if (this.view.isLeader) {
      this.depose();
      // Handing the lease back (published) lets a follower take over now instead of after the TTL.
      await this.state.leadership.release(this.config.ORCH_ID).catch(() => false);
    }
    clearTimeout(this.watchdog);
    await (await this.unsubscribe)?.().catch(() => undefined);
  }

  /** Another replica handed the lease back: try for it now rather than at its expiry. */
  private onReleased(holderId: string): void {
    if (this.closing || holderId === this.config.ORCH_ID) return;
    this.trigger = 'release';
    this.loop.wake();
  }

  private async tick(): Promise<LoopStepResult> {
    const sentAt = performance.now();
    const trigger = this.trigger;
    this.trigger = 'schedule';
    let lease: LeaseAttempt;
    try {
      lease = await this.state.leadership.acquire(this.config.ORCH_ID, this.timing.ttlMs, this.selfUrl);
    } catch (err) {
      // The watchdog steps a leader down once its lease may have run out; nothing else to do here.
      if (this.view.isLeader) this.metrics.renewFailures.inc({ reason: 'error' });
      this.leaseStoreDown = isStateUnavailable(err);
      throw err;
    }
    this.leaseStoreDown = false;
    // A renewal answered after shutdown began must not make a closing replica lead again.
    if (this.closing) return {};
    const held = lease.holderId === this.config.ORCH_ID;
    // A reply that took longer than the lease's usable part (Redis stalled) renews nothing we may
    // act on: counted from its send, the lease is already past our deadline. Try again at once.
    const late = held && performance.now() >= leadUntil(sentAt, this.timing.ttlMs);
    const leading = held && !late;
    if (leading) this.renewed(sentAt);
    else if (this.view.isLeader || late) this.metrics.renewFailures.inc({ reason: late ? 'late' : 'lost' });
    const elected = leading && (!this.view.isLeader || lease.epoch !== this.view.epoch);
    const deposed = !leading && this.view.isLeader;
    this.view = { ...this.view, epoch: lease.epoch, leaderId: lease.holderId, leaderUrl: lease.holderUrl, isLeader: leading };
    if (deposed) this.depose();
    // Not awaited: the lease keeps being renewed while a long take-over (adopting many open
    // operations) runs; the loop never overlaps itself, so awaiting here would let the lease lapse.
    if (elected) this.takingOver = this.step('elected', trigger);
    if (late) return { requeueAfter: 0 };
    return { requeueAfter: leading ? this.timing.renewMs : followerRetryMs(lease.ttlMs, this.timing) };
  }

  /** A successful renewal (or take) sent at `sentAt`: extend the local deadline and re-arm the watchdog. */
  private renewed(sentAt: number): void {
    if (this.view.isLeader && this.lastRenewSent > 0) this.metrics.renewGap.observe((sentAt - this.lastRenewSent) / 1000);
    this.lastRenewSent = sentAt;
    this.validUntil = leadUntil(sentAt, this.timing.ttlMs);
    this.armWatchdog();
  }

  private armWatchdog(): void {
    clearTimeout(this.watchdog);
    // +1: timers are whole milliseconds and may fire a fraction early on the monotonic clock.
    this.watchdog = setTimeout(() => this.expired(), Math.max(0, this.validUntil - performance.now()) + 1);
    this.watchdog.unref();
  }

  /** No renewal has succeeded for a lease's worth of time: step down before the lease can expire. */
  private expired(): void {
    if (!this.view.isLeader) return;
    if (performance.now() < this.validUntil) return this.armWatchdog();
    this.logger.warn({ epoch: this.view.epoch, ttlMs: this.timing.ttlMs }, 'lease not renewed in time: stepping down before it can expire');
    // Nor is this replica the leader others should be sent to (GET /v1/leader): who leads next is
    // known at the next lease attempt.
    this.view = { ...this.view, isLeader: false, leaderId: null, leaderUrl: null };
    this.depose();
  }

  private depose(): void {
    this.validUntil = 0;
    this.lastRenewSent = 0;
    clearTimeout(this.watchdog);
    void this.step('deposed', 'schedule');
  }

  private async step(change: 'elected' | 'deposed', trigger: Trigger): Promise<void> {
    this.metrics.transitions.inc({ change });
    this.metrics.isLeader.set(change === 'elected' ? 1 : 0);
    const fields = { epoch: this.view.epoch, selfId: this.view.selfId, at: Date.now(), ...(change === 'elected' ? { trigger } : {}) };
    this.logger.warn(fields, change === 'elected' ? 'leadership acquired' : 'leadership lost');
    for (const l of this.listeners) {
      if (change === 'deposed') l.onDeposed();
      else await l.onElected(this.view.epoch).catch((err) => this.logger.error({ err }, 'take-over step failed'));
    }
  }
}
