/**
 * Which switches the reconciler's periodic pass looks at.
 *
 * Why not all of them every pass: a look reads the switch's desired, actual and port hashes from
 * Redis and parses them, so at 1,000 OCS holding 320,000 circuits a pass over every switch parsed
 * about a million values every RECONCILE_INTERVAL_MS and took most of a core with the fleet idle
 * (docs/benchmarks.md, "Scale"). A switch found converged, with no port held by an operation, stays
 * converged until something changes its state, and every such change reaches the leader as an event
 * (every replica consumes every event: acks, snapshots, registrations) or as the end of one of its
 * operations (the engine's listeners hear of it even when another replica closed it). So a pass
 * looks at:
 *   - switches changed since their last look (the reconciler is told: `changed`);
 *   - switches whose last look did not settle them (drift being repaired or alarmed, a repair in
 *     flight, ports held by an operation, a read that failed): they are looked at every pass, as
 *     before, so their time-driven outcomes (a repair's deadline, a switch reachable again) still
 *     come within one interval;
 *   - every switch on a full pass, the first one after gaining the lead and then every
 *     `fullEveryMs`: the net for changes no event announces to the leader (a hand edit in Redis,
 *     a change told while it was not leading). As controller-runtime's informers resync now
 *     and then although they are driven by watch events.
 *
 * It also remembers, for each settled switch, the fingerprint of what its switch reported at that
 * look (drift-inputs.fingerprint.ts), so a periodic snapshot that shows the same picture needs no
 * look at all; any change told forgets it.
 *
 * Pure bookkeeping (no I/O): the reconciler supplies the clock and the switch list.
 */
export class LookSchedule {
  private readonly toLook = new Set<string>();
  /** Switches settled by their last look, nothing told since: what the switch reported then. */
  private readonly settled = new Map<string, string>();
  /** When the last full pass started; undefined: the next pass is full. */
  private fullAt: number | undefined;

  constructor(private readonly fullEveryMs: number) {}

  /** Something changed this switch's desired or actual state: look at it in the next pass. */
  changed(switchId: string): void {
    this.toLook.add(switchId);
    this.settled.delete(switchId);
  }

  /** Whether the switch's last look settled it on this fingerprint, and nothing was told since. */
  settledOn(switchId: string, fingerprint: string): boolean {
    return this.settled.get(switchId) === fingerprint;
  }

  /**
   * The switches this pass looks at, given all known ones: all on a full pass, else those changed
   * or unsettled (in the order they were marked).
   */
  pass(now: number, all: () => string[]): { full: boolean; switchIds: string[] } {
    if (this.fullAt === undefined || now - this.fullAt >= this.fullEveryMs) {
      this.fullAt = now;
      return { full: true, switchIds: all() };
    }
    return { full: false, switchIds: [...this.toLook] };
  }

  /**
   * A look at this switch starts. It is taken off the list first, so a change recorded while the
   * look reads its state puts it back for the next pass.
   */
  looking(switchId: string): void {
    this.toLook.delete(switchId);
    this.settled.delete(switchId);
  }

  /**
   * The look ended: unless it settled the switch (converged, no port held), look again next pass.
   * `fingerprint`: what the switch reported as the look read it, when it settled.
   */
  looked(switchId: string, fingerprint: string | undefined): void {
    if (fingerprint === undefined) this.toLook.add(switchId);
    // A change told while the look read the state has put the switch back: it is not settled.
    else if (!this.toLook.has(switchId)) this.settled.set(switchId, fingerprint);
  }

  /** Leadership was lost: the next time it leads, the first pass is full. */
  reset(): void {
    this.fullAt = undefined;
    this.toLook.clear();
    this.settled.clear();
  }
}
