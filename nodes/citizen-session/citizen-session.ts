/**
 * citizen-session: loads, saves or ends the citizen's conversation state so a
 * flow can hold a dialogue across messages. Logic lives in
 * platform/sessions; this node maps msg ⇄ service calls.
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
    // Translated once: RED._ runs i18next's whole resolution on every call, a real cost per message.
    const statusText = {
      new: RED._('citizen-session.status.new', { step: '\u0000' }),
      resumed: RED._('citizen-session.status.resumed', { step: '\u0000' }),
      saved: RED._('citizen-session.status.saved', { step: '\u0000' }),
      ended: RED._('citizen-session.status.ended'),
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
          send(msg);
          done();
        })
        .catch((err: Error) => {
          node.status({ fill: 'red', shape: 'ring', text: err.message.slice(0, 40) });
          done(err);
        });
    });

    async function run(what: SessionAction, waId: string, msg: NodeMessage): Promise<{ fill: 'green' | 'blue' | 'grey'; shape: 'dot' | 'ring'; text: string }> {
      const { sessions } = servicesFromSettings(RED.settings);
      if (what === 'load') {
        const legacy = (msg.citizen as { wa_id?: unknown } | undefined)?.wa_id;
        const loaded = await sessions.touch(waId, idleMinutes * 60_000, new Date(), typeof legacy === 'string' ? legacy : null);
        msg.session = { ...loaded.session, isNew: loaded.isNew, expired: loaded.expired };
        return { fill: loaded.isNew ? 'blue' : 'green', shape: 'dot', text: withStep(loaded.isNew ? statusText.new : statusText.resumed, loaded.session.step) };
      }
      if (what === 'save') {
        const session = (msg.session ?? {}) as Partial<CitizenSession>;
        msg.session = { ...session, ...(await sessions.save(waId, { step: session.step, answers: session.answers, language: session.language })) };
        return { fill: 'green', shape: 'dot', text: withStep(statusText.saved, (msg.session as CitizenSession).step) };
      }
      await sessions.end(waId);
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
