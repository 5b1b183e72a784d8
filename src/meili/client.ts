import {
  Meilisearch,
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
} from 'meilisearch';
import { SearchUnavailableError } from '../errors.js';

export interface MeiliConnection {
  host: string;
  apiKey: string;
  /** Each request gives up after this long, so the API answers 503 instead of hanging. */
  timeoutMs: number;
}

export function createMeiliClient(connection: MeiliConnection): Meilisearch {
  return new Meilisearch({
    host: connection.host,
    apiKey: connection.apiKey,
    timeout: connection.timeoutMs,
    defaultWaitOptions: { timeout: 120_000, interval: 50 },
  });
}

/** True for errors that mean "the server did not answer", not "the server said no". */
export function isUnreachable(error: unknown): boolean {
  return (
    error instanceof MeilisearchRequestError || error instanceof MeilisearchRequestTimeOutError
  );
}

/**
 * Runs a Meilisearch call; a connection failure or time-out becomes
 * SearchUnavailableError (HTTP 503), anything else is rethrown as is.
 */
export async function callMeili<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isUnreachable(error)) {
      throw new SearchUnavailableError(
        `The search engine did not answer while trying to ${what}. Try again in a moment.`,
        { cause: error },
      );
    }
    throw error;
  }
}

export function meiliErrorCode(error: unknown): string | undefined {
  return error instanceof MeilisearchApiError ? error.cause?.code : undefined;
}
