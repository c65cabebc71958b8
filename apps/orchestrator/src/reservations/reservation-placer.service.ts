import { HttpException, Inject, Injectable } from '@nestjs/common';
import type { StagedChange } from '@lightpath/contracts';
import type { ReservationStore } from '@lightpath/state';
import type { CrossConnect, TorusLayout } from '@lightpath/topology';
import { TopologyPlanner } from '../topologies/topology-planner.service';
import { KeyedLock } from './keyed-lock';
import { cubesHeldByOthers, portsHeldByOthers } from './reservation-policy';
import type { Reservation } from './reservation.types';
import { RESERVATION_STORE } from './reservations.constants';

export type Placement =
  | { ok: true; cubes: string[]; crossConnects: CrossConnect[]; stages: { changes: StagedChange[] }[] }
  | { ok: false; rule: string; message: string };

/** The planner's answers that mean "not now" rather than "never on this fabric". */
const CAPACITY_RULES: ReadonlySet<string> = new Set(['not-enough-free-cubes', 'not-enough-free-ports']);

/**
 * Where a reservation goes: the library's slice planner (through the same TopologyPlanner dry run
 * schedulers see) against the fabric now, i.e. the switches' actual circuits and failed ports, with
 * every cube another reservation holds excluded (I4: that covers cubes whose circuits are still
 * being set up and so are not in the actual state yet), and their lease ends so the planner can
 * place lease-aware. Placements run one at a time on the leader (`exclusive`), because two
 * concurrent plans would pick the same free cubes.
 */
@Injectable()
export class ReservationPlacer {
  private readonly lock = new KeyedLock();

  constructor(
    @Inject(RESERVATION_STORE) private readonly store: ReservationStore<Reservation>,
    private readonly planner: TopologyPlanner,
  ) {}

  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.lock.run('placement', fn);
  }

  /**
   * A slice off every cube others hold, placed lease-aware (libs/topology placement-score.ts): on a
   * fabric of several pods it joins the pod whose reservations end about when its lease does, so
   * pods come free whole for large slices (docs/benchmarks.md, slice placement).
   */
  private async sliceIntent(r: Reservation) {
    const holds = await this.store.cubeHolds();
    const holders = [...new Set(Object.values(holds))].filter((h) => h !== r.id);
    const due = await this.store.dueTimes(holders);
    const endOf = new Map(holders.map((h, i) => [h, due[i]]));
    const cubeLeases: Record<string, number> = {};
    for (const [field, holder] of Object.entries(holds)) {
      const end = endOf.get(holder);
      if (field.startsWith('cube:') && end !== undefined) cubeLeases[field.slice(5)] = end;
    }
    return { kind: 'slice' as const, shape: r.slice!.shape, twisted: r.slice!.twisted, excludeCubes: cubesHeldByOthers(holds, r.id), placement: 'lease-aware' as const, leaseEndsAt: r.expiresAt, cubeLeases };
  }

  async place(r: Reservation): Promise<Placement> {
    const intent = r.endpoints
      ? // Links on free ports only, off every port another reservation holds (I4), nobody else's circuit moved.
        { kind: 'links' as const, links: r.endpoints.links, excludePorts: portsHeldByOthers(await this.store.holds(), r.id) }
      : await this.sliceIntent(r);
    try {
      // store=false: a reservation keeps its placement in its own record, not as a named topology.
      const { plan } = await this.planner.plan(`reservation-${r.id}`, intent, { name: r.owner, tenant: r.tenant }, { store: false });
      const layout = plan.details.layout as TorusLayout | undefined;
      const crossConnects = plan.changes.flatMap((c) => c.add.map((p) => ({ switchId: c.switchId, north: p.north, south: p.south })));
      return { ok: true, cubes: layout?.cubes ?? [], crossConnects, stages: plan.stages.map((s) => ({ changes: s.changes })) };
    } catch (e) {
      const body = e instanceof HttpException ? (e.getResponse() as { rule?: string; message?: string }) : undefined;
      if (body?.rule && CAPACITY_RULES.has(body.rule)) return { ok: false, rule: body.rule, message: String(body.message) };
      throw e;
    }
  }
}
