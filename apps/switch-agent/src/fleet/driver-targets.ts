import { readFileSync } from 'node:fs';
import type { DriverTarget, RemoteDriverKind } from '@lightpath/southbound';
import type { AgentConfig } from '../config/agent.config';

const KINDS: readonly string[] = ['tl1', 'netconf', 'gnmi'];
const DEFAULT_PORT: Record<RemoteDriverKind, number> = { tl1: 3082, netconf: 830, gnmi: 9339 };

/** AGENT_DRIVERS is wrong in a way that must stop the agent at start: the message says which entry. */
export class DriverConfigError extends Error {
  constructor(message: string) {
    super(`switch-agent config: AGENT_DRIVERS ${message}`);
    this.name = 'DriverConfigError';
  }
}

/**
 * Which switches this agent drives over a protocol, and how: "id=kind://[user@]host[:port]" entries
 * of AGENT_DRIVERS; the password comes from AGENT_DRIVER_PASSWORD or the secret file
 * AGENT_DRIVER_PASSWORD_FILE, read here once at start. Switches not named stay on mems-sim.
 */
export function driverTargets(config: AgentConfig, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): Map<string, DriverTarget> {
  const targets = new Map<string, DriverTarget>();
  const entries = config.AGENT_DRIVERS.split(',').map((e) => e.trim()).filter(Boolean);
  if (entries.length === 0) return targets;
  const hostKeys = pinnedHostKeys(config.AGENT_DRIVER_HOST_KEYS);
  const password = config.AGENT_DRIVER_PASSWORD ?? (config.AGENT_DRIVER_PASSWORD_FILE ? readFile(config.AGENT_DRIVER_PASSWORD_FILE).trim() : undefined);
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const switchId = entry.slice(0, eq);
    if (eq <= 0) throw new DriverConfigError(`entry ${JSON.stringify(entry)} is not <switchId>=<kind>://<host>:<port>`);
    if (!config.AGENT_SWITCHES.includes(switchId)) throw new DriverConfigError(`names ${switchId}, which is not in AGENT_SWITCHES (${config.AGENT_SWITCHES.join(', ')})`);
    if (targets.has(switchId)) throw new DriverConfigError(`names ${switchId} twice`);
    let url: URL;
    try {
      url = new URL(entry.slice(eq + 1));
    } catch {
      throw new DriverConfigError(`entry for ${switchId} is not a URL like tl1://10.0.0.7:3082`);
    }
    const kind = url.protocol.replace(/:$/, '');
    if (kind === 'mems-sim') continue;
    if (!KINDS.includes(kind)) throw new DriverConfigError(`entry for ${switchId} has driver ${kind}; use tl1, netconf, gnmi or mems-sim`);
    if (password === undefined) throw new DriverConfigError(`names remote switches but neither AGENT_DRIVER_PASSWORD nor AGENT_DRIVER_PASSWORD_FILE is set`);
    if (url.password) throw new DriverConfigError(`entry for ${switchId} carries a password in its URL; put it in AGENT_DRIVER_PASSWORD_FILE instead`);
    targets.set(switchId, {
      switchId,
      kind: kind as RemoteDriverKind,
      host: url.hostname,
      port: url.port ? Number(url.port) : DEFAULT_PORT[kind as RemoteDriverKind],
      username: decodeURIComponent(url.username) || config.AGENT_DRIVER_USERNAME,
      password,
      ...(hostKeys.has(switchId) ? { hostKey: hostKeys.get(switchId) } : {}),
      northPorts: config.AGENT_PORTS,
      southPorts: config.AGENT_PORTS,
      timing: {
        connectTimeoutMs: config.AGENT_DRIVER_CONNECT_TIMEOUT_MS,
        commandTimeoutMs: config.AGENT_DRIVER_COMMAND_TIMEOUT_MS,
        backoffMinMs: config.AGENT_DRIVER_BACKOFF_MIN_MS,
        backoffMaxMs: config.AGENT_DRIVER_BACKOFF_MAX_MS,
        outcomeWaitMs: config.AGENT_DRIVER_OUTCOME_WAIT_MS,
        resyncMs: config.AGENT_DRIVER_RESYNC_MS,
      },
    });
  }
  for (const switchId of hostKeys.keys())
    if (targets.get(switchId)?.kind !== 'netconf') throw new DriverConfigError(`and AGENT_DRIVER_HOST_KEYS disagree: a host key is pinned for ${switchId}, which is not driven over netconf (only NETCONF runs over SSH)`);
  return targets;
}

/** AGENT_DRIVER_HOST_KEYS: "<switchId>=SHA256:<43 base64 characters>" entries, as `ssh-keygen -lf` prints a key. */
function pinnedHostKeys(value: string): Map<string, string> {
  const keys = new Map<string, string>();
  for (const entry of value.split(',').map((e) => e.trim()).filter(Boolean)) {
    const m = /^([^=]+)=(SHA256:[A-Za-z0-9+/]{43})$/.exec(entry);
    if (!m) throw new DriverConfigError(`and AGENT_DRIVER_HOST_KEYS: entry ${JSON.stringify(entry.slice(0, 80))} is not <switchId>=SHA256:<base64> (the fingerprint ssh-keygen -lf prints)`);
    keys.set(m[1], m[2]);
  }
  return keys;
}
