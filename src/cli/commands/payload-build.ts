/** `hull payload build`: a signed full CrAU v1 payload from a USR image (and a kernel), as delta_generator makes one (docs/payload.md). */
import { Command } from 'commander';
import {
  bzip2Process,
  defaultBzip2Parallelism,
  readExtFile,
  openFileSource,
  nodePayloadCrypto,
  openPayloadOutput,
  type PayloadOutput,
  rsaPayloadSigner,
  readHead,
} from '../../adapters/node/index.js';
import { AppError } from '../../core/index.js';
import {
  buildPayload,
  releaseVersion,
  type BuildProgress,
  type BuildResult,
  type BuiltInfo,
} from '../../update/index.js';
import type { CliContext } from '../context.js';
import { writeEnvelope } from '../envelope.js';
import { progressFor, type ProgressSink } from '../progress-line.js';

const MAX_KEY_BYTES = 64 * 1024;
const RELEASE_PATH = '/share/flatcar/release';

interface BuildOpts {
  usr: string;
  key: string[];
  kernel?: string;
  version?: string;
  out?: string;
  force?: boolean;
  parallel?: string;
}

/** What --version found: checked against the image's release file, or why not. */
type VersionCheck =
  | { readonly version: string; readonly checked: true; readonly release: string }
  | { readonly version: string; readonly checked: false; readonly note: string };

async function readPrivateKey(path: string): Promise<string> {
  const bytes = await readHead(path, MAX_KEY_BYTES + 1);
  if (bytes.length > MAX_KEY_BYTES)
    throw new AppError('INPUT_INVALID', `--key ${path}: more than ${MAX_KEY_BYTES} bytes, not a PEM private key`);
  return new TextDecoder().decode(bytes);
}

async function checkVersion(usr: string, version: string): Promise<VersionCheck> {
  if (!/^[0-9A-Za-z][0-9A-Za-z.+_-]*$/.test(version))
    throw new AppError('USAGE', `--version: '${version}' is not a version (such as 3815.2.0)`);
  const r = await readExtFile(usr, RELEASE_PATH);
  if (r.kind === 'not-ext')
    return {
      version,
      checked: false,
      note: `not checked: ${usr} is not an ext2/3/4 filesystem (${r.reason}), so ${RELEASE_PATH} cannot be read`,
    };
  if (r.kind === 'missing') return { version, checked: false, note: `not checked: ${usr} has no ${RELEASE_PATH}` };
  const found = releaseVersion(r.text);
  if (found === undefined)
    return { version, checked: false, note: `not checked: ${usr}'s ${RELEASE_PATH} has no FLATCAR_RELEASE_VERSION` };
  if (found !== version) {
    throw new AppError(
      'INPUT_INVALID',
      `--version ${version}, but ${usr} says FLATCAR_RELEASE_VERSION=${found} (${RELEASE_PATH}); nothing was written`,
    );
  }
  return { version, checked: true, release: RELEASE_PATH };
}

function parseParallel(text: string | undefined): number {
  if (text === undefined) return defaultBzip2Parallelism();
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 64)
    throw new AppError('USAGE', `--parallel: '${text}' is not a number from 1 to 64`);
  return n;
}

function progressEvent(progress: ProgressSink): (p: BuildProgress) => void {
  let phase = '';
  return (p) => {
    const label = p.phase === 'compress' ? `compress ${p.source === 'usr' ? 'USR image' : 'kernel'}` : 'write payload';
    if (label !== phase) {
      phase = label;
      progress.update({ kind: 'start', stage: 'payload build', step: label });
    }
    progress.update({ kind: 'bytes', label, done: p.done, ...(p.total !== undefined ? { total: p.total } : {}) });
  };
}

const opsText = (i: BuiltInfo): string =>
  `${i.operations} operations (REPLACE_BZ ${i.operationsByType.REPLACE_BZ}, REPLACE ${i.operationsByType.REPLACE}), ${i.dataBytes} data bytes`;

function resultText(out: string, r: BuildResult, v: VersionCheck | undefined): string {
  return [
    `${out}: ${r.size} bytes`,
    `sha256 (base64): ${r.sha256}`,
    `sha256 (hex): ${r.sha256Hex}`,
    ...(v ? [`version: ${v.version} (${v.checked ? `matches FLATCAR_RELEASE_VERSION in ${v.release}` : v.note})`] : []),
    `USR image: ${r.partition.size} bytes, sha256 ${r.partition.sha256}; ${opsText(r.partition)}`,
    ...(r.kernel ? [`kernel: ${r.kernel.size} bytes, sha256 ${r.kernel.sha256}; ${opsText(r.kernel)}`] : []),
    `noop operations: ${r.noopOperations}; manifest ${r.manifestSize} bytes (metadata ${r.metadataSize})`,
    `signatures: ${r.signatures.map((s) => `version ${s.version} (${s.bytes} bytes)`).join(', ')}; offset ${r.signaturesOffset}, size ${r.signaturesSize}`,
    '',
  ].join('\n');
}

export function buildCommand(ctx: CliContext): Command {
  return new Command('build')
    .description('build a signed full payload from a USR image (and a kernel), as delta_generator does')
    .requiredOption('--usr <image>', 'the USR filesystem image (ext2; its size a multiple of 4096)')
    .requiredOption(
      '--key <pem>',
      'an RSA private key (PEM) to sign with; repeat for several, the last signs as version 2',
      (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
    )
    .option('--kernel <file>', "the kernel for the slot's flatcar/vmlinuz-a|b (a KERNEL procedure)")
    .option(
      '--version <version>',
      "the release version; checked against FLATCAR_RELEASE_VERSION in the image's /share/flatcar/release",
    )
    .option('--out <file>', 'the payload file to write (also -o FILE: any -o value but text or json)')
    .option('--force', 'replace an existing output file')
    .option('--parallel <n>', 'bzip2 processes at once (default: one per core, at least 2)')
    .action(async (opts: BuildOpts) => {
      if (opts.out === undefined) throw new AppError('USAGE', 'give the payload file with -o FILE (or --out FILE)');
      const parallel = parseParallel(opts.parallel);
      // Everything that can be refused is checked before an output file exists.
      const signers = await Promise.all(opts.key.map(async (k) => rsaPayloadSigner(await readPrivateKey(k), k)));
      const usr = await openFileSource(opts.usr);
      let kernel: Awaited<ReturnType<typeof openFileSource>> | undefined;
      let output: PayloadOutput | undefined;
      const progress = progressFor(ctx);
      try {
        if (usr.size % 4096 !== 0 || usr.size === 0) {
          throw new AppError(
            'INPUT_INVALID',
            `--usr ${opts.usr}: ${usr.size} bytes, not a positive multiple of 4096 (the block size); update_engine writes whole blocks, and delta_generator refuses such an image too; nothing was written`,
          );
        }
        if (opts.kernel !== undefined) {
          kernel = await openFileSource(opts.kernel);
          if (kernel.size === 0)
            throw new AppError('INPUT_INVALID', `--kernel ${opts.kernel} is empty; nothing was written`);
        }
        const version = opts.version !== undefined ? await checkVersion(opts.usr, opts.version) : undefined;
        output = await openPayloadOutput(opts.out, { force: opts.force === true });
        const o = output;
        // Ctrl-C or SIGTERM: the temporary files go, nothing appears at -o.
        ctx.onSignal(async (signal) => {
          progress.stop();
          await o.discard();
          ctx.stderr.write(`hull: payload build stopped by ${signal}; nothing was written to ${opts.out}\n`);
          return signal === 'SIGTERM' ? 143 : 130;
        });
        const r = await buildPayload({
          usr,
          ...(kernel ? { kernel } : {}),
          signers,
          bzip2: bzip2Process(),
          spool: o.spool,
          out: o.out,
          crypto: nodePayloadCrypto,
          parallel,
          onProgress: progressEvent(progress),
        });
        await o.commit();
        progress.stop();
        if (ctx.output === 'json') {
          writeEnvelope(ctx, { ok: true, result: { file: opts.out, ...r, ...(version ? { version } : {}) } });
        } else {
          ctx.stdout.write(resultText(opts.out, r, version));
        }
      } finally {
        progress.stop();
        await output?.discard();
        await kernel?.close();
        await usr.close();
      }
    });
}
