/**
 * Equality of two collections of circuit ids by sorting, the verifiers' fast check before their
 * ordered reports: sorting 320,000 numbers in a typed array costs a few tens of milliseconds,
 * building the Maps and Sets that report mismatches in order costs several times that, and a good
 * plan (the common case) has no mismatch to report.
 */

/** The ids sorted ascending; with `unique`, each id once (set semantics). */
export function sortedIds(ids: readonly number[] | ReadonlySet<number>, unique: boolean): Float64Array {
  let a: Float64Array;
  if (Array.isArray(ids)) a = Float64Array.from(ids as readonly number[]);
  else {
    // A plain loop: Float64Array.from(set) goes through the iterator protocol, several times slower.
    a = new Float64Array((ids as ReadonlySet<number>).size);
    let i = 0;
    for (const id of ids) a[i++] = id;
  }
  a.sort();
  if (!unique) return a;
  let n = 0;
  for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[i - 1]) a[n++] = a[i];
  return a.subarray(0, n);
}

export function sameIds(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
