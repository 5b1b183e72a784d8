/**
 * What to do after a listing page was read: ask for the next page, or stop,
 * and why. Pure: facts about the page and the run in, a decision out.
 */

export interface ListingPageFacts {
  /** Index of the page read (0 = the start URL). */
  page: number;
  /** Items the page listed. */
  items: number;
  /** Items not older than --since. */
  wanted: number;
  /** Items the archive did not hold yet (or whose text changed). */
  fresh: number;
  /** An earlier page of this run that listed exactly the same items. */
  repeatOf?: number | undefined;
  /** The source's answer says this is its last page. */
  last: boolean;
  /** The number of pages the listing says it has. */
  pageCount?: number | undefined;
  /** Pages in a row before this one that brought nothing new. */
  quiet: number;
}

export interface ListingLimits {
  /** Pages per language and run (--max-pages, the source's maxPages). */
  maxPages: number;
  /** A --since date is set. */
  since: boolean;
  /** This language was read to its end once: paging may stop where nothing is new. */
  backfillDone: boolean;
  /** Pages with nothing new still read before stopping. */
  lookBackPages: number;
}

export type StopReason = 'last page' | 'max pages' | 'older than --since' | 'nothing new';

export type ListingStep =
  | { action: 'next'; page: number; quiet: number }
  /** `end`: the listing's end was reached (the language has been read through). */
  | { action: 'stop'; reason: StopReason; end: boolean }
  /** The page repeats an earlier one (a listing that pages forever): stop, it is an error. */
  | { action: 'repeats'; of: number };

export function nextListingStep(facts: ListingPageFacts, limits: ListingLimits): ListingStep {
  if (facts.repeatOf !== undefined && facts.items > 0) {
    return { action: 'repeats', of: facts.repeatOf };
  }
  if (facts.last || (facts.pageCount !== undefined && facts.page + 1 >= facts.pageCount)) {
    return { action: 'stop', reason: 'last page', end: true };
  }
  if (facts.page + 1 >= limits.maxPages) return { action: 'stop', reason: 'max pages', end: false };
  if (limits.since && facts.items > 0 && facts.wanted === 0) {
    return { action: 'stop', reason: 'older than --since', end: false };
  }
  const quiet = facts.fresh === 0 ? facts.quiet + 1 : 0;
  if (limits.backfillDone && quiet > limits.lookBackPages) {
    return { action: 'stop', reason: 'nothing new', end: false };
  }
  return { action: 'next', page: facts.page + 1, quiet };
}
