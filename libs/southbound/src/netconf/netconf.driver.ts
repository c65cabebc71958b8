/**
 * NetconfDriver: a Polatis-style switch over NETCONF on SSH (docs/southbound.md). The link life
 * cycle, the cached view and the unknown-outcome rule are RemoteSwitchDriver's; this names the session.
 */
import type { DeviceSession } from '../common/device-session';
import type { DriverTarget } from '../common/driver-target';
import { RemoteSwitchDriver, type DriverLogger } from '../common/remote-switch.driver';
import { NetconfSession } from './netconf.session';

export class NetconfDriver extends RemoteSwitchDriver {
  constructor(target: DriverTarget, logger?: DriverLogger, now?: () => number) {
    super(target, logger, now);
  }

  protected open(): Promise<DeviceSession> {
    return NetconfSession.open(this.target, this.logger);
  }
}
