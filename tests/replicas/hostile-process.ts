/**
 * The hostile site in a process of its own, driven over IPC. Tests that
 * check gaps between requests use it: in the crawler's own process a request
 * is logged when the event loop gets to it, which may be late while the
 * crawler works, and a late arrival makes the next gap look short. Here the
 * site's clock stamps each request as it arrives.
 *
 * (The child's entry point is this same file: run with --child it serves.)
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  type Behaviour,
  type HostileOptions,
  type HostileSite,
  hostileOverrides,
  itemIdsOf,
  itemPathOf,
  itemUrlOf,
  startHostileSite,
} from './hostile.js';
import type { LoggedRequest } from './server.js';

type Operation =
  | { op: 'behave'; id: number; behaviour: Behaviour | undefined }
  | { op: 'setPages'; pages: number }
  | { op: 'log' };

type ChildOptions = Omit<HostileOptions, 'onRequest'>;

export interface RemoteHostileSite {
  baseUrl: string;
  readonly overrides: Map<string, string>;
  behave(id: number, behaviour: Behaviour | undefined): Promise<void>;
  setPages(pages: number): Promise<void>;
  itemIds(page: number): number[];
  itemUrl(id: number): string;
  itemPath(id: number): string;
  /** Every request so far, in arrival order, stamped by the site's own clock. */
  log(): Promise<LoggedRequest[]>;
  requestsTo(host: string): Promise<LoggedRequest[]>;
  close(): Promise<void>;
}

export async function startHostileSiteProcess(
  options: ChildOptions = {},
): Promise<RemoteHostileSite> {
  const child: ChildProcess = fork(
    fileURLToPath(import.meta.url),
    ['--child', JSON.stringify(options)],
    {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { ready: string }).ready));
    child.once('exit', (code) => reject(new Error(`the hostile site process exited with ${code}`)));
  });
  let next = 0;
  const pending = new Map<number, (result: unknown) => void>();
  child.on('message', (message) => {
    const { call: number, result } = message as { call: number; result: unknown };
    pending.get(number)?.(result);
    pending.delete(number);
  });
  const call = <T>(operation: Operation) =>
    new Promise<T>((resolve) => {
      const number = next++;
      pending.set(number, resolve as (result: unknown) => void);
      child.send({ call: number, operation });
    });
  const perPage = options.perPage ?? 5;
  return {
    baseUrl,
    overrides: hostileOverrides(baseUrl),
    behave: (id, behaviour) => call({ op: 'behave', id, behaviour }),
    setPages: (pages) => call({ op: 'setPages', pages }),
    itemIds: (page) => itemIdsOf(page, perPage),
    itemUrl: itemUrlOf,
    itemPath: itemPathOf,
    log: () => call<LoggedRequest[]>({ op: 'log' }),
    requestsTo: async (host) =>
      (await call<LoggedRequest[]>({ op: 'log' })).filter((r) => r.host === host),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function serveChild(options: ChildOptions): Promise<void> {
  const site: HostileSite = await startHostileSite(options);
  process.on('message', (message) => {
    const { call, operation } = message as { call: number; operation: Operation };
    let result: unknown;
    if (operation.op === 'behave') site.behave(operation.id, operation.behaviour);
    else if (operation.op === 'setPages') site.setPages(operation.pages);
    else result = site.log;
    process.send?.({ call, result });
  });
  const stop = () => void site.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  // The test that started this process is gone: do not outlive it.
  process.on('disconnect', stop);
  process.send?.({ ready: site.baseUrl });
}

if (process.argv[2] === '--child') {
  await serveChild(JSON.parse(process.argv[3] ?? '{}') as ChildOptions);
}
