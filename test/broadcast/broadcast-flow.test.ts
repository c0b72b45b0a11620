/**
 * Campaigns end to end on a sandbox host, over the suite's Redis (BullMQ),
 * through the WhatsApp simulator: a school alert from an uploaded CSV (bad
 * rows reported, a number twice sent once, an opted-out parent skipped) is
 * sent to every parent exactly once, its counters are exact and follow the
 * simulator's delivery and read webhooks, and Redis keeps no finished jobs.
 * Pause stops it and resume finishes it; a host whose broadcaster died
 * midway resumes without repeating anyone; cancel skips the rest. The admin
 * API refuses a template the number does not have, and bad input, saying why.
 */
import type { RunningHost } from '../../platform/host';
import { Broadcaster, SEND_QUEUE } from '../../platform/broadcast/broadcaster';
import { INBOX_COLLECTION } from '../../platform/whatsapp/inbox';
import { eventually } from '../support/citizens';
import { adminToken, broadcastApi } from '../support/admin-api';
import { startTestHost } from '../support/host';
import { describeWith } from '../support/services';

describeWith('REDIS')('broadcasts', () => {
  let host: RunningHost;
  let token: string;
  let sender: string;
  beforeAll(async () => {
    host = await startTestHost();
    sender = host.services.whatsapp.defaultAccount.current.phoneNumberId!;
    token = await adminToken(host.url);
  }, 60_000);
  afterAll(() => host?.stop());

  const api = broadcastApi(() => host.url, () => token);
  const SCHOOL_ALERT = { name: 'school_alert', language: 'en_US', header: ['campaign.school'], body: ['citizen.student', 'campaign.notice', 'campaign.date'] };
  const campaign = (csv: string, extra: Record<string, unknown> = {}) => ({ name: 'Holiday notice', template: SCHOOL_ALERT, senders: [sender], data: { school: 'ZPHS Tenali', notice: 'the school is closed tomorrow for Sankranti.', date: '14-01-2027' }, audience: { csv }, ...extra });
  const parents = (from: number, count: number) => Array.from({ length: count }, (_, i) => `9198${String(from + i).padStart(8, '0')},Student ${from + i}`);
  const conversationOf = (waId: string) => host.sandbox!.whatsapp.conversation(waId)?.messages.filter((m) => m.direction === 'out') ?? [];

  it('sends a school alert to every parent in the CSV once, with exact counters that follow delivery', async () => {
    const rows = parents(10_000, 120);
    const csv = ['phone,student', ...rows, rows[0], rows[1], 'not-a-number,Nobody', ',Empty', '12,Short'].join('\n');
    // One parent said STOP to this number: skipped at send time.
    await host.services.consent.record({ citizenKey: `${sender}/919800010005`, phoneNumberId: sender, citizen: { wa_id: '919800010005' }, state: 'opted_out', source: 'admin', messageId: null });
    const created = await api('/campaigns', campaign(csv));
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ state: 'draft', total: 120, rejectedCount: 3, duplicates: 2, counts: { queued: 120 } });
    const id = created.json.id as string;
    expect((await api(`/campaigns/${id}`)).json.rejected).toEqual([expect.objectContaining({ line: 124 }), expect.objectContaining({ line: 125 }), expect.objectContaining({ line: 126 })]);

    expect((await api(`/campaigns/${id}/schedule`, {})).status).toBe(200);
    const done = await eventually(() => api(`/campaigns/${id}`).then((r) => r.json), (c) => c.state === 'completed', 30_000);
    expect(done.counts.queued).toBe(0);
    expect(done.counts.skipped).toBe(1);
    expect(done.errors).toEqual({ opted_out: 1 });
    expect(done.funnel.sent).toBe(119);
    // Each parent got exactly one alert with their child's name; the opted-out one none.
    for (let i = 0; i < 120; i++) {
      const waId = `9198${String(10_000 + i).padStart(8, '0')}`;
      const got = conversationOf(waId);
      if (waId === '919800010005') expect(got).toHaveLength(0);
      else {
        expect({ waId, messages: got.length }).toEqual({ waId, messages: 1 });
        expect(JSON.stringify(got[0]!.body)).toContain(`Student ${10_000 + i}`);
      }
    }
    // Delivery and read webhooks from the simulator move the counters on; the sum stays the total.
    const delivered = await eventually(() => api(`/campaigns/${id}`).then((r) => r.json), (c) => c.funnel.delivered === 119, 15_000);
    const sum = Object.values(delivered.counts as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(sum).toBe(120);
    expect(await host.services.broadcast.broadcaster!.pending()).toEqual({ fanout: 0, send: 0 });

    // A parent answers the alert (quoting it): the flow is told which campaign it answers.
    const alert = conversationOf('919800010001')[0]!;
    const reply = await fetch(`${host.url}/sandbox/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ from: '919800010001', name: 'Parent', type: 'text', text: 'Is the hostel open?', context_id: alert.id }) });
    expect(reply.status).toBe(200);
    const stored = await eventually(() => host.services.store.collection<{ message: { text?: string; broadcast?: unknown } }>(INBOX_COLLECTION).find({ 'message.text': 'Is the hostel open?' }), (d) => d.length > 0, 10_000);
    expect(stored[0]!.message.broadcast).toEqual({ campaignId: id, name: 'Holiday notice' });
  }, 90_000);

  it('starts a campaign from a flow (bulk-broadcast), and tells the flow when it has ended', async () => {
    const auth = { authorization: `Bearer ${token}`, 'Node-RED-API-Version': 'v2' };
    const live = (await (await fetch(`${host.url}/admin/flows`, { headers: auth })).json()) as { flows: Array<Record<string, unknown>> };
    const tab = [
      { id: 'powercut0000tab', type: 'tab', label: 'Power cut alerts' },
      { id: 'powercut0000001', type: 'http in', z: 'powercut0000tab', url: '/test/power-cut', method: 'post', wires: [['powercut0000002']] },
      {
        id: 'powercut0000002', type: 'bulk-broadcast', z: 'powercut0000tab', version: 1, account: 'mainmenuaccount1', campaign: 'Power cut', template: 'school_alert', language: 'en_US',
        header: '"APSPDCL"', body: 'citizen.name\ncampaign.notice\ncampaign.date', audience: 'payload.people', data: '{ "notice": payload.notice, "date": payload.date }', start: 'now',
        wires: [['powercut0000003'], []],
      },
      { id: 'powercut0000003', type: 'change', z: 'powercut0000tab', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'campaign', tot: 'msg' }, { t: 'set', p: 'statusCode', pt: 'msg', to: '201', tot: 'num' }], wires: [['powercut0000004']] },
      { id: 'powercut0000004', type: 'http response', z: 'powercut0000tab', statusCode: '', wires: [] },
      { id: 'powercut0000005', type: 'catch', z: 'powercut0000tab', scope: ['powercut0000002'], uncaught: false, wires: [['powercut0000006']] },
      { id: 'powercut0000006', type: 'change', z: 'powercut0000tab', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'error.message', tot: 'msg' }, { t: 'set', p: 'statusCode', pt: 'msg', to: '400', tot: 'num' }], wires: [['powercut0000004']] },
    ];
    const deployed = await fetch(`${host.url}/admin/flows`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json', 'Node-RED-Deployment-Type': 'full' }, body: JSON.stringify({ flows: [...live.flows, ...tab] }) });
    expect(deployed.status).toBe(200);
    const nodes = (await (await fetch(`${host.url}/admin/nodes`, { headers: { ...auth, Accept: 'application/json' } })).json()) as Array<{ types: string[] }>;
    expect(nodes.flatMap((n) => n.types)).toContain('bulk-broadcast');
    // The flows start after the deploy answers: the route is there once they have.
    await eventually(() => fetch(`${host.url}/api/test/power-cut`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }).then((r) => r.status), (status) => status !== 404, 10_000);
    const people = Array.from({ length: 40 }, (_, i) => ({ phone: `+91 98000 5${String(i).padStart(4, '0')}`, name: `Resident ${i}` }));
    const started = await fetch(`${host.url}/api/test/power-cut`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ notice: 'power is off in Tenali mandal from 10:00 to 14:00 for line work.', date: '05-12-2026', people }) });
    expect(started.status).toBe(201);
    const view = (await started.json()) as { id: string; total: number };
    expect(view.total).toBe(40);
    await eventually(() => host.services.broadcast.campaigns.get(view.id), (c) => c?.state === 'completed' && c.notified === true, 30_000);
    expect(JSON.stringify(conversationOf('919800050007')[0]!.body)).toContain('Resident 7');
    // No one to send to: an error for the Catch node, saying why.
    const refused = await fetch(`${host.url}/api/test/power-cut`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ notice: 'x', date: 'y', people: [{ phone: 'nobody' }] }) });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('no row of the audience has a phone number');
  }, 60_000);

  it('sends nothing in quiet hours, and goes on by itself when they end', async () => {
    const istNow = () => new Date(Date.now() + (5 * 60 + 30) * 60_000);
    // Not in the last seconds of a minute: the quiet minute must outlast the first check.
    while (istNow().getUTCSeconds() > 45) await new Promise((resolve) => setTimeout(resolve, 500));
    const hhmm = (d: Date) => d.toISOString().slice(11, 16);
    const quietHours = { from: hhmm(istNow()), to: hhmm(new Date(istNow().getTime() + 60_000)) };
    const created = await api('/campaigns', campaign(['phone,student', ...parents(40_000, 20)].join('\n'), { quietHours }));
    expect(created.json).toMatchObject({ quietHours });
    const id = created.json.id as string;
    await api(`/campaigns/${id}/schedule`, {});
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect((await api(`/campaigns/${id}`)).json).toMatchObject({ state: 'running', counts: { queued: 20 } });
    expect(conversationOf('919800040000')).toHaveLength(0);
    const done = await eventually(() => api(`/campaigns/${id}`).then((r) => r.json), (c) => c.state === 'completed', 90_000);
    expect(done.funnel.sent).toBe(20);
    for (let i = 0; i < 20; i++) expect(conversationOf(`9198${String(40_000 + i).padStart(8, '0')}`)).toHaveLength(1);
    expect((await api('/campaigns', campaign('phone\n919800040100', { quietHours: { from: '25:00', to: '07:00' } }))).status).toBe(400);
  }, 120_000);

  it('takes an audience in parts: duplicates across parts counted, nothing added once scheduled', async () => {
    const first = await api('/campaigns', campaign(['phone,student', ...parents(60_000, 30)].join('\n')));
    const id = first.json.id as string;
    const more = await api(`/campaigns/${id}/audience`, { csv: ['phone,student', ...parents(60_025, 30), 'nope,x'].join('\n') });
    expect(more).toMatchObject({ status: 200, json: { total: 55, duplicates: 5, rejectedCount: 1, counts: { queued: 55 } } });
    expect(await api(`/campaigns/${id}/audience`, { rows: [{ phone: '919800069999', student: 'Late' }] })).toMatchObject({ status: 200, json: { total: 56 } });
    expect((await api(`/campaigns/${id}/schedule`, {})).status).toBe(200);
    expect(await api(`/campaigns/${id}/audience`, { rows: [{ phone: '919800069998' }] })).toMatchObject({ status: 409, json: { message: expect.stringContaining('only while the campaign is a draft') } });
    expect((await api('/campaigns/cnope/audience', { rows: [{ phone: '919800069998' }] })).status).toBe(404);
    const done = await eventually(() => api(`/campaigns/${id}`).then((r) => r.json), (c) => c.state === 'completed', 30_000);
    expect(done.funnel.sent).toBe(56);
    for (let i = 0; i < 55; i++) expect(conversationOf(`9198${String(60_000 + i).padStart(8, '0')}`)).toHaveLength(1);
    expect(conversationOf('919800069998')).toHaveLength(0);
  }, 60_000);

  it('starts a campaign moved later at its new time, not at the first one', async () => {
    const created = await api('/campaigns', campaign(['phone,student', ...parents(61_000, 5)].join('\n')));
    const id = created.json.id as string;
    expect((await api(`/campaigns/${id}/schedule`, { at: new Date(Date.now() + 1500).toISOString() })).status).toBe(200);
    expect((await api(`/campaigns/${id}/schedule`, { at: new Date(Date.now() + 6000).toISOString() })).status).toBe(200);
    // The first schedule's job runs at 1.5 s and finds it moved: still scheduled at 4 s.
    await new Promise((r) => setTimeout(r, 4000));
    expect((await api(`/campaigns/${id}`)).json.state).toBe('scheduled');
    expect(conversationOf('919800061000')).toHaveLength(0);
    const done = await eventually(() => api(`/campaigns/${id}`).then((r) => r.json), (c) => c.state === 'completed', 20_000);
    expect(new Date(done.startedAt).getTime()).toBeGreaterThanOrEqual(new Date(done.scheduledAt).getTime() - 50);
    expect(done.funnel.sent).toBe(5);
  }, 40_000);

  it('pauses and resumes; a broadcaster that dies midway is taken over without a repeat; cancel skips the rest', async () => {
    const { broadcast } = host.services;
    const created = await api('/campaigns', campaign(['phone,student', ...parents(20_000, 300)].join('\n')));
    const id = created.json.id as string;
    await api(`/campaigns/${id}/schedule`, {});
    await eventually(() => api(`/campaigns/${id}`).then((r) => r.json), (c) => c.funnel.sent > 0, 15_000);
    expect((await api(`/campaigns/${id}/pause`, {})).json.state).toBe('paused');
    // Jobs under way finish; then nothing more goes out while paused.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const paused = (await api(`/campaigns/${id}`)).json;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await api(`/campaigns/${id}`)).json.funnel.sent).toBe(paused.funnel.sent);
    expect((await api(`/campaigns/${id}/pause`, {})).status).toBe(409);

    // This host's broadcaster dies (the last test to use it); another (a second host) takes over the queue and the campaign,
    // fanning out a few jobs at a time (a window of 40 waiting), as a crore-size campaign would.
    await broadcast.broadcaster!.close();
    const successor = new Broadcaster({ campaigns: broadcast.campaigns, queue: host.services.queue, channel: host.services.whatsapp.channel, accountFor: (n) => host.services.whatsapp.hub.accountFor(n), consent: host.services.consent, log: host.services.log }, { fanoutWindow: 40, batchSize: 25 });
    successor.start();
    // A send job that met the pause and is still in Redis holds the id a fan-out from the first
    // queued recipient made before: the resume's fan-out must not be kept out by it (it runs under a
    // run of its own), or those recipients wait for the sweep (15 s once the campaign is quiet).
    const sendQueue = host.services.queue.createQueue(SEND_QUEUE);
    const [first] = await broadcast.campaigns.queuedAfter(id, null, 1);
    const holder = await sendQueue.add('send', { recipientIds: [first!._id] }, { jobId: `send-${first!._id}`, delay: 600_000 });
    try {
      await successor.resume(id);
      const done = await eventually(() => broadcast.campaigns.get(id), (c) => c?.state === 'completed', 12_000);
      expect(done!.counts.queued).toBe(0);
      for (let i = 0; i < 300; i++) expect(conversationOf(`9198${String(20_000 + i).padStart(8, '0')}`)).toHaveLength(1);

      const third = await api('/campaigns', campaign(['phone,student', ...parents(30_000, 50)].join('\n')));
      const cancelled = await successor.cancel(third.json.id as string);
      expect(cancelled).toMatchObject({ state: 'cancelled', counts: { queued: 0, skipped: 50 } });
      expect(conversationOf('919800030000')).toHaveLength(0);
    } finally {
      await holder.remove().catch(() => undefined);
      await sendQueue.close();
      await successor.close();
    }
  }, 120_000);

  it('refuses what cannot be sent, saying why', async () => {
    expect(await api('/campaigns', campaign('phone\n919800040000', { template: { ...SCHOOL_ALERT, name: 'no_such_template' } }))).toMatchObject({ status: 400, json: { error: 'bad_template' } });
    expect(await api('/campaigns', campaign('phone\n919800040000', { template: { ...SCHOOL_ALERT, body: ['citizen.student'] } }))).toMatchObject({ status: 400, json: { error: 'bad_template', message: expect.stringContaining('takes 3 body parameter(s)') } });
    expect(await api('/campaigns', campaign('phone\n919800040000', { senders: ['123'] }))).toMatchObject({ status: 400, json: { error: 'unknown_sender' } });
    expect(await api('/campaigns', campaign('student\nAsha'))).toMatchObject({ status: 400, json: { error: 'bad_audience', message: expect.stringContaining('no phone column') } });
    expect(await api('/campaigns', campaign('phone\n12'))).toMatchObject({ status: 400, json: { error: 'bad_audience' } });
    expect(await api('/campaigns', campaign('phone\n919800040000', { template: { ...SCHOOL_ALERT, body: ['citizen.(', 'a', 'b'] } }))).toMatchObject({ status: 400, json: { error: 'bad_parameter' } });
    expect(await api('/campaigns', { name: '' })).toMatchObject({ status: 400, json: { error: 'bad_request' } });
    expect((await api('/campaigns/cnope/schedule', {})).status).toBe(404);
    // Nobody unsigned gets a body read, however large.
    const anonymous = await fetch(`${host.url}/admin/broadcast/campaigns`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ audience: { csv: 'x'.repeat(2_000_000) } }) });
    expect(anonymous.status).toBe(401);
  });
});
