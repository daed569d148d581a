import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { REPO } from './hull.js';

/** Debian's chromium; scripts/setup-system installs it. */
export const CHROMIUM = '/usr/bin/chromium';

/** Where browser tests keep screenshots (git-ignored). */
export const ARTIFACTS = join(REPO, 'test-artifacts');

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches Debian's chromium headless with a fresh profile in a temp dir.
 * Fails (never skips) when chromium is missing, naming the command that installs it.
 */
export async function launchBrowser(opts: { executablePath?: string } = {}): Promise<Browser> {
  const executablePath = opts.executablePath ?? CHROMIUM;
  if (!existsSync(executablePath)) {
    throw new Error(
      `${executablePath} is missing: run scripts/setup-system (as root), which installs Debian's chromium`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'hull-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1400, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
