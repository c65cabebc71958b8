import type { StagedOperation, SwitchResult } from '@lightpath/contracts';

/**
 * Why a pair-atomic operation (a single-switch cross-connect operation, a reconciler repair) did
 * not fully succeed, in the words callers of the cross-connect API have always read: a switch that
 * did not answer, a command refused as a whole, or the pairs that failed.
 */
export function pairAtomicReason(op: StagedOperation, results: SwitchResult[]): string | undefined {
  const failed = results.filter((r) => !r.ok);
  if (failed.length === 0) return undefined;
  const total = results.reduce((n, r) => n + (r.pairs?.length ?? 0), 0);
  return failed
    .map((r) => {
      if (/^(TIMEOUT|COMMAND_NOT_SENT)/.test(r.reason ?? '')) {
        return `${r.reason}; the change was rolled back. Check the agent, then retry.`;
      }
      // A part the agent refused as a whole (stale epoch, past its deadline) reports no pairs.
      if (!r.pairs?.length) return `switch ${r.switchId} refused the command: ${r.reason ?? 'no reason given'}`;
      const bad = r.pairs.filter((p) => !p.ok);
      return `${bad.length} of ${total} pairs failed on switch ${r.switchId}: ${bad.map((p) => `N${p.north}-S${p.south}: ${p.reason}`).join('; ')}`;
    })
    .join('; ');
}

/** How many failed switches a stage's reason names one by one; the rest are counted. */
const FAILURES_NAMED = 5;

/**
 * Why a stage-atomic operation's stage failed, per switch: the first few switches with their
 * reasons and how many more failed. A fleet-wide stage can fail on a thousand switches at once
 * (a broker away), and a reason naming each made the operation's record megabytes long.
 */
export function stageFailure(results: SwitchResult[]): string {
  const failed = results.filter((r) => !r.ok);
  const named = failed.slice(0, FAILURES_NAMED).map((f) => `${f.switchId}: ${f.reason}`);
  const more = failed.length - named.length;
  return more > 0 ? `${named.join('; ')}; and ${more} more switch(es) failed (the stage's results list each)` : named.join('; ');
}
