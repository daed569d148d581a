/**
 * Shared pieces of the UpdateRepository conformance suite
 * (test/update/repository-conformance.ts): the factory, fixtures and asserts.
 */
import assert from 'node:assert/strict';
import { isAppError } from '../../../src/core/index.js';
import {
  FLATCAR_APP_ID,
  type InstanceCheckIn,
  type NewPackage,
  type UpdateRepository,
} from '../../../src/update/index.js';

export interface RepoTarget {
  readonly repo: UpdateRepository;
  close(): Promise<void>;
}

export interface UpdateRepositoryFactory {
  readonly name: string;
  /** A repository on a new, freshly seeded store. */
  fresh(): Promise<RepoTarget>;
  /**
   * Two repositories on one new database through two separate stores (two
   * pools), as two `hull serve` processes have. Only where that exists.
   */
  twoServers?(): Promise<{ readonly a: UpdateRepository; readonly b: UpdateRepository; close(): Promise<void> }>;
  /** Transactions that lock different groups run at the same time (PostgreSQL). */
  readonly concurrentGroups: boolean;
}

/** Seconds after 2024-01-01T00:00:00Z as an ISO time. */
export const T = (seconds: number): string => new Date(Date.UTC(2024, 0, 1) + seconds * 1000).toISOString();

export const AMD64_STABLE_GROUP = '9a2deb70-37be-4026-853f-bfdd6b347bbe';
export const AMD64_BETA_GROUP = '3fe10490-dd73-4b49-b72a-28ac19acfcdc';
export const ARM_STABLE_GROUP = '11a585f6-9418-4df0-8863-78b2fd3240f8';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function withRepo(
  factory: UpdateRepositoryFactory,
  body: (repo: UpdateRepository) => Promise<void>,
): Promise<void> {
  const target = await factory.fresh();
  try {
    await body(target.repo);
  } finally {
    await target.close();
  }
}

export function pkg(appId: string, version: string, extra: Partial<NewPackage> = {}): NewPackage {
  return {
    appId,
    version,
    arch: 'amd64',
    url: `https://update.example/amd64-usr/${version}/`,
    filename: 'flatcar_production_update.gz',
    size: 480_000_000,
    sha1: 'bq3fQRHP8xB3RFUjCdAf3wQYC2E=',
    sha256Hex: 'a'.repeat(64),
    action: { sha256: `${'A'.repeat(43)}=`, disablePayloadBackoff: true, isDelta: false, maxFailureCountPerUrl: null },
    ...extra,
  };
}

export function checkIn(instanceId: string, groupId: string, extra: Partial<InstanceCheckIn> = {}): InstanceCheckIn {
  return {
    instanceId,
    appId: FLATCAR_APP_ID,
    groupId,
    version: '3815.2.0',
    ip: '10.0.0.1',
    alias: '',
    oem: 'qemu',
    oemVersion: '',
    alephVersion: '3510.2.0',
    ...extra,
  };
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  return assert.fail('expected the promise to reject');
}

/** Awaits `promise`, which must reject with AppError CONFLICT whose message matches every pattern. */
export async function assertConflict(promise: Promise<unknown>, ...patterns: RegExp[]): Promise<void> {
  const err = await rejection(promise);
  assert.ok(isAppError(err), `expected an AppError, got ${String(err)}`);
  assert.equal(err.code, 'CONFLICT', err.message);
  for (const p of patterns) assert.match(err.message, p);
}
