/** say's configuration and its migrations: a flow exported with any version imports. */
import { SAY_KINDS, type SayKind } from '../../platform/texts/say';
import type { NodeDef } from '../red';

/** Version 2: images and documents (kinds image, document; mediaProperty). */
export const SAY_VERSION = 2;

export interface SayButton {
  id: string;
  /** Key of the button's title in the text catalog. */
  text: string;
}

export interface SayConfig {
  version: number;
  kind: SayKind;
  /** Key of the message's text in the text catalog, e.g. "officer.queued". */
  text: string;
  /** JSONata over msg giving the text's values, e.g. `{ "position": handoff.position }`; empty for none. */
  values: string;
  buttons: SayButton[];
  /** For a list: the msg property holding its rows ({ id, title, description }, titles as text or { en, te }). */
  rowsProperty: string;
  /** For a list: key of the button that opens it. */
  listButton: string;
  /** The msg property with the citizen's language. */
  languageProperty: string;
  /** For an image or document: the msg property with a link, or { id } / { link } (and filename). */
  mediaProperty: string;
}

export function migrate(def: NodeDef): SayConfig {
  const str = (v: unknown, fallback: string) => (typeof v === 'string' && v !== '' ? v : fallback);
  const kind = (SAY_KINDS as readonly string[]).includes(def.kind as string) ? (def.kind as SayKind) : 'text';
  const buttons = Array.isArray(def.buttons)
    ? (def.buttons as unknown[]).filter((b): b is SayButton => typeof b === 'object' && b !== null && typeof (b as SayButton).id === 'string' && typeof (b as SayButton).text === 'string')
    : [];
  return {
    version: SAY_VERSION,
    kind,
    text: str(def.text, ''),
    values: str(def.values, ''),
    buttons,
    rowsProperty: str(def.rowsProperty, 'rows'),
    listButton: str(def.listButton, 'common.choose'),
    languageProperty: str(def.languageProperty, 'session.language'),
    mediaProperty: str(def.mediaProperty, 'media'),
  };
}
