/**
 * A list for a message: every item when there are few, else the first `shown` and how many more.
 * Messages name what failed, and a fleet-wide step fails on a thousand switches at once: listing
 * them all made each of its 320,000 pair results carry kilobytes of names, and the operation's
 * record outgrew the largest string V8 can hold (bench:scale, docs/benchmarks.md).
 */
export function listSome(items: readonly string[], shown = 3, noun = ''): string {
  const tail = noun ? ` ${noun}` : '';
  return items.length <= shown + 2 ? items.join(', ') : `${items.slice(0, shown).join(', ')} and ${items.length - shown} more${tail}`;
}
