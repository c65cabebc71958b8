import { createHash, timingSafeEqual } from 'node:crypto';
import { type CryptoKey, errors as joseErrors, importSPKI, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { OrchestratorConfig } from '../config/orchestrator.config';
import { AuthenticationError } from './auth-errors';
import type { ApiToken } from '../config/api-tokens.schema';
import type { Principal } from './principal';
import { isRole, ROLES } from '@lightpath/contracts';

/** Clock skew tolerated on `exp`/`nbf` between the token issuer and this process. */
const CLOCK_TOLERANCE_S = 5;

type AuthConfig = Pick<
  OrchestratorConfig,
  'API_TOKENS' | 'JWT_HS256_SECRET' | 'JWT_PUBLIC_KEY' | 'JWT_PUBLIC_KEY_ALG' | 'JWT_ISSUER' | 'JWT_AUDIENCE' | 'JWT_ROLE_CLAIM' | 'JWT_TENANT_CLAIM'
>;

interface JwtKeys {
  hs256?: Uint8Array;
  publicKey?: { alg: 'RS256' | 'ES256'; key: CryptoKey };
}

const sha256 = (s: string) => createHash('sha256').update(s).digest();

/**
 * Turns a bearer token into a Principal: a static API token from configuration, or a JWT verified
 * against the configured HS256 secret or RS256/ES256 public key. Static tokens are looked up by
 * their SHA-256 and compared in constant time, so lookup time says nothing about near misses.
 */
export class TokenVerifier {
  private readonly byHash = new Map<string, ApiToken>();

  private constructor(
    private readonly config: AuthConfig,
    private readonly keys: JwtKeys,
  ) {
    for (const t of config.API_TOKENS) this.byHash.set(sha256(t.token).toString('hex'), t);
  }

  /** Imports the JWT public key once (it is parsed at start-up, so a bad PEM stops the process). */
  static async create(config: AuthConfig): Promise<TokenVerifier> {
    const keys: JwtKeys = {};
    if (config.JWT_HS256_SECRET) keys.hs256 = new TextEncoder().encode(config.JWT_HS256_SECRET);
    if (config.JWT_PUBLIC_KEY) {
      const alg = config.JWT_PUBLIC_KEY_ALG;
      try {
        keys.publicKey = { alg, key: await importSPKI(config.JWT_PUBLIC_KEY, alg) };
      } catch (err) {
        throw new Error(`orchestrator/auth: JWT_PUBLIC_KEY is not a valid ${alg} public key (${(err as Error).message}); set JWT_PUBLIC_KEY_ALG to match the key`);
      }
    }
    return new TokenVerifier(config, keys);
  }

  /** True when no caller could ever authenticate: worth a warning at start-up. */
  get acceptsNothing(): boolean {
    return this.byHash.size === 0 && !this.keys.hs256 && !this.keys.publicKey;
  }

  async verify(token: string | undefined): Promise<Principal> {
    if (!token) throw new AuthenticationError('missing', 'no bearer token: send "Authorization: Bearer <token>" (an API token or a JWT)');
    const digest = sha256(token);
    const known = this.byHash.get(digest.toString('hex'));
    if (known && timingSafeEqual(sha256(known.token), digest)) {
      return { name: known.name, role: known.role, tenant: known.tenant, via: 'api-token' };
    }
    if (token.split('.').length === 3) return this.verifyJwt(token);
    throw new AuthenticationError('invalid', 'the bearer token is not a known API token nor a JWT: check it, or ask an admin for one');
  }

  private async verifyJwt(token: string): Promise<Principal> {
    const algorithms = [...(this.keys.hs256 ? ['HS256'] : []), ...(this.keys.publicKey ? [this.keys.publicKey.alg] : [])];
    if (algorithms.length === 0) {
      throw new AuthenticationError('invalid', 'a JWT was sent but this orchestrator has no JWT key configured (JWT_HS256_SECRET or JWT_PUBLIC_KEY): use an API token');
    }
    const getKey: JWTVerifyGetKey = (header) => (header.alg === 'HS256' ? this.keys.hs256! : this.keys.publicKey!.key);
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, getKey, {
        algorithms,
        issuer: this.config.JWT_ISSUER,
        audience: this.config.JWT_AUDIENCE,
        clockTolerance: CLOCK_TOLERANCE_S,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (err) {
      throw jwtError(err, algorithms);
    }
    return this.principalFromClaims(payload);
  }

  private principalFromClaims(payload: JWTPayload): Principal {
    const role = payload[this.config.JWT_ROLE_CLAIM];
    const tenant = payload[this.config.JWT_TENANT_CLAIM];
    if (!isRole(role)) {
      throw new AuthenticationError('invalid', `JWT claim "${this.config.JWT_ROLE_CLAIM}" must be one of ${ROLES.join(', ')}; got ${JSON.stringify(role)}`);
    }
    if (typeof tenant !== 'string' || tenant === '') {
      throw new AuthenticationError('invalid', `JWT claim "${this.config.JWT_TENANT_CLAIM}" must name the caller's tenant`);
    }
    return { name: String(payload.sub), role, tenant, via: 'jwt', expiresAt: Number(payload.exp) * 1000 };
  }
}

function jwtError(err: unknown, algorithms: string[]): AuthenticationError {
  if (err instanceof joseErrors.JWTExpired) {
    return new AuthenticationError('expired', `the JWT expired at ${new Date(Number(err.payload.exp) * 1000).toISOString()}: get a fresh one`);
  }
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    return new AuthenticationError('invalid', `JWT claim "${err.claim}" is not acceptable (${err.reason}): ${err.message}`);
  }
  if (err instanceof joseErrors.JOSEAlgNotAllowed) {
    return new AuthenticationError('invalid', `JWT algorithm not accepted here: use ${algorithms.join(' or ')}`);
  }
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) {
    return new AuthenticationError('invalid', 'the JWT signature does not verify against the configured key: was it issued for this fabric?');
  }
  return new AuthenticationError('invalid', `the JWT could not be verified: ${(err as Error).message}`);
}
