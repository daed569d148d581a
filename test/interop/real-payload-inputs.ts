/**
 * The inputs of the real-peer check of `hull payload build`
 * (test/fixtures/update/real-payload/README.md): a small ext2 USR image made
 * by the harness's mkusr.sh (committed gzipped: mkfs.ext2 puts random UUIDs
 * in it), a kernel generated here (deterministic), and two TEST keys. Used by
 * the recording script and by the replay test alike.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

export const FIXTURES = fileURLToPath(new URL('../fixtures/update/real-payload/', import.meta.url));
export const VERSION_OLD = '1000.0.0';
export const VERSION_NEW = '1000.0.1';
export const USR_GZ = `${FIXTURES}usr-${VERSION_NEW}.img.gz`;
export const KEYS = [`${FIXTURES}test-key1.pem`, `${FIXTURES}test-key2.pem`] as const;
export const PUBKEYS = [`${FIXTURES}test-key1.pub.pem`, `${FIXTURES}test-key2.pub.pem`] as const;
export const RECORDING = `${FIXTURES}recording.json`;

/** 1 MiB + 300 000 bytes: one whole chunk and a short one, neither compressible (SHA-256 in counter mode). */
export const KERNEL_SIZE = 1024 * 1024 + 300_000;
export function kernelBytes(): Uint8Array {
  const out = new Uint8Array(KERNEL_SIZE);
  for (let i = 0, at = 0; at < KERNEL_SIZE; i++, at += 32) {
    out.set(
      createHash('sha256')
        .update(`hull real-payload kernel ${VERSION_NEW} ${i}`)
        .digest()
        .subarray(0, Math.min(32, KERNEL_SIZE - at)),
      at,
    );
  }
  return out;
}

export function usrImage(): Uint8Array {
  return new Uint8Array(gunzipSync(readFileSync(USR_GZ)));
}

/** What the recording script wrote (the shape the replay test reads). */
export interface Recording {
  recordedWith: Record<string, string>;
  inputs: {
    usrImage: { file: string; size: number; sha256: string; made: string };
    kernel: { size: number; sha256: string; made: string };
    keys: string[];
  };
  hullBuilds: { name: string; command: string; keys: string[]; size: number; sha256: string; sha256Base64: string }[];
  commands: {
    name: string;
    command: string;
    exitCode: number | null;
    signal: string | null;
    outputTail: string[];
    facts: Record<string, unknown>;
  }[];
  updateEngine: {
    payload: string;
    server: string;
    command: string;
    exitCode: number | null;
    summary: Record<string, unknown>;
    requests: string[];
    postinst: string[];
  };
  /** The same payload uploaded to `hull serve` and taken by the real update_engine from there. */
  updateEngineHullServe: {
    server: string;
    catalog: string[];
    command: string;
    exitCode: number | null;
    summary: Record<string, unknown>;
    /** The events Hull stored for the machine, oldest first, as type/result. */
    events: string[];
    /** The machine's status history in Hull, oldest first. */
    statusHistory: string[];
    package: { size: number; sha256Hex: string; sha256: string };
  };
}
