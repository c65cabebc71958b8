import { describe, expect, it } from 'vitest';
import { AgentConfigSchema } from '../config/agent.config';
import { DriverConfigError, driverTargets } from './driver-targets';

const config = (env: Record<string, string>) => AgentConfigSchema.parse({ AGENT_SWITCHES: 'ocs-1,ocs-2,ocs-3', ...env });

describe('driverTargets (AGENT_DRIVERS)', () => {
  it('names the protocol, address, user and timing per switch; unnamed switches stay simulated', () => {
    const targets = driverTargets(config({ AGENT_DRIVERS: 'ocs-1=tl1://10.0.0.7:3083, ocs-2=tl1://ops@10.0.0.8, ocs-3=netconf://10.0.0.9', AGENT_DRIVER_PASSWORD: 's3cret', AGENT_DRIVER_CONNECT_TIMEOUT_MS: '750' }));
    expect([...targets.keys()]).toEqual(['ocs-1', 'ocs-2', 'ocs-3']);
    expect(targets.get('ocs-3')).toMatchObject({ kind: 'netconf', port: 830 });
    expect(driverTargets(config({ AGENT_DRIVERS: 'ocs-1=mems-sim://local' })).size).toBe(0);
    expect(driverTargets(config({ AGENT_DRIVERS: 'ocs-2=gnmi://10.0.0.10', AGENT_DRIVER_PASSWORD: 'p' })).get('ocs-2')).toMatchObject({ kind: 'gnmi', port: 9339 });
    expect(targets.get('ocs-1')).toMatchObject({ kind: 'tl1', host: '10.0.0.7', port: 3083, username: 'lightpath', password: 's3cret', timing: { connectTimeoutMs: 750 } });
    expect(targets.get('ocs-2')).toMatchObject({ host: '10.0.0.8', port: 3082, username: 'ops' });
  });

  it('reads the password from the secret file, once, trimmed', () => {
    const reads: string[] = [];
    const targets = driverTargets(config({ AGENT_DRIVERS: 'ocs-1=tl1://h:1', AGENT_DRIVER_PASSWORD_FILE: '/run/secrets/ocs' }), (p) => (reads.push(p), 'from-file\n'));
    expect(targets.get('ocs-1')?.password).toBe('from-file');
    expect(reads).toEqual(['/run/secrets/ocs']);
  });

  it('pins NETCONF host keys per switch from AGENT_DRIVER_HOST_KEYS, and refuses a malformed or misplaced pin', () => {
    const key = `SHA256:${'A'.repeat(42)}s`;
    const targets = driverTargets(config({ AGENT_DRIVERS: 'ocs-1=netconf://h:830,ocs-2=netconf://h2:830', AGENT_DRIVER_PASSWORD: 'p', AGENT_DRIVER_HOST_KEYS: `ocs-1=${key}` }));
    expect(targets.get('ocs-1')?.hostKey).toBe(key);
    expect(targets.get('ocs-2')?.hostKey).toBeUndefined();
    expect(() => driverTargets(config({ AGENT_DRIVERS: 'ocs-1=tl1://h:1', AGENT_DRIVER_PASSWORD: 'p', AGENT_DRIVER_HOST_KEYS: `ocs-1=${key}` }))).toThrow(/host key is pinned for ocs-1, which is not driven over netconf/);
    expect(() => driverTargets(config({ AGENT_DRIVERS: 'ocs-1=netconf://h:830', AGENT_DRIVER_PASSWORD: 'p', AGENT_DRIVER_HOST_KEYS: 'ocs-1=MD5:aa:bb' }))).toThrow(/is not <switchId>=SHA256:<base64>/);
  });

  it('refuses at start what would fail later, saying which entry and what to do', () => {
    const bad = (drivers: string, extra: Record<string, string> = { AGENT_DRIVER_PASSWORD: 'p' }) => () => driverTargets(config({ AGENT_DRIVERS: drivers, ...extra }));
    expect(bad('ocs-9=tl1://h:1')).toThrow(/names ocs-9, which is not in AGENT_SWITCHES/);
    expect(bad('ocs-1=snmp://h:1')).toThrow(/has driver snmp; use tl1, netconf, gnmi or mems-sim/);
    expect(bad('ocs-1=tl1://u:pw@h:1')).toThrow(/password in its URL/);
    expect(bad('ocs-1=tl1://h:1', {})).toThrow(DriverConfigError);
    expect(bad('ocs-1=tl1://h:1,ocs-1=tl1://h:2')).toThrow(/names ocs-1 twice/);
    expect(() => config({ AGENT_DRIVER_PASSWORD: 'a', AGENT_DRIVER_PASSWORD_FILE: 'b' })).toThrow(/not both/);
  });
});
