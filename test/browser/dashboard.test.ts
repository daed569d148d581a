import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { seriousViolations } from '../helpers/axe.js';
import { artifactPath, launchBrowser, type Browser } from '../helpers/browser.js';
import { startDashboardFleet, type DashboardFleet } from '../helpers/dashboard-fleet.js';
import { api, FLATCAR_APP, STABLE_AMD64_CHANNEL, STABLE_AMD64_GROUP } from '../helpers/omaha-fleet.js';
import { watchErrors } from '../helpers/playground-page.js';

// The dashboard (issue 18, docs/dashboard.md) in Debian's chromium against a real `hull serve`
// filled by real processes: machines updated by `hull agent run --once`, packages from `hull
// payload build`, reboot slots taken with `hull fleetlock lock`. The logs page's own test, which
// needs the journal API, is test/browser/dashboard-logs.test.ts.

// Functions passed to page.waitForFunction run in the page; the root tsconfig has no DOM lib.
declare const document: {
  querySelectorAll(selector: string): { length: number };
  querySelector(selector: string): { textContent: string | null } | null;
};

/**
 * The page's errors but the browser's own line for a 404 answer: the machine page asks for the
 * journal API (issue 17), absent on this branch, and the line (which names no URL) may arrive
 * after the next navigation began. The page shows that 404 in words; other API errors fail the
 * tests through what they assert.
 */
const unexpected = (errors: string[]) =>
  errors.filter((e) => !/Failed to load resource: the server responded with a status of 404/.test(e));

const GROUP_PAGE = `/ui/apps/${FLATCAR_APP}/groups/${STABLE_AMD64_GROUP}`;

describe('dashboard in chromium', () => {
  let fleet: DashboardFleet;
  let browser: Browser;
  /** The admin's tab, signed in by the first test and used by the next ones (session storage is per tab). */
  let admin: Page;
  let adminErrors: string[];
  const open = async (path: string) => {
    adminErrors.length = 0;
    await admin.goto(`${fleet.server.url}${path}`);
    await admin.waitForSelector('nav[aria-label="Dashboard"]');
    return { page: admin, errors: adminErrors };
  };
  before(async () => {
    fleet = await startDashboardFleet();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await fleet?.stop();
  });

  /** A new page signed in with `token` at `path` (the sign-in form, then the page itself). */
  async function signedIn(path: string, token: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${fleet.server.url}${path}`);
    await page.fill('#token', token);
    await page.click('button:has-text("Sign in")');
    await page.waitForSelector('nav[aria-label="Dashboard"]');
    return { page, errors };
  }

  test('sign-in: an unknown token is refused in words; the admin token opens the overview; a reload keeps the session', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${fleet.server.url}/ui`);
    await page.fill('#token', 'hull_not-a-token');
    await page.click('button:has-text("Sign in")');
    assert.match(
      (await page.textContent('[role="alert"]')) ?? '',
      /Could not sign in: the server does not know this token/,
    );
    await page.fill('#token', fleet.admin);
    await page.click('button:has-text("Sign in")');
    await page.waitForSelector('h1:has-text("Overview")');
    assert.match((await page.textContent('.who')) ?? '', /admin/);
    await page.waitForSelector('.recharts-bar-rectangle');
    // The table beside the chart: the stable channel holds one machine on 1000.0.0 and one on 1000.0.1.
    const row = await page.textContent('table.compact tbody tr');
    assert.match(row ?? '', /stable.*1.*1.*2/s);
    await page.reload();
    await page.waitForSelector('h1:has-text("Overview")');
    assert.equal(await page.$('#token'), null, 'still signed in after a reload (session storage)');
    assert.deepEqual(
      errors.filter((e) => !/401/.test(e)),
      [],
    );
    admin = page;
    adminErrors = errors;
    errors.length = 0;
  });

  test('uploading a package shows a progress bar; promoting it moves the channel', async () => {
    const { page, errors } = await open(`/ui/apps/${FLATCAR_APP}`);
    await page.waitForSelector('form[aria-label="Upload a package"]');
    await page.setInputFiles('form[aria-label="Upload a package"] input[type=file]', fleet.newPayload);
    await page.fill('form[aria-label="Upload a package"] input[placeholder="3815.2.0"]', '1000.0.2 bad');
    assert.match((await page.textContent('#version-help')) ?? '', /letters, digits and \. \+ - only/);
    assert.ok(
      await page.isDisabled('form[aria-label="Upload a package"] button[type=submit]'),
      'no upload with a wrong version',
    );
    await page.fill('form[aria-label="Upload a package"] input[placeholder="3815.2.0"]', '1000.0.2');
    // The upload is throttled (Chrome's network emulation) so that the bar is there long enough to be
    // seen on an idle machine too: over loopback the small payload (about 1.3 KiB) is sent before the bar
    // could be polled; at 512 bytes/s it takes a few seconds.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 512,
    });
    const progressSeen = page.waitForSelector('progress[aria-label="Upload progress"]', { state: 'attached' });
    await page.click('form[aria-label="Upload a package"] button[type=submit]');
    await progressSeen;
    await page.waitForSelector('.notice:has-text("Uploaded 1000.0.2.")', { timeout: 120_000 });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await cdp.detach();
    await page.waitForSelector('th[scope=row]:has-text("1000.0.2")');
    await page.locator('select[aria-label="Package of channel stable (amd64)"]').selectOption({ label: '1000.0.2' });
    await page.waitForSelector('.notice:has-text("Promoted 1000.0.2 to stable.")');
    const channel = await api<{ packageId: string }>(
      fleet.server.url,
      fleet.admin,
      'GET',
      `/api/v1/apps/${FLATCAR_APP}/channels/${STABLE_AMD64_CHANNEL}`,
    );
    const pkgs = await api<{ items: { id: string; version: string; url: string | null }[] }>(
      fleet.server.url,
      fleet.admin,
      'GET',
      `/api/v1/apps/${FLATCAR_APP}/packages`,
    );
    const uploaded = pkgs.items.find((p) => p.version === '1000.0.2');
    assert.ok(uploaded && uploaded.url === null, 'the package is hosted by the server');
    assert.equal(channel.packageId, uploaded.id, 'the channel points at the uploaded package');
    // A floor: machines below 1000.0.1 must pass through it.
    await page.selectOption('select[aria-label="New floor of stable (amd64)"]', { label: '1000.0.1' });
    await page.click('tr:has(select[aria-label="New floor of stable (amd64)"]) button:has-text("Add floor")');
    await page.waitForSelector('button[aria-label="Remove floor 1000.0.1 of stable (amd64)"]');
    const floors = await api<{ items: { packageId: string }[] }>(
      fleet.server.url,
      fleet.admin,
      'GET',
      `/api/v1/apps/${FLATCAR_APP}/channels/${STABLE_AMD64_CHANNEL}/floors`,
    );
    assert.deepEqual(
      floors.items.map((f) => pkgs.items.find((p) => p.id === f.packageId)?.version),
      ['1000.0.1'],
    );
    assert.deepEqual(unexpected(errors), []);
  });

  test('the policy form: a wrong value is named as you type and cannot be saved; a right one is saved', async () => {
    const { page, errors } = await open(GROUP_PAGE);
    await page.waitForSelector('form[aria-label="Policy"]');
    await page.fill('#p-maxUpdatesPerPeriod', '0');
    assert.equal(await page.textContent('#p-maxUpdatesPerPeriod-msg'), 'at least 1');
    assert.equal(await page.getAttribute('#p-maxUpdatesPerPeriod', 'aria-invalid'), 'true');
    assert.ok(await page.isDisabled('button:has-text("Save policy")'));
    await page.fill('#p-timezone', 'Mars/Olympus');
    assert.match((await page.textContent('#p-timezone-msg')) ?? '', /not an IANA time zone/);
    await page.fill('#p-timezone', 'Europe/Berlin');
    assert.match((await page.textContent('#p-timezone-msg')) ?? '', /office hours are (open|closed) there now/);
    await page.fill('#p-maxUpdatesPerPeriod', '7');
    await page.fill('#p-autoHaltThreshold', '1.5');
    assert.equal(await page.textContent('#p-autoHaltThreshold-msg'), 'at most 1');
    await page.fill('#p-autoHaltThreshold', '0.25');
    assert.equal(await page.getAttribute('#p-maxUpdatesPerPeriod', 'aria-invalid'), 'false');
    await page.click('button:has-text("Save policy")');
    await page.waitForSelector('.notice:has-text("Policy saved.")');
    const g = await api<{ policy: { maxUpdatesPerPeriod: number; timezone: string; autoHalt: { threshold: number } } }>(
      fleet.server.url,
      fleet.admin,
      'GET',
      `/api/v1/apps/${FLATCAR_APP}/groups/${STABLE_AMD64_GROUP}`,
    );
    assert.deepEqual(
      [g.policy.maxUpdatesPerPeriod, g.policy.timezone, g.policy.autoHalt.threshold],
      [7, 'Europe/Berlin', 0.25],
    );
    assert.deepEqual(unexpected(errors), []);
  });

  test("a group's versions and statuses over time: from the machines' own reports, web-1's move to 1000.0.1 is in the chart and its table", async () => {
    const { page, errors } = await open(GROUP_PAGE);
    await page.waitForSelector('[data-testid="version-history"] .recharts-area');
    const h = await api<{
      versions: string[];
      statuses: string[];
      points: { at: string; counts: number[]; statusCounts: number[] }[];
    }>(
      fleet.server.url,
      fleet.admin,
      'GET',
      `/api/v1/apps/${FLATCAR_APP}/groups/${STABLE_AMD64_GROUP}/version-history?points=24`,
    );
    assert.deepEqual(h.versions, ['1000.0.0', '1000.0.1']);
    assert.equal(h.points.length, 24);
    // At the first machine's first check-in every machine ran 1000.0.0; now one runs each (the agent updated one, rebooted into it).
    assert.deepEqual(h.points[0]!.counts, [1, 0]);
    assert.deepEqual(h.points[23]!.counts, [1, 1]);
    await page.click('[data-testid="version-history"] summary');
    const rows = page.locator('[data-testid="version-history"] tbody tr');
    assert.equal(await rows.count(), 24);
    assert.match((await rows.nth(23).textContent()) ?? '', /11$/);
    assert.match(
      (await page.getAttribute('[data-testid="version-history"] [role="img"]', 'aria-label')) ?? '',
      /1000\.0\.0: 1, 1000\.0\.1: 0\).*1000\.0\.0: 1, 1000\.0\.1: 1\)$/,
    );
    // Statuses over time: now each machine has the status the machine list shows.
    const list = await api<{ items: { app: { status: string } }[] }>(
      fleet.server.url,
      fleet.admin,
      'GET',
      `/api/v1/instances?groupId=${STABLE_AMD64_GROUP}&perPage=50`,
    );
    const want: Record<string, number> = {};
    for (const r of list.items) want[r.app.status] = (want[r.app.status] ?? 0) + 1;
    const now: Record<string, number> = {};
    h.statuses.forEach((st, i) => {
      if (h.points[23]!.statusCounts[i]! > 0) now[st] = h.points[23]!.statusCounts[i]!;
    });
    assert.deepEqual(now, want);
    assert.equal(
      h.points[0]!.statusCounts.reduce((a, b) => a + b, 0),
      1,
      'one machine at the first check-in',
    );
    await page.waitForSelector('[data-testid="status-history"] .recharts-area');
    assert.deepEqual(unexpected(errors), []);
  });

  test('halting and resuming the rollout; pinning to an older version asks first', async () => {
    const { page, errors } = await open(GROUP_PAGE);
    await page.waitForSelector('button:has-text("Halt rollout")');
    await page.fill('input[placeholder="why (optional)"]', 'canary failed');
    await page.click('button:has-text("Halt rollout")');
    await page.waitForSelector('[data-testid="rollout-state"]:has-text("halted")');
    assert.match((await page.textContent('[data-testid="rollout-state"]')) ?? '', /canary failed/);
    let g = await api<{ rollout: { halted: { reason: string } | null } }>(
      fleet.server.url,
      fleet.admin,
      'GET',
      `/api/v1/apps/${FLATCAR_APP}/groups/${STABLE_AMD64_GROUP}`,
    );
    assert.equal(g.rollout.halted?.reason, 'canary failed');
    await page.click('button:has-text("Resume rollout")');
    await page.waitForSelector('button:has-text("Halt rollout")');
    g = await api(fleet.server.url, fleet.admin, 'GET', `/api/v1/apps/${FLATCAR_APP}/groups/${STABLE_AMD64_GROUP}`);
    assert.equal(g.rollout.halted, null);
    // 1000.0.1 is older than the target 1000.0.2: a downgrade, confirmed in a dialog.
    await page.selectOption('label:has-text("Pin to") select', { label: '1000.0.1 (amd64)' });
    await page.click('button:has-text("Pin")');
    await page.waitForSelector('[role="alertdialog"]:has-text("Downgrade to 1000.0.1?")');
    await page.click('[role="alertdialog"] button:has-text("Cancel")');
    assert.equal(await page.$('[role="alertdialog"]'), null);
    await page.click('button:has-text("Pin")');
    await page.click('[role="alertdialog"] button:has-text("Downgrade")');
    await page.waitForSelector('.notice:has-text("Pinned to 1000.0.1.")');
    const pinned = await api<{ policy: { pin: { allowDowngrade: boolean } | null } }>(
      fleet.server.url,
      fleet.admin,
      'GET',
      `/api/v1/apps/${FLATCAR_APP}/groups/${STABLE_AMD64_GROUP}`,
    );
    assert.equal(pinned.policy.pin?.allowDowngrade, true);
    await page.click('button:has-text("Unpin")');
    await page.waitForSelector('.notice:has-text("Unpinned")');
    assert.deepEqual(unexpected(errors), []);
  });

  test('machines: filtering by status and searching; one machine with its versions, events and reboot lock', async () => {
    const { page, errors } = await open('/ui/machines');
    await page.waitForSelector('table.machines tbody tr');
    assert.equal(await page.locator('table.machines tbody tr').count(), 2);
    await page.selectOption('label:has-text("Status") select', 'complete');
    await page.waitForURL(/status=complete/);
    await page.waitForFunction(() => document.querySelectorAll('table.machines tbody tr').length === 1);
    assert.match((await page.textContent('table.machines tbody')) ?? '', /web-1/);
    await page.selectOption('label:has-text("Status") select', '');
    await page.fill('input[type=search]', 'web-2');
    await page.waitForURL(/search=web-2/);
    await page.waitForFunction(
      () =>
        document.querySelectorAll('table.machines tbody tr').length === 1 &&
        document.querySelector('table.machines tbody')!.textContent!.includes('web-2'),
    );
    await page.fill('input[type=search]', '');
    await page.waitForFunction(() => document.querySelectorAll('table.machines tbody tr').length === 2);
    // Sorting by a column header goes into the URL (and to the API).
    await page.click('th button:has-text("Machine")');
    await page.waitForURL(/sort=alias/);
    await page.click(`a:has-text("web-1")`);
    await page.waitForURL(new RegExp(`/ui/machines/${fleet.updated.id}`));
    assert.equal(await page.textContent('[data-testid="running-version"]'), '1000.0.1');
    await page.waitForSelector('[data-testid="reboot-lock"]:has-text("holds a slot in group workers")');
    assert.match(
      (await page.textContent('[data-testid="reboot-lock"]')) ?? '',
      /holds a slot in group workers since \d+ (s|min) ago/,
    );
    assert.match(
      (await page.textContent('ul[aria-label="Events"]')) ?? '',
      /update finished: succeeded after the reboot/,
    );
    assert.deepEqual(unexpected(errors), []);
  });

  test('reboot locks: an admin releases a stale holder after confirming', async () => {
    const { page, errors } = await open('/ui/locks');
    await page.waitForSelector('th[scope=row]:has-text("workers")');
    const row = 'tbody tr:has(th:has-text("workers"))';
    assert.match((await page.textContent(row)) ?? '', /2 of 2/);
    // Since when each holder holds its slot: the API's holderSince (taken when the lock was granted), shown as a time.
    const before = await api<{ holders: string[]; holderSince: Record<string, string> }>(
      fleet.server.url,
      fleet.admin,
      'GET',
      '/api/v1/fleetlock/groups/workers',
    );
    assert.deepEqual(Object.keys(before.holderSince).sort(), [...before.holders].sort());
    const stale = page.locator('[data-testid="lock-holder"]:has-text("dead0000dead0000dead0000dead0000")');
    assert.match((await stale.textContent()) ?? '', /since \d+ (s|min) ago/);
    assert.equal(
      await stale.locator('time').getAttribute('datetime'),
      before.holderSince['dead0000dead0000dead0000dead0000'],
    );
    await page.click('button[aria-label="Release dead0000dead0000dead0000dead0000 in workers"]');
    await page.click('[role="alertdialog"] button:has-text("Release")');
    await page.waitForSelector('.notice:has-text("Released dead0000dead0000dead0000dead0000 in workers.")');
    await page.waitForSelector(`${row}:has-text("1 of 2")`);
    const g = await api<{ holders: string[] }>(
      fleet.server.url,
      fleet.admin,
      'GET',
      '/api/v1/fleetlock/groups/workers',
    );
    assert.equal(g.holders.length, 1);
    assert.ok(!g.holders.includes('dead0000dead0000dead0000dead0000'));
    assert.deepEqual(unexpected(errors), []);
  });

  test('a viewer sees no write controls anywhere', async () => {
    const { page, errors } = await signedIn(`/ui/apps/${FLATCAR_APP}`, fleet.viewer);
    assert.match((await page.textContent('.who')) ?? '', /viewer/);
    await page.waitForSelector('h2:has-text("Packages")');
    assert.equal(await page.$('form[aria-label="Upload a package"]'), null);
    assert.equal(await page.locator('select[aria-label="Package of channel stable (amd64)"]').count(), 0);
    assert.match(
      (await page.textContent('tbody tr:has(th:has-text("stable")):has(td:has-text("amd64"))')) ?? '',
      /1000\.0\.2/,
      'the package is shown as text',
    );
    assert.equal(await page.$('input[type=checkbox]'), null, 'no blacklist checkboxes');
    await page.goto(`${fleet.server.url}${GROUP_PAGE}`);
    await page.waitForSelector('form[aria-label="Policy"]');
    for (const label of ['Halt rollout', 'Resume rollout', 'Pin', 'Save policy'])
      assert.equal(await page.$(`button:has-text("${label}")`), null, label);
    assert.ok(await page.isDisabled('#p-maxUpdatesPerPeriod'), 'the policy is shown read-only');
    await page.goto(`${fleet.server.url}/ui/locks`);
    await page.waitForSelector('th[scope=row]:has-text("workers")');
    assert.equal(await page.$('button:has-text("Release")'), null);
    assert.deepEqual(unexpected(errors), []);
    await page.close();
  });

  /** Every page: a name, its path, a selector that says it is ready. */
  const PAGES = (): [string, string, string][] => [
    ['overview', '/ui', 'table.compact'],
    ['apps', '/ui/apps', 'h1:has-text("Apps")'],
    ['app', `/ui/apps/${FLATCAR_APP}`, 'h2:has-text("Packages")'],
    ['group', GROUP_PAGE, '.recharts-bar-rectangle'],
    ['machines', '/ui/machines', 'table.machines tbody tr'],
    ['machine', `/ui/machines/${fleet.updated.id}`, '[data-testid="reboot-lock"]:has-text("holds a slot")'],
    ['locks', '/ui/locks', 'th[scope=row]:has-text("workers")'],
    ['activity', '/ui/activity', 'ul[aria-label="Activity"]'],
    // Without the journal API (issue 17) the page says so in words.
    ['logs', '/ui/logs', '.dash-error, ol[aria-label="Log lines"], .empty'],
  ];

  /** What has the focus now, and whether it is drawn (an outline or a ring). Evaluated through CDP (the CSP forbids eval only in the page). */
  const FOCUSED = `(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const cs = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id,
      label: el.getAttribute('aria-label') || '',
      text: (el.textContent || '').trim().slice(0, 80),
      href: el.getAttribute('href') || '',
      placeholder: el.getAttribute('placeholder') || '',
      visible: (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || cs.boxShadow !== 'none',
    };
  })()`;
  interface Focused {
    tag: string;
    id: string;
    label: string;
    text: string;
    href: string;
    placeholder: string;
    visible: boolean;
  }
  /** Presses Tab until `want` holds for the focused element; every element passed on the way must show its focus. */
  async function tabTo(page: Page, what: string, want: (f: Focused) => boolean, max = 120): Promise<void> {
    const unseen: string[] = [];
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const f = (await page.evaluate(FOCUSED)) as Focused | null;
      if (f === null) continue;
      if (!f.visible) unseen.push(`${f.tag}#${f.id} "${f.label || f.text}"`);
      if (want(f)) {
        assert.deepEqual(unseen, [], `focus not visible on the way to ${what}`);
        return;
      }
    }
    assert.fail(`${what}: not reached with ${max} presses of Tab`);
  }

  test('keyboard only, in the dark colour scheme: sign in, the navigation, filtering and opening a machine, halting and resuming, searching logs, releasing a lock; the focus always visible', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 1440, height: 900 });
    // A stale holder of its own to release (a third slot, so that it gets one whatever the other tests left).
    await api(fleet.server.url, fleet.admin, 'PUT', '/api/v1/fleetlock/groups/workers', { slots: 3 });
    const locked = await fetch(`${fleet.server.url}/v1/pre-reboot`, {
      method: 'POST',
      headers: { 'fleet-lock-protocol': 'true', 'content-type': 'application/json' },
      body: JSON.stringify({ client_params: { id: 'beef0000beef0000beef0000beef0000', group: 'workers' } }),
    });
    assert.equal(locked.status, 200, await locked.text());

    await page.goto(`${fleet.server.url}/ui`);
    await page.waitForSelector('#token');
    assert.equal(await page.evaluate(`matchMedia('(prefers-color-scheme: dark)').matches`), true);
    await tabTo(page, 'the token field', (f) => f.id === 'token');
    await page.keyboard.type(fleet.admin);
    await page.keyboard.press('Enter');
    await page.waitForSelector('h1:has-text("Overview")');

    // The skip link comes first and moves the focus to the page's content.
    await tabTo(page, 'the skip link', (f) => f.href === '#main', 5);
    await page.keyboard.press('Enter');
    assert.equal(((await page.evaluate(FOCUSED)) as Focused | null)?.tag, 'main');

    // The navigation: Machines, then the search box, a machine, its page.
    await page.keyboard.press('Shift+Tab');
    await tabTo(page, 'Machines in the navigation', (f) => f.tag === 'a' && f.href === '/ui/machines');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/ui\/machines$/);
    await page.waitForSelector('table.machines tbody tr');
    await tabTo(page, 'the machine search', (f) => f.placeholder === 'id, alias or IP');
    await page.keyboard.type('web-1');
    await page.waitForFunction(() => document.querySelectorAll('table.machines tbody tr').length === 1);
    await tabTo(page, 'the machine web-1', (f) => f.tag === 'a' && f.text === 'web-1');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/ui/machines/${fleet.updated.id}`));
    await page.waitForSelector('[data-testid="running-version"]');

    // A group: halt with a reason, then resume.
    await page.goto(`${fleet.server.url}${GROUP_PAGE}`);
    await page.waitForSelector('button:has-text("Halt rollout")');
    await tabTo(page, 'the halt reason', (f) => f.placeholder === 'why (optional)', 200);
    await page.keyboard.type('keyboard halt');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid="rollout-state"]:has-text("keyboard halt")');
    await tabTo(page, 'Resume rollout', (f) => f.tag === 'button' && f.text === 'Resume rollout', 200);
    await page.keyboard.press('Enter');
    await page.waitForSelector('button:has-text("Halt rollout")');
    const g = await api<{ rollout: { halted: unknown } }>(
      fleet.server.url,
      fleet.admin,
      'GET',
      `/api/v1/apps/${FLATCAR_APP}/groups/${STABLE_AMD64_GROUP}`,
    );
    assert.equal(g.rollout.halted, null);

    // Logs: the text filter, submitted with Enter.
    await page.goto(`${fleet.server.url}/ui/logs`);
    await page.waitForSelector('form[aria-label="Log filters"]');
    await tabTo(page, 'the logs text filter', (f) => f.placeholder === 'grep');
    await page.keyboard.type('no such words anywhere');
    await page.keyboard.press('Enter');
    await page.waitForURL(/grep=no\+such/);

    // Reboot locks: release the stale holder, confirmed with the keyboard (the dialog's button has the focus).
    await page.goto(`${fleet.server.url}/ui/locks`);
    await page.waitForSelector('th[scope=row]:has-text("workers")');
    await tabTo(page, 'Release beef…', (f) => f.label === 'Release beef0000beef0000beef0000beef0000 in workers');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[role="alertdialog"]');
    const confirm = (await page.evaluate(FOCUSED)) as Focused | null;
    assert.deepEqual([confirm?.tag, confirm?.text, confirm?.visible], ['button', 'Release', true]);
    await page.keyboard.press('Enter');
    await page.waitForSelector('.notice:has-text("Released beef0000beef0000beef0000beef0000 in workers.")');
    assert.deepEqual(unexpected(errors), []);
    await page.close();
  });

  test('every page in the dark colour scheme: no serious or critical axe-core violation (contrast included)', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(`${fleet.server.url}/ui`);
    await page.waitForSelector('#token');
    const found: string[] = [];
    for (const v of await seriousViolations(page)) found.push(`sign-in: ${v}`);
    await page.fill('#token', fleet.admin);
    await page.click('button:has-text("Sign in")');
    await page.waitForSelector('nav[aria-label="Dashboard"]');
    for (const [name, path, ready] of PAGES()) {
      await page.goto(`${fleet.server.url}${path}`);
      await page.waitForSelector(ready);
      await page.screenshot({ path: artifactPath(`dashboard-${name}-1440-dark.png`), fullPage: true });
      for (const v of await seriousViolations(page)) found.push(`${name}: ${v}`);
    }
    assert.deepEqual(found, []);
    assert.deepEqual(unexpected(errors), []);
    await page.close();
  });

  test('every page at 1440×900 and 390×844: screenshots kept in test-artifacts/, no serious or critical axe-core violation', async () => {
    const pages = PAGES();
    const signin = await browser.context.newPage();
    await signin.goto(`${fleet.server.url}/ui`);
    await signin.waitForSelector('#token');
    assert.deepEqual(await seriousViolations(signin), [], 'sign-in');
    await signin.screenshot({ path: artifactPath('dashboard-signin-1440.png') });
    await signin.close();
    const { page, errors } = await open('/ui');
    const found: string[] = [];
    for (const [width, height] of [
      [1440, 900],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const [name, path, ready] of pages) {
        await page.goto(`${fleet.server.url}${path}`);
        await page.waitForSelector(ready);
        const file = artifactPath(`dashboard-${name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        assert.ok(statSync(file).size > 5_000, file);
        // Nothing wider than the screen (the phone layout wraps rather than scrolls sideways).
        const overflow = (await page.evaluate('document.documentElement.scrollWidth')) as number;
        assert.ok(overflow <= width + 1, `${name} at ${width}: the page is ${overflow} px wide`);
        // axe-core once per page (it takes a second or two; the layout's colours do not change with the width).
        if (width === 1440) for (const v of await seriousViolations(page)) found.push(`${name}: ${v}`);
      }
    }
    assert.deepEqual(found, []);
    assert.deepEqual(unexpected(errors), []);
    // Signing out forgets the token: the next page asks again.
    await page.click('button:has-text("Sign out")');
    await page.waitForSelector('#token');
    await page.goto(`${fleet.server.url}/ui/machines`);
    await page.waitForSelector('#token');
  });
});
