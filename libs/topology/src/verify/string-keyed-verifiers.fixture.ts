/**
 * Test fixture: the verifiers as they were before they keyed circuits by number (string keys,
 * Maps and Sets), kept verbatim as the reference the property test compares the fast verifiers
 * with (verifiers-agree.property.spec.ts): same violations, same messages, same order, on random
 * small plans with every kind of fault. Not exported from the library; do not use elsewhere.
 */
import type { ChangeCounts, CrossConnect, FabricSpec, LinkDemand, Stage, SwitchChange } from '../types';
import { countChanges } from './diff.verifier';
import { indexForVerifier } from './verifier-index';
import { INVARIANTS, type Violation } from './violation';

export function referenceCrossConnects(spec: FabricSpec, crossConnects: readonly CrossConnect[], options: { healthCheckOnly?: readonly CrossConnect[]; limit?: number } = {}): Violation[] {
  const idx = indexForVerifier(spec);
  const limit = options.limit ?? 1000;
  const out: Violation[] = [];
  const report = (v: Violation) => {
    if (out.length < limit) out.push(v);
  };
  const owners = new Map<string, Set<string>>();
  const usedPort = (switchId: string, side: string, port: number, what: string) => {
    const key = `${side}:${port}`;
    let set = owners.get(switchId);
    if (!set) owners.set(switchId, (set = new Set()));
    if (set.has(key)) {
      report({ invariant: INVARIANTS.onePortOneOwner, switchId, message: `${side} port ${port} of ${switchId} is in more than one cross-connect (${what})` });
    }
    set.add(key);
  };
  for (const c of crossConnects) {
    const what = `${c.switchId} ${c.north}->${c.south}`;
    const sw = idx.switches.get(c.switchId);
    if (!sw) {
      report({ invariant: INVARIANTS.northToSouth, switchId: c.switchId, message: `cross-connect ${what} names an unknown switch` });
      continue;
    }
    const inRange = (p: number, max: number) => Number.isInteger(p) && p >= 1 && p <= max;
    if (!inRange(c.north, sw.ports.north) || !inRange(c.south, sw.ports.south)) {
      report({
        invariant: INVARIANTS.northToSouth,
        switchId: c.switchId,
        message: `cross-connect ${what} is outside north 1..${sw.ports.north} / south 1..${sw.ports.south}`,
      });
      continue;
    }
    usedPort(c.switchId, 'north', c.north, what);
    usedPort(c.switchId, 'south', c.south, what);
    const fn = sw.fibres.north[c.north];
    const fs = sw.fibres.south[c.south];
    if (!fn || !fs) {
      report({ invariant: INVARIANTS.fibres, switchId: c.switchId, message: `cross-connect ${what} has an unfibred ${!fn ? 'north' : 'south'} port` });
    }
  }
  const healthSet = options.healthCheckOnly ?? crossConnects;
  for (const c of healthSet) {
    const sw = idx.switches.get(c.switchId);
    if (!sw) continue;
    const what = `${c.switchId} ${c.north}->${c.south}`;
    if (!sw.healthy) report({ invariant: INVARIANTS.health, switchId: c.switchId, message: `cross-connect ${what} is on a switch that is not healthy` });
    if (sw.failed.north.has(c.north) || sw.failed.south.has(c.south)) {
      report({ invariant: INVARIANTS.health, switchId: c.switchId, message: `cross-connect ${what} uses a failed port` });
    }
    for (const f of [sw.fibres.north[c.north], sw.fibres.south[c.south]]) {
      if (f && idx.endpointHealthy.get(f.endpoint) === false) {
        report({ invariant: INVARIANTS.health, switchId: c.switchId, endpoint: f.endpoint, message: `cross-connect ${what} reaches failed endpoint ${f.endpoint}` });
      }
    }
  }
  return out;
}

const key = (switchId: string, north: number, south: number) => `${switchId}\u0000${north}\u0000${south}`;

export function referenceDiff(
  before: readonly CrossConnect[],
  after: readonly CrossConnect[],
  changes: readonly SwitchChange[],
  claimed: Partial<ChangeCounts> = {},
  limit = 1000,
): Violation[] {
  const out: Violation[] = [];
  const report = (message: string, switchId?: string) => {
    if (out.length < limit) out.push({ invariant: INVARIANTS.diff, message, switchId });
  };
  const state = new Set(before.map((c) => key(c.switchId, c.north, c.south)));
  for (const c of changes) {
    const adds = new Set(c.add.map((p) => key(c.switchId, p.north, p.south)));
    for (const p of c.remove) {
      const k = key(c.switchId, p.north, p.south);
      if (!state.delete(k)) report(`removes ${c.switchId} ${p.north}->${p.south}, which is not present`, c.switchId);
      if (adds.has(k)) report(`removes and re-adds ${c.switchId} ${p.north}->${p.south} (a no-op counted as change)`, c.switchId);
    }
  }
  for (const c of changes) {
    for (const p of c.add) {
      const k = key(c.switchId, p.north, p.south);
      if (state.has(k)) report(`adds ${c.switchId} ${p.north}->${p.south}, which is already present`, c.switchId);
      state.add(k);
    }
  }
  const target = new Set(after.map((c) => key(c.switchId, c.north, c.south)));
  for (const k of state) {
    if (!target.has(k)) report(`after applying the changes ${k.split('\u0000').join(' ')} is present but not in the target`);
  }
  for (const k of target) {
    if (!state.has(k)) report(`after applying the changes ${k.split('\u0000').join(' ')} is missing from the result`);
  }
  const counts = countChanges(changes);
  for (const f of ['removed', 'added', 'touched', 'modified'] as const) {
    if (claimed[f] !== undefined && claimed[f] !== counts[f]) report(`claims ${f} = ${claimed[f]} but the change set has ${counts[f]}`);
  }
  return out;
}

export function referenceLinkCounts(
  spec: FabricSpec,
  crossConnects: readonly CrossConnect[],
  expected: readonly LinkDemand[],
  options: { directed?: boolean; limit?: number } = {},
): Violation[] {
  const idx = indexForVerifier(spec);
  const key = (a: string, b: string) => (options.directed || a <= b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
  const actual = new Map<string, number>();
  for (const c of crossConnects) {
    const sw = idx.switches.get(c.switchId);
    const fn = sw?.fibres.north[c.north];
    const fs = sw?.fibres.south[c.south];
    if (!fn || !fs) continue;
    const k = key(fn.endpoint, fs.endpoint);
    actual.set(k, (actual.get(k) ?? 0) + 1);
  }
  const wanted = new Map<string, number>();
  for (const d of expected) {
    const k = key(d.a, d.b);
    wanted.set(k, (wanted.get(k) ?? 0) + d.links);
  }
  const out: Violation[] = [];
  const limit = options.limit ?? 1000;
  const compare = (k: string, want: number, got: number) => {
    if (want !== got && out.length < limit) {
      const [a, b] = k.split('\u0000');
      out.push({ invariant: INVARIANTS.linkCounts, endpoint: a, message: `${a} ${options.directed ? '->' : '<->'} ${b}: ${got} link(s), expected ${want}` });
    }
  };
  for (const [k, want] of wanted) compare(k, want, actual.get(k) ?? 0);
  for (const [k, got] of actual) if (!wanted.has(k)) compare(k, 0, got);
  return out;
}

export function referenceStages(spec: FabricSpec, before: readonly CrossConnect[], stages: readonly Stage[], options: { maxLossShare?: number; changes?: readonly SwitchChange[]; after?: readonly CrossConnect[]; limit?: number } = {}): Violation[] {
  const idx = indexForVerifier(spec);
  const X = options.maxLossShare ?? 0.25;
  const limit = options.limit ?? 1000;
  const out: Violation[] = [];
  const report = (invariant: Violation['invariant'], message: string, switchId?: string) => {
    if (out.length < limit) out.push({ invariant, message, switchId });
  };
  const pairOf = (switchId: string, north: number, south: number): string | undefined => {
    const sw = idx.switches.get(switchId);
    const a = sw?.fibres.north[north]?.endpoint;
    const b = sw?.fibres.south[south]?.endpoint;
    if (!sw || a === undefined || b === undefined) return undefined;
    if (!sw.healthy || sw.failed.north.has(north) || sw.failed.south.has(south)) return undefined;
    if (idx.endpointHealthy.get(a) === false || idx.endpointHealthy.get(b) === false) return undefined;
    return a <= b ? `${a} <-> ${b}` : `${b} <-> ${a}`;
  };
  const bump = (m: Map<string, number>, k: string | undefined, d: number) => {
    if (k !== undefined) m.set(k, (m.get(k) ?? 0) + d);
  };
  // Port occupancy: `switch|n|port` and `switch|s|port` -> the circuit key holding it.
  const circuits = new Set<string>();
  const ports = new Map<string, string>();
  const links = new Map<string, number>();
  const ck = (s: string, n: number, so: number) => `${s}|${n}|${so}`;
  for (const c of before) {
    circuits.add(ck(c.switchId, c.north, c.south));
    ports.set(`${c.switchId}|n|${c.north}`, ck(c.switchId, c.north, c.south));
    ports.set(`${c.switchId}|s|${c.south}`, ck(c.switchId, c.north, c.south));
    bump(links, pairOf(c.switchId, c.north, c.south), 1);
  }
  const initial = new Map(links);
  const final = new Map(links);
  for (const st of stages) {
    for (const ch of st.changes) {
      for (const r of ch.remove) bump(final, pairOf(ch.switchId, r.north, r.south), -1);
      for (const a of ch.add) bump(final, pairOf(ch.switchId, a.north, a.south), 1);
    }
  }
  const allowance = (p: string) => Math.max(1, Math.floor(X * (initial.get(p) ?? 0)));
  for (const st of stages) {
    const removedNow = new Map<string, number>();
    for (const ch of st.changes) {
      for (const r of ch.remove) {
        const k = ck(ch.switchId, r.north, r.south);
        if (!circuits.delete(k)) {
          report(INVARIANTS.diff, `stage ${st.index} removes ${ch.switchId} ${r.north}->${r.south}, which is not present`, ch.switchId);
          continue;
        }
        ports.delete(`${ch.switchId}|n|${r.north}`);
        ports.delete(`${ch.switchId}|s|${r.south}`);
        const p = pairOf(ch.switchId, r.north, r.south);
        bump(links, p, -1);
        bump(removedNow, p, 1);
      }
    }
    for (const [p, r] of removedNow) {
      const a = allowance(p);
      const floor = Math.min(initial.get(p) ?? 0, final.get(p) ?? 0) - a;
      if (r > a) report(INVARIANTS.capacityGuard, `stage ${st.index} takes down ${r} links of ${p} at once, allowance ${a}`);
      else if ((links.get(p) ?? 0) < floor) report(INVARIANTS.capacityGuard, `stage ${st.index} leaves ${p} with ${links.get(p)} links, below ${floor}`);
    }
    for (const ch of st.changes) {
      for (const a of ch.add) {
        const k = ck(ch.switchId, a.north, a.south);
        for (const port of [`${ch.switchId}|n|${a.north}`, `${ch.switchId}|s|${a.south}`]) {
          const holder = ports.get(port);
          if (holder !== undefined) report(INVARIANTS.onePortOneOwner, `stage ${st.index} adds ${ch.switchId} ${a.north}->${a.south} but ${port} is held by ${holder}`, ch.switchId);
        }
        circuits.add(k);
        ports.set(`${ch.switchId}|n|${a.north}`, k);
        ports.set(`${ch.switchId}|s|${a.south}`, k);
        bump(links, pairOf(ch.switchId, a.north, a.south), 1);
      }
    }
  }
  if (options.changes) {
    const multiset = (list: readonly SwitchChange[]) => {
      const m = new Map<string, number>();
      for (const ch of list) {
        for (const r of ch.remove) bump(m, `-${ck(ch.switchId, r.north, r.south)}`, 1);
        for (const a of ch.add) bump(m, `+${ck(ch.switchId, a.north, a.south)}`, 1);
      }
      return m;
    };
    const want = multiset(options.changes);
    const got = multiset(stages.flatMap((s) => s.changes));
    for (const k of new Set([...want.keys(), ...got.keys()])) {
      if ((want.get(k) ?? 0) !== (got.get(k) ?? 0)) report(INVARIANTS.diff, `change ${k} appears ${got.get(k) ?? 0} time(s) in the stages, ${want.get(k) ?? 0} in the plan`);
    }
  }
  if (options.after) {
    const target = new Set(options.after.map((c) => ck(c.switchId, c.north, c.south)));
    for (const k of circuits) if (!target.has(k)) report(INVARIANTS.diff, `after the last stage ${k} is present but not in the target`);
    for (const k of target) if (!circuits.has(k)) report(INVARIANTS.diff, `after the last stage ${k} is missing`);
  }
  return out;
}
