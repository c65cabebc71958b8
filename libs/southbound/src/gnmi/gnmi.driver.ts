/**
 * GnmiDriver: an OCS managed over gNMI with OpenConfig-style models, as the Open Compute Project's
 * OCS work and SONiC-OCS describe (docs/drivers.md). The link life cycle, the cached view and the
 * unknown-outcome rule are RemoteSwitchDriver's; this names the session.
 */
import type { DeviceSession } from '../common/device-session';
import type { DriverTarget } from '../common/driver-target';
import { RemoteSwitchDriver, type DriverLogger } from '../common/remote-switch.driver';
import { GnmiSession } from './gnmi.session';

export class GnmiDriver extends RemoteSwitchDriver {
  constructor(target: DriverTarget, logger?: DriverLogger, now?: () => number) {
    super(target, logger, now);
  }

  protected open(): Promise<DeviceSession> {
    return GnmiSession.open(this.target, this.logger);
  }
}
