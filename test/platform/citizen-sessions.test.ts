import { CitizenSessions, SessionError } from '../../platform/sessions/citizen-sessions';
import { createStore, type DocumentStore } from '../../platform/store';
import { tempDir } from '../support/services';

describe('CitizenSessions', () => {
  let store: DocumentStore;
  let sessions: CitizenSessions;
  const t0 = new Date('2026-01-18T09:00:00Z');
  const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

  beforeAll(async () => {
    store = await createStore({ engine: 'embedded', dir: tempDir() });
    sessions = new CitizenSessions(store);
    await sessions.init();
  });
  afterAll(() => store.close());

  it('resumes within the idle timeout and starts over after it, keeping the language', async () => {
    const first = await sessions.touch('1/919000000001', 30 * 60_000, t0);
    expect(first).toMatchObject({ isNew: true, expired: false, session: { step: 'start', language: null } });
    await sessions.save('1/919000000001', { step: 'ask_survey_no', language: 'te', answers: { district: 'Guntur' } }, at(1));

    const resumed = await sessions.touch('1/919000000001', 30 * 60_000, at(20));
    expect(resumed).toMatchObject({ isNew: false, session: { step: 'ask_survey_no', answers: { district: 'Guntur' }, language: 'te' } });

    // 20 → 51 minutes: 31 minutes of silence.
    const restarted = await sessions.touch('1/919000000001', 30 * 60_000, at(51));
    expect(restarted).toMatchObject({ isNew: true, expired: true, session: { step: 'start', answers: {}, language: 'te' } });
  });

  it('survives concurrent touches of one citizen without losing the record', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => sessions.touch('1/919000000002', 60_000, at(i / 100))));
    expect(await store.collection('citizen_sessions').countDocuments({ _id: '1/919000000002' })).toBe(1);
  });

  it('refuses ids that are not WhatsApp ids and answer keys MongoDB cannot hold', async () => {
    await expect(sessions.touch('+91 98', 1000)).rejects.toThrow(SessionError);
    await expect(sessions.save('1/919000000003', { answers: { $where: 1 } })).rejects.toThrow(/answer key "\$where"/);
    await expect(sessions.save('1/919000000003', { step: '' })).rejects.toThrow(/non-empty/);
  });
});
