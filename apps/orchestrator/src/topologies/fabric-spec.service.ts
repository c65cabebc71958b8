import { Inject, Injectable } from '@nestjs/common';
import { parseFabricSpec, TopologySpecError, type FabricSpec } from '@lightpath/topology';
import type { FabricSpecStore, StoredFabricSpec } from '@lightpath/state';
import { conflict } from '../http/api-errors';
import { FABRIC_SPEC_STORE, TOPOLOGY_ERRORS } from './topologies.constants';
import { invalidSpec } from './topology-errors';

export interface FabricSpecSummary {
  name: string;
  switches: number;
  endpoints: Record<string, number>;
  fibres: number;
  switchPorts: number;
}

export interface CurrentFabricSpec extends Omit<StoredFabricSpec, 'spec'> {
  spec: FabricSpec;
}

export function summarizeSpec(spec: FabricSpec): FabricSpecSummary {
  const endpoints: Record<string, number> = {};
  for (const e of spec.endpoints) endpoints[e.kind] = (endpoints[e.kind] ?? 0) + 1;
  return {
    name: spec.name,
    switches: spec.switches.length,
    endpoints,
    fibres: spec.fibres.length,
    switchPorts: spec.switches.reduce((n, s) => n + s.northPorts + s.southPorts, 0),
  };
}

/**
 * The fabric spec the planner uses. Validated by the topology library's parser before it is stored,
 * so what Redis holds always parses; the parsed spec is cached by version, because a pod's spec is
 * hundreds of kilobytes and every plan needs it. The version is read from Redis on every call, so
 * a spec replaced through another replica is picked up at once.
 */
@Injectable()
export class FabricSpecService {
  private cached?: CurrentFabricSpec;

  constructor(@Inject(FABRIC_SPEC_STORE) private readonly store: FabricSpecStore) {}

  async replace(body: unknown, storedBy: string): Promise<CurrentFabricSpec> {
    let spec: FabricSpec;
    try {
      spec = parseFabricSpec(body, { format: 'json' });
    } catch (e) {
      if (e instanceof TopologySpecError) throw invalidSpec(e.issues);
      throw e;
    }
    const stored = await this.store.put(spec, storedBy);
    this.cached = { ...stored, spec };
    return this.cached;
  }

  /** The current spec, or a 409 saying how to provide one. */
  async current(): Promise<CurrentFabricSpec> {
    const version = await this.store.version();
    if (version !== undefined && this.cached?.version === version) return this.cached;
    const stored = version === undefined ? undefined : await this.store.get();
    if (!stored) {
      throw conflict(
        TOPOLOGY_ERRORS.specMissing,
        'this fabric has no fabric spec yet, so there is nothing to plan against: PUT /v1/fabric with the spec (docs/fabric-spec.md; `npm run plan -- --generate cube-pod --format json` writes one to start from)',
      );
    }
    // Stored specs were validated on the way in; parse again only to get the typed value.
    this.cached = { ...stored, spec: parseFabricSpec(stored.spec) };
    return this.cached;
  }
}
