/**
 * A Crawlee storage client whose request queues live in the archive's SQLite
 * database (tables crawl_queues, crawl_queue_requests). Crawlee's own
 * RequestQueue runs on top of it unchanged: locking, forefront, dedup by
 * unique key, handled/pending counts.
 *
 * Why not Crawlee's file-per-request MemoryStorage: a process killed with
 * SIGKILL can leave a truncated request file (silently dropped on reopen) or
 * a truncated __metadata__.json (reopen fails), and its request locks stay on
 * disk for a minute or more, stalling the resumed crawl. SQLite commits are
 * atomic, locks of a dead process are released when its source lease is
 * taken over, and it is about twice as fast on the China replica.
 *
 * Key-value stores and datasets (Crawlee's statistics) stay in memory.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Configuration } from '@crawlee/cheerio';
import type * as storage from '@crawlee/types';
import type Database from 'better-sqlite3';

/** The id Crawlee itself derives from a unique key (core/storages/utils getRequestId). */
export function requestIdFor(uniqueKey: string): string {
  return createHash('sha256').update(uniqueKey).digest('base64').replace(/[+/=]/g, '').slice(0, 15);
}

interface QueueRow {
  id: string;
  name: string | null;
  created_at: string;
  modified_at: string;
  accessed_at: string;
}

let lastOrder = 0;
/** Increasing order numbers (µs resolution, strictly monotonic within the process). */
function nextOrder(): number {
  lastOrder = Math.max(Date.now() * 1000, lastOrder + 1);
  return lastOrder;
}

class SqliteQueueCollection implements storage.RequestQueueCollectionClient {
  constructor(private readonly db: Database.Database) {}

  async list(): Promise<storage.PaginatedList<storage.RequestQueueInfo>> {
    const rows = this.db.prepare('SELECT id FROM crawl_queues ORDER BY created_at').all() as {
      id: string;
    }[];
    const items = rows
      .map((r) => new SqliteQueueClient(this.db, r.id).info())
      .filter((i): i is storage.RequestQueueInfo => i !== undefined);
    return { total: items.length, count: items.length, offset: 0, limit: items.length, items };
  }

  async getOrCreate(name: string): Promise<storage.RequestQueueInfo> {
    const existing = this.db.prepare('SELECT id FROM crawl_queues WHERE name = ?').get(name) as
      | { id: string }
      | undefined;
    const id = existing?.id ?? randomUUID();
    if (!existing) {
      const at = new Date().toISOString();
      this.db
        .prepare(
          'INSERT INTO crawl_queues (id, name, created_at, modified_at, accessed_at) VALUES (?, ?, ?, ?, ?)',
        )
        .run(id, name, at, at, at);
    }
    return new SqliteQueueClient(this.db, id).info() as storage.RequestQueueInfo;
  }
}

export class SqliteQueueClient implements storage.RequestQueueClient {
  private readonly statements;

  constructor(
    private readonly db: Database.Database,
    private readonly queueId: string,
  ) {
    this.statements = {
      queue: db.prepare('SELECT * FROM crawl_queues WHERE id = ? OR name = ?'),
      touch: db.prepare('UPDATE crawl_queues SET modified_at = ?, accessed_at = ? WHERE id = ?'),
      counts: db.prepare(
        `SELECT COUNT(*) AS total, SUM(order_no IS NULL) AS handled FROM crawl_queue_requests WHERE queue_id = ?`,
      ),
      head: db.prepare(
        `SELECT id, json FROM crawl_queue_requests
         WHERE queue_id = ? AND order_no IS NOT NULL AND (locked_until IS NULL OR locked_until <= ?)
         ORDER BY order_no LIMIT ?`,
      ),
      lock: db.prepare(
        'UPDATE crawl_queue_requests SET locked_until = ? WHERE queue_id = ? AND id = ?',
      ),
      anyLocked: db.prepare(
        `SELECT 1 FROM crawl_queue_requests
         WHERE queue_id = ? AND order_no IS NOT NULL AND locked_until > ? LIMIT 1`,
      ),
      get: db.prepare(
        'SELECT json, order_no, locked_until FROM crawl_queue_requests WHERE queue_id = ? AND id = ?',
      ),
      insert: db.prepare(
        `INSERT INTO crawl_queue_requests (queue_id, id, unique_key, order_no, json) VALUES (?, ?, ?, ?, ?)`,
      ),
      update: db.prepare(
        'UPDATE crawl_queue_requests SET json = ?, order_no = ?, locked_until = ? WHERE queue_id = ? AND id = ?',
      ),
      unlock: db.prepare(
        'UPDATE crawl_queue_requests SET locked_until = NULL, order_no = ? WHERE queue_id = ? AND id = ?',
      ),
      remove: db.prepare('DELETE FROM crawl_queue_requests WHERE queue_id = ? AND id = ?'),
      markHandled: db.prepare(
        'UPDATE crawl_queue_requests SET order_no = NULL, locked_until = NULL WHERE queue_id = ? AND id = ?',
      ),
    };
  }

  private row(): QueueRow | undefined {
    return this.statements.queue.get(this.queueId, this.queueId) as QueueRow | undefined;
  }

  info(): storage.RequestQueueInfo | undefined {
    const row = this.row();
    if (!row) return undefined;
    const counts = this.statements.counts.get(row.id) as { total: number; handled: number | null };
    const handled = counts.handled ?? 0;
    return {
      id: row.id,
      ...(row.name ? { name: row.name } : {}),
      createdAt: new Date(row.created_at),
      modifiedAt: new Date(row.modified_at),
      accessedAt: new Date(row.accessed_at),
      totalRequestCount: counts.total,
      handledRequestCount: handled,
      pendingRequestCount: counts.total - handled,
      hadMultipleClients: false,
    };
  }

  private resolvedId: string | undefined;
  private lastTouch = 0;

  /** The queue's id (Crawlee may address it by name). */
  private get id(): string {
    if (this.resolvedId === undefined) {
      const id = this.row()?.id;
      if (id === undefined) return this.queueId;
      this.resolvedId = id;
    }
    return this.resolvedId;
  }

  /** Records a modification (at most once a second: it is informational). */
  private touch(): void {
    const now = Date.now();
    if (now - this.lastTouch < 1000) return;
    this.lastTouch = now;
    const at = new Date(now).toISOString();
    this.statements.touch.run(at, at, this.id);
  }

  async get(): Promise<storage.RequestQueueInfo | undefined> {
    return this.info();
  }

  async update(newFields: { name?: string }): Promise<Partial<storage.RequestQueueInfo>> {
    if (newFields.name !== undefined) {
      this.db.prepare('UPDATE crawl_queues SET name = ? WHERE id = ?').run(newFields.name, this.id);
    }
    return this.info() ?? {};
  }

  async delete(): Promise<void> {
    this.db.prepare('DELETE FROM crawl_queues WHERE id = ?').run(this.id);
  }

  async listHead(options: storage.ListOptions = {}): Promise<storage.QueueHead> {
    const rows = this.statements.head.all(this.id, Date.now(), options.limit ?? 100) as {
      json: string;
    }[];
    return {
      limit: options.limit ?? 100,
      queueModifiedAt: new Date(this.row()?.modified_at ?? Date.now()),
      hadMultipleClients: false,
      items: rows.map((r) => JSON.parse(r.json) as storage.RequestQueueHeadItem),
    };
  }

  async listAndLockHead(
    options: storage.ListAndLockOptions,
  ): Promise<storage.ListAndLockHeadResult> {
    const queueId = this.id;
    const limit = options.limit ?? 25;
    return this.db.transaction(() => {
      const now = Date.now();
      const rows = this.statements.head.all(queueId, now, limit) as { id: string; json: string }[];
      const until = now + options.lockSecs * 1000;
      for (const r of rows) this.statements.lock.run(until, queueId, r.id);
      const locked = this.statements.anyLocked.get(queueId, now) !== undefined;
      return {
        limit,
        lockSecs: options.lockSecs,
        queueModifiedAt: new Date(),
        hadMultipleClients: false,
        queueHasLockedRequests: locked,
        items: rows.map((r) => JSON.parse(r.json) as storage.RequestQueueHeadItem),
      };
    })();
  }

  async prolongRequestLock(
    id: string,
    options: storage.ProlongRequestLockOptions,
  ): Promise<storage.ProlongRequestLockResult> {
    const row = this.statements.get.get(this.id, id) as { order_no: number | null } | undefined;
    if (!row) throw new Error(`Request ${id} is not in queue ${this.queueId}`);
    if (row.order_no === null) throw new Error(`Request ${id} has already been handled`);
    const until = Date.now() + options.lockSecs * 1000;
    this.statements.lock.run(until, this.id, id);
    return { lockExpiresAt: new Date(until) };
  }

  async deleteRequestLock(
    id: string,
    options: storage.DeleteRequestLockOptions = {},
  ): Promise<void> {
    const row = this.statements.get.get(this.id, id) as { order_no: number | null } | undefined;
    if (!row || row.order_no === null) return;
    this.statements.unlock.run(options.forefront ? -nextOrder() : row.order_no, this.id, id);
  }

  /** Releases every lock of this queue (those of a killed process). */
  releaseAllLocks(): number {
    return this.db
      .prepare(
        'UPDATE crawl_queue_requests SET locked_until = NULL WHERE queue_id = ? AND locked_until IS NOT NULL',
      )
      .run(this.id).changes;
  }

  private addOne(
    request: storage.RequestSchema,
    forefront: boolean,
  ): storage.QueueOperationInfo & { uniqueKey: string } {
    const id = request.id ?? requestIdFor(request.uniqueKey);
    const existing = this.statements.get.get(this.id, id) as
      | { order_no: number | null }
      | undefined;
    if (existing) {
      return {
        requestId: id,
        uniqueKey: request.uniqueKey,
        wasAlreadyPresent: true,
        wasAlreadyHandled: existing.order_no === null,
      };
    }
    const order = request.handledAt ? null : forefront ? -nextOrder() : nextOrder();
    this.statements.insert.run(
      this.id,
      id,
      request.uniqueKey,
      order,
      JSON.stringify({ ...request, id }),
    );
    return {
      requestId: id,
      uniqueKey: request.uniqueKey,
      wasAlreadyPresent: false,
      wasAlreadyHandled: false,
    };
  }

  async addRequest(
    request: storage.RequestSchema,
    options: storage.RequestOptions = {},
  ): Promise<storage.QueueOperationInfo> {
    const { uniqueKey: _ignored, ...info } = this.addOne(request, options.forefront === true);
    this.touch();
    return info;
  }

  async batchAddRequests(
    requests: storage.RequestSchema[],
    options: storage.RequestOptions = {},
  ): Promise<storage.BatchAddRequestsResult> {
    const processed = this.db.transaction(() =>
      requests.map((r) => this.addOne(r, options.forefront === true)),
    )();
    this.touch();
    return { processedRequests: processed, unprocessedRequests: [] };
  }

  async getRequest(id: string): Promise<storage.RequestOptions | undefined> {
    const row = this.statements.get.get(this.id, id) as { json: string } | undefined;
    return row ? (JSON.parse(row.json) as storage.RequestOptions) : undefined;
  }

  async updateRequest(
    request: storage.UpdateRequestSchema,
    options: storage.RequestOptions = {},
  ): Promise<storage.QueueOperationInfo> {
    const row = this.statements.get.get(this.id, request.id) as
      | { order_no: number | null; locked_until: number | null }
      | undefined;
    if (!row) {
      const info = this.addOne(request, options.forefront === true);
      return { requestId: info.requestId, wasAlreadyPresent: false, wasAlreadyHandled: false };
    }
    const handled = Boolean(request.handledAt);
    if (handled && row.order_no !== null) {
      // Handled: only the order and lock change; the stored request stays as it was queued.
      this.statements.markHandled.run(this.id, request.id);
      this.touch();
      return { requestId: request.id, wasAlreadyPresent: true, wasAlreadyHandled: false };
    }
    const order = handled ? null : options.forefront ? -nextOrder() : (row.order_no ?? nextOrder());
    this.statements.update.run(
      JSON.stringify(request),
      order,
      handled ? null : row.locked_until,
      this.id,
      request.id,
    );
    this.touch();
    return {
      requestId: request.id,
      wasAlreadyPresent: true,
      wasAlreadyHandled: row.order_no === null,
    };
  }

  async deleteRequest(id: string): Promise<void> {
    this.statements.remove.run(this.id, id);
  }
}

/** Crawlee storage: request queues in SQLite, the rest in memory. */
export class SqliteStorageClient implements storage.StorageClient {
  private readonly memory: storage.StorageClient;

  constructor(private readonly db: Database.Database) {
    this.memory = new Configuration({
      persistStorage: false,
      purgeOnStart: false,
    }).getStorageClient();
  }

  requestQueues(): storage.RequestQueueCollectionClient {
    return new SqliteQueueCollection(this.db);
  }

  requestQueue(id: string): SqliteQueueClient {
    return new SqliteQueueClient(this.db, id);
  }

  datasets() {
    return this.memory.datasets();
  }

  dataset(id: string) {
    return this.memory.dataset(id);
  }

  keyValueStores() {
    return this.memory.keyValueStores();
  }

  keyValueStore(id: string) {
    return this.memory.keyValueStore(id);
  }

  async purge(): Promise<void> {}

  async teardown(): Promise<void> {
    await this.memory.teardown?.();
  }
}
