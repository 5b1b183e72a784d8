/**
 * Times entity extraction in a fresh process: imports extractEntities from the
 * module path it is given (this tree's, or main's from a temporary worktree),
 * runs a warm-up pass, then takes the best of three timed passes over the texts.
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
  // One full pass to warm the JIT up, then the best of three timed passes.
  const ministers = run(job.texts);
  let seconds = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < 3; pass++) {
    const started = performance.now();
    run(job.texts);
    seconds = Math.min(seconds, (performance.now() - started) / 1000);
  }
  process.send?.({ seconds, ministers }, () => process.exit(0));
});
