/**
 * Public API of @lightpath/southbound: drivers for remote switches behind SwitchDriver (TL1, NETCONF, gNMI), and the
 * protocol codecs the switch simulator (apps/switch-sim) serves with. Drivers never import the
 * simulator; tests go driver -> socket -> simulator.
 */
export * from './common/device-session';
export * from './common/driver-target';
export * from './common/backoff';
export { RemoteSwitchDriver, type DriverLogger } from './common/remote-switch.driver';
export * from './tl1/tl1.codec';
export * from './tl1/tl1.dialect';
export { Tl1Framer } from './tl1/tl1.framing';
export { Tl1Driver } from './tl1/tl1.driver';
export * from './netconf/netconf.framing';
export * from './netconf/netconf.messages';
export { NetconfDriver } from './netconf/netconf.driver';
export { sshFingerprint } from './netconf/netconf.session';
export * from './gnmi/gnmi.paths';
export * from './gnmi/gnmi.messages';
export * from './gnmi/gnmi.target';
export { gnmiService, encodeRequest, decodeResponse } from './gnmi/gnmi.service';
export { GnmiDriver } from './gnmi/gnmi.driver';
