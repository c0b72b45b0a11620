/**
 * service-router: sends the citizen to a service, by the menu row they tapped
 * or by what they typed ("income certificate", "ఆదాయ ధృవీకరణ పత్రం",
 * "aadaya patram"). Output 1: one service clearly meant (msg.service);
 * output 2: a few close services to choose from (msg.route.choices);
 * output 3: nothing matched. The search is the platform's (departments/search.ts).
 */
import { servicesFromSettings } from '../../platform/registry';
import type { ServiceRoute } from '../../platform/departments/search';
import type { ServiceCatalog } from '../../platform/departments/catalog';
import { readMessageProperty } from '../msg-property';
import type { Node, NodeAPI, NodeDef, NodeMessage } from '../red';
import { migrate } from './config';

function register(RED: NodeAPI): void {
  function ServiceRouterNode(this: Node, nodeDef: NodeDef) {
    RED.nodes.createNode(this, nodeDef);
    const node = this;
    const config = migrate(nodeDef);
    node.on('input', (msg, send, done) => {
      try {
        const { serviceSearch, catalog } = servicesFromSettings(RED.settings);
        const message = readMessageProperty(RED, msg, config.messageProperty);
        const route = serviceSearch.routeMessage(typeof message === 'object' && message !== null ? (message as { text?: unknown; reply?: { id?: unknown } | null }) : {});
        const out = msg as NodeMessage;
        out.route = describeRoute(route, catalog);
        // A service from an earlier node must not ride along on the choices or none outputs.
        if (route.kind === 'service') out.service = serviceOf(route.match.serviceId, catalog);
        else delete out.service;
        send(route.kind === 'service' ? [out, null, null] : route.kind === 'choices' ? [null, out, null] : [null, null, out]);
        done();
      } catch (err) {
        done(err as Error);
      }
    });
  }
  RED.nodes.registerType('service-router', ServiceRouterNode);
}

function serviceOf(serviceId: string, catalog: ServiceCatalog) {
  return catalog.describe(serviceId)!;
}

/** What the flow needs to answer: the service, or the choices with their titles in both languages. */
function describeRoute(route: ServiceRoute, catalog: ServiceCatalog) {
  if (route.kind === 'service') return { kind: 'service', service: route.match.serviceId };
  if (route.kind === 'none') return { kind: 'none' };
  return { kind: 'choices', choices: route.matches.map((m) => serviceOf(m.serviceId, catalog)) };
}

export = register;
