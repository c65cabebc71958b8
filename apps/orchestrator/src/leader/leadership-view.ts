/** What a replica knows of the fabric's leadership (GET /v1/leader answers it). */
export interface LeadershipView {
  selfId: string;
  isLeader: boolean;
  /** The current term's epoch as this replica last saw it (0 before the first look). */
  epoch: number;
  /** The lease holder last seen; null when none is known (e.g. right after this replica's own lease ran out). */
  leaderId: string | null;
  leaderUrl: string | null;
}
