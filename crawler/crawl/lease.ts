/**
 * A crawl's claim on its source: the archive's lease, renewed on a heartbeat
 * while the crawl runs. A lease held by another crawl is waited out once — a
 * crawl that died stops renewing, so its lease runs out within one time-to-
 * live and is taken over; a live one renews it, and the source is busy.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Archive } from '../../src/archive/archive.js';
import type { LeaseHolder } from '../../src/archive/leases.js';
import type { Logger } from '../../src/log.js';

export type Claim =
  | {
      ok: true;
      /** A crawl that died (killed) held the source; its queue locks are stale. */
      takenOver: boolean;
      /** Aborted when the lease could not be renewed (another crawl took it over). */
      lost: AbortSignal;
      release(): void;
    }
  | { ok: false; holder: LeaseHolder; message: string };

function busy(holder: LeaseHolder): Claim {
  return {
    ok: false,
    holder,
    message: `already being crawled by process ${holder.pid} on ${holder.host} (it keeps renewing its lease)`,
  };
}

export async function claimSource(
  archive: Archive,
  source: string,
  ttlMs: number,
  log: Logger,
  signal?: AbortSignal,
): Promise<Claim> {
  let result = archive.leases.acquire(source, ttlMs);
  if (!result.ok) {
    log.info(
      { pid: result.pid, host: result.host, expiresAt: new Date(result.expiresAt).toISOString() },
      'the source is leased by another crawl; waiting to see whether it renews the lease',
    );
  }
  // A live holder renews every third of the time-to-live: looking a few times
  // within that says "busy" soon, instead of after the whole lease.
  const seen = result.ok ? 0 : result.expiresAt;
  while (!result.ok) {
    try {
      await delay(Math.max(0, Math.min(seen - Date.now(), ttlMs / 6)) + 25, undefined, { signal });
    } catch {
      return busy(result);
    }
    const next = archive.leases.acquire(source, ttlMs);
    if (!next.ok && next.expiresAt > seen) return busy(next);
    result = next;
  }
  const { token, takenOver } = result;
  if (takenOver) log.info('took over the lease of a crawl that stopped renewing it');
  const lost = new AbortController();
  const heartbeat = setInterval(
    () => {
      if (archive.leases.renew(source, token, ttlMs)) return;
      clearInterval(heartbeat);
      log.error(
        { code: 'LEASE_LOST' },
        'the lease on the source was taken over (this crawl did not renew it in time); stopping',
      );
      lost.abort();
    },
    Math.max(10, Math.floor(ttlMs / 3)),
  );
  heartbeat.unref();
  return {
    ok: true,
    takenOver,
    lost: lost.signal,
    release() {
      clearInterval(heartbeat);
      archive.leases.release(source, token);
    },
  };
}
