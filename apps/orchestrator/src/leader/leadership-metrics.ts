import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { METRICS } from '../orchestrator.tokens';

/**
 * The leader lease's Prometheus series, for the lease-flapping alert (deploy/prometheus): a lease
 * too short for the machine (event-loop stalls, a slow Redis) shows as transitions and renewal
 * failures, and the renewal gaps say how close the leader came to losing it.
 */
@Injectable()
export class LeadershipMetrics {
  /** This replica's leadership changes: elected (a new term taken) or deposed (lost or given up). */
  readonly transitions: Counter<'change'>;
  /** Renewals by this leader that failed (Redis away), came back too late to act on, or found another holder. */
  readonly renewFailures: Counter<'reason'>;
  /** Time between two successful renewals while leading: near the TTL means the lease almost lapsed. */
  readonly renewGap: Histogram;
  readonly isLeader: Gauge;

  constructor(@Inject(METRICS) registry: Registry) {
    this.transitions = new Counter({
      name: 'lightpath_leader_transitions_total',
      help: "This replica's leadership changes: elected (took a new term) or deposed (lost or released the lease)",
      labelNames: ['change'],
      registers: [registry],
    });
    this.renewFailures = new Counter({
      name: 'lightpath_leader_renew_failures_total',
      help: 'Lease renewals by the leader that failed (error: Redis away), answered past the leader\'s deadline (late) or found another holder (lost)',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.renewGap = new Histogram({
      name: 'lightpath_leader_renew_gap_seconds',
      help: 'Time between two successful lease renewals of the leader (event-loop stalls and slow Redis show here)',
      buckets: [0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1, 2, 5, 30],
      registers: [registry],
    });
    this.isLeader = new Gauge({ name: 'lightpath_leader', help: '1 while this replica leads the fabric, else 0', registers: [registry] });
  }
}
