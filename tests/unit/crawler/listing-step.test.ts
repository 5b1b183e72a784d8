/** The next-listing-step decision, without HTTP: when paging goes on, and why it stops. */
import { describe, expect, it } from 'vitest';
import {
  type ListingLimits,
  type ListingPageFacts,
  nextListingStep,
} from '../../../crawler/crawl/listing-step.js';

const page = (facts: Partial<ListingPageFacts> = {}): ListingPageFacts => ({
  page: 0,
  items: 20,
  wanted: 20,
  fresh: 20,
  last: false,
  quiet: 0,
  ...facts,
});
const limits = (values: Partial<ListingLimits> = {}): ListingLimits => ({
  maxPages: 500,
  since: false,
  backfillDone: false,
  lookBackPages: 1,
  ...values,
});

describe('nextListingStep', () => {
  it('asks for the next page while pages bring items', () => {
    expect(nextListingStep(page(), limits())).toEqual({ action: 'next', page: 1, quiet: 0 });
  });

  it('stops at the last page, by the answer or by the page count, as the end of the listing', () => {
    expect(nextListingStep(page({ last: true }), limits())).toEqual({
      action: 'stop',
      reason: 'last page',
      end: true,
    });
    expect(nextListingStep(page({ page: 12, pageCount: 13 }), limits())).toMatchObject({
      action: 'stop',
      end: true,
    });
    expect(nextListingStep(page({ page: 11, pageCount: 13 }), limits())).toMatchObject({
      action: 'next',
      page: 12,
    });
  });

  it('stops at --max-pages without calling it the end', () => {
    expect(nextListingStep(page({ page: 2 }), limits({ maxPages: 3 }))).toEqual({
      action: 'stop',
      reason: 'max pages',
      end: false,
    });
  });

  it('stops on a page wholly older than --since, not on an empty one', () => {
    expect(nextListingStep(page({ wanted: 0 }), limits({ since: true }))).toMatchObject({
      action: 'stop',
      reason: 'older than --since',
    });
    expect(nextListingStep(page({ wanted: 3 }), limits({ since: true })).action).toBe('next');
  });

  it('once the listing was read to its end, reads lookBackPages quiet pages and then stops', () => {
    const known = limits({ backfillDone: true, lookBackPages: 1 });
    const first = nextListingStep(page({ fresh: 0 }), known);
    expect(first).toEqual({ action: 'next', page: 1, quiet: 1 });
    expect(nextListingStep(page({ page: 1, fresh: 0, quiet: 1 }), known)).toEqual({
      action: 'stop',
      reason: 'nothing new',
      end: false,
    });
    // A page with something new resets the count.
    expect(nextListingStep(page({ page: 1, fresh: 2, quiet: 1 }), known)).toEqual({
      action: 'next',
      page: 2,
      quiet: 0,
    });
    // Before the first full read, quiet pages do not stop the backfill.
    expect(nextListingStep(page({ page: 5, fresh: 0, quiet: 4 }), limits()).action).toBe('next');
  });

  it('reports a page that repeats an earlier one, before anything else', () => {
    expect(nextListingStep(page({ page: 1, repeatOf: 0, last: true }), limits())).toEqual({
      action: 'repeats',
      of: 0,
    });
    // An empty page "repeating" another empty one is just the end.
    expect(nextListingStep(page({ items: 0, repeatOf: 0, last: true }), limits()).action).toBe(
      'stop',
    );
  });
});
