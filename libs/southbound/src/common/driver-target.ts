/** Where and how an agent reaches one remote switch (parsed from AGENT_DRIVERS, docs/configuration.md). */
export type RemoteDriverKind = 'tl1' | 'netconf' | 'gnmi';

export interface LinkTiming {
  /**
   * The connection must be made within this: TCP for TL1 (its login is then a command, bounded by
   * commandTimeoutMs); SSH handshake, authentication and the <hello> exchange for NETCONF.
   */
  connectTimeoutMs: number;
  /** One command (login, read, batch) must be answered within this, or the session is dropped. */
  commandTimeoutMs: number;
  backoffMinMs: number;
  backoffMaxMs: number;
  /** After a session is lost mid-batch, how long to wait for a reconnect to learn what is true. */
  outcomeWaitMs: number;
  /**
   * While up, re-read the switch this often: a change nobody announced (a craft-terminal edit, a batch
   * that completed after its command timed out) reaches the agent's snapshots within this. 0 = never.
   */
  resyncMs: number;
}

export interface DriverTarget {
  switchId: string;
  kind: RemoteDriverKind;
  host: string;
  port: number;
  username: string;
  password: string;
  /** Port counts assumed until discovery reads the real ones. */
  northPorts: number;
  southPorts: number;
  timing: LinkTiming;
  /**
   * NETCONF only: the switch's pinned SSH host key as OpenSSH prints its fingerprint
   * ("SHA256:<base64>"); another key is refused with HOST_KEY_MISMATCH. Unset: any key is accepted.
   */
  hostKey?: string;
}
