/**
 * Times entity extraction in a fresh process: imports extractEntities from the
 * module path it is given (this tree's, or main's from a temporary worktree),
 * runs a warm-up pass, then one timed pass over the texts.
 */
import { pathToFileURL } from 'node:url';

interface Job {
  module: string;
  texts: { text: string; lang: string; date: string | undefined }[];
}

type Extract = (
  text: string,
  options: { lang?: string; year?: number; date?: string },
) => { ministers: unknown[] };

process.once('message', async (job: Job) => {
  const { extractEntities } = (await import(pathToFileURL(job.module).href)) as {
    extractEntities: Extract;
  };
  const run = (texts: Job['texts']) => {
    let ministers = 0;
    for (const t of texts) {
      const year = t.date ? Number(t.date.slice(0, 4)) : undefined;
      ministers += extractEntities(t.text, { lang: t.lang, year, date: t.date }).ministers.length;
    }
    return ministers;
  };
  run(job.texts.slice(0, 100));
  const started = performance.now();
  const ministers = run(job.texts);
  const seconds = (performance.now() - started) / 1000;
  process.send?.({ seconds, ministers }, () => process.exit(0));
});
