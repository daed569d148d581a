/** `hull payload inspect|verify|apply`: CrAU v1 update payloads as update_engine reads them (docs/payload.md). */
import { Command } from 'commander';
import { fileChunks, nodePayloadCrypto, readHead } from '../../adapters/node/index.js';
import { applyCommand } from './payload-apply.js';
import { buildCommand } from './payload-build.js';
import { AppError } from '../../core/index.js';
import {
  summarizePayload,
  verifyPayload,
  type PayloadFailure,
  type PayloadSummary,
  type VerifyOptions,
} from '../../update/index.js';
import type { CliContext } from '../context.js';
import { writeEnvelope } from '../envelope.js';

const MAX_KEY_BYTES = 64 * 1024;

function failureJson(f: PayloadFailure): { code: number; name: string; message: string } {
  return { code: f.code, name: f.name, message: f.message };
}

export function reportFailure(
  ctx: CliContext,
  file: string,
  f: PayloadFailure,
  read?: Pick<PayloadSummary, 'header' | 'manifest'>,
): void {
  ctx.exitCode = 1;
  if (ctx.output === 'json') {
    writeEnvelope(ctx, {
      ok: false,
      result: { file, verified: false, ...failureJson(f), ...(read ?? {}) },
      issues: [{ code: f.name, severity: 'error', path: [], message: f.message, updateEngineCode: f.code }],
    });
  } else {
    ctx.stdout.write(`${file}: error ${f.code} (${f.name}): ${f.message}\n`);
  }
}

function infoText(i: { size: string | null; sha256: string | null } | null): string {
  if (!i) return 'none';
  return `${i.size ?? '?'} bytes, sha256 ${i.sha256 ?? 'none'}`;
}

function summaryText(file: string, s: PayloadSummary): string {
  const fileLine =
    s.size !== null
      ? `file: ${file}, ${s.size} bytes, sha256 (base64) ${s.sha256 ?? '?'}`
      : `file: ${file} (refused before its end, see below)`;
  const m = s.manifest;
  const byType = Object.entries(m.operationsByType)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  const procs =
    m.procedures.length === 0
      ? 'none'
      : m.procedures.map((p) => `${p.type} (${p.operations} operations, ${infoText(p.newInfo)})`).join('; ');
  const sigs =
    s.signatures === null
      ? 'none'
      : s.signatures.map((x) => `version ${x.version ?? '?'} (${x.bytes} bytes)`).join(', ');
  return [
    fileLine,
    `header: magic CrAU, version ${s.header.version}, manifest ${s.header.manifestSize} bytes (metadata ${s.header.metadataSize})`,
    `block size: ${m.blockSize}`,
    `new partition: ${infoText(m.newPartitionInfo)}`,
    ...(m.oldPartitionInfo ? [`old partition: ${infoText(m.oldPartitionInfo)}`] : []),
    `operations: ${m.operations}${byType ? ` (${byType})` : ''}, ${m.dataBytes} data bytes`,
    `procedures: ${procs}`,
    `noop operations: ${m.noopOperations}`,
    `signatures: offset ${m.signaturesOffset ?? 'none'}, size ${m.signaturesSize ?? 'none'}; ${sigs}`,
    '',
  ].join('\n');
}

function parseSize(text: string): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw new AppError('USAGE', `--size: '${text}' is not a whole number of bytes`);
  return Number(text);
}

function parseSha256(text: string): string {
  if (!/^[A-Za-z0-9+/]{43}=$/.test(text))
    throw new AppError('USAGE', `--sha256: '${text}' is not a SHA-256 in base64 (44 characters ending in '=')`);
  return text;
}

export async function readKey(path: string): Promise<string> {
  const bytes = await readHead(path, MAX_KEY_BYTES + 1);
  if (bytes.length > MAX_KEY_BYTES)
    throw new AppError('USAGE', `--pubkey ${path}: more than ${MAX_KEY_BYTES} bytes, not a PEM public key`);
  return new TextDecoder().decode(bytes);
}

export function command(ctx: CliContext): Command {
  const cmd = new Command('payload').description(
    'CrAU v1 update payloads: build them as delta_generator does; inspect, verify and apply them as update_engine does',
  );
  cmd.addCommand(buildCommand(ctx));

  cmd
    .command('inspect')
    .description("show a payload's header, manifest, operations and signatures (checks its blobs, not its signature)")
    .argument('<file>', 'the payload file')
    .action(async (file: string) => {
      const r = await verifyPayload(await fileChunks(file, 1024 * 1024, { reuseBuffers: true }), {
        crypto: nodePayloadCrypto,
      });
      if (!r.ok) {
        // Show what was read before the refusal: the header and manifest of a payload with a bad blob.
        const read = r.header && r.manifest ? summarizePayload({ header: r.header, manifest: r.manifest }) : undefined;
        if (read && ctx.output !== 'json') ctx.stdout.write(summaryText(file, read));
        return reportFailure(ctx, file, r, read ? { header: read.header, manifest: read.manifest } : undefined);
      }
      const s = summarizePayload(r);
      if (ctx.output === 'json') writeEnvelope(ctx, { ok: true, result: { file, ...s } });
      else ctx.stdout.write(summaryText(file, s));
    });

  cmd
    .command('verify')
    .description("verify a payload in update_engine's order; exit 1 with its error code when refused")
    .argument('<file>', 'the payload file')
    .option('--pubkey <pem>', 'the RSA public key (PEM) whose version-2 signature must verify')
    .option('--size <bytes>', "the expected size (the Omaha response's size)")
    .option('--sha256 <base64>', "the expected whole-file SHA-256 in base64 (the Omaha response's sha256)")
    .action(async (file: string, opts: { pubkey?: string; size?: string; sha256?: string }) => {
      const o: VerifyOptions = {
        crypto: nodePayloadCrypto,
        ...(opts.pubkey !== undefined ? { publicKeyPem: await readKey(opts.pubkey) } : {}),
        ...(opts.size !== undefined ? { expectedSize: parseSize(opts.size) } : {}),
        ...(opts.sha256 !== undefined ? { expectedSha256: parseSha256(opts.sha256) } : {}),
      };
      const r = await verifyPayload(await fileChunks(file, 1024 * 1024, { reuseBuffers: true }), o);
      if (!r.ok) return reportFailure(ctx, file, r);
      const checked = [
        'header, manifest and every operation hash',
        ...(o.expectedSize !== undefined ? ['size'] : []),
        ...(o.expectedSha256 !== undefined ? ['sha256'] : []),
        ...(r.signatureVerified ? ['signature version 2'] : []),
      ];
      if (ctx.output === 'json') {
        writeEnvelope(ctx, {
          ok: true,
          result: {
            file,
            verified: true,
            size: r.size,
            sha256: r.sha256,
            signedSha256: r.signedSha256,
            signatureVerified: r.signatureVerified,
            checked,
          },
        });
      } else {
        ctx.stdout.write(
          `${file}: ok (${r.size} bytes, sha256 ${r.sha256}; checked ${checked.join(', ')}${r.signatureVerified ? '' : '; signature not checked, no --pubkey'})\n`,
        );
      }
    });
  cmd.addCommand(applyCommand(ctx));
  return cmd;
}
