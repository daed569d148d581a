import assert from 'node:assert/strict';
import { test } from 'node:test';
import { releaseVersion } from './release-version.js';

test('releaseVersion reads FLATCAR_RELEASE_VERSION from a release file', () => {
  assert.equal(releaseVersion('FLATCAR_RELEASE_VERSION=3815.2.0\nFLATCAR_RELEASE_BOARD=amd64-usr\n'), '3815.2.0');
  assert.equal(releaseVersion('FLATCAR_RELEASE_BOARD=amd64-usr\n FLATCAR_RELEASE_VERSION = "1000.0.1" \n'), '1000.0.1');
  assert.equal(releaseVersion("FLATCAR_RELEASE_VERSION='1.2.3'"), '1.2.3');
  assert.equal(releaseVersion('FLATCAR_RELEASE_BOARD=amd64-usr\n'), undefined);
  assert.equal(releaseVersion('# FLATCAR_RELEASE_VERSION=9\nXFLATCAR_RELEASE_VERSION=8\n'), undefined);
});
