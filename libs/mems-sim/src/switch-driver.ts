import type { PairResult, RejectCode } from '@lightpath/contracts';

/**
 * SwitchDriver: the one seam between a switch agent and a physical (or simulated) optical circuit
 * switch. The simulated MEMS crossbar implements it, and so do the remote drivers of libs/southbound
 * (TL1 and NETCONF; gNMI next), so the agent never knows which kind it drives.
 *
 * Ports are 1-based on each side, as every vendor numbers them: north 1..northPorts, south
 * 1..southPorts. A cross-connect joins exactly one north port to one south port of the same switch.
 */

export type PortSide = 'north' | 'south';

/** A port's health as the switch sees it (Calient's OK/FAIL, plus a degraded state from loss). */
export type PortHealth = 'ok' | 'degraded' | 'failed';

export interface PortRef {
  side: PortSide;
  port: number;
}

export interface CrossConnectPair {
  north: number;
  south: number;
}

export interface SwitchDescription {
  switchId: string;
  northPorts: number;
  southPorts: number;
  /** Driver kind: 'mems-sim', 'tl1' (Calient-style), 'netconf' (Polatis-style), later 'gnmi'. */
  driver: string;
  /** Timing/loss profile name, e.g. 'palomar' or '3d-mems'. */
  profile: string;
  capabilities: string[];
}

/**
 * A pair's outcome (ok, or refused with a stable RejectCode and a reason saying what to do) and why
 * a pair is refused: the wire contract's own types (events.schema.ts), since a driver's results
 * travel unchanged in the agent's ack; one definition, so a new code cannot exist on one side only.
 */

export type { PairResult, RejectCode };

export interface ActiveCrossConnect extends CrossConnectPair {
  lossDb: number;
  /** Epoch milliseconds when the light path came up. */
  since: number;
}

export interface PortStatus extends PortRef {
  health: PortHealth;
  /** Received optical power in dBm, or null when nothing is lit on this port. */
  powerDbm: number | null;
}

export interface SwitchSnapshot {
  switchId: string;
  powered: boolean;
  crossConnects: ActiveCrossConnect[];
  /** Only ports that are not plain healthy-and-dark, to keep snapshots of 320x320 switches small. */
  ports: PortStatus[];
  takenAt: number;
}

/**
 * Alarm severity a driver attaches to a health change (Calient: degraded threshold -> minor alarm,
 * critical threshold -> critical alarm; Polatis power notifications -> major). Absent on recovery.
 */
export type AlarmSeverity = 'minor' | 'major' | 'critical';

/**
 * The management session between a driver and a remote switch. `up` only once the switch's state
 * has been read on this session (the switch is the source of truth). In-process drivers are always up.
 */
export interface DriverLink {
  state: 'connecting' | 'up' | 'down';
  /** Epoch ms of the last change. */
  since: number;
  /** Stable code of the last failure, e.g. CONNECT_REFUSED, AUTH_FAILED, SESSION_LOST. */
  code?: string;
  /** What went wrong and what to do, when state is not up. */
  reason?: string;
}

export type DriverEvent =
  | { kind: 'port-health'; port: PortRef; health: PortHealth; reason: string; severity?: AlarmSeverity }
  | { kind: 'power-lost' }
  | { kind: 'power-restored' }
  /** A remote driver's session went down (alarm) or came up with the switch's state freshly read. */
  | { kind: 'link'; link: DriverLink };

export interface SwitchDriver {
  describe(): SwitchDescription;
  /**
   * Makes the given cross-connects. Each pair succeeds or fails on its own; pairs are applied in
   * order, and the promise resolves once every mirror has settled.
   */
  connect(pairs: CrossConnectPair[]): Promise<PairResult[]>;
  /** Breaks the given cross-connects; a pair that is not connected fails with NOT_CONNECTED. */
  disconnect(pairs: CrossConnectPair[]): Promise<PairResult[]>;
  snapshot(): SwitchSnapshot;
  /** The cross-connects alone: what a caller that needs no port readings asks for, cheaply. */
  crossConnects(): ActiveCrossConnect[];
  /** Subscribes to asynchronous events (a port failing, power loss). Returns an unsubscribe. */
  onEvent(listener: (event: DriverEvent) => void): () => void;
  /** The session to a remote switch; absent on in-process drivers (always up). */
  link?(): DriverLink;
  close(): Promise<void>;
}
