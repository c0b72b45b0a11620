/**
 * The department API clients of a host, one per department config node. A
 * deploy makes a new config node with the same id: with the same settings it
 * gets the same client, so the circuit breaker of a department that is down
 * stays open across the deploy instead of every citizen's request finding
 * that out again; with changed settings the old client is closed and
 * replaced, and a removed node's client goes with it.
 */
import { createHash } from 'node:crypto';
import { DepartmentClient } from './client';
import type { DepartmentConnection, DepartmentConnectionInput } from './connection';

export class DepartmentApis {
  private readonly clients = new Map<string, { settings: string; client: DepartmentClient }>();
  private defaults: Record<string, DepartmentConnectionInput> = {};

  /** Connections for department config nodes left without a base URL: the sandbox's backends. */
  useDefaults(connections: Record<string, DepartmentConnectionInput>): void {
    this.defaults = { ...this.defaults, ...connections };
  }

  defaultFor(department: string): DepartmentConnectionInput | undefined {
    return Object.hasOwn(this.defaults, department) ? this.defaults[department] : undefined;
  }

  client(ownerId: string, connection: DepartmentConnection): DepartmentClient {
    // The settings hashed, so secrets are not kept a second time.
    const settings = createHash('sha256').update(JSON.stringify(connection)).digest('base64url');
    const held = this.clients.get(ownerId);
    if (held?.settings === settings) return held.client;
    if (held) void held.client.close();
    const client = new DepartmentClient(connection);
    this.clients.set(ownerId, { settings, client });
    return client;
  }

  /**
   * A client for a department, whichever config node made it: for work that
   * outlives the message that started it (an application submitted once the
   * department is back). Null when no deployed flow connects to it.
   */
  forDepartment(department: string): DepartmentClient | null {
    for (const { client } of this.clients.values()) if (client.connection.department === department) return client;
    return null;
  }

  /** The client a config node made, while it is deployed. */
  held(ownerId: string): DepartmentClient | null {
    return this.clients.get(ownerId)?.client ?? null;
  }

  /** The departments some deployed config node connects to. */
  departments(): string[] {
    return [...new Set([...this.clients.values()].map(({ client }) => client.connection.department))];
  }

  /** The config node was removed: its client and connections go. */
  release(ownerId: string): void {
    const held = this.clients.get(ownerId);
    this.clients.delete(ownerId);
    if (held) void held.client.close();
  }

  get size(): number {
    return this.clients.size;
  }
}
