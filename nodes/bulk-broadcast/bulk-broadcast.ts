/**
 * bulk-broadcast: starts a campaign from a flow (a department's webhook
 * saying "power cut in mandal X" starts the alert to that mandal's people).
 * The audience is on msg (CSV text, or rows with a phone field), or the
 * citizens who subscribed from the chat, by a filter made from msg (topic,
 * district, mandal, PIN, tags, language: a geo-targeted alert); the template
 * and its parameters are the node's; the campaign's data is JSONata over msg.
 * Output 1: msg.campaign, the campaign made (and started); output 2, later:
 * msg.campaign when it has ended (completed or cancelled), on whichever host
 * sent its last message, once. What cannot be a campaign (a template the
 * number lacks, no valid row) is an error for Catch nodes, saying why.
 */
import jsonata from 'jsonata';
import { BroadcastRequestError } from '../../platform/broadcast/module';
import { servicesFromSettings } from '../../platform/registry';
import type { WhatsAppAccountNode } from '../whatsapp-account/account-node';
import type { Node, NodeAPI, NodeDef, NodeMessage } from '../red';
import { migrate } from './config';

/** How often the node looks for its ended campaigns (in the store: any host may have ended them). */
const ENDED_POLL_MS = 3000;

function register(RED: NodeAPI): void {
  function BulkBroadcastNode(this: Node, nodeDef: NodeDef) {
    RED.nodes.createNode(this, nodeDef);
    const node = this;
    const config = migrate(nodeDef);
    const { broadcast } = servicesFromSettings(RED.settings);
    const accountNode = RED.nodes.getNode(config.account) as WhatsAppAccountNode | null;
    let data: jsonata.Expression;
    let filter: jsonata.Expression | null;
    try {
      data = jsonata(config.data);
      filter = config.audienceFrom === 'filter' ? jsonata(config.filter) : null;
    } catch (err) {
      node.error(RED._('bulk-broadcast.errors.bad-data', { message: (err as Error).message }));
      return;
    }

    node.on('input', (msg, send, done) => {
      (async () => {
        if (!accountNode) throw new Error(RED._('bulk-broadcast.errors.no-account'));
        const audience = filter ? { filter: await filter.evaluate(msg) } : fromMsg(RED.util.getMessageProperty(msg, config.audience) as unknown);
        const input = {
          name: config.campaign,
          template: { name: config.template, language: config.language, header: config.header ? [config.header] : [], body: config.body },
          senders: [accountNode.account().phoneNumberId],
          data: (await data.evaluate(msg)) ?? {},
          audience,
        };
        let campaign = await broadcast.create(input, { node: node.id });
        if (config.start === 'now') {
          if (!broadcast.broadcaster) throw new Error(RED._('bulk-broadcast.errors.unavailable', { reason: broadcast.unavailable ?? '' }));
          campaign = await broadcast.broadcaster.schedule(campaign._id, null);
        }
        msg.campaign = broadcast.view(campaign);
        node.status({ fill: 'blue', shape: 'dot', text: RED._('bulk-broadcast.status.started', { total: campaign.total }) });
        send([msg, null]);
      })().then(
        () => done(),
        (err: Error) => {
          node.status({ fill: 'red', shape: 'ring', text: err instanceof BroadcastRequestError ? err.code : 'error' });
          done(err);
        },
      );
    });

    // Ended campaigns this node started: claimed once in the store, so one host tells the flow.
    const timer = setInterval(() => {
      void (async () => {
        for (let ended = await broadcast.campaigns.claimEnded(node.id); ended; ended = await broadcast.campaigns.claimEnded(node.id)) {
          const view = broadcast.view(ended);
          node.status({ fill: 'green', shape: 'dot', text: RED._('bulk-broadcast.status.ended', { state: view.state, sent: view.funnel.sent }) });
          node.send([null, { campaign: view, payload: view.counts } as NodeMessage]);
        }
      })().catch((err: unknown) => node.warn(RED._('bulk-broadcast.errors.poll', { message: (err as Error).message })));
    }, ENDED_POLL_MS);
    timer.unref();
    node.on('close', () => clearInterval(timer));
  }

  RED.nodes.registerType('bulk-broadcast', BulkBroadcastNode);
}

/** An audience on msg: CSV text, or rows. */
function fromMsg(audience: unknown): { csv: string } | { rows: unknown[] } {
  return typeof audience === 'string' ? { csv: audience } : { rows: Array.isArray(audience) ? audience : [] };
}

export = register;
