import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from './exit-codes';
import { configPath, resolveSettings, setContext, writeConfigFile } from './ocsctl-config';

describe('ocsctl settings: flags over environment over the config file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ocsctl-config-'));
  const config = join(dir, 'config.yaml');
  writeFileSync(join(dir, 'token'), 'from-file\n');
  beforeAll(async () => {
    writeConfigFile(config, await setContext(await setContext({ contexts: {} }, 'lab', { server: 'http://lab:3000', tokenFile: join(dir, 'token'), output: 'wide' }), 'prod', { server: 'http://prod:3000', token: 'prod-token' }));
  });

  it('uses the current context (the first one set) with its token file and default output', async () => {
    expect(await resolveSettings({ flags: { config }, env: {} })).toMatchObject({ server: 'http://lab:3000', token: 'from-file', output: 'wide', context: 'lab' });
  });

  it('lets the environment choose another context and override its server; flags override both', async () => {
    expect(await resolveSettings({ flags: { config }, env: { LIGHTPATH_CONTEXT: 'prod' } })).toMatchObject({ server: 'http://prod:3000', token: 'prod-token', output: 'table' });
    expect((await resolveSettings({ flags: { config }, env: { LIGHTPATH_CONTEXT: 'prod', LIGHTPATH_SERVER: 'http://env:1' } })).server).toBe('http://env:1');
    expect(await resolveSettings({ flags: { config, server: 'http://flag:2', token: 't', output: 'json' }, env: { LIGHTPATH_SERVER: 'http://env:1', LIGHTPATH_TOKEN: 'e' } })).toMatchObject({ server: 'http://flag:2', token: 't', output: 'json' });
  });

  it('finds the file under XDG_CONFIG_HOME or ~/.config, and works without one', async () => {
    expect(configPath({ flags: {}, env: { HOME: '/home/op' } })).toBe('/home/op/.config/lightpath/config.yaml');
    expect(configPath({ flags: {}, env: { HOME: '/home/op', XDG_CONFIG_HOME: '/x' } })).toBe('/x/lightpath/config.yaml');
    expect(await resolveSettings({ flags: { config: join(dir, 'absent.yaml') }, env: {} })).toMatchObject({ server: 'http://localhost:3000', output: 'table' });
  });

  it('refuses an unknown context, a bad server URL and a bad -o as usage errors naming them', async () => {
    await expect(resolveSettings({ flags: { config, context: 'nope' }, env: {} })).rejects.toThrow(UsageError);
    await expect(setContext({ contexts: {} }, 'x', { server: 'not a url' })).rejects.toThrow(/context x: server: a URL/);
    await expect(resolveSettings({ flags: { config, output: 'xml' }, env: {} })).rejects.toThrow(/-o xml: choose one of table, wide, json, yaml/);
  });
});
