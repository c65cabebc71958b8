import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateBlockFabric } from '../generators/block-fabric.generator';
import type { CrossConnect, FabricSpec, LinkDemand, Stage, SwitchChange } from '../types';
import { verifyCrossConnects } from './cross-connects.verifier';
import { verifyDiff } from './diff.verifier';
import { verifyLinkCounts } from './link-counts.verifier';
import { verifyStages } from './stages.verifier';
import { referenceCrossConnects, referenceDiff, referenceLinkCounts, referenceStages } from './string-keyed-verifiers.fixture';
import { indexForVerifier } from './verifier-index';

// The verifiers key circuits, ports and pairs by number; these properties pin that they report
// exactly what the string-keyed originals reported (same violations, messages and order) on small
// random plans full of faults: unknown switches, ports out of range or fractional, failed parts,
// stray fibres, double removals, held ports, wrong counts.

/** A 3-block fabric on 2 OCS of 4 ports (port 4 unfibred) with random failures and a stray fibre. */
const specArb = fc
  .record({
    failedPorts: fc.array(fc.record({ sw: fc.nat(1), side: fc.constantFrom('north' as const, 'south' as const), port: fc.integer({ min: 1, max: 4 }) }), { maxLength: 2 }),
    failedSwitch: fc.option(fc.nat(1)),
    failedEndpoint: fc.option(fc.nat(2)),
    strayFibre: fc.option(fc.record({ sw: fc.nat(1), port: fc.constantFrom(0, 4, 9, 1.5, -1) })),
  })
  .map(({ failedPorts, failedSwitch, failedEndpoint, strayFibre }) => {
    const spec: FabricSpec = generateBlockFabric({ blocks: 3, uplinks: 4, ocs: 2, portsPerOcs: 4 });
    for (const f of failedPorts) (spec.switches[f.sw].failedPorts ??= []).push({ side: f.side, port: f.port });
    if (failedSwitch !== null) spec.switches[failedSwitch].health = 'failed';
    if (failedEndpoint !== null) spec.endpoints[failedEndpoint].health = 'failed';
    if (strayFibre !== null) spec.fibres.push({ endpoint: 'block-9', endpointPort: 'x', switchId: `ocs-${strayFibre.sw}`, side: 'north', port: strayFibre.port });
    return spec;
  });

const portArb = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 4 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 5, 9, -1, 1.5, Number.NaN) });
const switchArb = fc.oneof({ weight: 8, arbitrary: fc.constantFrom('ocs-0', 'ocs-1') }, { weight: 1, arbitrary: fc.constantFrom('nope', 'a|1') });
const pairArb = fc.record({ north: portArb, south: portArb });
const circuitArb = fc.record({ switchId: switchArb, north: portArb, south: portArb });
const circuitsArb = fc.array(circuitArb, { maxLength: 8 });
const changeArb = fc.record({ switchId: switchArb, remove: fc.array(pairArb, { maxLength: 3 }), add: fc.array(pairArb, { maxLength: 3 }) });
const stagesArb = fc.array(fc.array(changeArb, { maxLength: 3 }), { maxLength: 3 }).map((ss) => ss.map((changes, index): Stage => ({ index, changes })));

/** Removals drawn from `before` as well, so that many plans are clean or nearly so. */
const planArb = fc
  .record({ before: circuitsArb, stages: stagesArb, picks: fc.array(fc.nat(), { maxLength: 4 }), extra: circuitsArb })
  .map(({ before, stages, picks, extra }) => {
    if (before.length > 0 && stages.length > 0) {
      for (const [i, p] of picks.entries()) {
        const c = before[p % before.length];
        const st = stages[i % stages.length];
        st.changes.push({ switchId: c.switchId, remove: [{ north: c.north, south: c.south }], add: [] });
      }
    }
    const state = new Map<string, CrossConnect>(before.map((c) => [`${c.switchId}|${c.north}|${c.south}`, c]));
    for (const st of stages) {
      for (const ch of st.changes) for (const r of ch.remove) state.delete(`${ch.switchId}|${r.north}|${r.south}`);
      for (const ch of st.changes) for (const a of ch.add) state.set(`${ch.switchId}|${a.north}|${a.south}`, { switchId: ch.switchId, ...a });
    }
    // Some targets miss a circuit the replay ends with, some have extra ones.
    const after: CrossConnect[] = [...state.values()].slice(extra.length % 2).concat(extra.slice(0, extra.length % 3));
    const changes: SwitchChange[] = stages.flatMap((s) => s.changes);
    return { before, stages, after, changes };
  });

describe('numeric verifiers agree with the string-keyed reference', () => {
  it('verifyStages: same violations on random staged plans', () => {
    fc.assert(
      fc.property(specArb, planArb, fc.boolean(), fc.boolean(), circuitsArb, (spec, plan, giveChanges, giveAfter, noise) => {
        const changes = giveChanges ? plan.changes : [...plan.changes, { switchId: 'ocs-0', remove: [], add: noise.map((c) => ({ north: c.north, south: c.south })) }];
        const options = { changes, after: giveAfter ? plan.after : undefined, maxLossShare: 0.5 };
        expect(verifyStages(spec, plan.before, plan.stages, { ...options, index: indexForVerifier(spec) })).toEqual(referenceStages(spec, plan.before, plan.stages, options));
      }),
      { numRuns: 400 },
    );
  });

  it('verifyStages: same I7 reports when circuits of 2 blocks move between ports in random stages', () => {
    // 2 blocks with 2 north and 2 south ports each on 4 OCS of 4 ports: several links per pair, so
    // stages taking down too many (or leaving too few) are common.
    const spec = generateBlockFabric({ blocks: 2, uplinks: 16, ocs: 4, portsPerOcs: 4 });
    const moveArb = fc.record({ m: fc.nat(3), n: fc.integer({ min: 1, max: 4 }), s: fc.integer({ min: 1, max: 4 }), to: fc.integer({ min: 1, max: 4 }), stage: fc.nat(2) });
    fc.assert(
      fc.property(fc.array(moveArb, { maxLength: 10 }), fc.constantFrom(0.25, 0.5), (moves, maxLossShare) => {
        const before: CrossConnect[] = [];
        const stages: Stage[] = [0, 1, 2].map((index) => ({ index, changes: [] }));
        for (const { m, n, s, to, stage } of moves) {
          before.push({ switchId: `ocs-${m}`, north: n, south: s });
          stages[stage].changes.push({ switchId: `ocs-${m}`, remove: [{ north: n, south: s }], add: [{ north: n, south: to }] });
        }
        const changes = stages.flatMap((st) => st.changes);
        expect(verifyStages(spec, before, stages, { changes, maxLossShare })).toEqual(referenceStages(spec, before, stages, { changes, maxLossShare }));
      }),
      { numRuns: 400 },
    );
  });

  it('verifyCrossConnects: same violations, with and without a health subset', () => {
    fc.assert(
      fc.property(specArb, circuitsArb, fc.option(circuitsArb), (spec, ccs, health) => {
        const options = health === null ? {} : { healthCheckOnly: health };
        expect(verifyCrossConnects(spec, ccs, options)).toEqual(referenceCrossConnects(spec, ccs, options));
      }),
      { numRuns: 400 },
    );
  });

  it('verifyDiff: same violations on random change sets and claimed counts', () => {
    fc.assert(
      fc.property(planArb, fc.record({ removed: fc.option(fc.nat(6), { nil: undefined }), modified: fc.option(fc.nat(6), { nil: undefined }) }), (plan, claimed) => {
        expect(verifyDiff(plan.before, plan.after, plan.changes, claimed)).toEqual(referenceDiff(plan.before, plan.after, plan.changes, claimed));
      }),
      { numRuns: 400 },
    );
  });

  it('verifyLinkCounts: same violations, directed and undirected, unknown endpoints included', () => {
    const endpointArb = fc.constantFrom('block-0', 'block-1', 'block-2', 'block-9', 'elsewhere');
    const demandsArb = fc.array(fc.record({ a: endpointArb, b: endpointArb, links: fc.integer({ min: 0, max: 3 }) }), { maxLength: 6 });
    fc.assert(
      fc.property(specArb, circuitsArb, demandsArb, fc.boolean(), (spec, ccs, demands: LinkDemand[], directed) => {
        expect(verifyLinkCounts(spec, ccs, demands, { directed })).toEqual(referenceLinkCounts(spec, ccs, demands, { directed }));
      }),
      { numRuns: 400 },
    );
  });
});
