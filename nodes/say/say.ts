/**
 * say: a message from the text catalog (flows/texts) in the citizen's
 * language, with values from the msg: text, reply buttons, a list, or an
 * image or document captioned with the text. Sets msg.payload for a
 * whatsapp-out (message type "auto") wired after it.
 */
import { servicesFromSettings } from '../../platform/registry';
import { composeSay } from '../../platform/texts/say';
import { readMessageProperty } from '../msg-property';
import type { Node, NodeAPI, NodeDef } from '../red';
import { migrate } from './config';

function register(RED: NodeAPI): void {
  function SayNode(this: Node, nodeDef: NodeDef) {
    RED.nodes.createNode(this, nodeDef);
    const node = this;
    const config = migrate(nodeDef);
    const { texts } = servicesFromSettings(RED.settings);
    // A key the catalog lacks is an integrator's mistake: shown on the node at deploy, not to a citizen.
    const unknown = [config.text, ...config.buttons.map((b) => b.text), ...(config.kind === 'list' ? [config.listButton] : [])].filter((k) => !texts.has(k));
    if (unknown.length > 0) {
      node.status({ fill: 'red', shape: 'ring', text: RED._('say.status.unknown-text', { key: unknown[0] }) });
      node.error(RED._('say.errors.unknown-text', { keys: unknown.join(', ') }));
    }
    const util = RED.util;
    let values: unknown = null;
    try {
      values = config.values ? util.prepareJSONataExpression(config.values, node) : null;
    } catch (err) {
      // Every message would then miss its values: red at deploy, and each message fails plainly.
      values = err as Error;
      node.status({ fill: 'red', shape: 'ring', text: RED._('say.status.bad-values') });
      node.error(RED._('say.errors.bad-values', { error: (err as Error).message }));
    }
    node.on('input', (msg, send, done) => {
      const finish = (vals: Record<string, unknown>) => {
        try {
          msg.payload = composeSay(texts, {
            kind: config.kind,
            text: config.text,
            values: vals,
            buttons: config.buttons,
            rows: readMessageProperty(RED, msg, config.rowsProperty),
            listButton: config.listButton,
            media: config.kind === 'image' || config.kind === 'document' ? readMessageProperty(RED, msg, config.mediaProperty) : undefined,
            language: readMessageProperty(RED, msg, config.languageProperty) as string | null | undefined,
          });
          send(msg);
          done();
        } catch (err) {
          done(err as Error);
        }
      };
      if (values instanceof Error) return done(new Error(RED._('say.errors.bad-values', { error: values.message })));
      if (!values) return finish({});
      util.evaluateJSONataExpression(values, msg, (err, result) => {
        if (err) return done(err);
        if (result !== undefined && (typeof result !== 'object' || result === null || Array.isArray(result))) {
          return done(new Error(RED._('say.errors.values-not-object')));
        }
        finish((result ?? {}) as Record<string, unknown>);
      });
    });
  }
  RED.nodes.registerType('say', SayNode);
}

export = register;
