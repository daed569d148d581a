import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { artifactPath, type Browser } from '../helpers/browser.js';
import type { RunningServer } from '../helpers/hull.js';
import {
  withServerAndBrowser,
  editorText,
  outputConfig,
  pickDialect,
  settled,
  typeConfig,
  underlinedLines,
  watchErrors,
} from '../helpers/playground-page.js';
import { DIALECTS, type DialectId } from '../../src/transpile/index.js';

// The playground of `hull serve` (the real binary, dist/web built by scripts/build.mjs) in
// Debian's chromium. Typing goes through CodeMirror's input handling (insertText, keys).

const BROKEN = `{
  "ignition": { "version": "3.4.0" },
  "storage": {
    "files": [
      { "path": "etc/hostname", "mode": 420 }
    ]
  }
}
`;

// The YAML dialects, in the order the test switches to them.
const DIALECT_ROWS: readonly { id: DialectId }[] = [{ id: 'butane' }, { id: 'ct' }];

describe('playground in chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });

  test('an error is underlined on its line with the message on hover; the list jumps there; fixing it gives Ignition JSON', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/`);
    await settled(page);
    assert.equal(await page.inputValue('select[aria-label="Dialect"]'), 'butane', 'Butane is the default dialect');
    await pickDialect(page, 'ignition');
    assert.equal((await outputConfig(page)).ignition.version, '3.4.0', 'the first example is valid');
    await page.waitForSelector('footer code'); // the status footer answered

    await typeConfig(page, BROKEN);
    assert.deepEqual(await underlinedLines(page, 'error'), [5]);
    assert.equal(await page.$('pre[aria-label="Ignition output"]'), null, 'no output while there is an error');
    assert.match((await page.textContent('[aria-label="No output"]')) ?? '', /path not absolute/);

    await page.hover('.cm-lintRange-error');
    const tip = await page.waitForSelector('.cm-tooltip-lint');
    assert.match((await tip.textContent()) ?? '', /path not absolute/);
    await page.screenshot({ path: artifactPath('playground-error.png'), fullPage: true });

    const problem = page.locator('ul[aria-label="Problems"] button', { hasText: 'IGN_PATH_NOT_ABSOLUTE' });
    assert.match((await problem.textContent()) ?? '', /line 5, column 17/);
    await page.click('h1'); // move focus and cursor away first
    await problem.click();
    assert.equal(
      await page.textContent('.cm-activeLine'),
      '      { "path": "etc/hostname", "mode": 420 }',
      'the cursor is on line 5',
    );

    // The cursor sits at the value's opening quote: step over it and type the missing slash.
    const runs = Number(await page.getAttribute('section.output', 'data-runs'));
    await page.keyboard.press('ArrowRight');
    await page.keyboard.type('/');
    await settled(page, runs);
    const cfg = await outputConfig(page);
    assert.equal(cfg.ignition.version, '3.4.0');
    assert.equal(cfg.storage.files[0].path, '/etc/hostname');
    assert.equal(cfg.storage.files[0].mode, 420);
    assert.equal(await page.locator('ul[aria-label="Problems"] li').count(), 0);
    assert.deepEqual(await underlinedLines(page, 'error'), []);
    await page.screenshot({ path: artifactPath('playground.png'), fullPage: true });
    assert.ok(statSync(artifactPath('playground.png')).size > 10_000, 'a screenshot artifact was written');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the target version picker translates; switching dialect loads its example and keeps each draft', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/`);
    await settled(page);
    let runs = await pickDialect(page, 'ignition');
    await page.selectOption('select[aria-label="Example"]', {
      label: 'Spec 2.3.0 (Container Linux): file on the root filesystem',
    });
    runs = await settled(page, runs);
    assert.equal((await outputConfig(page)).ignition.version, '2.3.0');
    await page.selectOption('select[aria-label="Target Ignition version"]', '3.1.0');
    runs = await settled(page, runs);
    const cfg = await outputConfig(page);
    assert.equal(cfg.ignition.version, '3.1.0');
    assert.equal(cfg.storage.files[0].path, '/etc/hostname');

    const ignitionText = await editorText(page);
    for (const row of DIALECT_ROWS) {
      await page.selectOption('select[aria-label="Dialect"]', row.id);
      runs = await settled(page, runs);
      assert.equal(await editorText(page), DIALECTS[row.id].examples[0]!.source, `${row.id}: its first example`);
      assert.equal(
        await page.isDisabled('select[aria-label="Target Ignition version"]'),
        DIALECTS[row.id].targets.length === 0,
      );
      assert.match((await outputConfig(page)).ignition.version, /^[23]\.\d\.0$/, row.id);
    }

    await page.selectOption('select[aria-label="Dialect"]', 'ignition');
    await settled(page, runs);
    assert.equal(await editorText(page), ignitionText, 'the ignition draft came back');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('Butane: the variant and version picker shows what the config says and rewrites it', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/`);
    await settled(page);
    await pickDialect(page, 'ignition');
    assert.equal(await page.$('select[aria-label="Variant and version"]'), null, 'not for Ignition');
    const runs = await pickDialect(page, 'butane');
    assert.equal(await page.inputValue('select[aria-label="Variant and version"]'), 'fcos 1.5.0');
    await page.selectOption('select[aria-label="Variant and version"]', 'flatcar 1.2.0-experimental');
    await settled(page, runs);
    assert.match(await editorText(page), /^variant: flatcar\nversion: 1\.2\.0-experimental\npasswd:/);
    assert.equal(await page.inputValue('select[aria-label="Variant and version"]'), 'flatcar 1.2.0-experimental');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a share link carries dialect, target and config in the fragment; opening it gives the same config', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/`);
    await settled(page);
    await pickDialect(page, 'ignition');
    const text =
      '{\n  "ignition": {"version": "3.2.0"},\n  "storage": {"links": [{"path": "/opt/ünïcode-😀", "target": "/x"}]}\n}\n';
    await typeConfig(page, text);
    await page.selectOption('select[aria-label="Target Ignition version"]', '3.3.0');
    await settled(page);
    await page.click('button:has-text("Share link")');
    const link = await page.inputValue('input[aria-label="Share link"]');
    const url = new URL(link);
    assert.equal(url.origin + url.pathname, `${server.url}/`);
    assert.match(url.hash, /^#d=ignition&t=3\.3\.0&z=[A-Za-z0-9_-]+$/);
    assert.doesNotMatch(link, /ignition%22|opt/, 'the config is encoded, not in plain text');
    assert.deepEqual(errors, []);
    await page.close();

    const opened = await browser.context.newPage();
    const openedErrors = watchErrors(opened);
    const requests: string[] = [];
    opened.on('request', (r) => requests.push(r.url()));
    await opened.goto(link);
    await opened.waitForSelector('.notice:has-text("Loaded the config from the link.")');
    await settled(opened);
    assert.equal(await editorText(opened), text, 'the same text');
    assert.equal(await opened.inputValue('select[aria-label="Dialect"]'), 'ignition');
    assert.equal(await opened.inputValue('select[aria-label="Target Ignition version"]'), '3.3.0');
    assert.equal((await outputConfig(opened)).storage.links[0].path, '/opt/ünïcode-😀');
    assert.ok(
      requests.every((r) => !r.includes('#') && !r.includes('z=')),
      'the fragment is never sent',
    );
    assert.deepEqual(openedErrors, []);
    await opened.close();
  });

  test('copy puts the output on the clipboard; download saves it as config.ign; a damaged link says so', async () => {
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/`);
    await settled(page);
    await pickDialect(page, 'ignition');
    const output = (await page.textContent('pre[aria-label="Ignition output"]')) ?? '';
    assert.match(output, /"version": "3\.4\.0"/);
    await page.click('button:has-text("Copy output")');
    await page.waitForSelector('text=Copied.');
    assert.equal(await page.evaluate('navigator.clipboard.readText()'), output);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('button:has-text("Download config.ign")'),
    ]);
    assert.equal(download.suggestedFilename(), 'config.ign');
    const saved = await download.path();
    assert.equal(readFileSync(saved, 'utf8'), output);

    await typeConfig(page, '{"ignition": {"version": "9.9.9"}}');
    assert.equal(
      await page.isDisabled('button:has-text("Copy output")'),
      true,
      'nothing to copy while there is an error',
    );
    assert.equal(await page.isDisabled('button:has-text("Download config.ign")'), true);

    await page.goto(`${server.url}/#d=ignition&z=%21%21%21`);
    await page.waitForSelector('text=The link’s config could not be read.');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('when the worker script cannot load, the page transpiles by itself', async () => {
    const page = await browser.context.newPage();
    await page.route('**/assets/transpile-worker-*.js', (route) => route.abort());
    await page.goto(`${server.url}/`);
    await settled(page);
    await pickDialect(page, 'ignition');
    await typeConfig(page, BROKEN);
    assert.deepEqual(await underlinedLines(page, 'error'), [5]);
    assert.equal(await page.getAttribute('section.output', 'data-engine'), 'page');
    await page.close();
  });

  test('with the server stopped after load, the page still transpiles as you type', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/`);
    await settled(page);
    await pickDialect(page, 'ignition');
    // The transpiler runs in a Web Worker once its script has loaded (the page runs it until then).
    await page.waitForSelector('section.output[data-engine="worker"]');
    const { code } = await server.stop();
    assert.equal(code, 0);
    const down = await fetch(`${server.url}/healthz`).then(
      () => 'up',
      () => 'down',
    );
    assert.equal(down, 'down', 'the server is really gone');

    await typeConfig(page, BROKEN);
    assert.deepEqual(await underlinedLines(page, 'error'), [5]);
    await typeConfig(
      page,
      BROKEN.replace('etc/hostname', '/etc/hostname').replace('"mode": 420', '"mode": 420, "bogus": 1'),
    );
    assert.deepEqual(await underlinedLines(page, 'warning'), [5], 'an unused key is a warning underline');
    assert.equal((await outputConfig(page)).storage.files[0].path, '/etc/hostname');
    assert.deepEqual(errors, []);
    await page.close();
  });
});

test('dist/web exists (scripts/build.mjs built the playground)', () => {
  assert.ok(existsSync(join(import.meta.dirname, '../../dist/web/index.html')), 'run npm run build');
});
