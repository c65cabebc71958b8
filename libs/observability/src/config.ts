import type { z } from 'zod';

/**
 * Validates configuration once at start-up (house rule 9): every problem is listed with the
 * variable it concerns, and the process refuses to start rather than run half-configured.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv, service: string): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`).join('\n');
  throw new Error(`${service}: invalid configuration, fix these environment variables:\n${problems}`);
}
