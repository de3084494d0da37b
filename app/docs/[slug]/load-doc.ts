import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { cache } from 'react';

/** Guide names are plain: lowercase letters, digits and dashes. Anything else is not a guide. */
const SLUG = /^[a-z0-9-]+$/;

/**
 * Reads docs/<slug>.md from the app's working directory, or null when the slug is not a plain name
 * or there is no such guide. The slug check comes first, so no path outside docs/ is ever opened.
 * Cached per request (the page and its metadata both ask).
 */
export const loadDoc = cache(async (slug: string): Promise<string | null> => {
  if (!SLUG.test(slug)) return null;
  try {
    return await readFile(path.join(process.cwd(), 'docs', `${slug}.md`), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return null;
    throw error;
  }
});
