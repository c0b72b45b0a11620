/**
 * whatsapp-out: sends a message to a citizen (text, reply buttons, list,
 * template, media, location) or marks their message read. Composition, the
 * 24-hour window, limits, retries and the record of what was sent are the
 * platform's (platform/whatsapp); this node evaluates its properties and
 * reports the outcome so Catch and Status nodes can act on it.
 */
import { createHash } from 'node:crypto';
import { addressOf, identityOf, isBsuid, normalizePhone } from '../../platform/citizens/identity';
import { markRetryable } from '../../platform/red/turns';
import { servicesFromSettings } from '../../platform/registry';
import { isRetryableSend } from '../../platform/whatsapp/sender';
import { GraphTransportError } from '../../platform/whatsapp/transport';
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
    // Version 1 addressed `citizen.wa_id`, which is empty for a citizen whose phone Meta withholds.
    const toProperty = !def.to || def.to === 'citizen.wa_id' ? 'citizen' : def.to;
    const kind = def.messageType === 'mark-read' || MESSAGE_KINDS.includes(def.messageType) ? def.messageType : 'auto';

    const sentText = RED._(kind === 'mark-read' ? 'whatsapp-out.status.read' : 'whatsapp-out.status.sent');
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
          node.status({ fill: 'green', shape: 'dot', text: sentText });
          send(msg);
          done();
        })
        // Not sent for now (throttled past every try, the connection lost): the message runs again
        // later rather than being taken as answered; the reply is still sent once.
        // (Not a send whose answer never came: Meta may have delivered it, and a re-run would send it again.)
        .catch((err: Error) => fail(isRetryableSend(err) && !(err instanceof GraphTransportError && err.outcomeUnknown) ? markRetryable(err) : err));
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
      const address = addressFrom(readMessageProperty(RED, msg, toProperty));
      if (!address) throw new Error(RED._('whatsapp-out.errors.no-recipient', { property: `msg.${toProperty}` }));
      const content = await evaluate(def.content || 'payload', def.contentType || 'msg', msg);
      const replyTo = def.quote ? (msg.message as { id?: string } | undefined)?.id : undefined;
      const body = composeMessage(address, kind, content, { replyTo });
      // A reply to a citizen's message goes before bulk traffic in the number's sending lane, and is
      // sent once per message, node and content even when the inbox runs the message again.
      const inboundId = (msg.message as { id?: unknown } | undefined)?.id;
      const replyKey = typeof inboundId === 'string' ? `${inboundId}/${node.id}/${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 16)}` : undefined;
      const citizenKey = (msg.citizen as { key?: unknown } | undefined)?.key;
      const result = await channel.send(account, body, { priority: replyKey ? 'reply' : 'bulk', replyKey, citizenKey: typeof citizenKey === 'string' ? citizenKey : undefined });
      const who = 'to' in address ? address.to : address.recipient;
      return { sent: { id: result.messages[0]?.id, to: result.contacts[0]?.wa_id ?? who, type: body.type, status: result.messages[0]?.message_status ?? 'accepted' } };
    }

    function evaluate(value: string, type: string, msg: NodeMessage): Promise<unknown> {
      return new Promise((resolve, reject) => RED.util.evaluateNodeProperty(value, type, node, msg, (err, result) => (err ? reject(err) : resolve(result))));
    }
  }

  RED.nodes.registerType('whatsapp-out', WhatsAppOutNode);
}

/** msg.citizen (whatsapp-in's identity), a phone number, or a BSUID → where the message goes. */
function addressFrom(value: unknown): { to: string } | { recipient: string } | null {
  if (typeof value === 'string') {
    const phone = normalizePhone(value);
    if (phone) return { to: phone };
    return isBsuid(value) ? { recipient: value } : null;
  }
  if (value && typeof value === 'object') {
    const identity = identityOf(value as Record<string, unknown>);
    return identity ? addressOf(identity) : null;
  }
  return null;
}

export = register;
