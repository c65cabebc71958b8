/**
 * Redis key names, built in one place (house rule 5). Every key carries the fabric as a hash tag,
 * `ocs:{fabric}:...`, so all of a fabric's keys land in one Redis Cluster slot and the Lua scripts
 * that touch several of them stay valid on a cluster.
 */
export interface FabricKeys {
  switches: string;
  switchInfo(switchId: string): string;
  /** Desired cross-connects, north -> south, including those an in-flight operation is making. */
  desiredByNorth(switchId: string): string;
  /** The same, south -> north: the reverse index that makes "one owner per port" a single HEXISTS. */
  desiredBySouth(switchId: string): string;
  /**
   * Owners of the desired cross-connects, north -> compact owner code (circuit-owner-codes.ts);
   * a north port with a desired cross-connect and no entry here is `manual`.
   */
  owners(switchId: string): string;
  /** Ports held by an in-flight operation ("n:5" / "s:7" -> operation id). */
  pending(switchId: string): string;
  /** Actual cross-connects as the switch last reported them, north -> JSON {south, lossDb, since}. */
  actual(switchId: string): string;
  /** Ports that are not plain healthy: "north:5" -> JSON PortStatus. */
  ports(switchId: string): string;
  /** Ports an operator marked failed, whatever the switch says: "north:5" -> JSON {by, at, reason}. */
  markedPorts(switchId: string): string;
  /** Single-switch cross-connect operations by creation time, for their own list (GET /v1/operations). */
  allOperations: string;
  epoch: string;
  /**
   * Every operation of the one engine: JSON per id, the open ones in a set; staged (multi-switch)
   * ones also by creation time (single-switch ones are in allOperations instead).
   */
  stagedOperation(id: string): string;
  openStagedOperations: string;
  allStagedOperations: string;
  /** The switches an open operation's current step awaits an answer from: switch id -> step token. */
  stepAwait(id: string): string;
  /** What each switch answered for that step: switch id -> JSON SwitchResult. */
  stepResults(id: string): string;
  /**
   * The same by scope, for lists a tenant's caller reads without scanning other tenants' work: one
   * sorted set per tenant, and one for fabric work (no tenant).
   */
  tenantStagedOperations(tenant: string): string;
  fabricStagedOperations: string;
  cancelRequested(id: string): string;
  /** Present while the fabric is frozen: no new operation is accepted. */
  frozen: string;
  /** The leader lease: JSON {id, epoch, url} with a TTL. */
  leader: string;
  /** Pub/sub: the lease holder publishes its id here when it hands the lease back (clean shutdown). */
  leaderReleased: string;
  audit: string;
  /** Pub/sub channel of watch events shared by the fabric's orchestrator replicas (not a key). */
  watchChannel: string;
  /** The fabric spec the planner uses: hash {version, spec (JSON), storedAt, storedBy}. */
  fabricSpec: string;
  /** Named topologies: hash name -> JSON {intent, last plan, when, spec version}. */
  topologies: string;
  /** Named topologies' scope: hash name -> tenant ('' for fabric work), small enough to list. */
  topologyScopes: string;
  /** Reservations (reservation-store.ts): JSON per id; all ids by creation time. */
  reservation(id: string): string;
  allReservations: string;
  /** One tenant's reservation ids by creation time, so its list never scans other tenants'. */
  tenantReservations(tenant: string): string;
  /** Who holds what: "cube:<id>" / "port:<switch>:<n|s>:<port>" -> reservation id (I4). */
  reservationHolds: string;
  /** Live reservations scored by lease expiry (ms), for the leader's sweeper. */
  reservationExpiry: string;
  /** Waiting reservations scored by priority, then arrival (reservation-store.ts queueScore). */
  reservationQueue: string;
  /** Idempotency-Key of a create -> "<reservation id> <body hash>", with a TTL. */
  reservationIdempotency(scope: string, key: string): string;
}

export function fabricKeys(fabric: string): FabricKeys {
  const p = `ocs:{${fabric}}`;
  return {
    switches: `${p}:switches`,
    switchInfo: (id) => `${p}:sw:${id}`,
    desiredByNorth: (id) => `${p}:want-n:${id}`,
    desiredBySouth: (id) => `${p}:want-s:${id}`,
    owners: (id) => `${p}:own:${id}`,
    pending: (id) => `${p}:pend:${id}`,
    actual: (id) => `${p}:have:${id}`,
    ports: (id) => `${p}:ports:${id}`,
    markedPorts: (id) => `${p}:marked:${id}`,
    allOperations: `${p}:ops:all`,
    epoch: `${p}:epoch`,
    leader: `${p}:leader`,
    leaderReleased: `${p}:leader-released`,
    stagedOperation: (id) => `${p}:sop:${id}`,
    openStagedOperations: `${p}:sops:open`,
    allStagedOperations: `${p}:sops:all`,
    tenantStagedOperations: (tenant) => `${p}:sops:tenant:${tenant}`,
    fabricStagedOperations: `${p}:sops:fabric`,
    stepAwait: (id) => `${p}:sop-await:${id}`,
    stepResults: (id) => `${p}:sop-results:${id}`,
    cancelRequested: (id) => `${p}:sop-cancel:${id}`,
    frozen: `${p}:frozen`,
    audit: `${p}:audit`,
    watchChannel: `${p}:watch`,
    fabricSpec: `${p}:spec`,
    topologies: `${p}:topologies`,
    topologyScopes: `${p}:topology-scopes`,
    reservation: (id) => `${p}:rsv:${id}`,
    allReservations: `${p}:rsvs:all`,
    tenantReservations: (tenant) => `${p}:rsvs:tenant:${tenant}`,
    reservationHolds: `${p}:rsv-holds`,
    reservationExpiry: `${p}:rsvs:expiry`,
    reservationQueue: `${p}:rsvs:queue`,
    reservationIdempotency: (scope, key) => `${p}:rsv-idem:${scope}:${key}`,
  };
}
