/**
 * citizen-session: loads, saves or ends the citizen's conversation state so a
 * flow can hold a dialogue across messages. Logic lives in
 * platform/sessions; this node maps msg ⇄ service calls.
 *
 * Load also routes the message (platform/conversation): a citizen answering a
 * question an ask or menu node is waiting on goes back to that node instead of
 * on through this one; a global command (menu, help, officer, language, stop,
 * start) leaves the question and is set in msg.command for the flow to act on.
 */
import { servicesFromSettings } from '../../platform/registry';
import type { CitizenSession } from '../../platform/sessions/citizen-sessions';
import { readMessageProperty } from '../msg-property';
import type { Node, NodeAPI, NodeDef, NodeMessage } from '../red';

const ACTIONS = ['load', 'save', 'end'] as const;
type SessionAction = (typeof ACTIONS)[number];

interface CitizenSessionDef extends NodeDef {
  action: SessionAction;
  /** Minutes of silence after which a conversation starts over. */
  idleTimeout: number | string;
  /** Message property holding the citizen key (msg.citizen.key from whatsapp-in). */
  keyProperty?: string;
  /** Before version 2: the property of the WhatsApp id. */
  waIdProperty?: string;
  /** Since version 3: send answers to the node whose question waits (default on). */
  resume?: boolean;
}

const DEFAULT_IDLE_MINUTES = 30;

function register(RED: NodeAPI): void {
  function CitizenSessionNode(this: Node, nodeDef: NodeDef) {
    RED.nodes.createNode(this, nodeDef);
    const def = nodeDef as CitizenSessionDef;
    const node = this;
    const action: SessionAction = ACTIONS.includes(def.action) ? def.action : 'load';
    const idleMinutes = Number(def.idleTimeout) > 0 ? Number(def.idleTimeout) : DEFAULT_IDLE_MINUTES;
    const waIdProperty = keyPropertyOf(def);
    // Version 2 flows had no questions that wait: routing answers back is harmless for them, so it is on.
    const resume = def.resume !== false;
    // Translated once: RED._ runs i18next's whole resolution on every call, a real cost per message.
    const statusText = {
      new: RED._('citizen-session.status.new', { step: '\u0000' }),
      resumed: RED._('citizen-session.status.resumed', { step: '\u0000' }),
      saved: RED._('citizen-session.status.saved', { step: '\u0000' }),
      ended: RED._('citizen-session.status.ended'),
      answering: RED._('citizen-session.status.answering'),
    };
    const withStep = (template: string, step: string) => template.replace('\u0000', step);

    node.on('input', (msg, send, done) => {
      const waId = readMessageProperty(RED, msg, waIdProperty);
      if (typeof waId !== 'string' || waId === '') {
        done(new Error(RED._('citizen-session.errors.no-wa-id', { property: `msg.${waIdProperty}` })));
        return;
      }
      run(action, waId, msg)
        .then((status) => {
          node.status(status);
          // A message resumed at the node that asked goes on from there (or, run again after its turn
          // ended the conversation, nowhere), not from here.
          if (!status.handledElsewhere) send(msg);
          done();
        })
        .catch((err: Error) => {
          node.status({ fill: 'red', shape: 'ring', text: err.message.slice(0, 40) });
          done(err);
        });
    });

    async function run(what: SessionAction, waId: string, msg: NodeMessage): Promise<{ fill: 'green' | 'blue' | 'grey'; shape: 'dot' | 'ring'; text: string; handledElsewhere?: string }> {
      const { sessions, conversations } = servicesFromSettings(RED.settings);
      if (what === 'load') {
        const legacy = (msg.citizen as { wa_id?: unknown } | undefined)?.wa_id;
        const loaded = await sessions.touch(waId, idleMinutes * 60_000, new Date(), typeof legacy === 'string' ? legacy : null);
        const session = { ...loaded.session, isNew: loaded.isNew, expired: loaded.expired };
        msg.session = session;
        delete msg.command;
        const message = msg.message;
        if (resume && typeof message === 'object' && message !== null) {
          const route = conversations.route(loaded.session, message as Parameters<typeof conversations.route>[1]);
          if (route.kind === 'command') msg.command = route.command;
          // Run again after its turn had already ended the conversation: nothing is left to do.
          if (route.kind === 'done') return { fill: 'grey', shape: 'ring', text: statusText.ended, handledElsewhere: 'done' };
          if ((route.kind === 'resume' || route.kind === 'replay') && conversations.resume(msg, route)) {
            return { fill: 'green', shape: 'dot', text: statusText.answering, handledElsewhere: route.kind === 'resume' ? route.step.node : route.answered.node };
          }
          // An event the platform injected (DigiLocker's consent) for a step no longer waiting: nothing to do.
          if ((message as { type?: unknown }).type === 'event') return { fill: 'grey', shape: 'ring', text: statusText.ended, handledElsewhere: 'event' };
          // A command leaves the question; so does a question whose node no longer runs (removed by a deploy).
          if ((route.kind === 'command' || route.kind === 'none') && route.left) {
            await conversations.leave(waId, route.left.token);
            session.waiting = null;
          }
        }
        return { fill: loaded.isNew ? 'blue' : 'green', shape: 'dot', text: withStep(loaded.isNew ? statusText.new : statusText.resumed, loaded.session.step) };
      }
      if (what === 'save') {
        const session = (msg.session ?? {}) as Partial<CitizenSession>;
        msg.session = { ...session, ...(await sessions.save(waId, { step: session.step, answers: session.answers, language: session.language })) };
        return { fill: 'green', shape: 'dot', text: withStep(statusText.saved, (msg.session as CitizenSession).step) };
      }
      const messageId = (msg.message as { id?: unknown } | undefined)?.id;
      await sessions.end(waId, new Date(), typeof messageId === 'string' ? messageId : undefined);
      delete msg.session;
      return { fill: 'grey', shape: 'ring', text: statusText.ended };
    }
  }

  RED.nodes.registerType('citizen-session', CitizenSessionNode);
}

/**
 * Version 1 keyed sessions by `citizen.wa_id`; version 2 by the citizen key,
 * which also covers citizens whose phone number Meta withholds. A v1 node left
 * at the old default moves to the key; a custom property is kept as it was.
 */
function keyPropertyOf(def: CitizenSessionDef): string {
  if (def.keyProperty) return def.keyProperty;
  if (def.waIdProperty && def.waIdProperty !== 'citizen.wa_id') return def.waIdProperty;
  return 'citizen.key';
}

// Node-RED requires the module itself to be the registration function.
export = register;
