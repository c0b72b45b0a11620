/**
 * consent: a citizen's STOP or START (English, Telugu, romanised Telugu, or
 * Meta's quick reply) is recorded with its time, number and message, and the
 * bulk broadcaster (a later issue) is to read it at send time. Output 1: stopped; output 2: started; output 3: any
 * other message, untouched. msg.consent = { state, changed }.
 */
import { consentCommandOf } from '../../platform/citizens/consent';
import { servicesFromSettings } from '../../platform/registry';
import { readMessageProperty } from '../msg-property';
import type { Node, NodeAPI, NodeDef, NodeMessage } from '../red';
import { migrate } from './config';

function register(RED: NodeAPI): void {
  function ConsentNode(this: Node, nodeDef: NodeDef) {
    RED.nodes.createNode(this, nodeDef);
    const node = this;
    const config = migrate(nodeDef);
    node.on('input', (msg, send, done) => {
      const message = readMessageProperty(RED, msg, config.messageProperty) as { id?: unknown; type?: unknown; timestamp?: unknown; text?: unknown; reply?: { kind?: unknown; id?: unknown; title?: unknown } | null } | undefined;
      const command = message && typeof message === 'object' ? consentCommandOf(message) : null;
      if (!command) {
        send([null, null, msg]);
        done();
        return;
      }
      const citizen = msg.citizen as { key?: unknown; wa_id?: string | null; user_id?: string | null } | undefined;
      if (typeof citizen?.key !== 'string') {
        done(new Error(RED._('consent.errors.no-citizen')));
        return;
      }
      // The business number is the one the citizen key belongs to.
      const phoneNumberId = citizen.key.slice(0, Math.max(0, citizen.key.indexOf('/')));
      const state = command === 'stop' ? 'opted_out' : 'opted_in';
      const said = message?.timestamp instanceof Date && !Number.isNaN(message.timestamp.getTime()) ? message.timestamp : new Date();
      servicesFromSettings(RED.settings)
        .consent.record({
          citizenKey: citizen.key,
          phoneNumberId,
          citizen: { wa_id: citizen.wa_id ?? null, user_id: citizen.user_id ?? null },
          state,
          source: `whatsapp:${typeof message?.type === 'string' ? message.type : 'text'}`,
          messageId: typeof message?.id === 'string' ? message.id : null,
          at: said,
        })
        .then(({ changed, previous }) => {
          (msg as NodeMessage).consent = { state, changed, previous };
          send(command === 'stop' ? [msg, null, null] : [null, msg, null]);
          done();
        })
        .catch((err: Error) => done(err));
    });
  }
  RED.nodes.registerType('consent', ConsentNode);
}

export = register;
