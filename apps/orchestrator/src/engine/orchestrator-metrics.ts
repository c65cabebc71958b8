import { Inject, Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { FabricGraph } from '../fabric/fabric-graph';
import { METRICS } from '../orchestrator.tokens';

/** The orchestrator's Prometheus series. Port states are computed at scrape time from the model. */
@Injectable()
export class OrchestratorMetrics {
  readonly roundTrip: Histogram<'kind'>;
  readonly operations: Counter<'kind' | 'outcome'>;
  readonly messages: Counter<'outcome'>;

  constructor(@Inject(METRICS) registry: Registry, graph: FabricGraph) {
    this.roundTrip = new Histogram({
      name: 'lightpath_command_round_trip_seconds',
      help: 'From sending a command to receiving its ack, mirrors included',
      labelNames: ['kind'],
      buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
      registers: [registry],
    });
    this.operations = new Counter({
      name: 'lightpath_operations_total',
      help: 'Operations finished, by kind and outcome',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    });
    this.messages = new Counter({
      name: 'lightpath_event_messages_total',
      help: 'Agent event messages consumed, by outcome (handled or dead-lettered)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    new Gauge({
      name: 'lightpath_ports',
      help: 'Switch ports by state: in a cross-connect, failed, degraded',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const s = graph.stats();
        this.set({ state: 'cross-connected' }, s.crossConnects * 2);
        this.set({ state: 'failed' }, s.failedPorts);
        this.set({ state: 'degraded' }, s.degradedPorts);
      },
    });
    new Gauge({
      name: 'lightpath_switches',
      help: 'Switches registered',
      registers: [registry],
      collect() {
        this.set(graph.stats().switches);
      },
    });
  }
}
