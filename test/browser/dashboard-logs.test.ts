import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { seriousViolations } from '../helpers/axe.js';
import { artifactPath, launchBrowser, type Browser } from '../helpers/browser.js';
import { startDashboardFleet, type DashboardFleet } from '../helpers/dashboard-fleet.js';
import { watchErrors } from '../helpers/playground-page.js';
import { entryOf, serializeEntries } from '../../src/journal/index.js';

// The dashboard's logs page (docs/dashboard.md#logs) against the journal API of issue 17: entries
// sent to `hull serve` as systemd-journal-upload sends them (POST /upload, the export format),
// searched in the page, a new line arriving in the live tail, a machine's latest lines. On a
// server without the journal API the test fails with a message naming it (never skips).

declare const document: { querySelectorAll(selector: string): { length: number } };

/** Journal entries in the export format, from a machine whose machine id is `machineId`. */
function exportOf(
  machineId: string,
  messages: [unit: string, priority: number, message: string][],
  t0: number,
): Uint8Array {
  return serializeEntries(
    messages.map(([unit, priority, message], i) =>
      entryOf([
        ['__CURSOR', `s=dash;i=${t0 + i}`],
        ['__REALTIME_TIMESTAMP', String((t0 + i) * 1000)],
        ['__MONOTONIC_TIMESTAMP', String(1_000_000 + i)],
        ['_BOOT_ID', '0123456789abcdef0123456789abcdef'],
        ['_MACHINE_ID', machineId],
        ['_HOSTNAME', 'web-1'],
        ['_SYSTEMD_UNIT', unit],
        ['SYSLOG_IDENTIFIER', unit.replace(/\.service$/, '')],
        ['PRIORITY', String(priority)],
        ['MESSAGE', message],
      ]),
    ),
  );
}

async function upload(url: string, token: string, body: Uint8Array): Promise<void> {
  const res = await fetch(`${url}/upload`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.fdo.journal', authorization: `Bearer ${token}` },
    body,
  });
  assert.ok(res.status === 202 || res.status === 200, `POST /upload: ${res.status} ${await res.text()}`);
}

describe('dashboard logs in chromium (needs the journal API, issue 17)', () => {
  let fleet: DashboardFleet;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  before(async () => {
    fleet = await startDashboardFleet();
    const hosts = await fetch(`${fleet.server.url}/api/v1/journal/hosts`, {
      headers: { authorization: `Bearer ${fleet.admin}` },
    });
    assert.equal(
      hosts.status,
      200,
      `GET /api/v1/journal/hosts answered ${hosts.status}: this server has no journal API yet (issue 17); the logs page needs it`,
    );
    const t0 = Date.now() - 60_000;
    await upload(
      fleet.server.url,
      fleet.admin,
      exportOf(
        fleet.updated.id,
        [
          ['sshd.service', 6, 'Accepted publickey for core from 10.0.0.9'],
          ['update-engine.service', 6, 'Update succeeded -- reboot needed.'],
          ['locksmithd.service', 4, 'Reboot window closed, waiting'],
          ['kubelet.service', 3, 'failed to pull image registry.example/app:1.2'],
        ],
        t0,
      ),
    );
    browser = await launchBrowser();
    page = await browser.context.newPage();
    errors = watchErrors(page);
    await page.goto(`${fleet.server.url}/ui/logs`);
    await page.fill('#token', fleet.admin);
    await page.click('button:has-text("Sign in")');
    await page.waitForSelector('nav[aria-label="Dashboard"]');
  });
  after(async () => {
    await browser?.close();
    await fleet?.stop();
  });

  test('searching logs: text and priority filters; every line links to its machine', async () => {
    await page.waitForSelector('ol[aria-label="Log lines"] li');
    assert.equal(await page.locator('ol[aria-label="Log lines"] li').count(), 4);
    await page.fill('label:has-text("Text") input', 'publickey');
    await page.click('button:has-text("Search")');
    await page.waitForURL(/grep=publickey/);
    await page.waitForFunction(() => document.querySelectorAll('ol[aria-label="Log lines"] li').length === 1);
    assert.match((await page.textContent('ol[aria-label="Log lines"]')) ?? '', /Accepted publickey/);
    assert.ok(await page.$('ol[aria-label="Log lines"] li a[href^="/ui/machines/"]'), 'the line links to its machine');
    await page.fill('label:has-text("Text") input', '');
    await page.selectOption('label:has-text("Priority") select', '3');
    await page.click('button:has-text("Search")');
    await page.waitForFunction(() => document.querySelectorAll('ol[aria-label="Log lines"] li').length === 1);
    assert.match((await page.textContent('ol[aria-label="Log lines"]')) ?? '', /failed to pull image/);
    await page.screenshot({ path: artifactPath('dashboard-logs-search-1440.png') });
    assert.deepEqual(await seriousViolations(page), []);
  });

  test('live tail: a line sent after the page opened appears', async () => {
    await page.goto(`${fleet.server.url}/ui/logs`);
    await page.waitForSelector('ol[aria-label="Log lines"] li');
    await page.check('label:has-text("Live tail") input');
    await new Promise((r) => setTimeout(r, 500));
    await upload(
      fleet.server.url,
      fleet.admin,
      exportOf(fleet.updated.id, [['sshd.service', 6, 'a brand new line for the tail']], Date.now()),
    );
    await page.waitForSelector('ol[aria-label="Log lines"] li:has-text("a brand new line for the tail")', {
      timeout: 15_000,
    });
  });

  test("a machine's page shows its latest log lines", async () => {
    await page.goto(`${fleet.server.url}/ui/machines/${fleet.updated.id}`);
    await page.waitForSelector('ol[aria-label="Latest log lines"] li');
    assert.match((await page.textContent('ol[aria-label="Latest log lines"]')) ?? '', /Update succeeded/);
    assert.deepEqual(errors, []);
  });
});
