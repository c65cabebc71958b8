import { z } from 'zod';

/** KAFKA_IDEMPOTENT: `true` or `false` (default), parsed once at start like every setting. */
export const KafkaIdempotentSchema = z
  .enum(['true', 'false'], { message: 'true or false' })
  .default('false')
  .transform((v) => v === 'true');
