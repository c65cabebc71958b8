import type { CrossConnect } from '@lightpath/topology';

/**
 * queued -> placing -> active -> releasing -> released | expired | preempted; failed when the setup
 * operation did not succeed. `releasing` carries `ending`, the final status its teardown leads to.
 */
export type ReservationStatus = 'queued' | 'placing' | 'active' | 'releasing' | 'released' | 'expired' | 'preempted' | 'failed';
export type ReservationEnding = 'released' | 'expired' | 'preempted';

export const ENDED_STATUSES: ReadonlySet<ReservationStatus> = new Set(['released', 'expired', 'preempted', 'failed']);

export interface Reservation {
  id: string;
  job: string;
  tenant: string;
  /** The principal that created it (audit `who` of its operations). */
  owner: string;
  priority: number;
  preemptible: boolean;
  leaseSeconds: number;
  onConflict: 'fail' | 'queue';
  /** Exactly one of slice or endpoints says what the reservation is for. */
  slice?: { shape: [number, number, number]; twisted?: boolean };
  endpoints?: { links: { a: string; b: string; links: number }[] };
  status: ReservationStatus;
  ending?: ReservationEnding;
  /** Why it waits, failed or ended (the planner's rule when nothing fits). */
  reason?: string;
  rule?: string;
  cubes: string[];
  crossConnects: CrossConnect[];
  setupOperationId?: string;
  teardownOperationId?: string;
  /** Lower-priority reservations torn down to make room for this one. */
  preempting?: string[];
  preemptedBy?: string;
  createdAt: number;
  updatedAt: number;
  /** When the lease lapses unless renewed (queued reservations too: a launcher that vanished stops waiting). */
  expiresAt: number;
  activeAt?: number;
  endedAt?: number;
}
