import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { cache } from 'react';
import type { Locale } from '@/lib/i18n';

/** Guide names are plain: lowercase letters, digits and dashes. Anything else is not a guide. */
const SLUG = /^[a-z0-9-]+$/;

async function readGuide(file: string): Promise<string | null> {
  try {
    return await readFile(path.join(process.cwd(), 'docs', file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return null;
    throw error;
  }
}

/**
 * Reads docs/<slug>.md from the app's working directory — for a Russian reader docs/<slug>.ru.md
 * where that translation exists — or null when the slug is not a plain name or there is no such
 * guide. The slug check comes first, so no path outside docs/ is ever opened. Cached per request
 * (the page and its metadata both ask).
 */
export const loadDoc = cache(async (slug: string, locale: Locale = 'en'): Promise<string | null> => {
  if (!SLUG.test(slug)) return null;
  if (locale === 'ru') {
    const translated = await readGuide(`${slug}.ru.md`);
    if (translated !== null) return translated;
  }
  return readGuide(`${slug}.md`);
});
