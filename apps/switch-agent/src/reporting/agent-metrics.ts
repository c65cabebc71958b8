import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { METRICS } from '../agent.tokens';

/** The agent's own Prometheus series; names follow Prometheus conventions (unit suffix, _total). */
@Injectable()
export class AgentMetrics {
  readonly commands: Counter<'status'>;
  readonly applySeconds: Histogram;
  readonly crossConnects: Gauge<'switch'>;
  readonly messages: Counter<'outcome'>;

  constructor(@Inject(METRICS) registry: Registry) {
    this.commands = new Counter({
      name: 'lightpath_agent_commands_total',
      help: 'Commands handled, by ack status',
      labelNames: ['status'],
      registers: [registry],
    });
    this.applySeconds = new Histogram({
      name: 'lightpath_agent_apply_seconds',
      help: 'Time to apply one command on the switch, mirrors included',
      buckets: [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1],
      registers: [registry],
    });
    this.crossConnects = new Gauge({
      name: 'lightpath_agent_cross_connects',
      help: 'Cross-connects up on each switch',
      labelNames: ['switch'],
      registers: [registry],
    });
    this.messages = new Counter({
      name: 'lightpath_agent_messages_total',
      help: 'Command messages consumed, by outcome (handled or dead-lettered)',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }
}
