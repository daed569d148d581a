/** A stored entry's place in the store's order, as an opaque position: `<realtime>.<id>.<host as hex>`. */
export interface Place {
  readonly realtime: bigint;
  readonly host: string;
  readonly id: bigint;
}

export const hostHex = (host: string): string => Buffer.from(host, 'utf8').toString('hex');

export const encodePosition = (p: Place, hex = hostHex(p.host)): string => `${p.realtime}.${p.id}.${hex}`;

const POSITION = /^(-1|[0-9]{1,19})\.([0-9]{1,19})\.((?:[0-9a-f]{2})*)$/;

/** The place a position names, or undefined for a string that is not one of this store's positions. */
export function decodePosition(s: string): Place | undefined {
  const m = POSITION.exec(s);
  if (!m) return undefined;
  return { realtime: BigInt(m[1]!), id: BigInt(m[2]!), host: Buffer.from(m[3]!, 'hex').toString('utf8') };
}
