/**
 * A count per endpoint pair id (a x E + b), remembering the order pairs were first counted in,
 * because the verifiers report in that order (as their Maps did). Dense typed arrays when E x E is
 * small enough (a block fabric of 320 blocks: 102,400 pairs), a Map beyond, so a fabric of many
 * thousand endpoints does not allocate E x E.
 */
const DENSE_LIMIT = 1 << 21;

export class PairTally {
  /** Pair ids in the order they were first counted. */
  readonly order: number[] = [];
  private readonly dense?: Float64Array;
  private readonly seen?: Uint8Array;
  private readonly sparse?: Map<number, number>;

  constructor(readonly size: number) {
    if (size <= DENSE_LIMIT) {
      this.dense = new Float64Array(size);
      this.seen = new Uint8Array(size);
    } else {
      this.sparse = new Map();
    }
  }

  add(id: number, d: number): void {
    if (this.dense) {
      if (this.seen![id] === 0) {
        this.seen![id] = 1;
        this.order.push(id);
      }
      this.dense[id] += d;
    } else {
      const was = this.sparse!.get(id);
      if (was === undefined) this.order.push(id);
      this.sparse!.set(id, (was ?? 0) + d);
    }
  }

  /** The count, 0 for a pair never counted. */
  get(id: number): number {
    return this.dense ? this.dense[id] : (this.sparse!.get(id) ?? 0);
  }

  has(id: number): boolean {
    return this.dense ? this.seen![id] === 1 : this.sparse!.has(id);
  }

  /** A copy with the same counts and order. */
  clone(): PairTally {
    const c = new PairTally(this.size);
    for (const id of this.order) c.add(id, this.get(id));
    return c;
  }

  /** Back to empty, in O(pairs counted). */
  clear(): void {
    for (const id of this.order) {
      if (this.dense) {
        this.dense[id] = 0;
        this.seen![id] = 0;
      }
    }
    this.sparse?.clear();
    this.order.length = 0;
  }
}
