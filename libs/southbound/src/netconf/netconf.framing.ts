/**
 * NETCONF message framing over SSH (RFC 6242): base:1.0 ends each message with "]]>]]>" (section
 * 4.3); base:1.1 sends chunks "\n#<size>\n<bytes>" ended by "\n##\n" (section 4.2), sizes in
 * octets, 1..4294967295. Both peers start in 1.0 for the <hello>; they switch to 1.1 after it when
 * both advertise urn:ietf:params:netconf:base:1.1 (section 4.1). Works on bytes, not characters, so
 * chunk sizes stay right with UTF-8 in the payload.
 */
export type NetconfFraming = '1.0' | '1.1';

export const EOM = ']]>]]>';
const MAX_CHUNK = 4_294_967_295;

export class NetconfFramingError extends Error {
  constructor(message: string) {
    super(`netconf framing: ${message}`);
    this.name = 'NetconfFramingError';
  }
}

export function frame(message: string, mode: NetconfFraming): Buffer {
  if (mode === '1.0') return Buffer.from(`${message}${EOM}`, 'utf8');
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`\n#${body.length}\n`, 'ascii'), body, Buffer.from('\n##\n', 'ascii')]);
}

export class NetconfFramer {
  private buffer: Buffer = Buffer.alloc(0);
  private chunks: Buffer[] = [];

  constructor(public mode: NetconfFraming = '1.0') {}

  /** Feeds bytes; returns the messages completed. Throws NetconfFramingError on a malformed chunk header. */
  push(data: Buffer): string[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, data]) : data;
    const out: string[] = [];
    for (;;) {
      const message = this.mode === '1.0' ? this.nextEom() : this.nextChunked();
      if (message === undefined) return out;
      out.push(message);
    }
  }

  private nextEom(): string | undefined {
    const end = this.buffer.indexOf(EOM);
    if (end < 0) return undefined;
    const message = this.buffer.subarray(0, end).toString('utf8');
    this.buffer = this.buffer.subarray(end + EOM.length);
    return message;
  }

  private nextChunked(): string | undefined {
    for (;;) {
      if (this.buffer.length < 4) return undefined;
      if (this.buffer[0] !== 0x0a || this.buffer[1] !== 0x23) throw new NetconfFramingError(`expected "\\n#" at a chunk start, got ${JSON.stringify(this.buffer.subarray(0, 8).toString('latin1'))}`);
      if (this.buffer[2] === 0x23) {
        if (this.buffer[3] !== 0x0a) throw new NetconfFramingError('end-of-chunks marker "\\n##" is not followed by "\\n"');
        this.buffer = this.buffer.subarray(4);
        const message = Buffer.concat(this.chunks).toString('utf8');
        this.chunks = [];
        return message;
      }
      const nl = this.buffer.indexOf(0x0a, 2);
      if (nl < 0) {
        if (this.buffer.length > 13) throw new NetconfFramingError('chunk size longer than 10 digits');
        return undefined;
      }
      const digits = this.buffer.subarray(2, nl).toString('ascii');
      if (!/^[1-9][0-9]{0,9}$/.test(digits) || Number(digits) > MAX_CHUNK) throw new NetconfFramingError(`chunk size ${JSON.stringify(digits)} is not 1..${MAX_CHUNK}`);
      const size = Number(digits);
      if (this.buffer.length < nl + 1 + size) return undefined;
      this.chunks.push(this.buffer.subarray(nl + 1, nl + 1 + size));
      this.buffer = this.buffer.subarray(nl + 1 + size);
    }
  }
}
