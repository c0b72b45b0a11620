/**
 * alert-subscription: the citizen subscribes to an alert topic from the
 * chat (and says where they are), stops one, or asks which they get; a flow
 * may also tag the citizen (a farmer, a parent of class 10) for campaigns. Kept in
 * the citizen directory (platform/citizens/directory.ts), where campaigns
 * find their audience by filter; a subscription is recorded as consent.
 * Output: msg.subscription = { action, topic, changed, topics, place,
 * titles } (titles: the topic, district and other topics as citizens read
 * them, in every language, for a say node's values).
 * A topic or PIN code that is not one is an error for Catch nodes.
 */
import jsonata from 'jsonata';
import { DirectoryError, type Place } from '../../platform/citizens/directory';
import { servicesFromSettings } from '../../platform/registry';
import { citizenKeyOf, messageIdOf } from '../conversation-step';
import type { Node, NodeAPI, NodeDef, NodeMessage } from '../red';
import { migrate } from './config';

/** The catalog lists (flows/catalog/choices.json) that name topics and districts for citizens. */
const TOPIC_LIST = 'alert_topic';
const DISTRICT_LIST = 'district';

function register(RED: NodeAPI): void {
  function AlertSubscriptionNode(this: Node, nodeDef: NodeDef) {
    RED.nodes.createNode(this, nodeDef);
    const node = this;
    const config = migrate(nodeDef);
    const { directory, choices } = servicesFromSettings(RED.settings);
    // Names for citizens, in every language (say picks the citizen's): the catalog's lists of topics and districts.
    const titleIn = (list: string, id: string | null): Record<string, string> | string => (id === null ? '' : (choices.list(list)?.find((o) => o.id === id)?.title ?? id));
    const titles = (topic: string | null, topics: string[], district: string | null) => {
      const others = topics.filter((t) => t !== topic).map((t) => titleIn(TOPIC_LIST, t));
      const joined = others.length === 0 ? { en: 'none', te: 'none' } : Object.fromEntries(['en', 'te'].map((lang) => [lang, others.map((o) => (typeof o === 'string' ? o : (o[lang] ?? o.en ?? ''))).join(', ')]));
      return { topic: titleIn(TOPIC_LIST, topic), district: titleIn(DISTRICT_LIST, district), others: joined };
    };
    let topicOf: jsonata.Expression;
    let placeOf: jsonata.Expression | null;
    let tagsOf: jsonata.Expression;
    try {
      topicOf = jsonata(config.topic);
      placeOf = config.place ? jsonata(config.place) : null;
      tagsOf = jsonata(config.tags);
    } catch (err) {
      node.error(RED._('alert-subscription.errors.bad-expression', { message: (err as Error).message }));
      return;
    }

    node.on('input', (msg, send, done) => {
      (async () => {
        const citizenKey = citizenKeyOf(msg);
        const citizen = msg.citizen as { wa_id?: string | null; user_id?: string | null } | undefined;
        if (!citizenKey || !citizen) throw new Error(RED._('alert-subscription.errors.no-citizen'));
        const phoneNumberId = citizenKey.slice(0, citizenKey.indexOf('/'));
        const language = (msg.session as { language?: unknown } | undefined)?.language;
        const who = { citizenKey, phoneNumberId, wa_id: citizen.wa_id ?? null, user_id: citizen.user_id ?? null, language: typeof language === 'string' ? language : null };
        if (config.action === 'list') {
          const profile = await directory.find(who);
          (msg as NodeMessage).subscription = { action: 'list', topic: null, changed: false, topics: profile?.topics ?? [], place: placeView(profile), titles: titles(null, profile?.topics ?? [], profile?.district ?? null) };
          return;
        }
        if (config.action === 'tag' || config.action === 'untag') {
          const given = (await tagsOf.evaluate(msg)) as unknown;
          const tags = (Array.isArray(given) ? given : [given]).filter((t): t is string => typeof t === 'string');
          const before = (await directory.find(who))?.tags ?? [];
          const profile = await directory.update(who, config.action === 'tag' ? { addTags: tags } : { removeTags: tags });
          const changed = profile.tags.length !== before.length || profile.tags.some((t) => !before.includes(t));
          (msg as NodeMessage).subscription = { action: config.action, topic: null, changed, topics: profile.topics, tags: profile.tags, place: placeView(profile), titles: titles(null, profile.topics, profile.district) };
          return;
        }
        const topic = await topicOf.evaluate(msg);
        if (typeof topic !== 'string') throw new DirectoryError(RED._('alert-subscription.errors.no-topic', { expression: config.topic }));
        if (config.action === 'subscribe') {
          const place = placeOf ? ((await placeOf.evaluate(msg)) as Place | undefined) : undefined;
          const { profile, added } = await directory.subscribe(who, topic, place && typeof place === 'object' ? place : {}, 'whatsapp:subscribe', messageIdOf(msg) ?? null);
          (msg as NodeMessage).subscription = { action: 'subscribe', topic, changed: added, topics: profile.topics, place: placeView(profile), titles: titles(topic, profile.topics, profile.district) };
        } else {
          const { profile, removed } = await directory.unsubscribe(who, topic);
          (msg as NodeMessage).subscription = { action: 'unsubscribe', topic, changed: removed, topics: profile?.topics ?? [], place: placeView(profile), titles: titles(topic, profile?.topics ?? [], profile?.district ?? null) };
        }
      })().then(
        () => {
          send(msg);
          done();
        },
        (err: Error) => done(err),
      );
    });
  }

  RED.nodes.registerType('alert-subscription', AlertSubscriptionNode);
}

function placeView(profile: { district: string | null; mandal: string | null; pin: string | null } | null): { district: string | null; mandal: string | null; pin: string | null } {
  return { district: profile?.district ?? null, mandal: profile?.mandal ?? null, pin: profile?.pin ?? null };
}

export = register;
