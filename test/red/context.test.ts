import { StoreContext } from '../../platform/red/context';
import { createStore, type DocumentStore } from '../../platform/store';
import { tempDir } from '../support/services';

// Node-RED's own property-expression helpers, as the host hands them in.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { util } = require('@node-red/util');

describe('StoreContext (Node-RED context store API)', () => {
  let store: DocumentStore;
  let ctx: StoreContext;

  const get = (scope: string, key: string | string[]) =>
    new Promise<unknown[]>((resolve, reject) => ctx.get(scope, key, (err, ...values) => (err ? reject(err) : resolve(values))));
  const set = (scope: string, key: string | string[], value: unknown) =>
    new Promise<void>((resolve, reject) => ctx.set(scope, key, value, (err) => (err ? reject(err) : resolve())));
  const keys = (scope: string) => new Promise<unknown>((resolve, reject) => ctx.keys(scope, (err, k) => (err ? reject(err) : resolve(k))));

  beforeAll(async () => {
    store = await createStore({ engine: 'embedded', dir: tempDir() });
    ctx = new StoreContext(store, util);
    await ctx.open();
  });
  afterAll(() => store.close());

  it('sets and gets top-level and nested values', async () => {
    await set('flowA', 'count', 1);
    await set('flowA', 'citizen.language', 'te');
    await set('flowA', 'citizen.steps[0]', 'start');
    expect(await get('flowA', 'count')).toEqual([1]);
    expect(await get('flowA', 'citizen')).toEqual([{ language: 'te', steps: ['start'] }]);
    expect(await get('flowA', 'citizen.steps[0]')).toEqual(['start']);
    expect(await get('flowA', 'citizen.nothing.here')).toEqual([undefined]);
    expect(await get('flowA', 'missing')).toEqual([undefined]);
  });

  it('handles several keys at once and keeps keys with characters MongoDB refuses', async () => {
    await set('flowB', ['a', 'b'], [1, { 'x.y': 2, $z: 3 }]);
    expect(await get('flowB', ['a', 'b'])).toEqual([1, { 'x.y': 2, $z: 3 }]);
    expect(await keys('flowB')).toEqual(['a', 'b']);
  });

  it('deletes a key set to undefined, a scope on delete, and unused scopes on clean', async () => {
    await set('flowC', 'gone', 'soon');
    await set('flowC', 'gone', undefined);
    expect(await keys('flowC')).toEqual([]);

    await set('node1:flowD', 'x', 1);
    await set('node2:flowD', 'x', 2);
    await set('global', 'x', 3);
    await ctx.delete('node1:flowD');
    expect(await keys('node1:flowD')).toEqual([]);
    await ctx.clean(['flowA', 'flowB']);
    expect(await keys('node2:flowD')).toEqual([]);
    expect(await keys('global')).toEqual(['x']);
    expect(await keys('flowA')).toEqual(['citizen', 'count']);
  });

  it('insists on callbacks, since the store is shared and asynchronous', () => {
    expect(() => ctx.get('flowA', 'count')).toThrow(/pass a callback/);
  });

  it('refuses values that cannot be stored as JSON', async () => {
    await expect(set('flowE', 'fn', () => 1)).rejects.toThrow(/not JSON-serialisable/);
  });
});
