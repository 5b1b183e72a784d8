/**
 * Everything a widget test runs against, all real: the API (createApp over
 * the run's Meilisearch, the test's own index) on 127.0.0.1:0, host pages on
 * a second local origin that embed the widget from the API, a third origin
 * the API does not allow, and Debian's Chromium driven by playwright-core.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Meilisearch } from 'meilisearch';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createApp } from '../../../src/http/app.js';
import { buildWidget, type WidgetBundle } from '../../../src/http/widget-bundle.js';
import { SearchService } from '../../../src/search/service.js';
import { PROJECT_ROOT } from '../../../src/version.js';
import { importThroughScratchArchive } from '../../helpers/import.js';
import { createTestIndex, deleteIndex, testClient } from '../../helpers/meili.js';
import { launchChromium } from './chromium.js';
import { writeWidgetCorpus } from './data.js';
import { firstAnswer, watchWidget } from './widget.js';

export const ARTIFACTS = path.join(PROJECT_ROOT, 'tests', 'e2e', 'artifacts');

interface Listening {
  server: Server;
  origin: string;
}

function listenOn(handler: http.RequestListener, port = 0): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(handler);
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address() as AddressInfo;
      resolve({ server, origin: `http://127.0.0.1:${address.port}` });
    });
  });
}

function close(listening: Listening | undefined): Promise<void> {
  if (!listening?.server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    listening.server.closeAllConnections();
    listening.server.close(() => resolve());
  });
}

export interface HostPageOptions {
  /** The markup inside <body>, typically an <mfa-search> element. */
  body: string;
  /** <html lang>. */
  lang?: string;
  /** Serve the page from the origin the API does not allow. */
  stranger?: boolean;
}

export interface PageProblems {
  /** console.error messages and uncaught exceptions. */
  errors: string[];
  warnings: string[];
  dialogs: string[];
  /** Every URL the page requested. */
  requests: string[];
}

export class WidgetStack {
  browser!: Browser;
  context!: BrowserContext;
  widget!: WidgetBundle;
  client!: Meilisearch;
  uid!: string;
  private api: Listening | undefined;
  private apiPort = 0;
  private host!: Listening;
  private stranger!: Listening;
  private readonly pages = new Map<string, string>();
  private dir!: string;

  /** The API's origin (the widget's `api` attribute). */
  get apiOrigin(): string {
    return `http://127.0.0.1:${this.apiPort}`;
  }

  get hostOrigin(): string {
    return this.host.origin;
  }

  get strangerOrigin(): string {
    return this.stranger.origin;
  }

  /** Starts the stack over a fresh index holding the widget corpus. */
  static async start(prefix: string): Promise<WidgetStack> {
    const stack = new WidgetStack();
    stack.dir = await mkdtemp(path.join(tmpdir(), `${prefix}-`));
    stack.client = testClient();
    stack.uid = await createTestIndex(stack.client, prefix);
    const corpus = await writeWidgetCorpus(stack.dir);
    const report = await importThroughScratchArchive(corpus, {
      client: stack.client,
      indexUid: stack.uid,
    });
    if (report.bad.length > 0) throw new Error(`bad corpus lines: ${JSON.stringify(report.bad)}`);
    stack.widget = await buildWidget();
    const servePage: http.RequestListener = (request, response) => {
      const html = stack.pages.get(new URL(request.url ?? '/', 'http://x').pathname);
      response.writeHead(html ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(html ?? 'not found');
    };
    stack.host = await listenOn(servePage);
    stack.stranger = await listenOn(servePage);
    await stack.startApi();
    stack.browser = await launchChromium();
    stack.context = await stack.newContext();
    return stack;
  }

  /** A browser context in which nothing but 127.0.0.1 can be reached. */
  async newContext(options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
    const context = await this.browser.newContext({
      viewport: { width: 1280, height: 900 },
      ...options,
    });
    await context.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) =>
        // Result links point at ministry sites: answer them locally, never from the internet.
        route.fulfill({ status: 200, contentType: 'text/html', body: '<title>release</title>' }),
    );
    await watchWidget(context);
    return context;
  }

  /** (Re)starts the API, on the same port as before once it had one. */
  async startApi(): Promise<void> {
    const app = createApp({
      search: new SearchService(this.client, this.uid),
      settingsApplied: () => true,
      widget: this.widget,
      widgetOrigins: [this.host.origin],
    });
    this.api = await listenOn(app, this.apiPort);
    this.apiPort = Number(new URL(this.api.origin).port);
  }

  async stopApi(): Promise<void> {
    await close(this.api);
  }

  /** Registers a host page; returns its URL on the host origin (or the stranger's). */
  hostPage(name: string, options: HostPageOptions): string {
    const pathname = `/${name}.html`;
    this.pages.set(
      pathname,
      `<!doctype html><html lang="${options.lang ?? 'en'}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Host page: ${name}</title>
<style>body{margin:0;padding:16px;font-family:sans-serif}</style></head>
<body><main><h1>Host page</h1>${options.body}</main>
<script src="${this.apiOrigin}/widget.js" defer></script></body></html>`,
    );
    return `${options.stranger ? this.stranger.origin : this.host.origin}${pathname}`;
  }

  /** Opens a host page holding `options.body` and waits for the widget's first answer. */
  async openWidget(
    name: string,
    options: HostPageOptions,
    context: BrowserContext = this.context,
  ): Promise<{ page: Page; problems: PageProblems }> {
    const opened = await this.open(this.hostPage(name, options), context);
    await firstAnswer(opened.page);
    return opened;
  }

  /** Opens a page and records its console errors, dialogs and requests. */
  async open(
    url: string,
    context: BrowserContext = this.context,
  ): Promise<{ page: Page; problems: PageProblems }> {
    const page = await context.newPage();
    const problems: PageProblems = { errors: [], warnings: [], dialogs: [], requests: [] };
    page.on('console', (message) => {
      if (message.type() === 'error') problems.errors.push(message.text());
      if (message.type() === 'warning') problems.warnings.push(message.text());
    });
    page.on('pageerror', (error) => problems.errors.push(String(error)));
    page.on('dialog', (dialog) => {
      problems.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => problems.requests.push(request.url()));
    await page.goto(url);
    return { page, problems };
  }

  /** Saves a screenshot of the whole page, or of one element, to the artifacts folder. */
  async screenshot(page: Page, name: string, selector?: string): Promise<string> {
    await mkdir(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, `${name}.png`);
    if (selector) await page.locator(selector).screenshot({ path: file });
    else await page.screenshot({ path: file, fullPage: true });
    return file;
  }

  async saveText(name: string, text: string): Promise<void> {
    await mkdir(ARTIFACTS, { recursive: true });
    await writeFile(path.join(ARTIFACTS, name), text);
  }

  async close(): Promise<void> {
    await this.browser?.close();
    await close(this.api);
    await close(this.host);
    await close(this.stranger);
    if (this.uid) await deleteIndex(this.client, this.uid);
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
  }
}

/** The test file's stack: started before its tests, closed after them. */
export function useWidgetStack(prefix: string): () => WidgetStack {
  let stack: WidgetStack | undefined;
  beforeAll(async () => {
    stack = await WidgetStack.start(prefix);
  }, 300_000);
  afterAll(async () => {
    await stack?.close();
  });
  return () => {
    if (!stack) throw new Error(`the ${prefix} stack did not start`);
    return stack;
  };
}
