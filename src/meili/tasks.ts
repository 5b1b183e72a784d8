/**
 * Waiting for Meilisearch tasks. The client's own waitTask shares one abort
 * signal across every poll and leaves a listener on it each time, which
 * floods long waits with listeners; this loop polls plainly, backing off from
 * 25 ms to 500 ms, and gives up after a time-out with a clear error.
 */
import type { EnqueuedTask, Meilisearch, Task } from 'meilisearch';
import { AppError } from '../errors.js';

export class TaskTimeoutError extends AppError {
  constructor(taskUid: number, timeoutMs: number) {
    super(
      'MEILI_TASK_TIMEOUT',
      `Meilisearch task ${taskUid} did not finish within ${timeoutMs} ms; it may still be running (GET /tasks/${taskUid}).`,
      503,
    );
  }
}

const FINISHED = new Set(['succeeded', 'failed', 'canceled']);

export async function waitForTask(
  client: Meilisearch,
  enqueued: EnqueuedTask | Promise<EnqueuedTask>,
  timeoutMs = 300_000,
): Promise<Task> {
  const { taskUid } = await enqueued;
  const deadline = Date.now() + timeoutMs;
  let delay = 25;
  for (;;) {
    const task = await client.tasks.getTask(taskUid);
    if (FINISHED.has(task.status)) return task;
    if (Date.now() > deadline) throw new TaskTimeoutError(taskUid, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(500, delay * 2);
  }
}
