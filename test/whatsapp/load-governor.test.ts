/**
 * The load governor: a saturated event loop lowers bulk's share of a number's
 * slots, never below its floor; an idle one raises it back to all of them.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { LoadGovernor } from '../../platform/whatsapp/load-governor';

const spin = (ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // The host busy with a campaign's work: nothing else runs.
  }
};

it('lowers the bulk share while the host is saturated and gives it back when it is not', async () => {
  const governor = new LoadGovernor({ floor: 0.3 });
  governor.sample();
  for (let i = 0; i < 20; i++) {
    spin(60);
    expect(governor.sample()).toBeGreaterThan(0.9);
  }
  expect(governor.share).toBeCloseTo(0.3);
  for (let i = 0; i < 20; i++) {
    await sleep(30);
    governor.sample();
  }
  expect(governor.share).toBe(1);
});
