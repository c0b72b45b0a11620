/**
 * consent: a citizen's STOP or START (English, Telugu, romanised Telugu, or
 * Meta's quick reply) is recorded with its time, number and message, and the
 * broadcaster honours it. Output 1: stopped; output 2: started; output 3: any
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
      const message = readMessageProperty(RED, msg, config.messageProperty) as { id?: unknown; type?: unknown; text?: unknown; payload?: unknown; reply?: { id?: unknown } | null } | undefined;
      const command = message && typeof message === 'object' ? consentCommandOf(message) : null;
      if (!command) {
        send([null, null, msg]);
        done();
        return;
      }
      const citizen = msg.citizen as { key?: unknown } | undefined;
      if (typeof citizen?.key !== 'string') {
        done(new Error(RED._('consent.errors.no-citizen')));
        return;
      }
      const phoneNumberId = String((msg.whatsapp as { phoneNumberId?: unknown } | undefined)?.phoneNumberId ?? citizen.key.split('/')[0]);
      const state = command === 'stop' ? 'opted_out' : 'opted_in';
      servicesFromSettings(RED.settings)
        .consent.record({ citizenKey: citizen.key, phoneNumberId, state, source: `whatsapp:${typeof message?.type === 'string' ? message.type : 'text'}`, messageId: typeof message?.id === 'string' ? message.id : null })
        .then(({ changed }) => {
          (msg as NodeMessage).consent = { state, changed };
          send(command === 'stop' ? [msg, null, null] : [null, msg, null]);
          done();
        })
        .catch((err: Error) => done(err));
    });
  }
  RED.nodes.registerType('consent', ConsentNode);
}

export = register;
