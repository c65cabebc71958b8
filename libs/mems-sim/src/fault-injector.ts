/**
 * The fault-injection surface of a simulated switch, separate from SwitchDriver because a real
 * switch has none: the agent's admin endpoint and tests reach it through applyFault().
 */
import type { DriverEvent, PortSide } from './switch-driver';

export interface LossDriftSpec {
  /** dB added per telemetry tick; default 0.25 when only targetDb is given. */
  dbPerTick?: number;
  /** Loss at which the drift stops; default 40 dB (dark) when only dbPerTick is given. */
  targetDb?: number;
}

export interface FaultInjector {
  /** The port fails: its light path (if any) is torn down, light is lost; new pairs get PORT_FAILED. */
  failPort(side: PortSide, port: number, reason?: string): void;
  /** The port works again, dark and free; a torn-down light path is NOT remade. */
  restorePort(side: PortSide, port: number): void;
  /** The mirror refuses the next `operations` (default 1) connects/disconnects touching it. */
  stickMirror(side: PortSide, port: number, operations?: number): void;
  unstickMirror(side: PortSide, port: number): void;
  /** The light path north-south loses more each telemetry tick, until targetDb. */
  driftLoss(north: number, south: number, spec: LossDriftSpec): void;
  /** Every light path drops; commands get POWERED_OFF until powerRestore(). */
  powerLoss(): void;
  /** Power is back with no cross-connects (ports and mirror faults stay as injected). */
  powerRestore(): void;
  onEvent(listener: (event: DriverEvent) => void): () => void;
}

const FAULT_METHODS = ['failPort', 'restorePort', 'stickMirror', 'unstickMirror', 'driftLoss', 'powerLoss', 'powerRestore'] as const;

/** True when a driver (typed as a plain SwitchDriver by its holder) can take injected faults. */
export function supportsFaultInjection(driver: object): driver is FaultInjector {
  const candidate = driver as Record<string, unknown>;
  return FAULT_METHODS.every((method) => typeof candidate[method] === 'function') && typeof candidate.onEvent === 'function';
}
