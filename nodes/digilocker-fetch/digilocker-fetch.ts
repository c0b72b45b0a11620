/**
 * digilocker-fetch: a document from the citizen's DigiLocker. A citizen who
 * has not linked DigiLocker is sent a consent link (output 1) and the step
 * waits; when DigiLocker sends the browser back, the platform puts an event
 * in the citizen's inbox and the flow goes on here. Then the document is
 * fetched into the store and output 2 carries msg.document (its id,
 * metadata and a signed link) and msg.payload, a WhatsApp document message
 * ready for whatsapp-out. Mode `list` puts the issued documents on
 * msg.documents instead; mode `forget` unlinks DigiLocker (tokens revoked,
 * fetched documents deleted). Output 3: failed, with msg.digilocker.reason
 * and a text for the citizen.
 */
import { DigiLockerError, type IssuedDocument } from '../../platform/identity/digilocker/client';
import type { LinkAddress, LockerHolder, StoredDocument } from '../../platform/identity/digilocker/service';
import type { AnsweredStep, PendingStep } from '../../platform/sessions/citizen-sessions';
import { servicesFromSettings } from '../../platform/registry';
import { citizenKeyOf, languageOfMsg, messageIdOf, registerAskingNode } from '../conversation-step';
import type { Node, NodeAPI, NodeDef, NodeMessage } from '../red';
import { isDocumentKind, type DocumentKind } from '../../platform/identity/digilocker/documents';
import { migrate } from './config';

type Send = (msgs: Array<NodeMessage | null>) => void;
type Failure = 'denied' | 'timeout' | 'not_found' | 'unavailable' | 'not_configured' | 'not_linked' | 'not_holder';
const CALLBACK_EVENTS = new Set(['digilocker.linked', 'digilocker.denied', 'digilocker.failed', 'digilocker.not_holder']);

function register(RED: NodeAPI): void {
  function DigiLockerFetchNode(this: Node, nodeDef: NodeDef) {
    RED.nodes.createNode(this, nodeDef);
    const node = this;
    const config = migrate(nodeDef);
    const { texts, identity, catalog } = servicesFromSettings(RED.settings);
    const digilocker = identity.digilocker;
    const timing = { timeoutMs: config.timeout * 60_000, reminderMs: null };

    const conversations = registerAskingNode(RED, node, {
      reminder: () => undefined,
      timeout: (msg) => fail(msg, 'timeout', (msgs) => node.send(msgs)),
    });

    node.on('input', (msg, send, done) => {
      const key = citizenKeyOf(msg);
      if (!key) return done(new Error(RED._('digilocker-fetch.errors.no-citizen')));
      const resumed = conversations.takeResumed(msg);
      const run = resumed === null ? start(msg, key, send) : resumed.kind === 'answer' ? answered(msg, key, resumed.step, send) : answeredBefore(msg, key, resumed.answered, send);
      run.then(
        () => done(),
        (err: Error) => {
          if (err instanceof DigiLockerError && err.retryable) {
            fail(msg, 'unavailable', send);
            return done(err);
          }
          done(err);
        },
      );
    });

    async function start(msg: NodeMessage, key: string, send: Send): Promise<void> {
      if (!digilocker.configured) return fail(msg, 'not_configured', send);
      if (config.mode === 'forget') {
        const forgotten = await digilocker.forget(key);
        msg.payload = texts.format(forgotten ? 'identity.digilocker.forgotten' : 'identity.digilocker.not_linked', languageOfMsg(msg));
        node.status({ fill: 'grey', shape: 'dot', text: RED._('digilocker-fetch.status.forgotten') });
        return void send([null, msg, null]);
      }
      const kinds = kindsFor(msg);
      // The chosen service needs nothing from DigiLocker: nothing to ask.
      if (config.mode === 'fetch' && kinds.length === 0) return void send([null, Object.assign(msg, { documents: [], missingDocuments: [], payload: null }), null]);
      if (await deliver(msg, key, send, kinds)) return;
      // Not linked (or the link was revoked): the consent link, and wait for DigiLocker's callback.
      const address = addressOf(msg, key);
      const link = await digilocker.startLink(address, config.timeout * 60_000, holderOf(msg));
      const values = { url: link.url, minutes: config.timeout, document: documentNames(msg, kinds) };
      const step = conversations.prepare({ node: node.id, citizen: msg.citizen as Record<string, unknown>, channel: (msg.whatsapp ?? {}) as Record<string, unknown>, seed: messageIdOf(msg), state: { expects: 'digilocker', awaits: link.awaits, kinds, values }, ...timing });
      msg.payload = texts.format('identity.digilocker.consent', languageOfMsg(msg), values);
      await conversations.record(key, step);
      node.status({ fill: 'blue', shape: 'ring', text: RED._('digilocker-fetch.status.waiting') });
      send([msg, null, null]);
    }

    /** The callback's event, or the citizen writing while the step waits for it. */
    async function answered(msg: NodeMessage, key: string, step: PendingStep, send: Send): Promise<void> {
      const messageId = messageIdOf(msg);
      const event = (msg.message as { type?: string; event?: { name?: string } } | undefined)?.event;
      const values = (step.state.values ?? {}) as Record<string, unknown>;
      const kinds = ((step.state.kinds ?? []) as unknown[]).filter(isDocumentKind);
      if (event?.name && CALLBACK_EVENTS.has(event.name)) {
        const session = await conversations.answer(key, step, { [LINKED_ANSWER]: { outcome: event.name, kinds } }, messageId);
        if (!session) return;
        if (event.name === 'digilocker.denied') return fail(msg, 'denied', send);
        if (event.name === 'digilocker.not_holder') return fail(msg, 'not_holder', send);
        if (event.name === 'digilocker.failed') {
          fail(msg, 'unavailable', send);
          node.error(RED._('digilocker-fetch.errors.callback-failed'), { ...msg, payload: undefined });
          return;
        }
        if (!(await deliver(msg, key, send, kinds))) fail(msg, 'not_linked', send);
        return;
      }
      // Anything else the citizen sends while the link is open: the link again.
      const next = await conversations.askAgain(key, step, messageId ? { lastMessage: messageId } : {}, timing);
      msg.payload = texts.format(next ? 'identity.digilocker.waiting' : 'conversation.closed', languageOfMsg(msg), values);
      send([msg, null, null]);
    }

    /**
     * The callback's event run again after a deploy interrupted its turn: the same outcome, without
     * a second consent link (a linked locker is read again: the document is fetched once more).
     */
    async function answeredBefore(msg: NodeMessage, key: string, answered: AnsweredStep, send: Send): Promise<void> {
      const { outcome, kinds = [] } = (answered.values[LINKED_ANSWER] ?? {}) as { outcome?: string; kinds?: DocumentKind[] };
      if (outcome === 'digilocker.linked') {
        if (!(await deliver(msg, key, send, kinds))) fail(msg, 'not_linked', send);
      } else fail(msg, outcome === 'digilocker.denied' ? 'denied' : outcome === 'digilocker.not_holder' ? 'not_holder' : outcome === undefined ? 'timeout' : 'unavailable', send);
    }

    /** Fetches (or lists) and sends on; false when the citizen has no linked DigiLocker. */
    async function deliver(msg: NodeMessage, key: string, send: Send, kinds: readonly DocumentKind[]): Promise<boolean> {
      // A locker linked earlier (before the Aadhaar was proved, for another service) serves only its holder.
      const holder = holderOf(msg);
      if (holder && (await digilocker.belongsTo(key, holder)) === false) {
        fail(msg, 'not_holder', send);
        return true;
      }
      if (config.mode === 'list') {
        const items = await digilocker.issued(key);
        if (items === null) return false;
        msg.documents = items.map((i: IssuedDocument) => ({ uri: i.uri, doctype: i.doctype, name: i.name, issuer: i.issuer, date: i.date }));
        node.status({ fill: 'green', shape: 'dot', text: RED._('digilocker-fetch.status.listed', { count: items.length }) });
        send([null, msg, null]);
        return true;
      }
      if (config.document === 'service') {
        // Every document the service needs: those the locker has, and the names of those it has not.
        const documents: StoredDocument[] = [];
        const missing: DocumentKind[] = [];
        for (const kind of kinds) {
          const one = await digilocker.fetch(key, { kind }, config.format);
          if (one === null) return false;
          if (one === 'not_found') missing.push(kind);
          else documents.push(one);
        }
        msg.documents = documents;
        msg.missingDocuments = missing;
        msg.payload = null;
        node.status({ fill: 'green', shape: 'dot', text: RED._('digilocker-fetch.status.fetched-some', { count: documents.length, of: kinds.length }) });
        send([null, msg, null]);
        return true;
      }
      const fetched: StoredDocument | 'not_found' | null = await digilocker.fetch(key, { kind: config.document }, config.format);
      if (fetched === null) return false;
      if (fetched === 'not_found') {
        fail(msg, 'not_found', send);
        return true;
      }
      msg.document = fetched;
      // WhatsApp sends PDFs as documents, not XML: certificate data is for a department (msg.document).
      msg.payload = config.format === 'pdf' ? { type: 'document', document: { link: fetched.link, filename: fetched.filename, caption: fetched.name } } : null;
      node.status({ fill: 'green', shape: 'dot', text: RED._('digilocker-fetch.status.fetched', { doctype: fetched.doctype }) });
      send([null, msg, null]);
      return true;
    }

    /** The kinds this run fetches: the node's one, or those the service needs (catalog). */
    function kindsFor(msg: NodeMessage): DocumentKind[] {
      if (config.document !== 'service') return [config.document];
      const id = config.service || String((msg.service as { id?: unknown } | undefined)?.id ?? '');
      return [...(catalog.service(id)?.service.needs.digilocker ?? [])];
    }

    /** "caste certificate, Class X marks memo"; "documents" when the kinds are not known here. */
    function documentNames(msg: NodeMessage, kinds: readonly DocumentKind[]): string {
      const language = languageOfMsg(msg);
      return kinds.length > 0 ? kinds.map((kind) => texts.format(`identity.document.${kind}`, language)).join(', ') : texts.format('identity.document.service', language);
    }

    function fail(msg: NodeMessage, reason: Failure, send: Send): void {
      msg.digilocker = { reason };
      msg.payload = texts.format(`identity.digilocker.reason.${reason}`, languageOfMsg(msg), { document: documentNames(msg, kindsFor(msg)) });
      node.status({ fill: reason === 'unavailable' || reason === 'not_configured' ? 'red' : 'yellow', shape: 'ring', text: RED._('digilocker-fetch.status.failed', { reason }) });
      send([null, null, msg]);
    }
  }

  RED.nodes.registerType('digilocker-fetch', DigiLockerFetchNode);
}

/** Where the step keeps how the consent ended (the callback's event name), in the session's answers. */
const LINKED_ANSWER = 'digilocker_consent';

/** Who the locker must belong to, when the citizen proved their Aadhaar earlier in the session (aadhaar-otp). */
function holderOf(msg: NodeMessage): LockerHolder | null {
  const answers = ((msg.session as { answers?: Record<string, unknown> } | undefined)?.answers ?? {}) as Record<string, unknown>;
  const kyc = ((answers.aadhaar as { kyc?: unknown } | undefined)?.kyc ?? (msg.citizen as { kyc?: unknown } | undefined)?.kyc) as Partial<LockerHolder> | undefined;
  return kyc && typeof kyc.name === 'string' && typeof kyc.gender === 'string' && typeof kyc.yearOfBirth === 'number' ? { name: kyc.name, gender: kyc.gender, yearOfBirth: kyc.yearOfBirth } : null;
}

/** Whom the callback's event goes to: the identity and business number whatsapp-in gave this message. */
function addressOf(msg: NodeMessage, citizenKey: string): LinkAddress {
  const c = (msg.citizen ?? {}) as Record<string, unknown>;
  const w = (msg.whatsapp ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return {
    citizenKey,
    citizen: { wa_id: str(c.wa_id), user_id: str(c.user_id), parent_user_id: str(c.parent_user_id), username: str(c.username), profile_name: str(c.profile_name) },
    phoneNumberId: String(w.phoneNumberId ?? ''),
    displayPhoneNumber: String(w.displayPhoneNumber ?? ''),
    businessAccountId: String(w.businessAccountId ?? ''),
  };
}

export = register;
