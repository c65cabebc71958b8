import { z } from 'zod';

/** What goes to the dead-letter topic: the raw message untouched plus why it was refused. */
export const DeadLetterSchema = z.object({
  sourceTopic: z.string(),
  partition: z.number().int(),
  offset: z.string(),
  key: z.string().nullable(),
  /** The original bytes as UTF-8 when they decode, base64 otherwise (see encoding). */
  payload: z.string(),
  encoding: z.enum(['utf8', 'base64']),
  error: z.string(),
  consumer: z.string(),
  at: z.number().int(),
});

export type DeadLetter = z.infer<typeof DeadLetterSchema>;
