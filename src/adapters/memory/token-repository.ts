import {
  systemClock,
  TOKEN_LAST_USED_RESOLUTION_MS,
  type Clock,
  type CreatedToken,
  type NewToken,
  type TokenInfo,
  type TokenRepository,
} from '../../core/index.js';
import { newId, hashTokenSecret, newTokenSecret, sameHash, tokenPrefix, TOKEN_PATTERN } from '../node/index.js';

interface Entry {
  info: TokenInfo;
  hash: string;
}

/**
 * The TokenRepository in memory, for tests of the layers above; it passes the
 * same conformance suite as the database one (test/store/tokens-*.test.ts).
 */
export class MemoryTokenRepository implements TokenRepository {
  private readonly entries: Entry[] = [];

  constructor(private readonly clock: Clock = systemClock) {}

  private make(input: NewToken): { entry: Entry; secret: string } {
    const secret = newTokenSecret();
    const info: TokenInfo = {
      id: newId(),
      name: input.name ?? '',
      role: input.role,
      prefix: tokenPrefix(secret),
      createdAt: this.clock.now().toISOString(),
      lastUsedAt: null,
      revokedAt: null,
    };
    return { entry: { info, hash: hashTokenSecret(secret) }, secret };
  }

  async create(input: NewToken): Promise<CreatedToken> {
    const { entry, secret } = this.make(input);
    this.entries.push(entry);
    return { token: entry.info, secret };
  }

  async list(): Promise<readonly TokenInfo[]> {
    return this.entries.map((e) => e.info);
  }

  async revoke(id: string): Promise<TokenInfo | undefined> {
    const entry = this.entries.find((e) => e.info.id === id);
    if (entry === undefined) return undefined;
    if (entry.info.revokedAt === null) entry.info = { ...entry.info, revokedAt: this.clock.now().toISOString() };
    return entry.info;
  }

  async verify(secret: string): Promise<TokenInfo | undefined> {
    if (!TOKEN_PATTERN.test(secret)) return undefined;
    const hash = hashTokenSecret(secret);
    const entry = this.entries.find((e) => e.info.prefix === tokenPrefix(secret) && sameHash(e.hash, hash));
    if (entry === undefined || entry.info.revokedAt !== null) return undefined;
    const now = this.clock.now();
    const last = entry.info.lastUsedAt;
    if (last === null || now.getTime() - Date.parse(last) >= TOKEN_LAST_USED_RESOLUTION_MS) {
      entry.info = { ...entry.info, lastUsedAt: now.toISOString() };
    }
    return entry.info;
  }

  async isEmpty(): Promise<boolean> {
    return this.entries.length === 0;
  }

  async createFirstAdmin(name: string): Promise<CreatedToken | undefined> {
    return this.entries.length === 0 ? this.create({ role: 'admin', name }) : undefined;
  }
}
