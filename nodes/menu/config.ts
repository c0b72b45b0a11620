/** menu's configuration and its migrations: a flow exported with any version imports. */
import { OPTION_ID } from '../../platform/conversation/question';
import type { NodeDef } from '../red';
import { ANSWER_NAME, MAX_TIMEOUT_MINUTES, type AskOption } from '../ask/config';

export const MENU_VERSION = 1;
export const MENU_SOURCES = ['catalog', 'static'] as const;
export type MenuSource = (typeof MENU_SOURCES)[number];

export interface MenuConfig {
  version: number;
  /** The departments and their services from the service catalog, or the options below. */
  source: MenuSource;
  /** Text keys: the greeting shown to a citizen starting a conversation, and the menu's question. */
  welcome: string;
  question: string;
  /** Static menus: the options (ids and text keys) and the answer name the choice is kept under. */
  options: AskOption[];
  answer: string;
  tries: number;
  /** Minutes the menu waits for a choice. */
  timeout: number;
}

export function migrate(def: NodeDef): MenuConfig {
  const str = (v: unknown, fallback: string) => (typeof v === 'string' && v !== '' ? v : fallback);
  const source = (MENU_SOURCES as readonly string[]).includes(def.source as string) ? (def.source as MenuSource) : 'catalog';
  const options = Array.isArray(def.options)
    ? (def.options as unknown[]).filter((o): o is AskOption => typeof o === 'object' && o !== null && typeof (o as AskOption).id === 'string' && OPTION_ID.test((o as AskOption).id) && typeof (o as AskOption).text === 'string')
    : [];
  const tries = Number(def.tries);
  const timeout = Number(def.timeout);
  return {
    version: MENU_VERSION,
    source,
    welcome: str(def.welcome, source === 'catalog' ? 'menu.welcome' : ''),
    question: str(def.question, source === 'catalog' ? 'menu.departments' : ''),
    options,
    answer: typeof def.answer === 'string' && ANSWER_NAME.test(def.answer) ? def.answer : source === 'catalog' ? 'service' : 'choice',
    tries: Number.isFinite(tries) && tries >= 1 ? Math.min(Math.floor(tries), 10) : 3,
    timeout: Number.isFinite(timeout) && timeout > 0 ? Math.min(timeout, MAX_TIMEOUT_MINUTES) : 60,
  };
}
