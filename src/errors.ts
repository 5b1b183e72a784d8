/**
 * Errors that cross a module boundary carry a stable `code`, an HTTP status
 * for the API, and details a caller can act on. The API's error handler turns
 * them into `{"error": {"code", "message", "details"}}`.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 500,
    readonly details?: unknown,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Meilisearch did not answer (down, paused, timed out): retry later. */
export class SearchUnavailableError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('SEARCH_UNAVAILABLE', message, 503, undefined, options);
  }
}

/** A Meilisearch task (settings, documents) ended in failure. */
export class IndexingError extends AppError {
  constructor(message: string, details?: unknown) {
    super('INDEXING_FAILED', message, 500, details);
  }
}
