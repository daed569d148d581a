import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { launchBrowser } from '../helpers/browser.js';

test('without chromium the browser tests fail, naming the command that installs it', async () => {
  await assert.rejects(
    launchBrowser({ executablePath: join(tmpdir(), 'no-such-chromium') }),
    /is missing: run scripts\/setup-system/,
  );
});

test('Debian chromium starts headless with a fresh profile and renders a page', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.setContent('<p id="x">hello</p>');
    assert.equal(await page.textContent('#x'), 'hello');
  } finally {
    await browser.close();
  }
});
