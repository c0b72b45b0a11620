/**
 * The WhatsApp module: the default account, the durable inbox, the paced
 * sender, the channel (window, statuses, sends), the turn tracker and the
 * webhook hub, opened together because each needs the others; plus the
 * admin route that lists the inbox.
 */
import express from 'express';
import { ADMIN_ROOT, NODE_ROOT } from '../../settings';
import { requireService, type ModuleContext, type OpenedModule } from '../module';
import { TurnTracker } from '../red/turns';
import type { PlatformServices } from '../registry';
import { DEFAULT_PHONE_NUMBER } from '../sandbox/whatsapp';
import { sandboxSecrets } from '../sandbox/secrets';
import { WhatsAppChannel } from './channel';
import { DefaultWhatsAppAccount } from './default-account';
import { DeployHold } from './deploy-hold';
import { Inbox, type InboxState } from './inbox';
import { PacedSender } from './sender';
import { META_PAIR_LIMIT } from './rates';
import { WebhookHub } from './webhook-hub';

const SANDBOX_KEYS = ['whatsappAccessToken', 'whatsappAppSecret', 'whatsappVerifyToken'] as const;
const INBOX_STATES: ReadonlySet<string> = new Set<InboxState>(['received', 'processing', 'done', 'failed', 'unrouted']);

export async function open(ctx: ModuleContext): Promise<OpenedModule<{ whatsapp: PlatformServices['whatsapp'] }>> {
  const { config, log } = ctx;
  const store = requireService(ctx, 'store', 'whatsapp');
  const queue = requireService(ctx, 'queue', 'whatsapp');

  const secrets = config.mode === 'sandbox' && config.simulators ? sandboxSecrets(config.dataDir, SANDBOX_KEYS) : null;
  const defaultAccount = new DefaultWhatsAppAccount(
    config.whatsapp,
    secrets
      ? {
          phoneNumberId: DEFAULT_PHONE_NUMBER.phoneNumberId,
          businessAccountId: DEFAULT_PHONE_NUMBER.businessAccountId,
          displayPhoneNumber: DEFAULT_PHONE_NUMBER.displayPhoneNumber,
          accessToken: secrets.whatsappAccessToken,
          appSecret: secrets.whatsappAppSecret,
          verifyToken: secrets.whatsappVerifyToken,
        }
      : undefined,
  );
  const inbox = new Inbox(store, log);
  const sender = new PacedSender(queue.commands(), log, {
    throughputPerSecond: config.sending.throughputPerSecond,
    pairLimit: config.sending.pairLimit ? META_PAIR_LIMIT : null,
  });
  const channel = new WhatsAppChannel(store, log, inbox, sender);
  // Aadhaar numbers typed in a message are masked (or vaulted) before the inbox stores it.
  const identity = ctx.services.identity;
  if (identity) channel.useScreen(identity.screen);
  await channel.init();
  const turns = new TurnTracker(log);
  const deployHold = new DeployHold(inbox, turns, log);
  const hub = new WebhookHub(channel, inbox, log);

  return {
    name: 'whatsapp',
    services: { whatsapp: { channel, hub, defaultAccount, inbox, sender, turns } },
    routes(app, red) {
      turns.attach(red.hooks);
      // Nothing runs before the flows have started: a message must find every node of them (the
      // ask or menu node its answer goes back to, on a tab started after the whatsapp-in's).
      inbox.pause();
      // A deploy: hold new runs and end every turn under way (its message runs again; a diff's ids
      // miss nodes inside subflows and tabs restarted whole, and replies are not sent twice), from the
      // save on, and go on once the last deploy's flows have started (deploy-hold.ts).
      deployHold.attach(red.events);
      app.use(NODE_ROOT, hub.router);
      // Admins see what waits, what failed and what no node serves.
      app.get(`${ADMIN_ROOT}/whatsapp/inbox`, red.auth.needsPermission('flows.read'), express.json(), (req, res, next) => {
        const state = typeof req.query.state === 'string' ? req.query.state : undefined;
        if (state !== undefined && !INBOX_STATES.has(state)) {
          res.status(400).json({ error: 'invalid_state', message: `state must be one of ${[...INBOX_STATES].join(', ')}` });
          return;
        }
        const limit = Number(req.query.limit ?? 100);
        Promise.all([inbox.list({ state: state as InboxState | undefined, waitingForListener: req.query.waiting === 'true' }, Number.isFinite(limit) ? limit : 100), inbox.counts()])
          .then(([messages, counts]) => res.json({ counts, messages }))
          .catch(next);
      });
    },
    started() {
      inbox.start();
    },
    async close() {
      deployHold.close();
      await inbox.close();
      sender.close();
      turns.detach();
      await channel.close();
    },
  };
}
