import { parseGoUrl } from '../../../go/index.js';
import { Report, type JsonPath } from '../../../core/index.js';
import { Sink } from '../common/sink.js';
import { validateUrl } from '../common/url.js';
import { MESSAGES } from '../common/messages.js';
import type { V2Features } from './features.js';
import type { V2Config, V2Header, V2Reference, V2Verification } from './shape.js';

/** Unit parsing as the go-systemd vendored by Ignition v0.35 reports it. */
export const GO_V035 = { goByteList: true } as const;

/** 2.x validatePath: only `path.IsAbs` (an empty path is "not absolute"). */
export const absolute = (p: string): boolean => p.startsWith('/');
/** Go's len(): UTF-8 bytes. */
export const bytes = (s: string): number => new TextEncoder().encode(s).length;

/**
 * One walk of Ignition v0.35.0's reflection validator over a 2.x config:
 * the issues in its order, and the structs whose own Validate failed
 * (Ignition walks no further into them). The per-concept rules
 * (`config-rules.ts`, `storage-*.ts`, `systemd.ts`, ...) run through it.
 */
export class V2Walk {
  readonly sink = new Sink();
  readonly blocked: JsonPath[] = [];

  constructor(
    readonly cfg: V2Config,
    readonly f: V2Features,
  ) {}

  /** Runs a struct's own Validate; when it added an error, the struct is blocked. */
  structValidate(at: JsonPath, run: () => void): boolean {
    const before = this.sink.issues.length;
    run();
    const failed = this.sink.issues.slice(before).some((i) => i.severity === 'error');
    if (failed) this.blocked.push(at);
    return !failed;
  }

  /** A URL field (2.3 wraps file sources' messages in `invalid url %q: `). */
  url(s: string, at: JsonPath, wrap: boolean): void {
    if (s === '') return;
    const found = validateUrl(s, this.f.schemes);
    if (found === undefined) return;
    const code = typeof found === 'string' ? found : found.code;
    const text = typeof found === 'string' ? (MESSAGES[found] ?? found) : found.message;
    this.sink.error(code, at, wrap ? `invalid url ${JSON.stringify(s)}: ${text}` : text);
  }

  verification(v: V2Verification, at: JsonPath): boolean {
    return this.structValidate(at, () => {
      if (v.hash === undefined) return;
      const dash = v.hash.indexOf('-');
      const hashAt = [...at, 'hash'];
      if (dash < 0) return this.sink.error('IGN_HASH_MALFORMED', hashAt);
      if (v.hash.slice(0, dash) !== 'sha512') return this.sink.error('IGN_HASH_UNRECOGNIZED', hashAt);
      if (v.hash.length - dash - 1 !== 128) this.sink.error('IGN_HASH_WRONG_SIZE', hashAt);
    });
  }

  /** 2.4: ValidateHTTPHeaders (headers only on an http(s) source), then HTTPHeaders.Validate (name set, unique). */
  headers(r: { httpHeaders?: V2Header[] | undefined; source: string }, at: JsonPath): void {
    const list = r.httpHeaders ?? [];
    if (!this.f.httpHeaders || list.length === 0) return;
    const u = parseGoUrl(r.source);
    if (u === undefined) this.sink.error('IGN_URL_INVALID', [...at, 'httpHeaders'], 'unable to parse url');
    else if (u.scheme !== 'http' && u.scheme !== 'https')
      this.sink.error('IGN_HTTP_HEADERS_SCHEME', [...at, 'httpHeaders'], MESSAGES.IGN_HTTP_HEADERS_SCHEME);
    const seen = new Set<string>();
    list.forEach((h, i) => {
      if (h.name === '')
        return this.sink.error(
          'IGN_HTTP_HEADER_NAME_EMPTY',
          [...at, 'httpHeaders', i, 'name'],
          MESSAGES.IGN_HTTP_HEADER_NAME_EMPTY,
        );
      if (seen.has(h.name))
        return this.sink.error(
          'IGN_DUPLICATE',
          [...at, 'httpHeaders', i, 'name'],
          `Found duplicate HTTP header: ${JSON.stringify(h.name)}`,
        );
      seen.add(h.name);
    });
  }

  /** A config or CA reference: source, headers, verification. */
  reference(r: V2Reference, at: JsonPath): void {
    this.url(r.source, [...at, 'source'], false);
    this.headers(r, at);
    this.verification(r.verification, [...at, 'verification']);
  }

  report(): Report {
    return new Report(this.sink.issues);
  }
}
