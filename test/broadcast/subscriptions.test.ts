/**
 * Alert subscriptions from the chat, and campaigns that reach them by filter,
 * on a sandbox host through the WhatsApp simulator: a citizen subscribes to
 * power-cut alerts for Guntur (a double tap keeps one), a campaign whose
 * audience is "power cuts in Guntur" reaches her and not the citizens of
 * other topics or districts, her district fills the template; she stops the
 * alert from the chat and the next such campaign finds nobody.
 */
import type { RunningHost } from '../../platform/host';
import { sandboxCitizenKey } from '../support/citizens';
import { eventually } from '../support/citizens';
import { adminToken, broadcastApi } from '../support/admin-api';
import { startTestHost } from '../support/host';
import { sandboxChat, textOf, type OutMessage } from '../support/sandbox-chat';
import { describeWith } from '../support/services';

describeWith('REDIS')('alert subscriptions', () => {
  let host: RunningHost;
  let token: string;
  beforeAll(async () => {
    host = await startTestHost();
    token = await adminToken(host.url);
  }, 60_000);
  afterAll(() => host?.stop());
  const { say, replies, reply } = sandboxChat(() => host, 'Lakshmi');
  const api = broadcastApi(() => host.url, () => token);
  const row = (m: OutMessage, title: string) => {
    const found = m.body.interactive?.action.sections?.flatMap((s) => s.rows).find((r) => r.title === title);
    if (!found) throw new Error(`no row "${title}" in ${JSON.stringify(m.body.interactive?.action)}`);
    return { type: 'interactive', reply: { kind: 'list_reply', id: found.id, title } };
  };

  it('subscribes from the chat, is reached by a filtered campaign with her district, and stops the alert', async () => {
    const lakshmi = '919000000701';
    const sender = host.services.whatsapp.defaultAccount.current.phoneNumberId!;
    await say(lakshmi, { type: 'text', text: 'hi' });
    await say(lakshmi, { type: 'interactive', reply: { kind: 'button_reply', id: (await reply(lakshmi, 1)).body.interactive!.action.buttons!.find((b) => b.reply.title === 'English')!.reply.id, title: 'English' } });
    await reply(lakshmi, 2);
    // "get alerts" also names departments' alert services: she picks ours from the suggestions.
    const next = async () => {
      const count = (await replies(lakshmi)).length;
      return async () => (await eventually(() => replies(lakshmi), (o) => o.length > count, 10_000)).at(-1)!;
    };
    let answer = await next();
    await say(lakshmi, { type: 'text', text: 'get alerts' });
    const suggestions = await answer();
    answer = await next();
    await say(lakshmi, row(suggestions, 'Get alerts on WhatsApp'));
    const topics = await answer();
    expect(textOf(topics)).toContain('Alerts about');
    // A hurried citizen taps "Power cuts" twice: the second tap is told it answered an earlier question.
    const count = (await replies(lakshmi)).length;
    await say(lakshmi, row(topics, 'Power cuts'));
    await say(lakshmi, row(topics, 'Power cuts'));
    const both = (await eventually(() => replies(lakshmi), (o) => o.length >= count + 2, 10_000)).slice(count);
    expect(both.map(textOf)).toEqual([expect.stringContaining('Your district'), expect.stringContaining('an answer to an earlier question')]);
    answer = await next();
    await say(lakshmi, { type: 'text', text: 'Guntur' });
    expect(textOf(await answer())).toBe('You will get Power cuts alerts for Guntur district here. To stop them, choose "Stop an alert"; STOP stops every alert.');
    const profile = await host.services.directory.get(sandboxCitizenKey(lakshmi));
    expect(profile).toMatchObject({ topics: ['power_outage'], district: 'guntur', waId: lakshmi });
    expect(await host.services.consent.state(sandboxCitizenKey(lakshmi))).toBe('opted_in');

    // Others: a power-cut subscriber in Krishna, an exam-results subscriber in Guntur.
    const key = (waId: string) => ({ citizenKey: sandboxCitizenKey(waId), phoneNumberId: sender, wa_id: waId });
    await host.services.directory.subscribe(key('919000000702'), 'power_outage', { district: 'krishna' });
    await host.services.directory.subscribe(key('919000000703'), 'exam_results', { district: 'guntur' });

    const outage = {
      name: 'Power cut in Guntur',
      template: { name: 'school_alert', language: 'en_US', header: ['"APSPDCL"'], body: ['citizen.district', 'campaign.notice', 'campaign.date'] },
      senders: [sender],
      data: { notice: 'no power 10:00–14:00 for line work', date: '05-12-2026' },
      audience: { filter: { topics: ['power_outage'], district: 'Guntur' } },
    };
    const created = await api('/campaigns', outage);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ total: 1, audience: { kind: 'filter', filter: { topics: ['power_outage'], district: 'Guntur' } } });
    expect((await api(`/campaigns/${created.json.id}/schedule`, {})).status).toBe(200);
    await eventually(() => api(`/campaigns/${created.json.id}`).then((r) => r.json), (c) => c.state === 'completed', 20_000);
    const alert = (await replies(lakshmi)).find((m) => m.body.template);
    expect(JSON.stringify(alert!.body.template)).toContain('guntur');
    for (const other of ['919000000702', '919000000703']) expect((await replies(other)).filter((m) => m.body.template)).toHaveLength(0);

    // A filter must name something; an unknown topic form is refused.
    expect((await api('/campaigns', { ...outage, audience: { filter: {} } })).json).toMatchObject({ error: 'bad_request' });
    expect((await api('/campaigns', { ...outage, audience: { filter: { topics: ['Power Cuts'] } } })).status).toBe(400);

    // She stops the alert from the chat; the next power-cut campaign for Guntur finds nobody.
    answer = await next();
    await say(lakshmi, { type: 'text', text: 'stop an alert' });
    const which = await answer();
    answer = await next();
    await say(lakshmi, row(which, 'Power cuts'));
    expect(textOf(await answer())).toBe('Power cuts alerts are stopped. You get no other alerts.');
    expect((await api('/campaigns', outage)).json).toMatchObject({ error: 'bad_audience' });
  }, 90_000);

  it('sends a geo-targeted alert from a flow: a department says "power cut in Tenali mandal" and its subscribers get it', async () => {
    const sender = host.services.whatsapp.defaultAccount.current.phoneNumberId!;
    const key = (waId: string) => ({ citizenKey: sandboxCitizenKey(waId), phoneNumberId: sender, wa_id: waId });
    await host.services.directory.subscribe(key('919000000711'), 'power_outage', { district: 'guntur', mandal: 'Tenali' });
    await host.services.directory.subscribe(key('919000000712'), 'power_outage', { district: 'guntur', mandal: 'tenali' });
    await host.services.directory.subscribe(key('919000000713'), 'power_outage', { district: 'guntur', mandal: 'Mangalagiri' });
    await host.services.directory.subscribe(key('919000000714'), 'market_prices', { district: 'guntur', mandal: 'Tenali' });
    const auth = { authorization: `Bearer ${token}`, 'Node-RED-API-Version': 'v2' };
    const live = (await (await fetch(`${host.url}/admin/flows`, { headers: auth })).json()) as { flows: Array<Record<string, unknown>> };
    const tab = [
      { id: 'geoalert000tab', type: 'tab', label: 'APSPDCL outages' },
      { id: 'geoalert0000001', type: 'http in', z: 'geoalert000tab', url: '/test/outage', method: 'post', wires: [['geoalert0000002']] },
      {
        id: 'geoalert0000002', type: 'bulk-broadcast', z: 'geoalert000tab', version: 2, account: 'mainmenuaccount1', campaign: 'Outage', template: 'school_alert', language: 'en_US',
        header: '"APSPDCL"', body: 'citizen.mandal\ncampaign.notice\ncampaign.date', audienceFrom: 'filter', audience: 'payload', filter: '{ "topics": ["power_outage"], "mandal": payload.mandal }',
        data: '{ "notice": payload.notice, "date": payload.date }', start: 'now', wires: [['geoalert0000003'], []],
      },
      { id: 'geoalert0000003', type: 'change', z: 'geoalert000tab', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'campaign', tot: 'msg' }, { t: 'set', p: 'statusCode', pt: 'msg', to: '201', tot: 'num' }], wires: [['geoalert0000004']] },
      { id: 'geoalert0000004', type: 'http response', z: 'geoalert000tab', statusCode: '', wires: [] },
      // A flow tags a citizen (a department's list of farmers, say): campaigns may ask for the tag.
      { id: 'geoalert0000011', type: 'http in', z: 'geoalert000tab', url: '/test/tag', method: 'post', wires: [['geoalert0000012']] },
      { id: 'geoalert0000012', type: 'change', z: 'geoalert000tab', rules: [{ t: 'set', p: 'citizen', pt: 'msg', to: 'payload.citizen', tot: 'msg' }], wires: [['geoalert0000013']] },
      { id: 'geoalert0000013', type: 'alert-subscription', z: 'geoalert000tab', version: 1, action: 'tag', topic: 'payload.topic', place: '', tags: 'payload.tags', wires: [['geoalert0000014']] },
      { id: 'geoalert0000014', type: 'change', z: 'geoalert000tab', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'subscription', tot: 'msg' }], wires: [['geoalert0000004']] },
    ];
    const deployed = await fetch(`${host.url}/admin/flows`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json', 'Node-RED-Deployment-Type': 'full' }, body: JSON.stringify({ flows: [...live.flows, ...tab] }) });
    expect(deployed.status).toBe(200);
    const post = (body: unknown) => fetch(`${host.url}/api/test/outage`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    await eventually(() => post({}).then((r) => r.status), (status) => status !== 404, 10_000);
    const started = await post({ mandal: 'Tenali', notice: 'no power 10:00–14:00 for line work', date: '05-12-2026' });
    expect(started.status).toBe(201);
    const view = (await started.json()) as { id: string; total: number };
    expect(view.total).toBe(2);
    await eventually(() => host.services.broadcast.campaigns.get(view.id), (c) => c?.state === 'completed', 20_000);
    const tagged = await fetch(`${host.url}/api/test/tag`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ citizen: { key: sandboxCitizenKey('919000000712'), wa_id: '919000000712' }, tags: ['farmer'] }) });
    expect(((await tagged.json()) as { tags: string[] }).tags).toEqual(['farmer']);
    expect((await host.services.directory.get(sandboxCitizenKey('919000000712')))!.tags).toEqual(['farmer']);
    for (const [waId, alerts] of [['919000000711', 1], ['919000000712', 1], ['919000000713', 0], ['919000000714', 0]] as const) {
      const got = (await replies(waId)).filter((m) => m.body.template);
      expect({ waId, alerts: got.length }).toEqual({ waId, alerts });
      if (alerts) expect(JSON.stringify(got[0]!.body.template)).toContain('tenali');
    }
  }, 60_000);
});
