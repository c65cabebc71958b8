import { MANUAL_OWNER, REPAIR_OWNER, type CircuitOwner } from '@lightpath/contracts';

/**
 * Circuit owners as stored in Redis (`ocs:{f}:own:<switch>`, north -> code), kept short because a
 * fabric has thousands of switches of hundreds of ports: `manual` is no entry at all (so circuits
 * stored before owners existed read as manual), `repair` is `p`, `topology:<name>` is `t:<name>`
 * and `reservation:<id>` is `r:<id>`. The Lua scripts compare codes only by the `t:`/`r:` prefix.
 */
export const MANUAL_CODE = '';

export function encodeOwner(owner: CircuitOwner): string {
  if (owner === MANUAL_OWNER) return MANUAL_CODE;
  if (owner === REPAIR_OWNER) return 'p';
  if (owner.startsWith('topology:')) return `t:${owner.slice('topology:'.length)}`;
  if (owner.startsWith('reservation:')) return `r:${owner.slice('reservation:'.length)}`;
  throw new Error(`state/encodeOwner: unknown circuit owner "${owner}" (expected manual, repair, topology:<name> or reservation:<id>)`);
}

export function decodeOwner(code: string | null | undefined): CircuitOwner {
  if (!code) return MANUAL_OWNER;
  if (code === 'p') return REPAIR_OWNER;
  if (code.startsWith('t:')) return `topology:${code.slice(2)}`;
  if (code.startsWith('r:')) return `reservation:${code.slice(2)}`;
  // An unknown code is shown, not hidden: it can only come from a newer writer or a hand edit.
  return code;
}

/**
 * Lua: the displacement rule of mayDisplace (contracts/circuit-owner.schema.ts) on codes, for the
 * claim scripts. `owner_code` is the circuit's stored code ('' for manual), `self` the operation's.
 */
export const MAY_DISPLACE_LUA = `
local function may_displace(policy, self, owner_code)
  if owner_code == self or policy == 'any' then return true end
  if policy == 'others' then return string.sub(owner_code, 1, 2) ~= 'r:' end
  if policy == 'topologies' then return string.sub(owner_code, 1, 2) == 't:' end
  return false
end
`;
