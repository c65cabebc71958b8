import type { z } from 'zod';

export type DecodeResult<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Decodes a Kafka message value: bytes -> JSON -> schema. Never throws: a message that cannot be
 * decoded is the caller's to dead-letter, and the consumer must carry on.
 */
export function decodeMessage<S extends z.ZodType>(schema: S, value: Buffer | null): DecodeResult<z.infer<S>> {
  if (value === null || value.length === 0) return { ok: false, error: 'empty message value' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (err) {
    return { ok: false, error: `not JSON: ${(err as Error).message}` };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { ok: false, error: formatIssues(parsed.error) };
  return { ok: true, value: parsed.data };
}

/** Formats zod issues as "path: message; path: message", naming each offending field. */
export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
}
