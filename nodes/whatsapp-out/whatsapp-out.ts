/**
 * whatsapp-out: sends a message to a citizen (text, reply buttons, list,
 * template, media, location) or marks their message read. Composition, the
 * 24-hour window, limits, retries and the record of what was sent are the
 * platform's (platform/whatsapp); this node evaluates its properties and
 * reports the outcome so Catch and Status nodes can act on it.
 */
import { servicesFromSettings } from '../../platform/registry';
import { composeMessage, MESSAGE_KINDS, type MessageKind } from '../../platform/whatsapp/compose';
import { readMessageProperty } from '../msg-property';
import type { Node, NodeAPI, NodeDef, NodeMessage } from '../red';
import type { WhatsAppAccountNode } from '../whatsapp-account/account-node';

interface WhatsAppOutDef extends NodeDef {
  account: string;
  to: string;
  messageType: MessageKind | 'mark-read';
  content: string;
  contentType: string;
  quote: boolean;
}

function register(RED: NodeAPI): void {
  function WhatsAppOutNode(this: Node, nodeDef: NodeDef) {
    RED.nodes.createNode(this, nodeDef);
    const node = this;
    const def = nodeDef as WhatsAppOutDef;
    const accountNode = RED.nodes.getNode(def.account) as WhatsAppAccountNode | null;
    const kind = def.messageType === 'mark-read' || MESSAGE_KINDS.includes(def.messageType) ? def.messageType : 'auto';

    node.on('input', (msg, send, done) => {
      const fail = (err: Error & { code?: number; details?: string; fbtraceId?: string }) => {
        msg.whatsapp = { ...(msg.whatsapp as object), error: { code: err.code ?? null, message: err.message, details: err.details, fbtraceId: err.fbtraceId } };
        node.status({ fill: 'red', shape: 'ring', text: err.code ? `#${err.code}` : RED._('whatsapp-out.status.failed') });
        done(err);
      };
      if (!accountNode) return fail(new Error(RED._('whatsapp-out.errors.no-account')));
      run(msg)
        .then((sent) => {
          msg.whatsapp = { ...(msg.whatsapp as object), ...sent };
          node.status({ fill: 'green', shape: 'dot', text: RED._(kind === 'mark-read' ? 'whatsapp-out.status.read' : 'whatsapp-out.status.sent') });
          send(msg);
          done();
        })
        .catch(fail);
    });

    async function run(msg: NodeMessage): Promise<Record<string, unknown>> {
      const { channel } = servicesFromSettings(RED.settings).whatsapp;
      const account = accountNode!.account();
      if (kind === 'mark-read') {
        const id = (msg.message as { id?: unknown } | undefined)?.id;
        if (typeof id !== 'string') throw new Error(RED._('whatsapp-out.errors.no-message-id'));
        await channel.markRead(account, id);
        return { markedRead: id };
      }
      const to = readMessageProperty(RED, msg, def.to || 'citizen.wa_id');
      if (typeof to !== 'string' || !/^\+?\d{6,20}$/.test(to)) throw new Error(RED._('whatsapp-out.errors.no-recipient', { property: `msg.${def.to || 'citizen.wa_id'}` }));
      const content = await evaluate(def.content || 'payload', def.contentType || 'msg', msg);
      const replyTo = def.quote ? (msg.message as { id?: string } | undefined)?.id : undefined;
      const body = composeMessage(to, kind, content, { replyTo });
      const result = await channel.send(account, body);
      return { sent: { id: result.messages[0]?.id, to: result.contacts[0]?.wa_id ?? to, type: body.type, status: result.messages[0]?.message_status ?? 'accepted' } };
    }

    function evaluate(value: string, type: string, msg: NodeMessage): Promise<unknown> {
      return new Promise((resolve, reject) => RED.util.evaluateNodeProperty(value, type, node, msg, (err, result) => (err ? reject(err) : resolve(result))));
    }
  }

  RED.nodes.registerType('whatsapp-out', WhatsAppOutNode);
}

export = register;
