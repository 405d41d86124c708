import { describe, expect, it } from 'vitest';
import { ResponseCache } from '../../src/cache/response-cache.js';
import { openCacheStore } from '../../src/cache/store.js';
import { createLogger } from '../../src/logger.js';

function memoryCache(maxEntries = 100) {
  return new ResponseCache(
    openCacheStore({ store: 'memory', url: 'memory://', maxEntries }),
    createLogger('silent'),
  );
}

/** A load that counts how often it runs. */
function counted<T>(make: () => Promise<T>) {
  const load = () => {
    load.runs += 1;
    return make();
  };
  load.runs = 0;
  return load;
}

describe('ResponseCache', () => {
  it('loads once and then answers from the store', async () => {
    const cache = memoryCache();
    const load = counted(() => Promise.resolve({ id: '1' }));

    const first = await cache.getOrLoad('k', 60, load);
    const second = await cache.getOrLoad('k', 60, load);

    expect(first).toEqual({ value: { id: '1' }, hit: false });
    expect(second).toEqual({ value: { id: '1' }, hit: true });
    expect(load.runs).toBe(1);
  });

  it('never stores a failure', async () => {
    const cache = memoryCache();
    let fail = true;
    const load = counted(() =>
      fail ? Promise.reject(new Error('429')) : Promise.resolve('ok'),
    );

    await expect(cache.getOrLoad('k', 60, load)).rejects.toThrow('429');
    fail = false;
    const after = await cache.getOrLoad('k', 60, load);

    expect(after).toEqual({ value: 'ok', hit: false });
    expect(load.runs).toBe(2);
  });

  it('shares one load between concurrent reads of a key', async () => {
    const cache = memoryCache();
    let release: (value: string) => void = () => undefined;
    const load = counted(
      () => new Promise<string>((resolve) => (release = resolve)),
    );

    const reads = [1, 2, 3].map(() => cache.getOrLoad('k', 60, load));
    await new Promise((resolve) => setImmediate(resolve));
    release('shared');

    expect((await Promise.all(reads)).map((read) => read.value)).toEqual([
      'shared',
      'shared',
      'shared',
    ]);
    expect(load.runs).toBe(1);
  });

  it('skips the store for a time to live of 0', async () => {
    const cache = memoryCache();
    const load = counted(() => Promise.resolve('fresh'));

    await cache.getOrLoad('k', 0, load);
    await cache.getOrLoad('k', 0, load);

    expect(load.runs).toBe(2);
  });

  it('hands out values no reader can change for the next one', async () => {
    const cache = memoryCache();
    const load = () => Promise.resolve({ tags: [{ name: 'vip' }] });

    const { value } = await cache.getOrLoad('k', 60, load);

    expect(() => {
      (value.tags[0] as { name: string }).name = 'changed';
    }).toThrow(TypeError);
    const again = await cache.getOrLoad('k', 60, load);
    expect(again.value.tags[0]?.name).toBe('vip');
  });

  it('keeps at most maxEntries entries in memory', async () => {
    const cache = memoryCache(2);
    const load = counted(() => Promise.resolve('v'));

    for (const key of ['a', 'b', 'c']) await cache.getOrLoad(key, 60, load);
    await cache.getOrLoad('a', 60, load);

    expect(load.runs).toBe(4);
  });
});
