/**
 * Test access to the real services the suite runs against. scripts/test.sh
 * starts Redis and FerretDB and sets the JANSETU_TEST_* variables together with
 * JANSETU_REQUIRE_*=1, so in CI a missing service fails instead of skipping.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function serviceUrl(kind: 'REDIS' | 'MONGODB'): string | null {
  const url = process.env[`JANSETU_TEST_${kind}_URI`] ?? process.env[`JANSETU_TEST_${kind}_URL`] ?? null;
  if (!url && process.env[`JANSETU_REQUIRE_${kind === 'MONGODB' ? 'MONGO' : kind}`] === '1') {
    throw new Error(`JANSETU_REQUIRE_${kind === 'MONGODB' ? 'MONGO' : kind}=1 but JANSETU_TEST_${kind}_${kind === 'MONGODB' ? 'URI' : 'URL'} is not set: run the suite through \`npm test\``);
  }
  return url;
}

/** `describe` when the service is there, `describe.skip` (locally, without npm test) when not. */
export function describeWith(kind: 'REDIS' | 'MONGODB') {
  return serviceUrl(kind) ? describe : describe.skip;
}

export function tempDir(prefix = 'jansetu-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
