import { z } from 'zod';

/**
 * Who a circuit (a desired cross-connect) belongs to (docs/api.md, "Circuit owners"):
 * - `manual`: an operator's cross-connect request, and any circuit stored before owners existed;
 * - `topology:<name>`: a scheduler's named topology;
 * - `reservation:<id>`: a launcher's reservation;
 * - `repair`: a circuit a repair or reroute made that did not replace one with an owner.
 * Drains and repairs move circuits but keep their owner. Written atomically with the desired state
 * by the claim and commit scripts (libs/state).
 */
export const CircuitOwnerSchema = z
  .string()
  .regex(/^(manual|repair|topology:[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}|reservation:[a-zA-Z0-9][a-zA-Z0-9._-]{0,127})$/, 'manual, repair, topology:<name> or reservation:<id>');
export type CircuitOwner = z.infer<typeof CircuitOwnerSchema>;

export const MANUAL_OWNER = 'manual';
export const REPAIR_OWNER = 'repair';
export const topologyOwner = (name: string): CircuitOwner => `topology:${name}`;
export const reservationOwner = (id: string): CircuitOwner => `reservation:${id}`;

/**
 * Which other owners' circuits an operation may remove, besides its own (checked again inside the
 * claim script, so a circuit that changed owner after the plan was made is never taken):
 * `none` only its own; `topologies` other topologies' too; `others` everyone's but reservations'
 * (reservations move only under the preemption rules); `any` everyone's (repairs, drains and
 * reroutes, which keep each circuit's owner; reservation teardowns, which remove exactly their record's).
 */
export const DisplacePolicySchema = z.enum(['none', 'topologies', 'others', 'any']);
export type DisplacePolicy = z.infer<typeof DisplacePolicySchema>;

/** True when an operation owned by `self` under `policy` may remove a circuit owned by `other`. */
export function mayDisplace(policy: DisplacePolicy, self: CircuitOwner, other: CircuitOwner): boolean {
  if (other === self || policy === 'any') return true;
  if (policy === 'others') return !other.startsWith('reservation:');
  if (policy === 'topologies') return other.startsWith('topology:');
  return false;
}

/**
 * A staged operation's ownership: the owner of every circuit it adds (unless `inherited` names
 * another, keyed `<switchId>/<north>` of the added circuit: a moved circuit keeps its owner) and
 * which other owners' circuits it may remove.
 */
export const CircuitOwnershipSchema = z.object({
  owner: CircuitOwnerSchema,
  inherited: z.record(z.string(), CircuitOwnerSchema).optional(),
  displace: DisplacePolicySchema,
  /**
   * The owner the plan saw on each circuit it removes, keyed `<switchId>/<north>` of the removed
   * circuit. The claim script refuses the operation when a listed circuit's owner is another by then
   * (plan again). A repair needs it: it removes anyone's circuits (`any`) and gives each moved one
   * the owner it saw, so a circuit whose owner was written between the plan and the claim (a
   * reservation's setup finishing) would otherwise be moved under the wrong owner and lost to it.
   */
  removes: z.record(z.string(), CircuitOwnerSchema).optional(),
});
export type CircuitOwnership = z.infer<typeof CircuitOwnershipSchema>;

/** The owner a staged operation gives the circuit it adds on `north` of `switchId`. */
export function ownerOfAddition(ownership: CircuitOwnership | undefined, switchId: string, north: number): CircuitOwner {
  return ownership?.inherited?.[`${switchId}/${north}`] ?? ownership?.owner ?? MANUAL_OWNER;
}

/** ownership.removes for an operation removing these circuits, each with the owner its plan saw. */
export function ownersSeen(circuits: readonly { switchId: string; north: number; owner: CircuitOwner }[]): Record<string, CircuitOwner> {
  return Object.fromEntries(circuits.map((c) => [`${c.switchId}/${c.north}`, c.owner]));
}
