/**
 * TL1 input commands and output messages, parsed and formatted (Telcordia GR-831 layout).
 *
 * Sources (public): the general input form VERB-MOD:TID:AID:CTAG::params; and the output layout
 *   <cr><lf><lf>   SID YY-MM-DD HH:MM:SS<cr><lf>M  CTAG COMPLD<cr><lf>   "text block"<cr><lf>;
 * as the Wide Bank 28 DS3 R2.4 manual ("TL1 Commands and Messages: Response Syntax", p. 9-4) and the
 * Symmetricom SSU-2000 User's Guide (App. B, "COMPLD/DENY output response message conventions")
 * print them; "&" lists of AIDs matched one-to-one (Paradyne 4200 manual, ENT-CRS-VC, 6-7);
 * alarm codes *C / ** / *^ / A^ of autonomous messages (GR-833, quoted by the same manuals).
 * Calient's own S320 TL1 Reference Guide (2013) is public but its command pages were not readable
 * here: where it is silent to us, docs/southbound.md lists what is assumed.
 */

export type CompletionCode = 'COMPLD' | 'DENY' | 'PRTL' | 'DELAY' | 'RTRV';
/** Autonomous message alarm codes: critical, major, minor, non-alarm. */
export type AlarmCode = '*C' | '**' | '*' | 'A';

export interface Tl1Block {
  /** The quoted text block, unescaped, without its quotes. */
  text: string;
  /** A comment (/* ... *\/) that followed the block, e.g. the human reason of an error. */
  comment?: string;
}

export type Tl1Message =
  | { type: 'response'; sid: string; date: string; time: string; ctag: string; code: CompletionCode; blocks: Tl1Block[] }
  | { type: 'autonomous'; sid: string; date: string; time: string; alarm: AlarmCode; atag: string; verb: string; blocks: Tl1Block[] }
  | { type: 'ack'; code: string; ctag: string };

export interface Tl1Command {
  verb: string;
  tid: string;
  aid: string;
  ctag: string;
  /** Everything after CTAG:: (general block + parameters), as sent. */
  params: string;
}

export class Tl1ParseError extends Error {
  constructor(message: string) {
    super(`tl1: ${message}`);
    this.name = 'Tl1ParseError';
  }
}

const COMPLETION = new Set(['COMPLD', 'DENY', 'PRTL', 'DELAY', 'RTRV']);
const ALARM: Record<string, AlarmCode> = { '*C': '*C', '**': '**', '*': '*', A: 'A' };

export function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function unquote(text: string): string {
  return text.slice(1, -1).replace(/\\(.)/g, '$1');
}

/** `ENT-CRS::N1&N2,S5&S6:17;` -> its parts. Throws Tl1ParseError naming what is missing. */
export function parseCommand(raw: string): Tl1Command {
  const text = raw.trim().replace(/;$/, '');
  const fields = text.split(':');
  if (!/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$/i.test(fields[0] ?? '')) throw new Tl1ParseError(`command code missing or malformed in ${JSON.stringify(raw.slice(0, 80))}`);
  if (fields.length < 4) throw new Tl1ParseError(`command ${fields[0]} needs VERB:TID:AID:CTAG, got ${fields.length} fields`);
  return { verb: fields[0].toUpperCase(), tid: fields[1], aid: fields[2], ctag: fields[3], params: fields.slice(4).join(':').replace(/^:/, '') };
}

export function formatCommand(c: Tl1Command): string {
  return `${c.verb}:${c.tid}:${c.aid}:${c.ctag}${c.params ? `::${c.params}` : ''};`;
}

function header(sid: string, at: Date): string {
  const iso = at.toISOString();
  return `\r\n\n   ${sid} ${iso.slice(2, 10)} ${iso.slice(11, 19)}\r\n`;
}

function body(blocks: Tl1Block[]): string {
  return blocks.map((b) => `   ${quote(b.text)}\r\n${b.comment ? `   /* ${b.comment.replace(/\*\//g, '* /')} */\r\n` : ''}`).join('');
}

export function formatResponse(r: { sid: string; ctag: string; code: CompletionCode; blocks: Tl1Block[]; at: Date }): string {
  return `${header(r.sid, r.at)}M  ${r.ctag} ${r.code}\r\n${body(r.blocks)};`;
}

export function formatAutonomous(a: { sid: string; alarm: AlarmCode; atag: string; verb: string; blocks: Tl1Block[]; at: Date }): string {
  return `${header(a.sid, a.at)}${a.alarm.padEnd(2, ' ')} ${a.atag} ${a.verb}\r\n${body(a.blocks)};`;
}

/** Reads the text blocks and comments of a message body (lines after the identification line). */
function readBlocks(lines: string[]): Tl1Block[] {
  const blocks: Tl1Block[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line === ';') continue;
    if (line.startsWith('"')) {
      if (!line.endsWith('"') || line.length < 2) throw new Tl1ParseError(`unterminated text block ${JSON.stringify(line.slice(0, 80))}`);
      blocks.push({ text: unquote(line) });
    } else if (line.startsWith('/*')) {
      const comment = line.replace(/^\/\*\s*/, '').replace(/\s*\*\/$/, '');
      if (blocks.length) blocks[blocks.length - 1].comment = comment;
      else blocks.push({ text: '', comment });
    } else {
      throw new Tl1ParseError(`unexpected line in message body ${JSON.stringify(line.slice(0, 80))}`);
    }
  }
  return blocks;
}

/** Parses one framed output message (Tl1Framer). Throws Tl1ParseError with a summary of the bytes. */
export function parseMessage(raw: string): Tl1Message {
  const trimmed = raw.replace(/^[\r\n]+/, '');
  const ack = /^\s*([A-Z]{2})\s+(\S+)\s*\r?\n?<$/.exec(trimmed.trim());
  if (ack) return { type: 'ack', code: ack[1], ctag: ack[2] };
  const lines = trimmed.split(/\r?\n/);
  const head = /^\s+(\S+)\s+(\d{2,4}-\d{2}-\d{2})\s+(\d{2}:\d{2}:\d{2})\s*$/.exec(lines[0] ?? '');
  if (!head) throw new Tl1ParseError(`no "SID DATE TIME" header in ${JSON.stringify(trimmed.slice(0, 80))} (${raw.length} bytes)`);
  const [, sid, date, time] = head;
  const ident = lines[1] ?? '';
  const response = /^M\s+(\S+)\s+(\S+)\s*$/.exec(ident);
  if (response) {
    if (!COMPLETION.has(response[2])) throw new Tl1ParseError(`unknown completion code ${response[2]} for ctag ${response[1]}`);
    return { type: 'response', sid, date, time, ctag: response[1], code: response[2] as CompletionCode, blocks: readBlocks(lines.slice(2)) };
  }
  const auto = /^(\*C|\*\*|\*|A)\s+(\S+)\s+(.+?)\s*$/.exec(ident);
  if (auto) return { type: 'autonomous', sid, date, time, alarm: ALARM[auto[1]], atag: auto[2], verb: auto[3], blocks: readBlocks(lines.slice(2)) };
  throw new Tl1ParseError(`identification line is neither "M CTAG CODE" nor an alarm code: ${JSON.stringify(ident.slice(0, 80))}`);
}
