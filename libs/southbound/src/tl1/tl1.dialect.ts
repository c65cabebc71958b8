/**
 * lightpath's Calient-style TL1 dialect: the commands the driver sends and the simulator serves,
 * and what their text blocks mean. Shared by both ends so they cannot drift apart; the golden
 * fixtures (fixtures/*.tl1) pin the bytes.
 *
 * From public TL1 references (see tl1.codec.ts): ACT-USER / CANC-USER log in and out; ENT-CRS,
 * DLT-CRS, RTRV-CRS enter, delete and retrieve cross-connects; "&" lists pair AIDs one-to-one;
 * COMPLD / PRTL / DENY; error codes IIAC (invalid AID), IDNV (data not valid), IICM (invalid
 * command), PLNA (login not active), PIUI (invalid user or password); REPT ALM with ntfcncde
 * CR/MJ/MN/CL. Port states OK / FAIL and the minor/critical optical-power thresholds are Calient's
 * (docs/ocs-facts.md).
 * ASSUMED (no public document settles them; docs/southbound.md): port AIDs N<n> / S<n>; the text
 * block forms below (LOSS=, SWMS=, PST=, PWR=, COND=DEGR, the RTRV-NETYPE port counts and BULK=Y);
 * error codes SAAS (port busy), SPFL (port failed), SMST (mirror stuck), SRCN (not connected),
 * SPWR (powered off); the condition types PORT-FAIL / PORT-DEGR / PWR.
 */
import type { AlarmSeverity, CrossConnectPair, PairResult, PortHealth, PortRef, RejectCode } from '@lightpath/mems-sim';
import { formatCommand, Tl1ParseError, type AlarmCode, type Tl1Block } from './tl1.codec';

export const TL1_DEFAULT_PORT = 3082;

const ERROR_CODES: Record<string, RejectCode> = {
  IIAC: 'PORT_OUT_OF_RANGE',
  IDNV: 'INVALID_PAIR',
  SAAS: 'PORT_BUSY',
  SPFL: 'PORT_FAILED',
  SMST: 'MIRROR_STUCK',
  SRCN: 'NOT_CONNECTED',
  SPWR: 'POWERED_OFF',
};
const CODE_OF: Partial<Record<RejectCode, string>> = Object.fromEntries(Object.entries(ERROR_CODES).map(([k, v]) => [v, k]));

export function rejectCodeOf(ercde: string): RejectCode {
  return ERROR_CODES[ercde] ?? 'DEVICE_ERROR';
}

export function errorCodeOf(code: RejectCode | undefined): string {
  return (code && CODE_OF[code]) ?? 'SROF';
}

export function portAid(ref: PortRef): string {
  return `${ref.side === 'north' ? 'N' : 'S'}${ref.port}`;
}

export function parsePortAid(aid: string): PortRef {
  const m = /^([NS])(\d{1,4})$/.exec(aid);
  if (!m) throw new Tl1ParseError(`port AID ${JSON.stringify(aid)} is not N<port> or S<port>`);
  return { side: m[1] === 'N' ? 'north' : 'south', port: Number(m[2]) };
}

/** "K=V,K=V" -> record. */
export function parseParams(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq < 0) throw new Tl1ParseError(`parameter ${JSON.stringify(part)} is not NAME=VALUE`);
    out[part.slice(0, eq).toUpperCase()] = part.slice(eq + 1);
  }
  return out;
}

// ---- commands (driver -> switch) --------------------------------------------------------------------

const pairAids = (pairs: CrossConnectPair[]) =>
  `${pairs.map((p) => portAid({ side: 'north', port: p.north })).join('&')},${pairs.map((p) => portAid({ side: 'south', port: p.south })).join('&')}`;

export const tl1Commands = {
  login: (user: string, password: string, ctag: string) => formatCommand({ verb: 'ACT-USER', tid: '', aid: user, ctag, params: password }),
  logout: (user: string, ctag: string) => formatCommand({ verb: 'CANC-USER', tid: '', aid: user, ctag, params: '' }),
  retrieveNeType: (ctag: string) => formatCommand({ verb: 'RTRV-NETYPE', tid: '', aid: '', ctag, params: '' }),
  retrieveCrossConnects: (ctag: string) => formatCommand({ verb: 'RTRV-CRS', tid: '', aid: 'ALL', ctag, params: '' }),
  retrievePorts: (ctag: string) => formatCommand({ verb: 'RTRV-PORT', tid: '', aid: 'ALL', ctag, params: '' }),
  /** One bulk command for the whole batch: north AIDs & south AIDs, matched one-to-one. */
  enterCrossConnects: (pairs: CrossConnectPair[], ctag: string) => formatCommand({ verb: 'ENT-CRS', tid: '', aid: pairAids(pairs), ctag, params: '' }),
  deleteCrossConnects: (pairs: CrossConnectPair[], ctag: string) => formatCommand({ verb: 'DLT-CRS', tid: '', aid: pairAids(pairs), ctag, params: '' }),
};

/** The sim's reading of an ENT-CRS / DLT-CRS AID field: "N1&N2,S5&S6" -> pairs. */
export function parsePairAids(aid: string): CrossConnectPair[] {
  const [from, to, extra] = aid.split(',');
  if (from === undefined || to === undefined || extra !== undefined) throw new Tl1ParseError(`cross-connect AID ${JSON.stringify(aid.slice(0, 80))} is not FROM,TO`);
  const norths = from.split('&').map(parsePortAid);
  const souths = to.split('&').map(parsePortAid);
  if (norths.length !== souths.length) throw new Tl1ParseError(`cross-connect AID lists ${norths.length} from-ports and ${souths.length} to-ports; they pair one-to-one`);
  return norths.map((n, i) => {
    if (n.side !== 'north' || souths[i].side !== 'south') throw new Tl1ParseError(`pair ${portAid(n)},${portAid(souths[i])} must go from an N port to an S port`);
    return { north: n.port, south: souths[i].port };
  });
}

// ---- text blocks ----------------------------------------------------------------------------------

/** Result blocks of ENT-CRS / DLT-CRS, one per pair, in order (the sim writes them, the driver reads). */
export function pairResultBlock(r: PairResult): Tl1Block {
  const aid = `N${r.north},S${r.south}`;
  if (!r.ok) return { text: `${aid}:ERCDE=${errorCodeOf(r.code)}`, comment: r.reason };
  const params = [r.lossDb !== undefined ? `LOSS=${r.lossDb.toFixed(2)}` : '', r.switchingMs !== undefined ? `SWMS=${r.switchingMs.toFixed(2)}` : ''].filter(Boolean);
  return { text: `${aid}:${params.join(',')}` };
}

export function readPairResult(block: Tl1Block): PairResult {
  const [aid, params = ''] = splitOnce(block.text, ':');
  const [pair] = parsePairAids(aid);
  const p = parseParams(params);
  if (p.ERCDE) {
    const code = rejectCodeOf(p.ERCDE);
    const reason = block.comment ?? `the switch refused N${pair.north}-S${pair.south} with ${p.ERCDE}`;
    return { ...pair, ok: false, code, reason: code === 'DEVICE_ERROR' ? `device error ${p.ERCDE}: ${reason}` : reason };
  }
  const out: PairResult = { ...pair, ok: true };
  if (p.LOSS !== undefined) out.lossDb = number(p.LOSS, 'LOSS');
  if (p.SWMS !== undefined) out.switchingMs = number(p.SWMS, 'SWMS');
  return out;
}

/** RTRV-CRS line: "N1,S5:LOSS=1.20". */
export function readCrossConnect(block: Tl1Block): CrossConnectPair & { lossDb: number } {
  const [aid, params = ''] = splitOnce(block.text, ':');
  const [pair] = parsePairAids(aid);
  const loss = parseParams(params).LOSS;
  return { ...pair, lossDb: loss === undefined ? 0 : number(loss, 'LOSS') };
}

/** RTRV-PORT line: "N40:PST=FAIL" or "S5:PST=OK,PWR=-3.21" or "N7:PST=OK,COND=DEGR,PWR=-12.40". */
export function portBlock(ref: PortRef, health: PortHealth, powerDbm: number | null): Tl1Block {
  const parts = [`PST=${health === 'failed' ? 'FAIL' : 'OK'}`, ...(health === 'degraded' ? ['COND=DEGR'] : []), ...(powerDbm === null ? [] : [`PWR=${powerDbm.toFixed(2)}`])];
  return { text: `${portAid(ref)}:${parts.join(',')}` };
}

export function readPort(block: Tl1Block): PortRef & { health: PortHealth; powerDbm: number | null } {
  const [aid, params = ''] = splitOnce(block.text, ':');
  const p = parseParams(params);
  const health: PortHealth = p.PST === 'FAIL' ? 'failed' : p.COND === 'DEGR' ? 'degraded' : 'ok';
  return { ...parsePortAid(aid), health, powerDbm: p.PWR === undefined ? null : number(p.PWR, 'PWR') };
}

/** RTRV-NETYPE: "VENDOR,MODEL,OCS,FIRMWARE:NPORTS=136,SPORTS=136,BULK=Y,POWER=ON". */
export function readNeType(block: Tl1Block): { vendor: string; model: string; firmware: string; northPorts: number; southPorts: number; bulk: boolean; powered: boolean } {
  const [id, params = ''] = splitOnce(block.text, ':');
  const [vendor, model, , firmware] = id.split(',');
  const p = parseParams(params);
  if (!vendor || !model) throw new Tl1ParseError(`RTRV-NETYPE block ${JSON.stringify(block.text.slice(0, 80))} names no vendor and model`);
  return { vendor, model, firmware: firmware ?? 'unknown', northPorts: number(p.NPORTS ?? '', 'NPORTS'), southPorts: number(p.SPORTS ?? p.NPORTS ?? '', 'SPORTS'), bulk: p.BULK === 'Y', powered: p.POWER !== 'OFF' };
}

// ---- autonomous alarms ------------------------------------------------------------------------------

const SEVERITY: Record<string, AlarmSeverity | undefined> = { CR: 'critical', MJ: 'major', MN: 'minor', CL: undefined };
export const ALARM_CODE: Record<string, AlarmCode> = { CR: '*C', MJ: '**', MN: '*', CL: 'A' };

/** "N40:CR,PORT-FAIL,SA,,,,:port failed" (GR-833 REPT ALM: aid:ntfcncde,condtype,srveff,...:desc). */
export function alarmBlock(aid: string, ntfcncde: 'CR' | 'MJ' | 'MN' | 'CL', condtype: string, description: string): Tl1Block {
  return { text: `${aid}:${ntfcncde},${condtype},${ntfcncde === 'CL' ? 'NSA' : 'SA'},,,,:${description.replace(/[\r\n]/g, ' ')}` };
}

export type Tl1Alarm =
  | { kind: 'port'; port: PortRef; health: PortHealth; severity?: AlarmSeverity; reason: string }
  | { kind: 'power'; powered: boolean; reason: string };

export function readAlarm(block: Tl1Block): Tl1Alarm {
  const [aid, rest = ''] = splitOnce(block.text, ':');
  const [fields, description = ''] = splitOnce(rest, ':');
  const [ntfcncde, condtype] = fields.split(',');
  if (!(ntfcncde in SEVERITY)) throw new Tl1ParseError(`alarm notification code ${JSON.stringify(ntfcncde)} is not CR, MJ, MN or CL`);
  const cleared = ntfcncde === 'CL';
  if (condtype === 'PWR') return { kind: 'power', powered: cleared, reason: description || (cleared ? 'power restored' : 'power lost') };
  if (condtype !== 'PORT-FAIL' && condtype !== 'PORT-DEGR') throw new Tl1ParseError(`alarm condition type ${JSON.stringify(condtype)} is not PORT-FAIL, PORT-DEGR or PWR`);
  const health: PortHealth = cleared ? 'ok' : condtype === 'PORT-FAIL' ? 'failed' : 'degraded';
  const severity = SEVERITY[ntfcncde];
  return { kind: 'port', port: parsePortAid(aid), health, ...(severity ? { severity } : {}), reason: description || `${aid} ${health}` };
}

function splitOnce(text: string, sep: string): [string, string?] {
  const i = text.indexOf(sep);
  return i < 0 ? [text] : [text.slice(0, i), text.slice(i + 1)];
}

function number(text: string, name: string): number {
  const n = Number(text);
  if (text === '' || !Number.isFinite(n)) throw new Tl1ParseError(`${name}=${JSON.stringify(text)} is not a number`);
  return n;
}
