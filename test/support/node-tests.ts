/**
 * The frame of a node test: a real platform registry (test/support/registry.ts,
 * no Redis) in Node-RED's settings for the whole suite, and a fresh test-helper
 * server per test. Returns a getter for the registry, set once the suite starts.
 */
import helper from 'node-red-node-test-helper';
import { openTestServices, type TestServices } from './registry';

export function usePlatformForNodes(): () => TestServices {
  let platform: TestServices | undefined;
  beforeAll(async () => {
    platform = await openTestServices({ redis: false });
    helper.settings({ jansetu: platform.services });
  });
  afterAll(async () => {
    await platform?.close();
  });
  beforeEach(async () => {
    await helper.startServer();
  });
  afterEach(async () => {
    await helper.unload();
    await helper.stopServer();
  });
  return () => {
    if (!platform) throw new Error('the platform opens in beforeAll');
    return platform;
  };
}
