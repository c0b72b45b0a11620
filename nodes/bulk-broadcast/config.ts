/** bulk-broadcast's configuration and its migrations: a flow exported with any version imports. */
import type { NodeDef } from '../red';

/** Version 2: the audience may be the citizen directory by filter (audienceFrom, filter). */
export const BULK_BROADCAST_VERSION = 2;

export interface BulkBroadcastConfig {
  version: number;
  /** The whatsapp-account config node whose number sends. */
  account: string;
  /** The campaign's name, as admins see it. */
  campaign: string;
  template: string;
  language: string;
  /** JSONata for the template's text header parameter, if it has one ('' none). */
  header: string;
  /** JSONata for each body parameter, one per line, over { citizen: the row, campaign: the data }. */
  body: string[];
  /** msg: the audience is on msg (CSV text or rows); filter: citizens who subscribed, picked by `filter`. */
  audienceFrom: 'msg' | 'filter';
  /** Where on msg the audience is: CSV text, or rows with a phone field. */
  audience: string;
  /** JSONata over msg giving the directory filter, e.g. { "topics": ["power_outage"], "mandal": payload.mandal }. */
  filter: string;
  /** JSONata over msg: the campaign's data (what `campaign.` in the parameters reads). */
  data: string;
  /** now: sent at once; draft: made for an admin to schedule. */
  start: 'now' | 'draft';
}

export function migrate(def: NodeDef): BulkBroadcastConfig {
  const str = (v: unknown, fallback = '') => (typeof v === 'string' ? v.trim() : fallback);
  const body = Array.isArray(def.body) ? def.body.map(String) : str(def.body).split('\n');
  return {
    version: BULK_BROADCAST_VERSION,
    account: str(def.account),
    campaign: str(def.campaign) || str(def.name) || 'Campaign',
    template: str(def.template),
    language: str(def.language, 'te') || 'te',
    header: str(def.header),
    body: body.map((b) => b.trim()).filter((b) => b !== ''),
    // Version 1 had only an audience on msg.
    audienceFrom: def.audienceFrom === 'filter' ? 'filter' : 'msg',
    audience: str(def.audience, 'payload') || 'payload',
    filter: str(def.filter, '{ "topics": [payload.topic], "district": payload.district }') || '{}',
    data: str(def.data, '{}') || '{}',
    start: def.start === 'draft' ? 'draft' : 'now',
  };
}
