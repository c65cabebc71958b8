/**
 * Numbers standing for the verifiers' circuit and port keys. The verifiers used to key circuits as
 * `${switch}|${north}|${south}` and ports as `${switch}|n|${port}`: a template string per circuit
 * and per check, hashed again at every Map or Set operation, which for a 320,000-circuit mesh
 * cost seconds. A number is as good a key provided it is injective in the same way, and the text
 * is only needed when a violation is reported.
 *
 * Circuits and ports whose port numbers are integers in 0..stride-1 get arithmetic ids >= 0 from
 * the switch's number: circuit (sw x stride + north) x stride + south, port (sw x stride + port)
 * x 2 + side. Anything else (a port outside that range, a fraction, NaN) gets an interned id < 0,
 * keyed by the old string, so two references are the same circuit exactly when their old strings
 * were equal (`${-0}` and `${0}` are both "0"; so are their ids).
 */
export class CircuitKeys {
  private readonly switchNo = new Map<string, number>();
  private readonly switchIds: string[] = [];
  private readonly oddIds = new Map<string, number>();
  private readonly oddParts: [switchId: string, a: string | number, b: number][] = [];
  /** Port ids below this are dense: 0..denseSwitches-1 are numbered first (see the constructor). */
  readonly densePorts: number;

  /**
   * @param stride 1 + the largest port number given an arithmetic id.
   * @param seed switch ids numbered first, in order, so that their port ids are 0..densePorts-1.
   */
  constructor(
    readonly stride: number,
    seed: readonly string[] = [],
  ) {
    for (const id of seed) this.number(id);
    this.densePorts = this.switchIds.length * stride * 2;
  }

  /** The switch's number, numbering it on first sight. */
  number(switchId: string): number {
    let no = this.switchNo.get(switchId);
    if (no === undefined) this.switchNo.set(switchId, (no = this.switchIds.push(switchId) - 1));
    return no;
  }

  circuit(switchId: string, north: number, south: number): number {
    if (this.inRange(north) && this.inRange(south)) return (this.number(switchId) * this.stride + north) * this.stride + south;
    return this.odd(`${switchId}|${north}|${south}`, switchId, north, south);
  }

  /** side 0 is north, 1 south. */
  port(switchId: string, side: 0 | 1, port: number): number {
    if (this.inRange(port)) return (this.number(switchId) * this.stride + port) * 2 + side;
    const s = side === 0 ? 'n' : 's';
    return this.odd(`${switchId}|${s}|${port}`, switchId, s, port);
  }

  /** The circuit as `${switch}${sep}${north}${sep}${south}`. */
  circuitText(id: number, sep: string): string {
    if (id < 0) {
      const [sw, n, s] = this.oddParts[-id - 1];
      return `${sw}${sep}${n}${sep}${s}`;
    }
    const south = id % this.stride;
    const rest = (id - south) / this.stride;
    const north = rest % this.stride;
    return `${this.switchIds[(rest - north) / this.stride]}${sep}${north}${sep}${south}`;
  }

  /** The port as `${switch}|n|${port}` (or |s|). */
  portText(id: number): string {
    if (id < 0) {
      const [sw, s, p] = this.oddParts[-id - 1];
      return `${sw}|${s}|${p}`;
    }
    const side = id % 2;
    const rest = (id - side) / 2;
    const port = rest % this.stride;
    return `${this.switchIds[(rest - port) / this.stride]}|${side === 0 ? 'n' : 's'}|${port}`;
  }

  private inRange(port: number): boolean {
    return Number.isInteger(port) && port >= 0 && port < this.stride;
  }

  private odd(key: string, switchId: string, a: string | number, b: number): number {
    let id = this.oddIds.get(key);
    if (id === undefined) {
      this.oddIds.set(key, (id = -this.oddParts.push([switchId, a, b])));
    }
    return id;
  }
}
