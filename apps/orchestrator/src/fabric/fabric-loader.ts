import type { FabricState } from '@lightpath/state';
import type { FabricGraph } from './fabric-graph';

/** Rebuilds the in-memory model from Redis, so a restarted orchestrator knows every switch and circuit. */
export async function loadFabric(state: FabricState, graph: FabricGraph): Promise<{ switches: number; crossConnects: number }> {
  const switches = await state.switches.list();
  let crossConnects = 0;
  for (const record of switches) {
    graph.upsertSwitch(record);
    const actual = await state.actual.get(record.switchId);
    graph.replaceActual(record.switchId, actual.crossConnects, actual.ports);
    crossConnects += actual.crossConnects.length;
  }
  return { switches: switches.length, crossConnects };
}
