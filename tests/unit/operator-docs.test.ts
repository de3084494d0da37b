import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDoc } from '@/app/docs/[slug]/load-doc';
import { firstHeading, renderMarkdown, siteHref } from '@/app/docs/[slug]/render-markdown';
import { envSchema } from '@/lib/config';
import type { JournalDictionary } from '@/lib/i18n/journal-dictionary';
import { journalEn } from '@/lib/i18n/journal-en';
import { journalRu } from '@/lib/i18n/journal-ru';
import { ROOT, readRepoFile } from '../support/deployment-files';

/**
 * The operator's guides follow the code they describe: the deployment guide names every variable
 * lib/config.ts reads, and the troubleshooting guide quotes every sentence the sync journal can
 * show, in each language, so an operator finds the message they see. The site serves each guide
 * in the reader's language where a translation exists.
 */

/** Every sentence the journal's plain errors can produce, with the guide's example arguments. */
function journalSentences(t: JournalDictionary): string[] {
  const crm = t.crmNames.bitrix24;
  const c = t.causes;
  return [
    c.fieldRefused(crm, `«${t.fieldNames.Stage}»`),
    c.valueRefused(crm),
    c.rateLimited(crm),
    c.crmAuth.bitrix24,
    c.crmAuth.amocrm,
    c.crmBlocked,
    c.entityDeleted(crm),
    c.limeUnreachable,
    c.limeCapability,
    c.limeAuth,
    c.limeRefused,
    c.skipped,
    c.unknown,
  ];
}

describe('docs/deployment', () => {
  it('describes every variable of the configuration, in English and in Russian', () => {
    for (const doc of ['docs/deployment.md', 'docs/deployment.ru.md']) {
      const text = readRepoFile(doc);
      for (const name of Object.keys(envSchema.shape))
        expect(text, `${doc}: ${name}`).toContain(`\`${name}\``);
    }
  });
});

describe('docs/troubleshooting', () => {
  it.each([
    ['docs/troubleshooting.md', journalEn],
    ['docs/troubleshooting.ru.md', journalRu],
  ] as const)('%s quotes every message of the journal and its statuses', (doc, t) => {
    const text = readRepoFile(doc);
    for (const sentence of journalSentences(t)) expect(text, sentence).toContain(sentence);
    for (const status of [t.statuses.retrying, t.statuses.dead]) expect(text, status).toContain(status);
  });
});

describe('the guides on the site', () => {
  it('serves the Russian translation to a Russian reader, and the English guide otherwise', async () => {
    expect(firstHeading((await loadDoc('bitrix24', 'ru')) ?? '')).toBe('Подключение Битрикс24');
    expect(firstHeading((await loadDoc('bitrix24', 'en')) ?? '')).toBe('Connecting Bitrix24');
    expect(firstHeading((await loadDoc('deployment', 'ru')) ?? '')).toBe('Развёртывание');
    // No translation: the English guide.
    expect(firstHeading((await loadDoc('operations', 'ru')) ?? '')).toBe('Operations');
    expect(await loadDoc('bitrix24.ru', 'ru')).toBeNull();
  });

  it('turns links between guides into site links in the language of the file they name', () => {
    expect(renderMarkdown('[a](deployment.ru.md#backups) [b](amocrm.md)')).toBe(
      '<p><a href="/docs/deployment?lang=ru#backups">a</a> <a href="/docs/amocrm?lang=en">b</a></p>',
    );
    expect(siteHref('https://example.com/x.md')).toBe('https://example.com/x.md');
  });

  it('links only to guides that exist', () => {
    for (const file of readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md'))) {
      for (const [, target] of readRepoFile(`docs/${file}`).matchAll(/\]\(([a-z0-9.-]+\.md)(?:#[^)]*)?\)/g)) {
        expect(existsSync(path.join(ROOT, 'docs', target as string)), `${file} → ${target}`).toBe(true);
      }
    }
  });
});
