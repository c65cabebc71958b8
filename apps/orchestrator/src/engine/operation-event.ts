import type { StagedOperation } from '@lightpath/contracts';

/** At most this many failed switches are named per stage in an event (GET /v1/operations/{id} has them all). */
export const EVENT_FAILED_SWITCHES = 100;

/**
 * A staged operation as its watch events carry it: every field but each stage's `changes` and
 * `results`, which are counted (`switches`, `pairs`) and, for failed switches, named with their
 * reason. The whole record stays at GET /v1/operations/{id}. A 320,000-circuit mesh's record is
 * about 32 MB once its results are in: published whole on the watch channel it passed Redis'
 * default pub/sub output limit (32 MB), Redis dropped every subscriber, and no watcher heard that
 * the operation had ended (bench:scale, docs/benchmarks.md).
 */
export function operationEventData(op: StagedOperation): Record<string, unknown> {
  const { stages, ...rest } = op;
  return {
    ...rest,
    stages: stages.map(({ changes, results, ...stage }) => {
      const failed = (results ?? []).filter((r) => !r.ok);
      return {
        ...stage,
        switches: changes.length,
        pairs: changes.reduce((n, c) => n + c.add.length + c.remove.length, 0),
        ...(results ? { answered: results.length, failed: failed.length, failedSwitches: failed.slice(0, EVENT_FAILED_SWITCHES).map((r) => ({ switchId: r.switchId, reason: r.reason })) } : {}),
      };
    }),
  };
}
