import { expect, it } from 'vitest';
import { request } from '../support/api';
import { describeSouthbound } from '../support/southbound-e2e';

describeSouthbound('netconf', 'southbound NETCONF: a Polatis-style switch driven over NETCONF on SSH end to end', ({ api }) => {
  it("the switch registers through the NETCONF driver with what its product information said (the simulator's Polatis-style model)", async () => {
    const sw = (await request(api()).get('/v1/switches/ocs-r').expect(200)).body as { driver: string; profile: string; capabilities: string[] };
    expect(sw.driver).toBe('netconf');
    expect(sw.profile).toMatch(/SWITCH-SIM-POLATIS/);
    expect(sw.capabilities).toEqual(expect.arrayContaining(['cross-connect', 'bulk-cross-connect', expect.stringMatching(/^firmware:/)]));
  });
});
