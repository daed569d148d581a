import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { seriousViolations } from '../helpers/axe.js';
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
import { DIALECTS } from '../../src/transpile/index.js';

// The playground's first hour (issue 12): accessibility in both colour schemes (axe-core),
// Butane first, YAML syntax errors underlined at their line, the last good output kept while the
// text has errors, and key completion from the schemas. Debian's chromium, `hull serve`.

/** The completion list's labels after Ctrl-Space at the cursor. */
async function completions(page: Page): Promise<string[]> {
  await page.keyboard.press('Control+Space');
  await page.waitForSelector('.cm-tooltip-autocomplete li');
  return page.$$eval('.cm-tooltip-autocomplete li .cm-completionLabel', (ls) => ls.map((l) => l.textContent ?? ''));
}

describe('playground: the first hour', () => {
  let server: RunningServer;
  let browser: Browser;
  withServerAndBrowser((s, b) => {
    server = s;
    browser = b;
  });

  for (const scheme of ['light', 'dark'] as const) {
    test(`axe-core finds no serious or critical violation (${scheme} colour scheme), with output and with errors`, async () => {
      const page = await browser.context.newPage();
      await page.emulateMedia({ colorScheme: scheme });
      const errors = watchErrors(page);
      await page.goto(`${server.url}/`);
      await settled(page);
      await page.waitForSelector('footer code');
      assert.equal(await page.evaluate(`matchMedia('(prefers-color-scheme: dark)').matches`), scheme === 'dark');
      const background = await page.evaluate(`getComputedStyle(document.querySelector('.cm-editor')).backgroundColor`);
      assert.equal(
        background,
        scheme === 'dark' ? 'rgb(20, 23, 29)' : 'rgb(255, 255, 255)',
        'the editor follows the scheme',
      );
      assert.deepEqual(await seriousViolations(page), [], 'the page with output');
      assert.ok(
        ((await page.evaluate(
          `axe.run(document, { runOnly: ['color-contrast'] }).then((r) => r.passes.length ? r.passes[0].nodes.length : 0)`,
        )) as number) > 20,
        'axe checked the contrast of the text',
      );
      await page.screenshot({ path: artifactPath(`playground-${scheme}.png`), fullPage: true });

      // Errors, a warning, the last good output dimmed, the completion list open.
      await typeConfig(page, 'variant: fcos\nversion: 1.5.0\nbogus: 1\nstorage:\n  files:\n    - path: relative\n');
      await page.click('.cm-content');
      await page.keyboard.press('Control+End');
      await page.keyboard.type('      mo');
      await completions(page);
      assert.deepEqual(await seriousViolations(page), [], 'the page with problems, stale output and completions');
      await page.screenshot({ path: artifactPath(`playground-${scheme}-problems.png`), fullPage: true });
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  test('Butane is the dialect of a first visit; a share link still picks its own', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/`);
    await settled(page);
    assert.equal(await page.inputValue('select[aria-label="Dialect"]'), 'butane');
    assert.equal(await editorText(page), DIALECTS.butane.examples[0]!.source);
    assert.match((await outputConfig(page)).ignition.version, /^3\.\d\.0$/);
    assert.ok(await page.$('select[aria-label="Variant and version"]'), 'the Butane variant/version picker shows');
    await page.goto(`${server.url}/#d=ignition&z=!!!`); // a damaged link: the default stays
    await page.waitForSelector('text=The link’s config could not be read.');
    assert.equal(await page.inputValue('select[aria-label="Dialect"]'), 'butane');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a YAML syntax error is underlined at its line in ct and Butane; a JSON one in Ignition', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/`);
    await settled(page);
    const rows = [
      {
        dialect: 'butane',
        text: 'variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /a\n      mode: [\n',
        line: 6,
        code: 'BUTANE_YAML_INVALID',
      },
      {
        dialect: 'butane',
        text: 'variant: fcos\nversion: 1.5.0\nfoo: bar: baz\n',
        line: 3,
        code: 'BUTANE_YAML_INVALID',
      },
      { dialect: 'ct', text: 'passwd:\n  users:\n  - name: "core\n', line: 3, code: 'CT_YAML_INVALID' },
      { dialect: 'ct', text: 'storage:\n  files:\n    - path: /a\n   x: 1\n', line: 4, code: 'CT_YAML_INVALID' },
      {
        dialect: 'ignition',
        text: '{\n  "ignition": {"version": "3.4.0"},\n  "storage": {"files": [}\n}\n',
        line: 3,
        code: 'SRC_JSON_SYNTAX',
      },
    ];
    for (const row of rows) {
      await pickDialect(page, row.dialect);
      await typeConfig(page, row.text);
      const problem = page.locator('ul[aria-label="Problems"] li', { hasText: row.code });
      assert.equal(await problem.count(), 1, `${row.dialect}: ${JSON.stringify(row.text)}`);
      const where = /line (\d+), column (\d+)/.exec((await problem.textContent()) ?? '');
      assert.ok(where !== null, `${row.code} has a line and a column`);
      assert.equal(Number(where[1]), row.line, `${row.dialect}: listed at its line`);
      assert.ok(
        (await underlinedLines(page, 'error')).includes(row.line),
        `${row.dialect}: underlined on line ${row.line}`,
      );
    }
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('while the text has errors the last good output stays, dimmed; fixing it brings the new output', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/`);
    await settled(page);
    const good = (await page.textContent('pre[aria-label="Ignition output"]')) ?? '';
    assert.match(good, /"ignition"/);

    await typeConfig(page, `${DIALECTS.butane.examples[0]!.source}bad: [\n`);
    assert.equal(await page.$('pre[aria-label="Ignition output"]'), null, 'no current output while there is an error');
    assert.match((await page.textContent('[aria-label="No output"]')) ?? '', /No Ignition config/);
    const stale = page.locator('pre[data-stale="true"]');
    assert.equal(await stale.textContent(), good, 'the last good output is still there');
    assert.equal(await stale.getAttribute('aria-label'), 'Last good Ignition output (out of date)');
    const [staleColour, fg] = (await page.evaluate(
      `[getComputedStyle(document.querySelector('pre[data-stale]')).color, getComputedStyle(document.body).color]`,
    )) as string[];
    assert.notEqual(staleColour, fg, 'dimmed: drawn in the muted colour');
    assert.equal(
      await page.isDisabled('button:has-text("Copy output")'),
      true,
      'an out-of-date output cannot be copied',
    );

    // Another error keeps the same last good output.
    await typeConfig(page, 'variant: fcos\nversion: 1.5.0\nstorage: [\n');
    assert.equal(await stale.textContent(), good);

    await typeConfig(page, 'variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/motd\n');
    assert.equal(await page.$('pre[data-stale="true"]'), null, 'the stale copy is gone');
    assert.equal((await outputConfig(page)).storage.files[0].path, '/etc/motd');

    // Another dialect's output is never shown as this one's: a broken Butane draft after Ignition.
    await typeConfig(page, 'variant: fcos\nversion: 1.5.0\nstorage: [\n');
    await pickDialect(page, 'ignition');
    await typeConfig(page, '{"ignition": {"version": "9.9.9"}}');
    assert.match((await stale.textContent()) ?? '', /"version": "3\.4\.0"/, 'Ignition keeps its own last output');
    await pickDialect(page, 'butane');
    assert.equal(await editorText(page), 'variant: fcos\nversion: 1.5.0\nstorage: [\n', 'the broken Butane draft');
    assert.equal(await page.$('pre[data-stale="true"]'), null, 'no Ignition output under a Butane config');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('long lines wrap in the editor and in the output', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/`);
    await settled(page);
    const long = 'x'.repeat(600);
    await typeConfig(
      page,
      `variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/long\n      contents:\n        inline: ${long}\n`,
    );
    const sizes = (await page.evaluate(`(() => {
      const s = document.querySelector('.cm-scroller');
      const pre = document.querySelector('pre[aria-label="Ignition output"]');
      return [s.scrollWidth, s.clientWidth, pre.scrollWidth, pre.clientWidth];
    })()`)) as number[];
    assert.ok(sizes[0]! <= sizes[1]! + 1, `the editor does not scroll sideways (${sizes[0]} > ${sizes[1]})`);
    assert.ok(sizes[2]! <= sizes[3]! + 1, `the output does not scroll sideways (${sizes[2]} > ${sizes[3]})`);
    await page.close();
  });

  test('completion offers the keys of the schema: Butane, ct and Ignition JSON', async () => {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/`);
    await settled(page);

    // Butane: a file's keys (fcos 1.5.0 from the config's own version), minus those it has.
    await typeConfig(page, 'variant: fcos\nversion: 1.5.0\nstorage:\n  files:\n    - path: /etc/motd\n      ');
    await page.click('.cm-content');
    await page.keyboard.press('Control+End');
    const fileKeys = await completions(page);
    for (const k of ['contents', 'mode', 'overwrite', 'user', 'group', 'append'])
      assert.ok(fileKeys.includes(k), `${k} in ${fileKeys}`);
    assert.ok(!fileKeys.includes('path'), 'a key the file has is not offered again');
    // Typing narrows the list; Enter inserts the key and the start of its block.
    await page.keyboard.type('conte');
    await page.waitForSelector('.cm-tooltip-autocomplete li[aria-selected] >> text=contents');
    await page.keyboard.press('Enter');
    await page.keyboard.type('inline: hi');
    await settled(page);
    assert.equal((await outputConfig(page)).storage.files[0].contents.source, 'data:,hi');

    // Butane at the top level: variant-specific keys.
    await typeConfig(page, 'variant: fcos\nversion: 1.5.0\nbo');
    await page.keyboard.press('Control+End');
    assert.ok((await completions(page)).includes('boot_device'));

    // ct: the Container Linux Config's own keys.
    await pickDialect(page, 'ct');
    await typeConfig(page, 'passwd:\n  users:\n    - name: core\n      ssh');
    await page.keyboard.press('Control+End');
    const userKeys = await completions(page);
    assert.equal(userKeys[0], 'ssh_authorized_keys', `${userKeys}`);
    assert.ok(!userKeys.includes('name'), 'the user has a name already');

    // Ignition JSON: keys by the config's spec version (3.4.0 has kernelArguments, 3.0.0 not).
    await pickDialect(page, 'ignition');
    await typeConfig(page, '{"ignition": {"version": "3.4.0"}, "');
    await page.keyboard.press('Control+End');
    const top = await completions(page);
    assert.ok(top.includes('kernelArguments') && top.includes('storage') && !top.includes('ignition'), `${top}`);
    await page.keyboard.type('syst');
    await page.keyboard.press('Enter');
    await page.keyboard.insertText('{"units": [{"name": "a.service", "mask": true}]}}');
    await settled(page);
    assert.deepEqual((await outputConfig(page)).systemd, { units: [{ name: 'a.service', mask: true }] });
    await typeConfig(page, '{"ignition": {"version": "3.0.0"}, "');
    await page.keyboard.press('Control+End');
    assert.ok(!(await completions(page)).includes('kernelArguments'), 'spec 3.0.0 has no kernelArguments');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
