/**
 * What the nodes that ask (ask, menu) share: registering with the platform's
 * conversations so a citizen's answer comes back to them, and the messages
 * they send on their own, outside a citizen's turn (reminder, timeout).
 */
import type { Conversations } from '../platform/conversation/conversations';
import type { PendingStep } from '../platform/sessions/citizen-sessions';
import { servicesFromSettings } from '../platform/registry';
import type { TextCatalog } from '../platform/texts/catalog';
import type { Node, NodeAPI, NodeMessage } from './red';

export interface StepEvents {
  /** The reminder: the message to send on output 1 (the question again, with a reminder line). */
  reminder(msg: NodeMessage, step: PendingStep): void;
  /** The question timed out: the message goes out of the "no answer" output. */
  timeout(msg: NodeMessage, step: PendingStep): void;
}

/** Registers the node for its questions' answers, reminders and timeouts, until it closes. */
export function registerAskingNode(RED: NodeAPI, node: Node, events: StepEvents): Conversations {
  const { conversations, sessions } = servicesFromSettings(RED.settings);
  const msgFor = async (key: string, step: PendingStep, event: string): Promise<NodeMessage> => {
    const session = await sessions.get(key);
    return {
      _msgid: RED.util.generateId(),
      citizen: step.citizen,
      whatsapp: step.channel,
      session: session ?? { key, language: null, answers: {} },
      conversation: { event, node: node.id },
    } as NodeMessage;
  };
  // A node stopped by a deploy while the sweeper works must not send any more.
  let closed = false;
  const unregister = conversations.register(node.id, {
    // The citizen's message comes in as if through the node's wire, so Node-RED's hooks (and the
    // inbox's turn) see it, and the node tells it from a new question with takeResumed.
    resume: (msg) => node.receive(msg as NodeMessage),
    remind: async (key, step) => {
      const msg = await msgFor(key, step, 'reminder');
      // Answered (or asked anew) since the reminder was claimed: no reminder for a closed question.
      if (closed || (msg.session as { waiting?: { token?: string } | null }).waiting?.token !== step.token) return;
      events.reminder(msg, step);
    },
    expire: async (key, step) => {
      // Claimed as the node closes for a deploy: put back, for the node that replaces it to act on.
      if (closed) return void (await conversations.restore(key, step));
      events.timeout(await msgFor(key, step, 'timeout'), step);
    },
  });
  node.on('close', (_removed: boolean, done: () => void) => {
    closed = true;
    unregister();
    done();
  });
  return conversations;
}

/** The citizen key of a message from whatsapp-in, or null. */
export function citizenKeyOf(msg: NodeMessage): string | null {
  const key = (msg.citizen as { key?: unknown } | undefined)?.key;
  return typeof key === 'string' && key !== '' ? key : null;
}

/** The citizen's language as the session holds it. */
export function languageOfMsg(msg: NodeMessage): string | null {
  const language = (msg.session as { language?: unknown } | undefined)?.language;
  return typeof language === 'string' ? language : null;
}

/**
 * The end of a question whose tries the citizen used up: output 1 offers help, an officer and the
 * menu (global command buttons); output 3 says so to the flow (msg.conversation.event "tries").
 */
export function sendGaveUp(texts: TextCatalog, msg: NodeMessage, nodeId: string, send: (msgs: Array<NodeMessage | null>) => void): void {
  const language = languageOfMsg(msg);
  msg.payload = {
    body: texts.format('ask.gave_up', language),
    buttons: [
      { id: 'help', title: texts.format('common.help', language) },
      { id: 'officer', title: texts.format('common.officer', language) },
      { id: 'menu', title: texts.format('common.menu', language) },
    ],
  };
  send([msg, null, { ...msg, payload: undefined, conversation: { event: 'tries', node: nodeId } }]);
}

/** The id of the citizen message a msg carries (whatsapp-in's msg.message.id), if any. */
export function messageIdOf(msg: NodeMessage): string | undefined {
  const id = (msg.message as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
