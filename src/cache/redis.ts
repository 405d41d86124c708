import { createClient, type RedisClientType } from '@keyv/redis';
import { setTimeout as sleep } from 'node:timers/promises';

/** One gateway's connection to the Redis of `cache.url`. */
export type SharedRedis = RedisClientType;

/** How long one attempt to reach Redis may take before it counts as down. */
const CONNECT_TIMEOUT_MS = 2_000;

/** Longest pause between attempts to reach Redis again while it is down. */
const LONGEST_RECONNECT_DELAY_MS = 2_000;

/**
 * Opens the one Redis client a gateway shares between its response cache
 * (through @keyv/redis) and its connections' rate budgets (through
 * rate-limiter-flexible). It starts connecting at once and never gives up:
 * while Redis is unreachable it tries again every two seconds at most,
 * and a command fails at once instead of waiting in an offline queue, so
 * the cache and the budgets fall back to this process's own without
 * making a query wait. It waits for the first connection up to two
 * seconds, so the first queries do not find Redis away only because it
 * is still being reached; past that, the gateway starts without it.
 */
export async function openSharedRedis(url: string): Promise<SharedRedis> {
  const client: SharedRedis = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: CONNECT_TIMEOUT_MS,
      reconnectStrategy: (retries: number) =>
        Math.min(100 * 2 ** retries, LONGEST_RECONNECT_DELAY_MS),
    },
  });
  // Every failed attempt is emitted; the cache and the budgets see the
  // failures on their own commands and report them once, not per attempt.
  client.on('error', () => undefined);
  // The first connection attempt may fail too; the client keeps trying.
  const connected = client.connect().then(
    () => true,
    () => false,
  );
  await Promise.race([
    connected,
    sleep(CONNECT_TIMEOUT_MS, false, { ref: false }),
  ]);
  return client;
}

/** Closes the client, whether or not Redis is reachable right now. */
export async function closeSharedRedis(client: SharedRedis): Promise<void> {
  if (!client.isOpen) return;
  if (client.isReady) await client.close();
  else client.destroy();
}
