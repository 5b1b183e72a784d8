/**
 * One real Meilisearch for the whole integration run, on a free port with its
 * data in a temporary folder. Each test file creates its own index.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { EmbeddedMeili, resolveMeiliBinary } from '../../src/meili/launcher.js';

declare module 'vitest' {
  export interface ProvidedContext {
    meiliHost: string;
    meiliKey: string;
    meiliBinary: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(tmpdir(), 'press-search-meili-'));
  const binary = await resolveMeiliBinary({ explicit: process.env.MEILI_BINARY, dataDir: dir });
  const key = randomBytes(24).toString('hex');
  const meili = new EmbeddedMeili({ binary, dataDir: dir, masterKey: key });
  const host = await meili.start();
  project.provide('meiliHost', host);
  project.provide('meiliKey', key);
  project.provide('meiliBinary', binary);
  return async () => {
    await meili.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
