/**
 * TL1 message framing (Telcordia GR-831 conventions, as the public TL1 references quoted in
 * tl1.codec.ts describe them): an output message ends with ";" at the start of a line, an
 * acknowledgment ("IP 12" and the like) with "<"; an input command ends with ";". A ";" or "<"
 * inside a quoted string ("...", with \" escapes) or a comment (/* ... *\/) ends nothing.
 * Bytes arrive in arbitrary chunks; push() returns every message completed so far.
 */
export class Tl1Framer {
  private buffer = '';

  constructor(private readonly terminators: ';' | ';<' = ';<') {}

  push(chunk: string): string[] {
    this.buffer += chunk;
    const out: string[] = [];
    let inQuote = false;
    let inComment = false;
    let start = 0;
    for (let i = 0; i < this.buffer.length; i += 1) {
      const c = this.buffer[i];
      if (inComment) {
        if (c === '*' && this.buffer[i + 1] === '/') (inComment = false), (i += 1);
      } else if (inQuote) {
        if (c === '\\') i += 1;
        else if (c === '"') inQuote = false;
      } else if (c === '"') inQuote = true;
      else if (c === '/' && this.buffer[i + 1] === '*') (inComment = true), (i += 1);
      else if (c === ';' || (c === '<' && this.terminators === ';<')) {
        const message = this.buffer.slice(start, i + 1);
        if (message.trim() !== '<' && message.trim() !== '') out.push(message);
        start = i + 1;
      }
    }
    this.buffer = this.buffer.slice(start);
    return out;
  }

  /** Bytes received that do not yet form a message (for a malformed-reply log line). */
  pending(): number {
    return this.buffer.length;
  }
}
