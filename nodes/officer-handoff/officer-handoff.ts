/**
 * officer-handoff: "talk to an officer". Puts the citizen in the human queue
 * (one open request per citizen and number) and reports the place in it.
 */
import { servicesFromSettings } from '../../platform/registry';
import type { Node, NodeAPI, NodeDef, NodeMessage } from '../red';

function register(RED: NodeAPI): void {
  function OfficerHandoffNode(this: Node, nodeDef: NodeDef) {
    RED.nodes.createNode(this, nodeDef);
    const node = this;
    node.on('input', (msg, send, done) => {
      const citizen = msg.citizen as { key?: unknown; wa_id?: string | null; user_id?: string | null } | undefined;
      if (typeof citizen?.key !== 'string') {
        done(new Error(RED._('officer-handoff.errors.no-wa-id')));
        return;
      }
      const session = msg.session as { language?: string; answers?: { department?: string } } | undefined;
      servicesFromSettings(RED.settings)
        .officers.request({
          citizenKey: citizen.key,
          citizen: { wa_id: citizen.wa_id ?? null, user_id: citizen.user_id ?? null },
          phoneNumberId: String((msg.whatsapp as { phoneNumberId?: unknown } | undefined)?.phoneNumberId ?? ''),
          department: session?.answers?.department ?? null,
          language: session?.language ?? null,
          note: typeof msg.note === 'string' ? msg.note : null,
          messageId: typeof (msg.message as { id?: unknown } | undefined)?.id === 'string' ? ((msg.message as { id: string }).id) : null,
        })
        .then(({ request, position, isNew }) => {
          (msg as NodeMessage).handoff = { id: request._id, position, isNew, requestedAt: request.requestedAt };
          node.status({ fill: 'blue', shape: 'dot', text: RED._('officer-handoff.status.queued', { position }) });
          send(msg);
          done();
        })
        .catch((err: Error) => done(err));
    });
  }
  RED.nodes.registerType('officer-handoff', OfficerHandoffNode);
}

export = register;
