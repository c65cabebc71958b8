/**
 * Fault-injection requests as JSON, for the agent's admin endpoint: validate a body with
 * FaultRequestSchema (or parseFaultRequest, which throws a typed error), then applyFault().
 * The schema checks shapes only; port ranges depend on the switch, and applyFault reports them with
 * MemsSimInvalidArgumentError (drift on a pair that is not connected: MemsSimNotFoundError).
 */
import { z } from 'zod';
import { supportsFaultInjection, type FaultInjector } from './fault-injector';
import { MAX_LOSS_DB } from './mems-sim.constants';
import { MemsSimInvalidArgumentError } from './mems-sim.errors';
import type { DriverEvent, SwitchDriver } from './switch-driver';

const Side = z.enum(['north', 'south']);
const Port = z.number().int().min(1);
const Db = z.number().positive().max(MAX_LOSS_DB);

export const FailPortRequestSchema = z.strictObject({
  kind: z.literal('fail-port'),
  side: Side,
  port: Port,
  /** Free text carried into the port-health event, e.g. "fibre cut in tray 3". */
  reason: z.string().min(1).max(200).optional(),
});

export const RestorePortRequestSchema = z.strictObject({ kind: z.literal('restore-port'), side: Side, port: Port });

export const StickMirrorRequestSchema = z.strictObject({
  kind: z.literal('stick-mirror'),
  side: Side,
  port: Port,
  /** How many connects/disconnects touching the port fail; default 1 (the next one). */
  operations: z.number().int().min(1).max(1_000_000).optional(),
});

export const UnstickMirrorRequestSchema = z.strictObject({ kind: z.literal('unstick-mirror'), side: Side, port: Port });

export const DriftLossRequestSchema = z
  .strictObject({ kind: z.literal('drift-loss'), north: Port, south: Port, dbPerTick: Db.optional(), targetDb: Db.optional() })
  .refine((r) => r.dbPerTick !== undefined || r.targetDb !== undefined, {
    message: 'give dbPerTick (dB per telemetry tick), targetDb (dB to creep up to), or both',
  });

export const PowerLossRequestSchema = z.strictObject({ kind: z.literal('power-loss') });
export const PowerRestoreRequestSchema = z.strictObject({ kind: z.literal('power-restore') });

export const FaultRequestSchema = z.discriminatedUnion('kind', [
  FailPortRequestSchema,
  RestorePortRequestSchema,
  StickMirrorRequestSchema,
  UnstickMirrorRequestSchema,
  DriftLossRequestSchema,
  PowerLossRequestSchema,
  PowerRestoreRequestSchema,
]);

export type FaultRequest = z.infer<typeof FaultRequestSchema>;
export type FaultKind = FaultRequest['kind'];

export interface FaultOutcome {
  request: FaultRequest;
  /** The events the fault raised at once (drift raises its events later, on telemetry ticks). */
  events: DriverEvent[];
}

/** Validates an untrusted body; throws MemsSimInvalidArgumentError listing every problem. */
export function parseFaultRequest(body: unknown): FaultRequest {
  const parsed = FaultRequestSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
  throw new MemsSimInvalidArgumentError('fault-request', `invalid fault request: ${problems}`);
}

function dispatch(driver: FaultInjector, request: FaultRequest): void {
  switch (request.kind) {
    case 'fail-port':
      return driver.failPort(request.side, request.port, request.reason);
    case 'restore-port':
      return driver.restorePort(request.side, request.port);
    case 'stick-mirror':
      return driver.stickMirror(request.side, request.port, request.operations);
    case 'unstick-mirror':
      return driver.unstickMirror(request.side, request.port);
    case 'drift-loss':
      return driver.driftLoss(request.north, request.south, { dbPerTick: request.dbPerTick, targetDb: request.targetDb });
    case 'power-loss':
      return driver.powerLoss();
    case 'power-restore':
      return driver.powerRestore();
  }
}

/**
 * Applies a validated fault and returns the events it raised, so an admin endpoint can echo them.
 * Takes any SwitchDriver because the agent holds its drivers by that interface; one without fault
 * injection (a real switch's driver) gets MemsSimInvalidArgumentError, never a half-applied fault.
 */
export function applyFault(driver: SwitchDriver | FaultInjector, request: FaultRequest): FaultOutcome {
  if (!supportsFaultInjection(driver)) {
    throw new MemsSimInvalidArgumentError('apply-fault', 'this driver does not support fault injection; only simulated switches do');
  }
  const events: DriverEvent[] = [];
  const unsubscribe = driver.onEvent((event) => events.push(event));
  try {
    dispatch(driver, request);
  } finally {
    unsubscribe();
  }
  return { request, events };
}
