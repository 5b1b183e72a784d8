/**
 * What the crawl does with a request that failed, by the retry policy
 * (retry-policy.ts): within the run, its host pauses before the retry (the
 * host's next slot moves); once its tries ran out, a listing marks its
 * language failed, and an item stays pending for a later run — or is given
 * up or refused — with its code counted.
 */
import type { Request } from '@crawlee/cheerio';
import { type CrawlError, crawlErrorCode, errorMessage } from './errors.js';
import type { CrawlContext, RequestData } from './handlers.js';
import type { HostSchedule } from './politeness.js';
import { itemFate, retryPause } from './retry-policy.js';
import type { CrawlSettings } from './settings.js';

interface FailureContext {
  request: Request;
}

export function failureHandlers(
  crawl: CrawlContext,
  settings: CrawlSettings,
  schedule: HostSchedule,
) {
  const { archive, source, stats, log } = crawl;

  /** Before a retry within the run. */
  const errorHandler = async ({ request }: FailureContext, error: Error): Promise<void> => {
    const crawlError = error as CrawlError;
    // A stop is no failure of the page: it costs the request none of its tries.
    if (crawlErrorCode(error) === 'STOPPED') {
      request.retryCount = Math.max(0, request.retryCount - 1);
      return;
    }
    const pause = retryPause(request.retryCount + 1, crawlError.retryAfterMs, settings);
    if (pause.giveUp) request.noRetry = true;
    // The host waits, not just this request: its next slot moves.
    const host = crawlError.host ?? new URL(request.loadedUrl ?? request.url).host;
    schedule.pause(host, pause.pauseMs);
    log.debug(
      {
        url: request.url,
        code: crawlErrorCode(error),
        retry: request.retryCount + 1,
        host,
        pauseMs: pause.pauseMs,
      },
      pause.giveUp
        ? `giving up for this run: ${errorMessage(error)}`
        : `retrying: ${errorMessage(error)}`,
    );
  };

  /** When the request's tries in this run ran out (or it failed for good). */
  const failedRequestHandler = async ({ request }: FailureContext, error: Error): Promise<void> => {
    const data = request.userData as RequestData;
    const code = crawlErrorCode(error);
    const tries = request.retryCount + 1;
    const message = `${errorMessage(error)}${tries > 1 ? ` (after ${tries} tries)` : ''}`;
    const where = { lang: data.lang, url: request.url };
    if (data.kind !== 'item') {
      crawl.languages.markFailed(data.lang);
      stats.problem(code, message, where);
      return;
    }
    // The item stays pending: tried again in a later run, after a back-off, until given up.
    archive.transaction(() => {
      const fate = itemFate(
        code,
        archive.items.attempts(source.id, request.url),
        { maxRuns: settings.retryMaxRuns, backoffMs: settings.retryBackoffMs },
        Date.now(),
        (error as CrawlError).retryAfterMs,
      );
      archive.items.fail(source.id, request.url, {
        lang: data.lang,
        format: 'html',
        code,
        message,
        ...fate,
      });
      if (code !== 'STOPPED') stats.problem(code, message, where);
      if (fate.state === 'gave_up') {
        stats.problem(
          'GAVE_UP',
          `${request.url}: given up after failing in ${fate.attempts} runs (last: ${code})`,
          where,
        );
      }
    });
  };

  return { errorHandler, failedRequestHandler };
}
