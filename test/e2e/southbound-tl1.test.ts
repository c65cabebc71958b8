import { expect, it } from 'vitest';
import { request } from '../support/api';
import { describeSouthbound } from '../support/southbound-e2e';

describeSouthbound('tl1', 'southbound TL1: a Calient-style switch driven over TL1 end to end', ({ api }) => {
  it('the switch registers through the TL1 driver with what RTRV-NETYPE discovered (vendor, model, firmware, ports)', async () => {
    const sw = (await request(api()).get('/v1/switches/ocs-r').expect(200)).body as { driver: string; profile: string; capabilities: string[]; northPorts: number };
    expect(sw.driver).toBe('tl1');
    expect(sw.profile).not.toBe('not-yet-discovered');
    expect(sw.capabilities).toEqual(expect.arrayContaining(['cross-connect', expect.stringMatching(/^vendor:/), expect.stringMatching(/^firmware:/)]));
    expect(sw.northPorts).toBeGreaterThan(0);
  });
});
