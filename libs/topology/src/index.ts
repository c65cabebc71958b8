/**
 * @lightpath/topology: the pure topology engine (no I/O). Everything public is re-exported here.
 */
export * from './types';
export * from './errors';

export * from './spec/fabric-spec.checks';
export * from './spec/fabric-spec.schema';
export * from './spec/fabric-spec.parser';

export * from './model/fabric-model';
export * from './model/circuit-table';
export * from './model/cross-connect-diff';
export * from './model/logical-graph';

export * from './generators/cube-port-label';
export * from './generators/cube-pod.generator';
export * from './generators/cube-pods.generator';
export * from './generators/block-fabric.generator';

export * from './verify/violation';
export * from './verify/verifier-index';
export * from './verify/cross-connects.verifier';
export * from './verify/link-counts.verifier';
export * from './verify/torus.verifier';
export * from './verify/diff.verifier';
export * from './verify/stages.verifier';

export * from './slices/torus-shape';
export * from './slices/cube-ports';
export * from './slices/slice.planner';
export * from './slices/placement-score';

export * from './repair-cube/cube.repair';

// Synthesis by the mesh / rewiring helper (mesh/, rewire/, traffic/, staging/, repair-ports/).
export * from './mesh/port-index.build';
export * from './mesh/link-matrix';
export * from './mesh/realise-mesh';
export * from './rewire/plan-rewire';
export * from './rewire/exact-rewire';
export * from './staging/plan-stages';
export * from './traffic/plan-traffic-topology';
export * from './traffic/gravity-traffic';
export { warmUpHighs } from './traffic/highs.runner';
export * from './repair-ports/plan-port-repair';

// Intent -> verified plan, shared by the offline CLI and the orchestrator's dry runs.
export * from './plan/intent.schema';
export * from './plan/parse-intent';
export * from './plan/assemble-plan';
export * from './plan/plan-intent';
