/**
 * Who may open the Node-RED editor and admin API, and with which role.
 *
 * Users come from configuration (ADMIN_USERNAME/ADMIN_PASSWORD, EDITOR_USERS).
 * A sandbox with none gets one generated admin whose bcrypt hash is kept in
 * the store, so the password printed at first start keeps working.
 */
import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';
import type { EditorRole, EditorUserConfig } from '../config';
import type { Collection, DocumentStore } from '../store';

export const ROLE_PERMISSIONS: Record<EditorRole, string> = { admin: '*', viewer: 'read' };

interface StoredEditorUser {
  _id: string;
  [key: string]: unknown;
  passwordHash: string;
  role: EditorRole;
  createdAt: Date;
}

export const EDITOR_USERS_COLLECTION = 'editor_users';
const BCRYPT_ROUNDS = 10;

export interface NodeRedUser {
  username: string;
  permissions: string;
}

export class EditorUsers {
  private constructor(
    private readonly configured: Map<string, EditorUserConfig>,
    private readonly stored: Collection<StoredEditorUser>,
  ) {}

  /**
   * Builds the directory. Returns the generated sandbox password when one was
   * just created (the caller prints it once), else null.
   */
  static async open(options: {
    store: DocumentStore;
    configured: EditorUserConfig[];
    bootstrapAdmin: { username: string; password: string } | null;
    generateSandboxAdmin: boolean;
  }): Promise<{ users: EditorUsers; generated: { username: string; password: string } | null }> {
    const configured = new Map(options.configured.map((u) => [u.username, u]));
    if (options.bootstrapAdmin) {
      const { username, password } = options.bootstrapAdmin;
      configured.set(username, { username, passwordHash: await bcrypt.hash(password, BCRYPT_ROUNDS), role: 'admin' });
    }
    const stored = options.store.collection<StoredEditorUser>(EDITOR_USERS_COLLECTION);
    const users = new EditorUsers(configured, stored);
    let generated: { username: string; password: string } | null = null;
    if (configured.size === 0 && options.generateSandboxAdmin && (await stored.countDocuments({})) === 0) {
      generated = { username: 'admin', password: randomBytes(12).toString('base64url') };
      await stored.insertOne({
        _id: generated.username,
        passwordHash: await bcrypt.hash(generated.password, BCRYPT_ROUNDS),
        role: 'admin',
        createdAt: new Date(),
      });
    }
    return { users, generated };
  }

  async find(username: unknown): Promise<NodeRedUser | null> {
    if (typeof username !== 'string') return null;
    const user = await this.lookup(username);
    return user ? { username, permissions: ROLE_PERMISSIONS[user.role] } : null;
  }

  async authenticate(username: unknown, password: unknown): Promise<NodeRedUser | null> {
    // Node-RED passes the login form's fields as they came (a JSON body may hold objects), and does
    // not catch a rejection here: the request would hang. bcrypt throws on non-strings.
    if (typeof username !== 'string' || typeof password !== 'string') return null;
    const user = await this.lookup(username);
    if (!user || !(await bcrypt.compare(password, user.passwordHash).catch(() => false))) return null;
    return { username, permissions: ROLE_PERMISSIONS[user.role] };
  }

  /** Node-RED's `adminAuth` setting backed by this directory. */
  adminAuth(): Record<string, unknown> {
    return {
      type: 'credentials',
      users: (username: unknown) => this.find(username),
      authenticate: (username: unknown, password: unknown) => this.authenticate(username, password),
    };
  }

  private async lookup(username: string): Promise<{ passwordHash: string; role: EditorRole } | null> {
    // Configuration wins: it is what the operator controls.
    const configured = this.configured.get(username);
    if (configured) return configured;
    if (this.configured.size > 0) return null;
    const stored = await this.stored.findOne({ _id: username });
    return stored ? { passwordHash: stored.passwordHash, role: stored.role } : null;
  }
}
