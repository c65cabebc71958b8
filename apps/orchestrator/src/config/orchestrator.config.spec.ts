import { describe, expect, it } from 'vitest';
import { OrchestratorConfigSchema } from './orchestrator.config';

describe('COMMAND_SEND_TIMEOUT_MS', () => {
  it('defaults to 2 s, below the default command timeout', () => {
    const config = OrchestratorConfigSchema.parse({});
    expect(config.COMMAND_SEND_TIMEOUT_MS).toBe(2_000);
    expect(config.COMMAND_SEND_TIMEOUT_MS).toBeLessThan(config.COMMAND_TIMEOUT_MS);
  });

  it('unset with a short COMMAND_TIMEOUT_MS, leaves the agent a quarter second (at least half of it)', () => {
    expect(OrchestratorConfigSchema.parse({ COMMAND_TIMEOUT_MS: '1500' }).COMMAND_SEND_TIMEOUT_MS).toBe(1250);
    expect(OrchestratorConfigSchema.parse({ COMMAND_TIMEOUT_MS: '300' }).COMMAND_SEND_TIMEOUT_MS).toBe(150);
  });

  it('is refused when not below COMMAND_TIMEOUT_MS, naming the variable', () => {
    const parsed = OrchestratorConfigSchema.safeParse({ COMMAND_SEND_TIMEOUT_MS: '5000', COMMAND_TIMEOUT_MS: '5000' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].path).toEqual(['COMMAND_SEND_TIMEOUT_MS']);
  });

  it('is refused when not a whole number of milliseconds', () => {
    expect(OrchestratorConfigSchema.safeParse({ COMMAND_SEND_TIMEOUT_MS: '1.5' }).success).toBe(false);
    expect(OrchestratorConfigSchema.safeParse({ COMMAND_SEND_TIMEOUT_MS: '50' }).success).toBe(false);
  });
});

describe('Redis layout settings', () => {
  it('a misconfigured REDIS_CLUSTER_NODES stops the start with one line naming the variable and the bad entry', async () => {
    const { loadConfig } = await import('@lightpath/observability');
    expect(() => loadConfig(OrchestratorConfigSchema, { REDIS_CLUSTER_NODES: 'redis-a' }, 'orchestrator')).toThrow(
      /\n {2}REDIS_CLUSTER_NODES: "redis-a" is not host:port \(e\.g\. 10\.0\.0\.1:7000\)[^\n]*$/,
    );
  });

  it('KAFKA_IDEMPOTENT is off unless set to true, and refuses anything but true or false', () => {
    expect(OrchestratorConfigSchema.parse({}).KAFKA_IDEMPOTENT).toBe(false);
    expect(OrchestratorConfigSchema.parse({ KAFKA_IDEMPOTENT: 'true' }).KAFKA_IDEMPOTENT).toBe(true);
    expect(OrchestratorConfigSchema.safeParse({ KAFKA_IDEMPOTENT: 'yes' }).success).toBe(false);
  });
});

describe('ORCH_JSON_BODY_LIMIT_MB', () => {
  it('defaults to 16 MiB and takes a larger limit for fabrics of 1,000 OCS', () => {
    expect(OrchestratorConfigSchema.parse({}).ORCH_JSON_BODY_LIMIT_MB).toBe(16);
    expect(OrchestratorConfigSchema.parse({ ORCH_JSON_BODY_LIMIT_MB: '256' }).ORCH_JSON_BODY_LIMIT_MB).toBe(256);
  });

  it('refuses zero and fractions, naming the variable', () => {
    expect(OrchestratorConfigSchema.safeParse({ ORCH_JSON_BODY_LIMIT_MB: '0' }).error?.issues[0]?.path).toEqual(['ORCH_JSON_BODY_LIMIT_MB']);
    expect(OrchestratorConfigSchema.safeParse({ ORCH_JSON_BODY_LIMIT_MB: '1.5' }).success).toBe(false);
  });
});

describe('LEADER_LEASE_MS and LEADER_RENEW_MS', () => {
  it('default to a 1 s lease renewed every fifth of it', () => {
    const config = OrchestratorConfigSchema.parse({});
    expect(config.LEADER_LEASE_MS).toBe(1_000);
    expect(config.LEADER_RENEW_MS).toBe(200);
    expect(OrchestratorConfigSchema.parse({ LEADER_LEASE_MS: '3000' }).LEADER_RENEW_MS).toBe(600);
  });

  it('refuse a renewal period too long for the lease, naming both settings', () => {
    const parsed = OrchestratorConfigSchema.safeParse({ LEADER_LEASE_MS: '1000', LEADER_RENEW_MS: '500' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['LEADER_RENEW_MS'] });
    expect(parsed.error?.issues[0]?.message).toMatch(/LEADER_RENEW_MS \(500\) must be at most .*LEADER_LEASE_MS/);
  });

  it('refuse a lease below 300 ms', () => {
    expect(OrchestratorConfigSchema.safeParse({ LEADER_LEASE_MS: '200' }).success).toBe(false);
  });
});
