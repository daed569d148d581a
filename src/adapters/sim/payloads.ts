/**
 * The payloads of a simulation: one RSA key pair for the run, and for each
 * release ONE signed full payload built from its USR image by Hull's payload
 * builder (`buildPayload`, what `hull payload build` runs: bzip2 processes,
 * the same signer), shared by every machine through the server.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../core/index.js';
import { buildPayload } from '../../update/index.js';
import { bzip2Process, openFileSource, nodePayloadCrypto, openPayloadOutput, rsaPayloadSigner } from '../node/index.js';

export interface SimKeys {
  readonly privatePem: string;
  readonly publicPem: string;
}

export function simKeys(): SimKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Builds `dir/payload-VERSION.gz` from `usr`; returns its bytes. */
export async function buildSimPayload(dir: string, version: string, usr: string, keys: SimKeys): Promise<Uint8Array> {
  const path = join(dir, `payload-${version}.gz`);
  const src = await openFileSource(usr);
  const out = await openPayloadOutput(path, { force: true });
  try {
    await buildPayload({
      usr: src,
      signers: [rsaPayloadSigner(keys.privatePem, 'hull-sim')],
      bzip2: bzip2Process(),
      spool: out.spool,
      out: out.out,
      crypto: nodePayloadCrypto,
      parallel: 2,
    });
    await out.commit();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(
      'REHEARSAL_TOOL_FAILED',
      `building the payload of ${version}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  } finally {
    await out.discard();
    await src.close();
  }
  return new Uint8Array(await readFile(path));
}
