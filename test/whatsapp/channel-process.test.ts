/**
 * The channel across processes, with hosts as `npm start` runs them (dist/,
 * own process) and the WhatsApp simulator in this test's process, so it
 * outlives the hosts: kill -9 between the acknowledgement and the reply, two
 * hosts behind a round-robin balancer on one MongoDB-wire store, and the
 * readiness race at start-up.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { citizenKey } from '../../platform/citizens/identity';
import { projectRoot } from '../../platform/paths';
import { bsuidFor } from '../../platform/sandbox/whatsapp/ids';
import { createStore } from '../../platform/store';
import { describeWith, serviceUrl, tempDir } from '../support/services';
import { freePort } from '../support/ports';
import { MAIN, NUMBER, citizenSays, hostEnv, replies, simulator, spawnHost, startHost, stopHost, until } from '../support/host-process';

beforeAll(() => {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run the suite through \`npm test\`, which builds first`);
});

describeWith('REDIS')('kill -9 between the acknowledgement and the reply', () => {
  it('answers the message once after the host restarts', async () => {
    const { sim, url: simUrl, close } = await simulator();
    // A flow that takes its time before answering: the window to kill the host in.
    const flowsDir = tempDir();
    for (const dir of ['catalog', 'texts']) fs.cpSync(path.join(projectRoot, 'flows', dir), path.join(flowsDir, dir), { recursive: true });
    fs.writeFileSync(
      path.join(flowsDir, 'slow-echo.json'),
      JSON.stringify([
        { id: 'tab1', type: 'tab', label: 'Slow echo' },
        { id: 'acc', type: 'whatsapp-account', name: 'number' },
        { id: 'in', type: 'whatsapp-in', z: 'tab1', account: 'acc', path: '/whatsapp/webhook', wires: [['wait'], []] },
        { id: 'wait', type: 'delay', z: 'tab1', pauseType: 'delay', timeout: '3', timeoutUnits: 'seconds', rate: '1', nbRateUnits: '1', rateUnits: 'second', randomFirst: '1', randomLast: '5', randomUnits: 'seconds', drop: false, outputs: 1, wires: [['say']] },
        { id: 'say', type: 'change', z: 'tab1', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'Received, thank you.', tot: 'str' }], wires: [['out']] },
        { id: 'out', type: 'whatsapp-out', z: 'tab1', account: 'acc', to: 'citizen', messageType: 'auto', content: 'payload', contentType: 'msg', wires: [[]] },
      ]),
    );
    const port = await freePort();
    const env = hostEnv(port, simUrl, { DATA_DIR: tempDir(), FLOWS_DIR: flowsDir });
    sim.setWebhookUrl(`http://127.0.0.1:${port}/api/whatsapp/webhook`);
    let host = await startHost(env);
    try {
      const waId = '919000006001';
      await citizenSays(simUrl, { from: waId, type: 'text', text: 'my application?' });
      await until(() => sim.webhookStats().delivered >= 1, 10_000, 'the acknowledgement');
      await sleep(500); // acknowledged, the flow is waiting in its delay
      host.child.kill('SIGKILL');
      await new Promise((resolve) => host.child.once('exit', resolve));
      expect(replies(sim, waId)).toHaveLength(0);

      host = await startHost(env);
      // The dead host's lease on the citizen runs out, then the sweep runs the message again.
      await until(() => replies(sim, waId).length >= 1, 40_000, 'the reply after restart');
      await sleep(4000);
      expect(replies(sim, waId)).toHaveLength(1);
      expect(sim.webhookStats().retried).toBe(0);
    } finally {
      await stopHost(host);
      await close();
    }
  }, 120_000);
});

describeWith('MONGODB')('two hosts behind a round-robin balancer on one store', () => {
  it('keeps the language of citizens who tap English and send hi right after', async () => {
    const { sim, url: simUrl, close } = await simulator();
    const dbName = `jansetu_two_hosts_${randomBytes(4).toString('hex')}`;
    const shared = { MONGODB_URI: serviceUrl('MONGODB')!, MONGODB_DB: dbName, CREDENTIAL_SECRET: 'two-hosts-credential-secret' };
    const [portA, portB] = [await freePort(), await freePort()];
    const a = await startHost(hostEnv(portA, simUrl, { ...shared, DATA_DIR: tempDir() }));
    const b = await startHost(hostEnv(portB, simUrl, { ...shared, DATA_DIR: tempDir() }));
    // Meta's webhooks land on either host: each request goes to the next one.
    let turn = 0;
    const hits = { a: 0, b: 0 };
    const balancer = http.createServer((req, res) => {
      const [port, name] = turn++ % 2 === 0 ? [portA, 'a' as const] : [portB, 'b' as const];
      hits[name]++;
      const upstream = http.request({ host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => balancer.listen(0, '127.0.0.1', () => resolve()));
    sim.setWebhookUrl(`http://127.0.0.1:${(balancer.address() as net.AddressInfo).port}/api/whatsapp/webhook`);
    const store = await createStore({ engine: 'mongo', uri: serviceUrl('MONGODB')!, dbName, sweepIntervalMs: 0 });
    try {
      const citizens = Array.from({ length: 10 }, (_, i) => `9190000062${String(i).padStart(2, '0')}`);
      await Promise.all(citizens.map((waId) => citizenSays(simUrl, { from: waId, type: 'text', text: 'hello' })));
      await until(() => citizens.every((c) => replies(sim, c).length >= 1), 60_000, 'the language question');
      await Promise.all(
        citizens.map(async (waId) => {
          const question = replies(sim, waId)[0]!.body as { interactive: { action: { buttons: Array<{ reply: { id: string; title: string } }> } } };
          const english = question.interactive.action.buttons.find((b) => b.reply.title === 'English')!.reply;
          await citizenSays(simUrl, { from: waId, type: 'interactive', reply: { kind: 'button_reply', id: english.id, title: 'English' } });
          await citizenSays(simUrl, { from: waId, type: 'text', text: 'hi' });
        }),
      );
      await until(() => citizens.every((c) => replies(sim, c).length >= 3), 60_000, 'three replies each');
      expect(hits.a).toBeGreaterThan(0);
      expect(hits.b).toBeGreaterThan(0);
      for (const waId of citizens) {
        const key = citizenKey(NUMBER.phoneNumberId, { wa_id: waId, user_id: bsuidFor(NUMBER.businessAccountId, waId) });
        expect(await store.collection('citizen_sessions').findOne({ _id: key })).toMatchObject({ language: 'en' });
        const second = replies(sim, waId)[2]!.body as { interactive?: { type: string; body: { text: string } } };
        expect(second.interactive?.type).toBe('list');
        expect(second.interactive?.body.text).toMatch(/Choose a department/);
      }
    } finally {
      balancer.close();
      await store.close();
      await Promise.all([stopHost(a), stopHost(b)]);
      await close();
    }
  }, 180_000);
});

describeWith('REDIS')('readiness at start-up', () => {
  it('never answers 404 on the webhook path, and is ready only when the webhook is served', async () => {
    const { url: simUrl, close } = await simulator();
    const port = await freePort();
    const host = spawnHost(hostEnv(port, simUrl, { DATA_DIR: tempDir() }));
    const seen: Array<{ webhook: number | null; ready: number | null }> = [];
    const base = `http://127.0.0.1:${port}`;
    const status = (u: string) => fetch(u).then((r) => r.status, () => null);
    try {
      let upAt = -1;
      while (seen.length < 2000) {
        const ready = await status(`${base}/readyz`);
        const webhook = await status(`${base}/api/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=process-verify&hub.challenge=42`);
        seen.push({ ready, webhook });
        if (ready === 200 && upAt < 0) upAt = seen.length;
        if (upAt > 0 && seen.length > upAt + 20) break;
        if (host.child.exitCode !== null) throw new Error(host.output());
        await sleep(10);
      }
      await host.up;
      expect(seen.some((s) => s.webhook === 503)).toBe(true); // the window before the flows start was observed
      expect(seen.filter((s) => s.webhook === 404)).toEqual([]);
      // Once ready, the handshake is answered: no request after the first 200 fails.
      expect(seen.slice(upAt - 1).every((s) => s.ready === 200 && s.webhook === 200)).toBe(true);
    } finally {
      await stopHost(host);
      await close();
    }
  }, 90_000);
});
