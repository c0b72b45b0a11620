/**
 * The citizen directory on both engines: subscriptions kept once and recorded
 * as consent, places normalized, and the audience filter (topics, place,
 * tags, language from the session, opted in only) read page by page.
 */
import { randomBytes } from 'node:crypto';
import { ConsentRegistry } from '../../platform/citizens/consent';
import { CitizenDirectory, type ProfileDoc } from '../../platform/citizens/directory';
import { SESSIONS_COLLECTION } from '../../platform/sessions/citizen-sessions';
import { createStore, type DocumentStore } from '../../platform/store';
import { describeWith, serviceUrl, tempDir } from '../support/services';

function directoryContract(name: string, open: () => Promise<DocumentStore>) {
  describe(`CitizenDirectory on ${name}`, () => {
    let store: DocumentStore;
    let consent: ConsentRegistry;
    let directory: CitizenDirectory;
    beforeAll(async () => {
      store = await open();
      consent = new ConsentRegistry(store);
      await consent.init();
      directory = new CitizenDirectory(store, consent);
      await directory.init();
    });
    afterAll(() => store.close());

    const number = () => `1${randomBytes(5).readUIntBE(0, 5)}`;
    const who = (phoneNumberId: string, i: number) => ({ citizenKey: `${phoneNumberId}/9190000${String(i).padStart(5, '0')}`, phoneNumberId, wa_id: `9190000${String(i).padStart(5, '0')}` });
    const all = async (gen: AsyncGenerator<ProfileDoc[]>) => {
      const out: ProfileDoc[][] = [];
      for await (const page of gen) out.push(page);
      return out;
    };

    it('keeps a subscription once however often asked, records it as consent, and stops one topic', async () => {
      const n = number();
      const citizen = who(n, 1);
      const first = await directory.subscribe(citizen, 'power_outage', { district: ' Guntur ', mandal: 'Tenali', pin: '౫౨౨౨౦౧' }, 'whatsapp:subscribe', 'wamid.A');
      expect(first.added).toBe(true);
      expect(first.profile).toMatchObject({ topics: ['power_outage'], district: 'guntur', mandal: 'tenali', pin: '522201', waId: citizen.wa_id, tags: [] });
      const again = await directory.subscribe(citizen, 'power_outage', {}, 'whatsapp:subscribe', 'wamid.B');
      expect(again.added).toBe(false);
      expect(again.profile.topics).toEqual(['power_outage']);
      // A place not given again is kept.
      expect(again.profile.district).toBe('guntur');
      expect(await consent.state(citizen.citizenKey)).toBe('opted_in');
      expect(await consent.history(citizen.citizenKey)).toHaveLength(1);
      await directory.subscribe(citizen, 'weather_alerts');
      // Meta starts sending her BSUID: her citizen key moves to it, and her profile is still found.
      const later = { ...citizen, citizenKey: `${n}/IN.77${citizen.wa_id}`, user_id: `IN.77${citizen.wa_id}` };
      expect((await directory.unsubscribe(later, 'power_outage')).profile!.topics).toEqual(['weather_alerts']);
      expect((await directory.unsubscribe(citizen, 'power_outage')).removed).toBe(false);
      await expect(directory.unsubscribe(citizen, '$where')).rejects.toThrow(/not a topic/);
      expect((await directory.subscribe(later, 'market_prices', { district: 'East  Godavari' })).profile).toMatchObject({ _id: citizen.citizenKey, district: 'east_godavari', topics: ['weather_alerts', 'market_prices'] });
      await expect(directory.subscribe(citizen, 'Power Outage!')).rejects.toThrow(/not a topic/);
      await expect(directory.subscribe(citizen, 'exam_results', { pin: '052220' })).rejects.toThrow(/not a PIN code/);
      const tagged = await directory.update(citizen, { addTags: ['farmer', 'parent'] });
      expect(tagged.tags).toEqual(['farmer', 'parent']);
      expect((await directory.update(citizen, { removeTags: ['parent'] })).tags).toEqual(['farmer']);
    });

    it('picks an audience by topic, place, tags and language, opted in only, page by page', async () => {
      const n = number();
      const other = number();
      for (let i = 0; i < 25; i++) await directory.subscribe(who(n, i), i % 2 ? 'power_outage' : 'exam_results', { district: i < 20 ? 'guntur' : 'krishna', mandal: i < 10 ? 'tenali' : 'mangalagiri' });
      // Someone else's number, and a citizen who said STOP after subscribing.
      await directory.subscribe(who(other, 1), 'power_outage', { district: 'guntur' });
      await consent.record({ citizenKey: who(n, 1).citizenKey, phoneNumberId: n, state: 'opted_out', source: 'whatsapp:text', at: new Date(Date.now() + 1000) });
      // Known but never opted in (a place given by a flow, no subscription).
      await directory.update(who(n, 30), { place: { district: 'guntur' } });
      const keys = (pages: ProfileDoc[][]) => pages.flat().map((p) => Number(p._id.slice(-5)));

      const outage = await all(directory.matching([n], { topics: ['power_outage'], district: 'GUNTUR' }, 4));
      expect(keys(outage)).toEqual([3, 5, 7, 9, 11, 13, 15, 17, 19]);
      expect(outage.length).toBeGreaterThan(1);
      expect(keys(await all(directory.matching([n], { topics: ['power_outage'], mandal: 'tenali' })))).toEqual([3, 5, 7, 9]);
      expect(keys(await all(directory.matching([n], { district: 'guntur', optedInOnly: false })))).toEqual([...Array.from({ length: 20 }, (_, i) => i).filter((i) => i !== 1), 30]);
      expect(keys(await all(directory.matching([n, other], { topics: ['power_outage'], district: 'krishna' })))).toEqual([21, 23]);

      await directory.update(who(n, 3), { addTags: ['farmer'] });
      expect(keys(await all(directory.matching([n], { tags: ['farmer'] })))).toEqual([3]);
      // Language is the session's; a citizen who never chose one is spoken to in English.
      await store.collection(SESSIONS_COLLECTION).insertOne({ _id: who(n, 5).citizenKey, language: 'te' });
      // Once her session is purged, the language she subscribed in.
      await directory.subscribe({ ...who(n, 7), language: 'te' }, 'power_outage');
      expect(keys(await all(directory.matching([n], { topics: ['power_outage'], language: 'te' })))).toEqual([5, 7]);
      expect(keys(await all(directory.matching([n], { topics: ['power_outage'], district: 'guntur', language: 'en' })))).toEqual([3, 9, 11, 13, 15, 17, 19]);
    });
  });
}

directoryContract('the embedded store', () => createStore({ engine: 'embedded', dir: tempDir(), sweepIntervalMs: 0 }));
describeWith('MONGODB')('on MongoDB', () => {
  directoryContract('FerretDB', () => createStore({ engine: 'mongo', uri: serviceUrl('MONGODB')!, dbName: `jansetu_directory_${randomBytes(4).toString('hex')}`, sweepIntervalMs: 0 }));
});
