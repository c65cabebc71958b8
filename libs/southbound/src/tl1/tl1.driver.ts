/**
 * Tl1Driver: a Calient-style switch over TL1 on TCP (docs/southbound.md). The link life cycle,
 * the cached view and the unknown-outcome rule are RemoteSwitchDriver's; this names the session.
 */
import type { DeviceSession } from '../common/device-session';
import type { DriverTarget } from '../common/driver-target';
import { RemoteSwitchDriver, type DriverLogger } from '../common/remote-switch.driver';
import { Tl1Session } from './tl1.session';

export class Tl1Driver extends RemoteSwitchDriver {
  constructor(target: DriverTarget, logger?: DriverLogger, now?: () => number) {
    super(target, logger, now);
  }

  protected open(): Promise<DeviceSession> {
    return Tl1Session.open(this.target, this.logger);
  }
}
