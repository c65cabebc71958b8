/**
 * "No process dead-but-ready", pure: each process's /health/ready must be true exactly when it
 * works. An agent works when a cross-connect sent to one of its switches through the whole path
 * (API, leader, Kafka, agent, ack) succeeds; an orchestrator when it answers reads (and, for the
 * leader, when those probes succeed). `works` undefined means the probe could not tell (a drained
 * switch refuses new circuits by design): nothing is concluded from it.
 */
import type { Violation } from './fabric-snapshot';

export interface ReadinessObservation {
  process: string;
  ready: boolean;
  works?: boolean;
  /** What the probe saw, for the report: "op-12 failed: TIMEOUT ...". */
  evidence: string;
}

export function checkReadiness(observations: ReadinessObservation[]): Violation[] {
  return observations.flatMap((o) => {
    if (o.works === undefined || o.ready === o.works) return [];
    return [
      {
        check: 'READY',
        detail: o.ready ? `${o.process} reports ready but does not work: ${o.evidence}` : `${o.process} reports not ready but works: ${o.evidence}`,
      },
    ];
  });
}
