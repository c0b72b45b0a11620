/**
 * The department API clients of a host, one per connection. A deploy makes
 * new config nodes with the same settings: they get the same client, so the
 * circuit breaker of a department that is down stays open across the deploy
 * instead of every citizen's request finding that out again.
 */
import { createHash } from 'node:crypto';
import { DepartmentClient } from './client';
import type { DepartmentConnection } from './connection';

export class DepartmentApis {
  private readonly clients = new Map<string, DepartmentClient>();

  client(connection: DepartmentConnection): DepartmentClient {
    // Keyed by the whole connection (secrets hashed, not kept as a key): a changed setting is a new client.
    const key = createHash('sha256').update(JSON.stringify(connection)).digest('base64url');
    let client = this.clients.get(key);
    if (!client) this.clients.set(key, (client = new DepartmentClient(connection)));
    return client;
  }
}
