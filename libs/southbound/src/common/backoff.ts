/**
 * Reconnect delay: exponential from minMs, capped at maxMs, with jitter in [50%, 100%] so a fleet of
 * agents that lost the same switch network does not reconnect in lock step.
 */
export function backoffDelay(attempt: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}
