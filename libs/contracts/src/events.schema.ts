import { z } from 'zod';
import {
  CrossConnectPairSchema,
  EpochMillisSchema,
  PortHealthSchema,
  PortNumberSchema,
  PortSideSchema,
  SwitchIdSchema,
} from './primitives.schema';

/** Agent -> orchestrator, all on the events topic keyed by switch id. */
const EventBase = z.object({ switchId: SwitchIdSchema, agentId: z.string().min(1).max(128), at: EpochMillisSchema });

/**
 * The highest leadership epoch the switch has accepted a command from (its fencing floor). The
 * orchestrator keeps its own epoch above it, so a Redis that lost its counter cannot make every
 * command stale. Optional: agents before this field still validate.
 */
const SeenEpoch = { epoch: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional() };

export const RegisterEventSchema = EventBase.extend({
  type: z.literal('register'),
  northPorts: PortNumberSchema,
  southPorts: PortNumberSchema,
  driver: z.string().min(1).max(64),
  profile: z.string().min(1).max(64),
  capabilities: z.array(z.string().max(64)).max(64),
  ...SeenEpoch,
});

/**
 * `consuming`: the agent's command consumer is in its group and fetching, so a command sent now will
 * be read. An agent whose consumer is down still heartbeats (the process lives), and the orchestrator
 * must then treat its switches as unreachable rather than send commands nobody reads. Absent (agents
 * older than this field) means true.
 */
export const HeartbeatEventSchema = EventBase.extend({ type: z.literal('heartbeat'), powered: z.boolean(), consuming: z.boolean().optional(), ...SeenEpoch });

export const RejectCodeSchema = z.enum([
  'PORT_OUT_OF_RANGE',
  'INVALID_PAIR',
  'PORT_BUSY',
  'PORT_FAILED',
  'MIRROR_STUCK',
  'NOT_CONNECTED',
  'POWERED_OFF',
  // A remote switch (TL1, NETCONF, gNMI) could not be asked, or its answer was lost: see docs/southbound.md.
  'SWITCH_UNREACHABLE',
  'OUTCOME_UNKNOWN',
  'DEVICE_ERROR',
]);

export const PairResultSchema = CrossConnectPairSchema.extend({
  ok: z.boolean(),
  code: RejectCodeSchema.optional(),
  reason: z.string().max(512).optional(),
  lossDb: z.number().optional(),
  switchingMs: z.number().nonnegative().optional(),
});

/**
 * applied: every pair succeeded; partial: some failed (see results); rejected: nothing was tried
 * (stale epoch, unknown switch, or for one part: past its deadline); duplicate: this command id was
 * already applied, results repeated.
 */
export const AckStatusSchema = z.enum(['applied', 'partial', 'failed', 'rejected', 'duplicate']);
export const AckPartStatusSchema = z.enum(['applied', 'partial', 'failed', 'rejected']);

/** One operation's results within an ack: the part of the command it answers, by operation and step. */
export const AckPartSchema = z.object({
  operationId: z.string().min(1).max(64),
  step: z.string().min(1).max(64),
  status: AckPartStatusSchema,
  reason: z.string().max(512).optional(),
  disconnected: z.array(PairResultSchema),
  connected: z.array(PairResultSchema),
});

export const AckEventSchema = EventBase.extend({
  type: z.literal('ack'),
  commandId: z.string().min(1).max(128),
  epoch: z.number().int().nonnegative(),
  status: AckStatusSchema,
  reason: z.string().max(512).optional(),
  /** Results per part of the command, in the command's order (a refused command: every part rejected). */
  parts: z.array(AckPartSchema).max(1024),
  /** Time the mirrors took (simulated switching time), to split round-trip into switch and control plane. */
  switchingMs: z.number().nonnegative(),
});

export const ActiveCrossConnectSchema = CrossConnectPairSchema.extend({ lossDb: z.number(), since: EpochMillisSchema });

export const PortStatusSchema = z.object({
  side: PortSideSchema,
  port: PortNumberSchema,
  health: PortHealthSchema,
  powerDbm: z.number().nullable(),
});

export const SnapshotEventSchema = EventBase.extend({
  type: z.literal('snapshot'),
  reason: z.enum(['startup', 'periodic', 'requested', 'power', 'fault', 'reconnect']),
  powered: z.boolean(),
  crossConnects: z.array(ActiveCrossConnectSchema),
  ports: z.array(PortStatusSchema),
});

export const AlarmEventSchema = EventBase.extend({
  type: z.literal('alarm'),
  severity: z.enum(['minor', 'major', 'critical', 'cleared']),
  code: z.string().min(1).max(64),
  message: z.string().max(512),
  port: z.object({ side: PortSideSchema, port: PortNumberSchema }).optional(),
});

export const SwitchEventSchema = z.discriminatedUnion('type', [
  RegisterEventSchema,
  HeartbeatEventSchema,
  AckEventSchema,
  SnapshotEventSchema,
  AlarmEventSchema,
]);

export type RegisterEvent = z.infer<typeof RegisterEventSchema>;
export type HeartbeatEvent = z.infer<typeof HeartbeatEventSchema>;
export type AckEvent = z.infer<typeof AckEventSchema>;
export type AckPart = z.infer<typeof AckPartSchema>;

/** Every pair an ack reports, over all its parts: what the switch now holds, whatever operation asked. */
export function ackPairs(ack: AckEvent): { disconnected: PairResult[]; connected: PairResult[] } {
  return { disconnected: ack.parts.flatMap((p) => p.disconnected), connected: ack.parts.flatMap((p) => p.connected) };
}
export type PairResult = z.infer<typeof PairResultSchema>;
export type RejectCode = z.infer<typeof RejectCodeSchema>;
export type SnapshotEvent = z.infer<typeof SnapshotEventSchema>;
export type AlarmEvent = z.infer<typeof AlarmEventSchema>;
export type SwitchEvent = z.infer<typeof SwitchEventSchema>;
export type ActiveCrossConnect = z.infer<typeof ActiveCrossConnectSchema>;
export type PortStatus = z.infer<typeof PortStatusSchema>;
