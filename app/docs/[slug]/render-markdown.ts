/**
 * A small, safe Markdown renderer for the guides in docs/: headings, paragraphs, lists, fenced code
 * blocks, block quotes (one paragraph, used as call-outs), pipe tables, inline code, links, bold and
 * horizontal rules. Everything that comes from the source is
 * HTML-escaped before it reaches the output, and links are kept only for http(s), mailto and relative
 * URLs, so the result is safe to inject. No raw HTML passes through: `<b>` in Markdown shows as text.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);

/** http(s), mailto, or a relative URL (no scheme, not protocol-relative); no whitespace or controls. */
export function isSafeHref(href: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
  if (href === '' || /[\s\u0000-\u001f\u007f\\]/.test(href) || href.startsWith('//')) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1];
  return scheme === undefined || SAFE_SCHEMES.has(scheme.toLowerCase());
}

/** A link to another guide as written for a repository (`amocrm.md`, `deployment.ru.md#backups`). */
const GUIDE_LINK = /^([a-z0-9-]+)(\.ru)?\.md(#[^#]*)?$/;

/** On the site a guide lives at /docs/<name>; the link keeps the language of the file it names. */
export function siteHref(href: string): string {
  const guide = GUIDE_LINK.exec(href);
  return guide ? `/docs/${guide[1]}?lang=${guide[2] ? 'ru' : 'en'}${guide[3] ?? ''}` : href;
}

const INLINE = /`([^`]+)`|\*\*(.+?)\*\*|\[([^\]]+)\]\(([^()\s]+)\)/g;

function renderInline(text: string, allowLinks: boolean): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const [whole, code, bold, label, href] = match;
    html += escapeHtml(text.slice(last, match.index));
    if (code !== undefined) {
      html += `<code>${escapeHtml(code)}</code>`;
    } else if (bold !== undefined) {
      html += `<strong>${renderInline(bold, allowLinks)}</strong>`;
    } else if (label !== undefined && href !== undefined) {
      const inner = renderInline(label, false);
      if (!allowLinks || !isSafeHref(href)) {
        html += inner;
      } else {
        const external = /^https?:/i.test(href) ? ' rel="noopener noreferrer"' : '';
        html += `<a href="${escapeHtml(siteHref(href))}"${external}>${inner}</a>`;
      }
    }
    last = match.index + whole.length;
  }
  return html + escapeHtml(text.slice(last));
}

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[`*[\]()]/g, '')
    .replace(/[^a-z0-9а-яё]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

const FENCE = /^\s*```(.*)$/;
const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
const RULE = /^\s*(-{3,}|\*{3,}|_{3,})\s*$/;
const QUOTE = /^\s*>\s?(.*)$/;
const TABLE_ROW = /^\s*\|(.*)\|\s*$/;
const TABLE_RULE = /^\s*\|(\s*:?-+:?\s*\|)+\s*$/;

const cellsOf = (line: string) => (TABLE_ROW.exec(line)?.[1] ?? '').split('|').map((cell) => cell.trim());

/** A pipe table's rows as HTML, in a box that scrolls sideways on a narrow screen. */
function renderTable(head: string[], rows: string[][]): string {
  const row = (tag: 'th' | 'td', cells: string[]) =>
    `<tr>${cells.map((cell) => `<${tag}>${renderInline(cell, true)}</${tag}>`).join('')}</tr>`;
  return `<div class="table-wrap"><table><thead>${row('th', head)}</thead><tbody>${rows
    .map((r) => row('td', r))
    .join('')}</tbody></table></div>`;
}

type ListKind = 'ul' | 'ol';

function listItem(line: string): { kind: ListKind; text: string } | null {
  const bullet = BULLET.exec(line);
  if (bullet) return { kind: 'ul', text: bullet[1] ?? '' };
  const numbered = NUMBERED.exec(line);
  return numbered ? { kind: 'ol', text: numbered[1] ?? '' } : null;
}

function startsBlock(line: string): boolean {
  return (
    FENCE.test(line) ||
    HEADING.test(line) ||
    RULE.test(line) ||
    QUOTE.test(line) ||
    TABLE_ROW.test(line) ||
    listItem(line) !== null
  );
}

/** Renders Markdown source to escaped HTML. */
export function renderMarkdown(source: string): string {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  const usedIds = new Map<string, number>();
  let i = 0;

  while (i < lines.length) {
    const line = lines[i] ?? '';

    const fence = FENCE.exec(line);
    if (fence) {
      const code: string[] = [];
      i++;
      while (i < lines.length && !/^\s*```\s*$/.test(lines[i] ?? '')) code.push(lines[i++] ?? '');
      i++; // the closing fence (or the end of the file)
      const lang = /^\s*([A-Za-z0-9_+-]+)/.exec(fence[1] ?? '')?.[1]; // the info string's first word, if plain
      const langClass = lang ? ` class="language-${escapeHtml(lang.toLowerCase())}"` : '';
      out.push(`<pre><code${langClass}>${escapeHtml(code.join('\n'))}</code></pre>`);
      continue;
    }

    if (line.trim() === '') {
      i++;
      continue;
    }

    const heading = HEADING.exec(line);
    if (heading) {
      const level = heading[1]?.length ?? 1;
      const text = heading[2] ?? '';
      const base = slugify(text) || 'section';
      const seen = usedIds.get(base) ?? 0;
      usedIds.set(base, seen + 1);
      const id = seen === 0 ? base : `${base}-${seen + 1}`;
      out.push(`<h${level} id="${escapeHtml(id)}">${renderInline(text, true)}</h${level}>`);
      i++;
      continue;
    }

    if (RULE.test(line)) {
      out.push('<hr>');
      i++;
      continue;
    }

    if (QUOTE.test(line)) {
      const quoted: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i] ?? '')) {
        quoted.push((QUOTE.exec(lines[i] ?? '')?.[1] ?? '').trim());
        i++;
      }
      out.push(`<blockquote><p>${renderInline(quoted.filter(Boolean).join(' '), true)}</p></blockquote>`);
      continue;
    }

    if (TABLE_ROW.test(line) && TABLE_RULE.test(lines[i + 1] ?? '')) {
      const head = cellsOf(line);
      const rows: string[][] = [];
      i += 2;
      while (i < lines.length && TABLE_ROW.test(lines[i] ?? '')) rows.push(cellsOf(lines[i++] ?? ''));
      out.push(renderTable(head, rows));
      continue;
    }

    const first = listItem(line);
    if (first) {
      const items: string[] = [first.text];
      i++;
      while (i < lines.length) {
        const next = lines[i] ?? '';
        const item = listItem(next);
        if (item?.kind === first.kind) items.push(item.text);
        else if (!item && /^\s+\S/.test(next) && items.length > 0)
          items[items.length - 1] += ` ${next.trim()}`;
        else break;
        i++;
      }
      const body = items.map((text) => `<li>${renderInline(text, true)}</li>`).join('');
      out.push(`<${first.kind}>${body}</${first.kind}>`);
      continue;
    }

    const paragraph: string[] = [line.trim()];
    i++;
    while (i < lines.length && (lines[i] ?? '').trim() !== '' && !startsBlock(lines[i] ?? '')) {
      paragraph.push((lines[i] ?? '').trim());
      i++;
    }
    out.push(`<p>${renderInline(paragraph.join(' '), true)}</p>`);
  }

  return out.join('\n');
}

/** The text of the first level-1 heading, for the page title. */
export function firstHeading(source: string): string | null {
  for (const line of source.split(/\r?\n/)) {
    const match = /^#\s+(.+?)\s*#*\s*$/.exec(line);
    if (match?.[1]) return match[1].replace(/[`*]/g, '');
  }
  return null;
}
