import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type Loop, LoopRunner } from '@lightpath/observability';
import { isStateUnavailable, type FabricState } from '@lightpath/state';
import type { Logger } from 'pino';
import { ORCH_CONFIG, type OrchestratorConfig } from '../config/orchestrator.config';
import { unavailable } from '../http/api-errors';
import { LOGGER, STATE } from '../orchestrator.tokens';

export interface LeadershipView {
  selfId: string;
  isLeader: boolean;
  /** The current term's epoch as this replica last saw it (0 before the first look). */
  epoch: number;
  leaderId: string | null;
  leaderUrl: string | null;
}

export interface LeadershipListener {
  onElected(epoch: number): Promise<void>;
  onDeposed(): void;
}

/**
 * One leader per fabric by a lease in Redis, renewed every third of its TTL. The leader accepts
 * mutations, sends commands, sweeps deadlines and adopts what a dead predecessor left open; a
 * follower answers reads and keeps its model fresh from the same events. A replica that cannot
 * renew (Redis away) steps down locally once its lease must have expired, before anyone else can
 * take over, so two replicas never act as leader in the same term.
 */
@Injectable()
export class LeadershipService implements OnApplicationShutdown {
  private view: LeadershipView;
  private readonly loop: Loop;
  private lastRenewed = 0;
  private selfUrl = '';
  private readonly listeners: LeadershipListener[] = [];
  private raising?: Promise<void>;
  private takingOver?: Promise<void>;

  constructor(
    @Inject(ORCH_CONFIG) private readonly config: OrchestratorConfig,
    @Inject(STATE) private readonly state: FabricState,
    @Inject(LOGGER) private readonly logger: Logger,
    loops: LoopRunner,
  ) {
    this.view = { selfId: config.ORCH_ID, isLeader: false, epoch: 0, leaderId: null, leaderUrl: null };
    const every = Math.max(50, Math.floor(config.LEADER_LEASE_MS / 3));
    this.loop = loops.create({
      name: 'leadership',
      intervalMs: every,
      step: () => this.tick(),
      // Never wait longer than a renewal period after a failure: a leader that cannot renew must
      // notice its lease has run out (and step down) within a third of a lease, as before.
      backoff: { initialMs: every, maxMs: every },
      // Redis away is logged once by main, not every third of a lease.
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
    if (this.view.isLeader) return this.view.epoch;
    const where = this.view.leaderUrl ? `the leader is ${this.view.leaderId} at ${this.view.leaderUrl}` : 'no leader is elected yet';
    throw unavailable('NOT_LEADER', `this orchestrator (${this.view.selfId}) is a follower and answers reads only; ${where}: send mutations there`);
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
    this.loop.start();
    // The first look and take-over are awaited: main reports this replica's role once it is known.
    await this.loop.runNow();
    await this.takingOver;
  }

  async onApplicationShutdown(): Promise<void> {
    // Not awaited: a take-over step in flight may take long, and shutdown must not wait for it.
    void this.loop.stop();
    if (this.view.isLeader) {
      this.step('deposed');
      // Handing the lease back lets a follower take over now instead of after the TTL.
      await this.state.leadership.release(this.config.ORCH_ID).catch(() => false);
    }
  }

  private async tick(): Promise<void> {
    const started = Date.now();
    try {
      const lease = await this.state.leadership.acquire(this.config.ORCH_ID, this.config.LEADER_LEASE_MS, this.selfUrl);
      const leading = lease.holderId === this.config.ORCH_ID;
      if (leading) this.lastRenewed = started;
      const elected = leading && (!this.view.isLeader || lease.epoch !== this.view.epoch);
      const deposed = !leading && this.view.isLeader;
      this.view = { ...this.view, epoch: lease.epoch, leaderId: lease.holderId, leaderUrl: lease.holderUrl, isLeader: leading };
      if (deposed) this.step('deposed');
      // Not awaited: the lease keeps being renewed while a long take-over (adopting many open
      // operations) runs; the loop never overlaps itself, so awaiting here would let the lease lapse.
      if (elected) this.takingOver = this.step('elected');
    } catch (err) {
      // Measured from the start of the last successful renewal: the lease in Redis expires no later.
      if (this.view.isLeader && Date.now() - this.lastRenewed >= this.config.LEADER_LEASE_MS) {
        this.view = { ...this.view, isLeader: false };
        this.step('deposed');
      }
      throw err;
    }
  }

  private async step(change: 'elected' | 'deposed'): Promise<void> {
    this.logger.warn({ epoch: this.view.epoch, selfId: this.view.selfId, at: Date.now() }, change === 'elected' ? 'leadership acquired' : 'leadership lost');
    for (const l of this.listeners) {
      if (change === 'deposed') l.onDeposed();
      else await l.onElected(this.view.epoch).catch((err) => this.logger.error({ err }, 'take-over step failed'));
    }
  }
}
