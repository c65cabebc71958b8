import { z } from 'zod';
import { SWITCH_ID_PATTERN } from './topics';

/** Upper bound on ports per side: above the largest switch sold (Polatis 384) with room to grow. */
export const MAX_PORTS_PER_SIDE = 1024;

export const SwitchIdSchema = z
  .string()
  .regex(SWITCH_ID_PATTERN, 'must be 1-128 characters of letters, digits, ".", "_" or "-", starting with a letter or digit');

export const PortNumberSchema = z.number().int().min(1).max(MAX_PORTS_PER_SIDE);

export const PortSideSchema = z.enum(['north', 'south']);

export const CrossConnectPairSchema = z.strictObject({ north: PortNumberSchema, south: PortNumberSchema });

export const PortHealthSchema = z.enum(['ok', 'degraded', 'failed']);

export const EpochMillisSchema = z.number().int().nonnegative();
