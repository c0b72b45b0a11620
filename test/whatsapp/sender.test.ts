/**
 * The paced sender on the suite's Redis: two hosts share one number's budget,
 * replies go before bulk messages, Meta's "not now" refusals are retried, and
 * citizens' messages use the budget too.
 */
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { createLogger } from '../../platform/log';
import { GraphApiError } from '../../platform/whatsapp/errors';
import { PacedSender } from '../../platform/whatsapp/sender';
import { describeWith, serviceUrl } from '../support/services';

const log = createLogger('silent');

describeWith('REDIS')('PacedSender', () => {
  let redisA: Redis;
  let redisB: Redis;
  const senders: PacedSender[] = [];
  const number = () => `1${randomBytes(6).readUIntBE(0, 6)}`;

  beforeAll(async () => {
    redisA = new Redis(serviceUrl('REDIS')!);
    redisB = new Redis(serviceUrl('REDIS')!);
    // Before a connection is ready each sender paces alone, in memory.
    await Promise.all([redisA.ping(), redisB.ping()]);
  });
  afterAll(async () => {
    for (const s of senders) s.close();
    redisA.disconnect();
    redisB.disconnect();
  });
  const sender = (redis: Redis, perSecond: number) => {
    const s = new PacedSender(redis, log, { throughputPerSecond: perSecond, pairLimit: null, minDelayMs: 20, maxDelayMs: 100 });
    senders.push(s);
    return s;
  };

  it('keeps two hosts together within the number\'s messages per second', async () => {
    const phone = number();
    const [a, b] = [sender(redisA, 20), sender(redisB, 20)];
    const at: number[] = [];
    const start = Date.now();
    await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? a : b).send(phone, `91900000${String(i).padStart(4, '0')}`, 'reply', async () => at.push(Date.now() - start))));
    at.sort((x, y) => x - y);
    // Evenly spaced a little below the limit: no window of a second as Meta (and the simulator) counts
    // them, each starting at the first send after the last one ended, holds more than 20; and 60 take
    // about three seconds, not less.
    const windows: number[] = [];
    for (let i = 0, start = -Infinity; i < at.length; i++) {
      if (at[i]! >= start + 1000) {
        start = at[i]!;
        windows.push(0);
      }
      windows[windows.length - 1]!++;
    }
    expect(Math.max(...windows)).toBeLessThanOrEqual(20);
    expect(Math.max(...windows)).toBeGreaterThanOrEqual(18);
    expect(at[59]! - at[0]!).toBeGreaterThanOrEqual(2900);
  });

  it('lets replies go before bulk messages waiting on the same number', async () => {
    const phone = number();
    const s = sender(redisA, 10);
    const order: string[] = [];
    const bulk = Array.from({ length: 30 }, (_, i) => s.send(phone, `919100${i}`, 'bulk', async () => order.push(`bulk${i}`)));
    await new Promise((r) => setTimeout(r, 50));
    const replies = Array.from({ length: 5 }, (_, i) => s.send(phone, `919200${i}`, 'reply', async () => order.push(`reply${i}`)));
    await Promise.all([...bulk, ...replies]);
    const lastReply = Math.max(...order.map((o, i) => (o.startsWith('reply') ? i : -1)));
    expect(lastReply).toBeLessThan(20);
  }, 15_000);

  it('tries a throughput refusal (130429) again with a fresh slot, and gives up on a real error at once', async () => {
    const s = sender(redisA, 50);
    let calls = 0;
    const sent = await s.send(number(), '919300000001', 'reply', async () => {
      calls++;
      if (calls === 1) throw new GraphApiError({ code: 130429, httpStatus: 400, message: 'Rate limit hit' });
      return 'ok';
    });
    expect([sent, calls]).toEqual(['ok', 2]);
    let refused = 0;
    await expect(
      s.send(number(), '919300000002', 'reply', async () => {
        refused++;
        throw new GraphApiError({ code: 131026, httpStatus: 400, message: 'undeliverable' });
      }),
    ).rejects.toThrow(/undeliverable/);
    expect(refused).toBe(1);
  });

  it('takes a fresh slot when what is asked before sending outlasts a late slot, so sends never bunch', async () => {
    const phone = number();
    const s = sender(redisA, 10);
    const asked: number[] = [];
    let sentAt = 0;
    const start = performance.now();
    // Asked once in line (quick), then with the slot: that ask is slow (a store's read stalled), and sending
    // after it would land next to the following slot's send.
    await s.send(phone, '919350000001', 'bulk', async () => void (sentAt = performance.now() - start), {
      beforeSend: async () => {
        asked.push(performance.now() - start);
        if (asked.length === 2) await new Promise((r) => setTimeout(r, 200));
      },
    });
    expect(asked).toHaveLength(3);
    // Sent at a fresh slot, right after its quick ask, 200 ms or more after the slow one began.
    expect(asked[2]! - asked[1]!).toBeGreaterThanOrEqual(200);
    expect(sentAt - asked[2]!).toBeLessThan(30);
    // An ask that refuses ends the send without calling it.
    let called = false;
    await expect(
      s.send(phone, '919350000002', 'bulk', async () => void (called = true), {
        beforeSend: async () => {
          throw new Error('campaign paused');
        },
      }),
    ).rejects.toThrow('campaign paused');
    expect(called).toBe(false);
  });

  it('counts citizens\' messages against the budget, as Meta does', async () => {
    const phone = number();
    const s = sender(redisA, 10);
    s.countInbound(phone, 10);
    await new Promise((r) => setTimeout(r, 50));
    const start = Date.now();
    await s.send(phone, '919400000001', 'reply', async () => undefined);
    expect(Date.now() - start).toBeGreaterThan(500);
    // A flood of citizens' messages (a campaign's quick reply tapped by thousands) leaves no debt
    // past a second: the replies to them are not pushed minutes out.
    const flooded = number();
    s.countInbound(flooded, 2000);
    await new Promise((r) => setTimeout(r, 50));
    const before = Date.now();
    await s.send(flooded, '919400000002', 'reply', async () => undefined);
    expect(Date.now() - before).toBeLessThan(1500);
  });
});
