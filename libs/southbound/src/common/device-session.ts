/**
 * What a protocol (TL1, NETCONF, gNMI) provides to the shared remote-switch driver: one open,
 * authenticated management session to one switch. Everything protocol-specific sits behind it;
 * RemoteSwitchDriver owns the link life cycle, the cached view and the unknown-outcome rule.
 */
import type { AlarmSeverity, CrossConnectPair, PairResult, PortHealth, PortRef, PortStatus } from '@lightpath/mems-sim';

/** What capability discovery learnt from the switch itself. */
export interface DeviceInfo {
  vendor: string;
  model: string;
  firmware: string;
  northPorts: number;
  southPorts: number;
  /** The switch takes many pairs in one command (one protocol exchange per batch). */
  bulk: boolean;
}

export interface DeviceCrossConnect extends CrossConnectPair {
  lossDb: number;
}

/** The switch's own account of itself, read on every (re)connect and after every alarm. */
export interface DeviceState {
  powered: boolean;
  crossConnects: DeviceCrossConnect[];
  /** Ports that are lit or not healthy; an absent port is healthy and dark. */
  ports: PortStatus[];
}

/** Something the switch said on its own (TL1 autonomous message, NETCONF notification, gNMI update). */
export type DeviceNotice =
  | { kind: 'port'; port: PortRef; health: PortHealth; severity?: AlarmSeverity; reason: string }
  | { kind: 'power'; powered: boolean; reason: string };

export type BatchKind = 'connect' | 'disconnect';

export interface DeviceSession {
  readonly info: DeviceInfo;
  readState(): Promise<DeviceState>;
  /** One bulk exchange; one result per pair, in order. Rejects when the session is lost or times out. */
  apply(kind: BatchKind, pairs: CrossConnectPair[]): Promise<PairResult[]>;
  onNotice(listener: (notice: DeviceNotice) => void): void;
  /** Resolves (never rejects) with the reason once the session has ended for any cause. */
  readonly ended: Promise<string>;
  close(): Promise<void>;
}

/** Why a session could not be opened or was lost; `code` becomes the link's (and the alarm's) code. */
export class DriverLinkError extends Error {
  constructor(
    readonly code: 'CONNECT_REFUSED' | 'CONNECT_TIMEOUT' | 'AUTH_FAILED' | 'HOST_KEY_MISMATCH' | 'PROTOCOL_ERROR' | 'SESSION_LOST' | 'COMMAND_TIMEOUT',
    message: string,
  ) {
    super(message);
    this.name = 'DriverLinkError';
  }
}
