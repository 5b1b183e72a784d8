import {
  Meilisearch,
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
} from 'meilisearch';
import { SearchUnavailableError } from '../errors.js';
import { nodeHttpClient } from './transport.js';

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
    httpClient: nodeHttpClient,
    defaultWaitOptions: { timeout: 120_000, interval: 50 },
  });
}

/**
 * The client wraps whatever its transport throws in MeilisearchRequestError;
 * an answer from the server (MeilisearchApiError) may sit inside it.
 */
function apiErrorOf(error: unknown): MeilisearchApiError | undefined {
  if (error instanceof MeilisearchApiError) return error;
  if (error instanceof MeilisearchRequestError && error.cause instanceof MeilisearchApiError) {
    return error.cause;
  }
  return undefined;
}

/** True for errors that mean "the server did not answer", not "the server said no". */
export function isUnreachable(error: unknown): boolean {
  if (apiErrorOf(error)) return false;
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
  return apiErrorOf(error)?.cause?.code;
}

/** Errors from Meilisearch as the server phrased them, for logs and messages. */
export function meiliErrorMessage(error: unknown): string {
  return apiErrorOf(error)?.message ?? (error instanceof Error ? error.message : String(error));
}
