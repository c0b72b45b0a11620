/** alert-subscription's configuration and its migrations: a flow exported with any version imports. */
import type { NodeDef } from '../red';

export const ALERT_SUBSCRIPTION_VERSION = 1;
export const SUBSCRIPTION_ACTIONS = ['subscribe', 'unsubscribe', 'list', 'tag', 'untag'] as const;
export type SubscriptionAction = (typeof SUBSCRIPTION_ACTIONS)[number];

export interface AlertSubscriptionConfig {
  version: number;
  action: SubscriptionAction;
  /** JSONata over msg: the topic id (e.g. "power_outage", or the answer to a topic question). */
  topic: string;
  /** JSONata over msg: where the citizen is, { district, mandal, pin } (any of them); '' for nothing. */
  place: string;
  /** JSONata over msg: the tag(s) to give or take away (tag, untag), e.g. "farmer" or ["parent", "ssc_2027"]. */
  tags: string;
}

export function migrate(def: NodeDef): AlertSubscriptionConfig {
  const str = (v: unknown, fallback: string) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : fallback);
  return {
    version: ALERT_SUBSCRIPTION_VERSION,
    action: (SUBSCRIPTION_ACTIONS as readonly string[]).includes(def.action as string) ? (def.action as SubscriptionAction) : 'subscribe',
    topic: str(def.topic, 'session.answers.topic'),
    place: typeof def.place === 'string' ? def.place.trim() : '{ "district": session.answers.district }',
    tags: str(def.tags, '[]'),
  };
}
