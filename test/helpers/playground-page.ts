import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import { launchBrowser, type Browser } from './browser.js';
import { startServer, type RunningServer } from './hull.js';

// Driving the playground page (test/browser/): waiting for the transpiler, typing, reading
// underlines and output.

// Functions passed to page.waitForFunction run in the page; the root tsconfig has no DOM lib.
declare const document: {
  querySelector(selector: string): { getAttribute(name: string): string | null; textContent: string | null } | null;
};

/** Collects the page's uncaught errors and console errors; each test asserts there are none. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

/** Waits until the page has transpiled the current text (debounce over). */
export async function settled(page: Page, afterRuns?: number): Promise<number> {
  await page.waitForFunction((min) => {
    const out = document.querySelector('section.output');
    return out !== null && out.getAttribute('data-pending') === 'false' && Number(out.getAttribute('data-runs')) > min;
  }, afterRuns ?? 0);
  return Number(await page.getAttribute('section.output', 'data-runs'));
}

/** Replaces the editor's text as typed input (one insertText, so no auto-closed brackets). */
export async function typeConfig(page: Page, text: string): Promise<void> {
  const runs = Number(await page.getAttribute('section.output', 'data-runs'));
  await page.click('.cm-content');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
  await settled(page, runs);
}

/** Picks a dialect in the page (its first example, or its draft) and waits for the result. */
export async function pickDialect(page: Page, id: string): Promise<number> {
  const runs = Number(await page.getAttribute('section.output', 'data-runs'));
  if ((await page.inputValue('select[aria-label="Dialect"]')) === id) return settled(page);
  await page.selectOption('select[aria-label="Dialect"]', id);
  return settled(page, runs);
}

export const editorText = (page: Page) =>
  page.$$eval('.cm-content .cm-line', (lines) => lines.map((l) => l.textContent).join('\n'));

/** 1-based line numbers of the editor lines holding an underline of that severity. */
export const underlinedLines = (page: Page, severity: 'error' | 'warning') =>
  page.$$eval(`.cm-lintRange-${severity}`, (marks) =>
    marks.map((m) => {
      const line = m.closest('.cm-line')!;
      return [...line.parentElement!.children].filter((c) => c.classList.contains('cm-line')).indexOf(line) + 1;
    }),
  );

export async function outputConfig(page: Page): Promise<any> {
  return JSON.parse((await page.textContent('pre[aria-label="Ignition output"]')) ?? '');
}

/**
 * In a describe block: before its tests, a real `hull serve` on a free
 * loopback port (its own temporary data dir) and Debian's chromium, handed to
 * `use`; after them, both stopped and the data dir removed.
 */
export function withServerAndBrowser(use: (server: RunningServer, browser: Browser) => void): void {
  let data: string | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    data = mkdtempSync(join(tmpdir(), 'hull-browser-'));
    server = await startServer(['--listen', '127.0.0.1:0', '--data-dir', data]);
    browser = await launchBrowser();
    use(server, browser);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    if (data !== undefined) rmSync(data, { recursive: true, force: true });
  });
}
