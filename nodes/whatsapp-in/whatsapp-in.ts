/**
 * whatsapp-in: citizens' WhatsApp messages into a flow. The webhook itself is
 * served by the platform's WebhookHub (signature, the durable inbox, the
 * 24-hour window, statuses); this node registers its path and account, turns
 * each message the inbox hands it into a msg, and tells the inbox when the
 * flow is done with it (so the citizen's next message can run).
 */
import { maskCitizen } from '../../platform/citizens/identity';
import { servicesFromSettings } from '../../platform/registry';
import { DEFAULT_WEBHOOK_PATH } from '../../platform/whatsapp/webhook-hub';
import type { InboundMessage, StatusEvent } from '../../platform/whatsapp/types';
import type { WhatsAppAccountNode } from '../whatsapp-account/account-node';
import type { Node, NodeAPI, NodeDef, NodeMessage } from '../red';

interface WhatsAppInDef extends NodeDef {
  account: string;
  path: string;
}


function register(RED: NodeAPI): void {
  function WhatsAppInNode(this: Node, nodeDef: NodeDef) {
    RED.nodes.createNode(this, nodeDef);
    const node = this;
    const def = nodeDef as WhatsAppInDef;
    const accountNode = RED.nodes.getNode(def.account) as WhatsAppAccountNode | null;
    if (!accountNode) {
      node.status({ fill: 'red', shape: 'ring', text: RED._('whatsapp-in.status.no-account') });
      node.error(RED._('whatsapp-in.errors.no-account'));
      return;
    }
    try {
      accountNode.account();
    } catch (err) {
      node.status({ fill: 'red', shape: 'ring', text: RED._('whatsapp-in.status.incomplete') });
      node.error((err as Error).message);
      return;
    }
    const path = def.path || DEFAULT_WEBHOOK_PATH;
    const { hub, turns } = servicesFromSettings(RED.settings).whatsapp;
    const stop = hub.listen(path, {
      account: () => accountNode.account(),
      onMessage: (message) => {
        const msg = messageMsg(message);
        // The message's own id: the turn tracker follows it through the flow.
        const msgId = RED.util.generateId();
        msg._msgid = msgId;
        const turn = turns.track(msgId);
        node.send([msg, null]);
        turn.sent();
        return turn.ended;
      },
      onStatus: (status) => node.send([null, statusMsg(status)]),
    });
    node.status({ fill: 'green', shape: 'dot', text: path });
    node.on('close', (_removed, done) => {
      stop();
      done();
    });
  }

  RED.nodes.registerType('whatsapp-in', WhatsAppInNode);
}

function messageMsg(m: InboundMessage): NodeMessage {
  return {
    topic: `whatsapp/${m.type}`,
    payload: m.reply?.id ?? m.text ?? m.media?.caption ?? m.location ?? m.reaction?.emoji ?? m.event?.name ?? null,
    citizen: { ...m.citizen, key: m.citizenKey },
    message: {
      id: m.id,
      type: m.type,
      timestamp: m.timestamp,
      ...(m.text !== undefined ? { text: m.text } : {}),
      ...(m.reply ? { reply: m.reply } : {}),
      ...(m.media ? { media: m.media } : {}),
      ...(m.location ? { location: m.location } : {}),
      ...(m.reaction ? { reaction: m.reaction } : {}),
      ...(m.context ? { context: m.context } : {}),
      ...(m.errors ? { errors: m.errors } : {}),
      ...(m.aadhaar ? { aadhaar: m.aadhaar } : {}),
      ...(m.otp ? { otp: m.otp } : {}),
      ...(m.broadcast ? { broadcast: m.broadcast } : {}),
      ...(m.event ? { event: m.event } : {}),
    },
    whatsapp: { phoneNumberId: m.phoneNumberId, displayPhoneNumber: m.displayPhoneNumber, businessAccountId: m.businessAccountId },
    // For logs and debug panes that should not show citizens' numbers.
    citizenMasked: maskCitizen(m.citizen),
  };
}

function statusMsg(s: StatusEvent): NodeMessage {
  return {
    topic: `whatsapp/status/${s.status}`,
    payload: s.status,
    status: {
      id: s.id,
      status: s.status,
      recipientId: s.recipientId,
      timestamp: s.timestamp,
      ...(s.errors ? { errors: s.errors } : {}),
      ...(s.pricing ? { pricing: s.pricing } : {}),
      ...(s.bizOpaqueCallbackData ? { bizOpaqueCallbackData: s.bizOpaqueCallbackData } : {}),
    },
    whatsapp: { phoneNumberId: s.phoneNumberId },
  };
}

export = register;
