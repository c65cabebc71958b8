/**
 * `--current`: today's cross-connects, as a bare list or as `{crossConnects: [...]}` so a plan printed
 * with `--full-state` (which carries other fields too) is itself a valid `--current`.
 */
import { z } from 'zod';

const crossConnect = z.object({ switchId: z.string().min(1), north: z.number().int().min(1), south: z.number().int().min(1) }).strict();

export const crossConnectListSchema = z.union([z.array(crossConnect), z.object({ crossConnects: z.array(crossConnect) }).loose()]);
