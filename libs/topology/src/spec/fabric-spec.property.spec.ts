import fc from 'fast-check';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { TopologySpecError } from '../errors';
import type { FabricSpec, Fibre } from '../types';
import { parseFabricSpec } from './fabric-spec.parser';

/** Random valid fabrics: a few switches and endpoints, each switch port fibred at most once. */
const fabricArb: fc.Arbitrary<FabricSpec> = fc
  .record({
    switches: fc.array(fc.record({ north: fc.integer({ min: 1, max: 6 }), south: fc.integer({ min: 1, max: 6 }) }), { minLength: 1, maxLength: 4 }),
    endpoints: fc.integer({ min: 1, max: 4 }),
    seed: fc.array(fc.nat(), { minLength: 48, maxLength: 48 }),
  })
  .map(({ switches, endpoints, seed }) => {
    const fibres: Fibre[] = [];
    let r = 0;
    switches.forEach((s, i) => {
      for (const side of ['north', 'south'] as const) {
        const count = side === 'north' ? s.north : s.south;
        for (let p = 1; p <= count; p++) {
          const pick = seed[r++ % seed.length];
          if (pick % 3 === 0) continue; // leave some ports unfibred
          const e = pick % endpoints;
          fibres.push({ endpoint: `e${e}`, endpointPort: `p${fibres.length}`, switchId: `s${i}`, side, port: p });
        }
      }
    });
    return {
      version: 1 as const,
      name: 'random',
      switches: switches.map((s, i) => ({ id: `s${i}`, northPorts: s.north, southPorts: s.south })),
      endpoints: Array.from({ length: endpoints }, (_, e) => ({ id: `e${e}`, kind: 'host' as const })),
      fibres,
    };
  });

function issuePaths(input: unknown): string[] {
  try {
    parseFabricSpec(input);
  } catch (e) {
    if (e instanceof TopologySpecError) return e.issues.map((i) => i.path);
    throw e;
  }
  return [];
}

describe('parseFabricSpec properties', () => {
  it('reads back every valid fabric unchanged from JSON and from YAML', () => {
    fc.assert(
      fc.property(fabricArb, (spec) => {
        expect(parseFabricSpec(JSON.stringify(spec))).toEqual(spec);
        expect(parseFabricSpec(dump(spec))).toEqual(spec);
      }),
      { numRuns: 100, seed: 3 },
    );
  });

  it('names the exact fibre when a port is pushed past its switch or fibred twice', () => {
    fc.assert(
      fc.property(fabricArb.filter((s) => s.fibres.length >= 2), fc.nat(), fc.boolean(), (spec, pick, twice) => {
        const bad = structuredClone(spec);
        const i = 1 + (pick % (bad.fibres.length - 1));
        const f = bad.fibres[i];
        if (twice) {
          bad.fibres[i] = { ...bad.fibres[0], endpointPort: f.endpointPort };
        } else {
          const sw = bad.switches.find((s) => s.id === f.switchId)!;
          f.port = (f.side === 'north' ? sw.northPorts : sw.southPorts) + 1;
        }
        expect(issuePaths(bad)).toEqual([`fibres[${i}].port`]);
      }),
      { numRuns: 100, seed: 5 },
    );
  });
});
