import type Redis from 'ioredis';
import type { UsersRepository } from '../users/users.repository';
import { LOCAL_TTL_MS, SessionVersions } from './session-versions';

/** Redis and the users table as maps; `down` makes every Redis command fail, as with Redis away. */
function fakes(db: Map<string, number>) {
  const store = new Map<string, string>();
  const calls = { get: 0, db: 0 };
  let down = false;
  const redis = {
    defineCommand: () => undefined,
    get: async (key: string) => {
      calls.get++;
      if (down) throw new Error('Connection is closed.');
      return store.get(key) ?? null;
    },
    // The raise script: never lowers a stored version.
    cadreRaiseTokenVersion: async (key: string, version: number) => {
      if (down) throw new Error('Connection is closed.');
      const current = store.has(key) ? Number(store.get(key)) : undefined;
      if (current === undefined || current < version) store.set(key, String(version));
    },
  } as unknown as Redis;
  const users = {
    tokenVersion: async (id: string) => {
      calls.db++;
      return db.get(id) ?? null;
    },
  } as unknown as UsersRepository;
  return { sessions: new SessionVersions(redis, users), store, calls, setDown: (v: boolean) => (down = v) };
}

describe('SessionVersions', () => {
  beforeEach(() => jest.useFakeTimers({ now: 1_000_000, doNotFake: ['nextTick', 'setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('reads the database on a Redis miss and refills Redis; then the local cache answers without Redis', async () => {
    const { sessions, store, calls } = fakes(new Map([['u1', 3]]));
    expect(await sessions.isCurrent('u1', 3)).toBe(true);
    expect(store.get('ver:u1')).toBe('3');
    expect(calls).toEqual({ get: 1, db: 1 });
    expect(await sessions.isCurrent('u1', 3)).toBe(true);
    expect(calls).toEqual({ get: 1, db: 1 });
    jest.advanceTimersByTime(LOCAL_TTL_MS + 1);
    expect(await sessions.isCurrent('u1', 3)).toBe(true);
    expect(calls).toEqual({ get: 2, db: 1 });
  });

  it('refuses an older version once another replica published a newer one, within the local cache time', async () => {
    const db = new Map([['u1', 0]]);
    const a = fakes(db);
    expect(await a.sessions.isCurrent('u1', 0)).toBe(true);
    // Another replica's change: the database and Redis say 1.
    db.set('u1', 1);
    a.store.set('ver:u1', '1');
    jest.advanceTimersByTime(LOCAL_TTL_MS + 1);
    expect(await a.sessions.isCurrent('u1', 0)).toBe(false);
  });

  it('accepts a token newer than its local copy after reading again (a login after a change elsewhere)', async () => {
    const { sessions, store } = fakes(new Map([['u1', 0]]));
    expect(await sessions.isCurrent('u1', 0)).toBe(true);
    store.set('ver:u1', '1');
    expect(await sessions.isCurrent('u1', 1)).toBe(true);
    expect(await sessions.isCurrent('u1', 0)).toBe(false);
  });

  it('falls back to the database while Redis is away: a revoked token stays refused', async () => {
    const db = new Map([['u1', 5]]);
    const { sessions, setDown, calls } = fakes(db);
    setDown(true);
    expect(await sessions.isCurrent('u1', 4)).toBe(false);
    expect(await sessions.isCurrent('u1', 5)).toBe(true);
    expect(calls.db).toBe(1);
  });

  it('refuses every token of a user that does not exist', async () => {
    const { sessions } = fakes(new Map());
    expect(await sessions.isCurrent('gone', 0)).toBe(false);
  });

  it('publish: this replica knows at once, and Redis never goes back to an older version', async () => {
    const { sessions, store } = fakes(new Map([['u1', 2]]));
    await sessions.publish('u1', 2);
    await sessions.publish('u1', 1);
    expect(store.get('ver:u1')).toBe('2');
    expect(await sessions.isCurrent('u1', 1)).toBe(false);
  });
});
