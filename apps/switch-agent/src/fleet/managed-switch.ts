import type { FaultInjector, SwitchDriver } from '@lightpath/mems-sim';
import type { SwitchLedger } from './switch-ledger';

/** One switch an agent serves: its driver, and the ledger that fences and de-duplicates its commands. */
export interface ManagedSwitch {
  driver: SwitchDriver;
  ledger: SwitchLedger;
  /** Present on simulated switches only: real hardware has no fault-injection surface. */
  faults?: FaultInjector;
}
