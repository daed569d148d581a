import type { Command } from 'commander';
import { AppError } from '../../core/index.js';
import type { App, Channel, Group, Package } from '../../update/index.js';
import type { CliContext } from '../context.js';
import { writeEnvelope } from '../envelope.js';
import { apiPath, connect, UpdateClient, type CallOptions, type ConnectionFlags } from './client.js';
import { pickChannel, pickGroup, pickPackage } from './resolve.js';

/** Flatcar Container Linux's application id (seeded): the default of --app. */
export const FLATCAR_APP = 'e96281a6-d1af-4bde-9a0a-97b76e56dc57';

export interface UpdateFlags extends ConnectionFlags {
  readonly app?: string;
}

/**
 * One `hull update` run: the connection (made on the first request), the
 * application, the lists fetched once to resolve names, and the output in
 * the chosen format.
 */
export class Session {
  private client: UpdateClient | undefined;
  private appId: string | undefined;
  private readonly lists = new Map<string, Promise<unknown>>();

  constructor(
    readonly ctx: CliContext,
    readonly flags: UpdateFlags,
    private readonly makeClient?: (flags: ConnectionFlags) => Promise<UpdateClient>,
  ) {}

  static of(ctx: CliContext, cmd: Command): Session {
    return new Session(ctx, cmd.optsWithGlobals<UpdateFlags>());
  }

  /** The terminal's width when stdout is one (tables shorten long ids only then, and only when needed). */
  get width(): number | undefined {
    return this.ctx.stdoutIsTTY ? this.ctx.stdoutColumns : undefined;
  }

  async call<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, opts: CallOptions = {}): Promise<T> {
    this.client ??= this.makeClient
      ? await this.makeClient(this.flags)
      : new UpdateClient(await connect(this.flags, this.ctx));
    return this.client.call<T>(method, path, opts);
  }

  /** The application's id: --app as id, product id (the server finds both) or name; Flatcar by default. */
  async app(): Promise<string> {
    if (this.appId !== undefined) return this.appId;
    const ref = this.flags.app ?? FLATCAR_APP;
    if (this.flags.app === undefined) return (this.appId = ref);
    try {
      this.appId = (await this.call<App>('GET', apiPath('apps', ref))).id;
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'NOT_FOUND') throw err;
      const named = (await this.call<{ items: App[] }>('GET', apiPath('apps'))).items.filter(
        (a) => a.name.toLowerCase() === ref.toLowerCase(),
      );
      if (named.length !== 1)
        throw new AppError('NOT_FOUND', `no application ${JSON.stringify(ref)} (by id, product id or name)`, {
          hint: 'hull update apps list shows them',
        });
      this.appId = named[0]!.id;
    }
    return this.appId;
  }

  /** `/api/v1/apps/<app>/…` */
  async appPath(...rest: string[]): Promise<string> {
    return apiPath('apps', await this.app(), ...rest);
  }

  private list<T>(what: 'channels' | 'packages' | 'groups'): Promise<T[]> {
    let p = this.lists.get(what) as Promise<T[]> | undefined;
    if (p === undefined) {
      p = this.appPath(what)
        .then((path) => this.call<{ items: T[] }>('GET', path))
        .then((r) => r.items);
      this.lists.set(what, p);
    }
    return p;
  }

  channels(): Promise<Channel[]> {
    return this.list<Channel>('channels');
  }
  packages(): Promise<Package[]> {
    return this.list<Package>('packages');
  }
  groups(): Promise<Group[]> {
    return this.list<Group>('groups');
  }

  async channel(ref: string, arch?: string): Promise<Channel> {
    return pickChannel(await this.channels(), ref, arch);
  }
  async package(ref: string, arch?: string): Promise<Package> {
    return pickPackage(await this.packages(), ref, arch);
  }
  async group(ref: string, arch?: string): Promise<Group> {
    const [groups, channels] = await Promise.all([this.groups(), this.channels()]);
    return pickGroup(groups, channels, ref, arch);
  }
  /** The arch of a group's channel (undefined without one). */
  async groupArch(g: Group): Promise<string | undefined> {
    return g.channelId === null ? undefined : (await this.channels()).find((c) => c.id === g.channelId)?.arch;
  }

  /** The result: the envelope with -o json, else `text()` on stdout. */
  print(result: unknown, text: () => string): void {
    if (this.ctx.output === 'json') writeEnvelope(this.ctx, { ok: true, result });
    else this.ctx.stdout.write(text());
  }

  /** A note for people on stderr (counts, what happened); nothing with -o json. */
  note(text: string): void {
    if (this.ctx.output !== 'json') this.ctx.stderr.write(`hull: ${text}\n`);
  }
}
