/**
 * The application node under the real Node-RED runtime, against a real HTTP
 * server as the department: filing once per message with the reference as
 * the idempotency key, a refusal with its mapped text, a department that is
 * down (kept, then submitted by the sweep with the same key), and status by
 * a typed reference or the citizen's own list.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import helper from 'node-red-node-test-helper';
import applicationNode from '../../nodes/application/application';
import departmentNode from '../../nodes/department/department';
import { portRecorder } from '../support/node-ports';
import { usePlatformForNodes } from '../support/node-tests';

helper.init(require.resolve('node-red'));

type Msg = Record<string, any>;
const PORTS = ['out1', 'out2', 'out3', 'caught'] as const;

describe('application node', () => {
  const platform = usePlatformForNodes();
  let server: http.Server;
  let base: string;
  const seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }> = [];
  let script: Array<(res: http.ServerResponse) => void> = [];
  const { listen, next } = portRecorder(PORTS);

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        const next = script.shift();
        if (next) return next(res);
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ applicationId: `CS-${seen.length}` }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  async function load(node: Record<string, unknown>, dept: Record<string, unknown> = {}): Promise<void> {
    seen.length = 0;
    script = [];
    // A second load in one test replaces the flows, as a deploy does.
    await helper.unload();
    await new Promise<void>((r) =>
      helper.load(
        [departmentNode, applicationNode],
        [
          { id: 'dept', type: 'department', version: 1, department: 'civil_supplies', baseUrl: base, authKind: 'none', timeoutMs: 1000, maxAttempts: 2, consecutiveFailures: 2, halfOpenAfterSeconds: 60, ...dept },
          { id: 'app', type: 'application', version: 1, department: 'dept', ...node, wires: [['out1'], ['out2'], ['out3']] },
          { id: 'out1', type: 'helper' },
          { id: 'out2', type: 'helper' },
          { id: 'out3', type: 'helper' },
          { id: 'k1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
          { id: 'caught', type: 'helper' },
        ],
        () => r(),
      ),
    );
    listen();
  }
  let citizenSeq = 0;
  const citizen = () => `100000001/9198000007${String(++citizenSeq).padStart(2, '0')}`;
  const msgOf = (key: string, messageId: string, extra: Msg = {}) => ({
    citizen: { key, wa_id: key.split('/')[1], user_id: null, profile_name: 'Ravi' },
    whatsapp: { phoneNumberId: '100000001' },
    message: { id: messageId, type: 'interactive' },
    service: { id: 'ration_member_add' },
    session: { language: 'en', answers: { ration_card_number: 'WAP1234567890', member_name: 'SITA' } },
    ...extra,
  });
  const json = (status: number, body: unknown) => (res: http.ServerResponse) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const filing = { action: 'file', path: '/ration-cards/{session.answers.ration_card_number}/members' };

  it('files once per message, with the reference as the idempotency key and in the body', async () => {
    await load(filing);
    const key = citizen();
    helper.getNode('app').receive(msgOf(key, 'wamid.file-1'));
    const out = await next();
    expect(out.port).toBe('out1');
    const reference = out.msg.application.reference as string;
    expect(reference).toMatch(/^AP-CSD-20\d\d-\d{6}$/);
    expect(out.msg.application).toMatchObject({ status: 'submitted', service: 'ration_member_add', department: 'civil_supplies' });
    expect(out.msg.payload).toContain(reference);
    expect(out.msg.payload).toContain('Add a ration card member');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/v1/ration-cards/WAP1234567890/members', headers: { 'idempotency-key': reference } });
    expect(JSON.parse(seen[0].body)).toEqual({ ration_card_number: 'WAP1234567890', member_name: 'SITA', reference, service: 'ration_member_add' });
    // The same message again (a re-run, a second host): the same application, nothing sent again.
    helper.getNode('app').receive(msgOf(key, 'wamid.file-1'));
    expect(await next()).toMatchObject({ port: 'out1', msg: { application: { reference } } });
    expect(seen).toHaveLength(1);
    const stored = await platform().services.applications.store.byReference(reference);
    expect(stored).toMatchObject({ citizenKey: key, citizen: { wa_id: key.split('/')[1], phoneNumberId: '100000001' }, submission: { departmentRef: 'CS-1' } });
  });

  it('says a refusal in the text its code maps to', async () => {
    await load({ ...filing, refusals: [{ code: 'MEMBER_EXISTS', text: 'department.unavailable' }] });
    script = [json(422, { code: 'MEMBER_EXISTS', message: 'Sita is on card WAP999 already' })];
    helper.getNode('app').receive(msgOf(citizen(), 'wamid.file-2', { session: { language: 'te', answers: { ration_card_number: 'WAP1234567890' } } }));
    const out = await next();
    expect(out).toMatchObject({ port: 'out2', msg: { refusal: { status: 422, code: 'MEMBER_EXISTS' }, application: { status: 'rejected' } } });
    expect(out.msg.payload).toBe(platform().services.texts.format('department.unavailable', 'te'));
  });

  it('keeps the application while the department is down, and the sweep submits it with the same key', async () => {
    await load(filing);
    script = [json(503, { message: 'down' }), json(503, { message: 'down' })];
    helper.getNode('app').receive(msgOf(citizen(), 'wamid.file-3'));
    const out = await next();
    expect(out.port).toBe('out3');
    const reference = out.msg.application.reference as string;
    expect(out.msg.payload).toContain(reference);
    expect(out.msg.payload).toMatch(/busy/);
    expect(seen).toHaveLength(2);
    const { applications } = platform().services;
    // Not due yet: the sweep leaves it.
    expect(await applications.submitDue()).toBe(0);
    await platform().services.store.collection('applications').updateOne({ _id: reference }, { $set: { 'submission.dueAt': new Date(Date.now() - 1000) } });
    // The circuit opened after two failures: while it is open, the sweep's try waits again.
    expect(platform().services.departmentApis.forDepartment('civil_supplies')!.circuit).toBe('open');
    expect(await applications.submitDue()).toBe(0);
    expect(seen).toHaveLength(2);
    expect(await applications.store.byReference(reference)).toMatchObject({ status: 'received', submission: { attempts: 2, lastProblem: 'circuit_open' } });
    // The department is back (its connection redeployed: a new client, the circuit closed).
    await platform().services.store.collection('applications').updateOne({ _id: reference }, { $set: { 'submission.dueAt': new Date(Date.now() - 1000) } });
    await load(filing, { timeoutMs: 1500 });
    expect(await applications.submitDue()).toBe(1);
    expect(seen.at(-1)!.headers['idempotency-key']).toBe(reference);
    expect(await applications.store.byReference(reference)).toMatchObject({ status: 'submitted' });
  });

  it('finds an application by the reference as typed, lists the citizen\'s own, and says when there is none', async () => {
    await load(filing);
    const key = citizen();
    helper.getNode('app').receive(msgOf(key, 'wamid.file-4a'));
    const first = (await next()).msg.application.reference as string;
    helper.getNode('app').receive(msgOf(key, 'wamid.file-4b'));
    const second = (await next()).msg.application.reference as string;
    await load({ action: 'status', reference: 'answer' });
    const typed = first.toLowerCase().replace(/-/g, ' ');
    // Another citizen's reference is not found: references are numbered in order.
    helper.getNode('app').receive(msgOf(citizen(), 'wamid.s0', { answer: typed }));
    expect(await next()).toMatchObject({ port: 'out2', msg: { payload: expect.stringContaining(first) } });
    helper.getNode('app').receive(msgOf(key, 'wamid.s1', { answer: typed }));
    const found = await next();
    expect(found).toMatchObject({ port: 'out1', msg: { application: { reference: first, status: 'submitted' } } });
    expect(found.msg.payload).toContain(`${first} · Add a ration card member: submitted to the department`);
    helper.getNode('app').receive(msgOf(key, 'wamid.s2', { answer: 'AP-CSD-2020-999999' }));
    expect(await next()).toMatchObject({ port: 'out2', msg: { payload: expect.stringContaining('AP-CSD-2020-999999') } });
    helper.getNode('app').receive(msgOf(key, 'wamid.s3'));
    const own = await next();
    expect(own.port).toBe('out1');
    expect(own.msg.applications.map((a: Msg) => a.reference)).toEqual([second, first]);
    expect(own.msg.payload.split('\n')).toHaveLength(3);
    helper.getNode('app').receive(msgOf(citizen(), 'wamid.s4'));
    expect(await next()).toMatchObject({ port: 'out2', msg: { payload: platform().services.texts.format('applications.none', 'en') } });
  });

  it('refuses at deploy a service not in the catalog, and at run time a service of another department', async () => {
    await load({ ...filing, service: 'no_such_service' });
    helper.getNode('app').receive(msgOf(citizen(), 'wamid.bad-1'));
    expect((await next()).msg.error.message).toMatch(/application.errors.unknown-service/);
    await load({ ...filing, service: 'income_certificate' });
    helper.getNode('app').receive(msgOf(citizen(), 'wamid.bad-2'));
    expect((await next()).msg.error.message).toMatch(/application.errors.other-department/);
    expect(seen).toHaveLength(0);
  });
});
