import { expect, it } from 'vitest';
import { request } from '../support/api';
import { describeSouthbound } from '../support/southbound-e2e';

describeSouthbound('gnmi', 'southbound gNMI: an OpenConfig-style OCS driven over gNMI (gRPC) end to end', ({ api }) => {
  it("the switch registers through the gNMI driver with what Capabilities and the openconfig-platform chassis state said", async () => {
    const sw = (await request(api()).get('/v1/switches/ocs-r').expect(200)).body as { driver: string; profile: string; capabilities: string[] };
    expect(sw.driver).toBe('gnmi');
    expect(sw.profile).toBe('LIGHTPATH SWITCH-SIM-OCS');
    expect(sw.capabilities).toEqual(expect.arrayContaining(['cross-connect', 'bulk-cross-connect', 'vendor:LIGHTPATH', 'firmware:1.0']));
  });
});
