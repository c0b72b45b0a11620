/**
 * service-catalog: puts the state's service catalog (departments and their
 * services, titled in English and Telugu) on the message for menus to use.
 */
import { servicesFromSettings } from '../../platform/registry';
import type { NodeAPI, NodeDef, Node } from '../red';

function register(RED: NodeAPI): void {
  function ServiceCatalogNode(this: Node, nodeDef: NodeDef) {
    RED.nodes.createNode(this, nodeDef);
    this.on('input', (msg, send, done) => {
      try {
        msg.catalog = servicesFromSettings(RED.settings).catalog.data;
        send(msg);
        done();
      } catch (err) {
        done(err as Error);
      }
    });
  }
  RED.nodes.registerType('service-catalog', ServiceCatalogNode);
}

export = register;
