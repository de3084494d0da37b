import { LimeProtocolError } from '../errors';

/**
 * Lime's lists (docs/lime-api.md, Conventions): `page: { skip, take }`, `take` at most 100, and a
 * page shorter than `take` is the last one. Read to the end, but never forever: a page longer than
 * asked, the same page twice (skip ignored) or more than `maxPages` pages is a LimeProtocolError.
 */

export const PAGE_SIZE = 100;
/** 200 000 rows: far beyond any installation we know; past it something is wrong. */
export const MAX_PAGES = 2_000;

export interface Page {
  skip: number;
  take: number;
}

export interface ReadPagesOptions {
  /** Stop after this many rows (newest-first lists). */
  limit?: number;
  maxPages?: number;
}

export async function readAllPages<T>(
  operation: string,
  readPage: (page: Page) => Promise<T[]>,
  options: ReadPagesOptions = {},
): Promise<T[]> {
  const { limit, maxPages = MAX_PAGES } = options;
  if (limit !== undefined && limit <= 0) return [];
  const take = Math.min(PAGE_SIZE, limit ?? PAGE_SIZE);
  const rows: T[] = [];
  let previousFirst: string | null = null;
  for (let index = 0; index < maxPages; index++) {
    const page = await readPage({ skip: index * take, take });
    if (page.length > take) {
      throw new LimeProtocolError(
        `Lime answered ${operation} with ${page.length} rows where ${take} were asked.`,
        operation,
      );
    }
    const first = page.length > 0 ? JSON.stringify(page[0]) : null;
    if (first !== null && first === previousFirst) {
      throw new LimeProtocolError(`Lime answered ${operation} with the same page twice.`, operation);
    }
    previousFirst = first;
    rows.push(...page);
    if (limit !== undefined && rows.length >= limit) return rows.slice(0, limit);
    if (page.length < take) return rows;
  }
  throw new LimeProtocolError(
    `Lime answered ${operation} with more than ${maxPages} pages; stopped reading.`,
    operation,
  );
}
