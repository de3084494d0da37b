import { describe, expect, it } from 'vitest';
import { escapeHtml, firstHeading, isSafeHref, renderMarkdown } from '@/app/docs/[slug]/render-markdown';

describe('renderMarkdown: structure', () => {
  it('renders headings with ids, paragraphs and horizontal rules', () => {
    const html = renderMarkdown('# Title\n\nFirst line\nsame paragraph.\n\n## Next step\n\n---');
    expect(html).toBe(
      '<h1 id="title">Title</h1>\n<p>First line same paragraph.</p>\n<h2 id="next-step">Next step</h2>\n<hr>',
    );
  });

  it('renders bullet and numbered lists, with continuation lines', () => {
    const html = renderMarkdown('- one\n- two\n  continued\n\n1. first\n2. second');
    expect(html).toBe('<ul><li>one</li><li>two continued</li></ul>\n<ol><li>first</li><li>second</li></ol>');
  });

  it('renders fenced code blocks verbatim, with the language as a class', () => {
    const html = renderMarkdown('```bash\nnpm run widget:build\n**not bold**\n```');
    expect(html).toBe('<pre><code class="language-bash">npm run widget:build\n**not bold**</code></pre>');
  });

  it('renders inline code, bold and links', () => {
    const html = renderMarkdown(
      'Run `npm test`, **then** see [the guide](/docs/amocrm) or [site](https://example.com).',
    );
    expect(html).toBe(
      '<p>Run <code>npm test</code>, <strong>then</strong> see <a href="/docs/amocrm">the guide</a> or ' +
        '<a href="https://example.com" rel="noopener noreferrer">site</a>.</p>',
    );
  });

  it('renders a block quote as one paragraph (a call-out)', () => {
    expect(renderMarkdown('> **In progress:** arrives\n> later.\n\nNext')).toBe(
      '<blockquote><p><strong>In progress:</strong> arrives later.</p></blockquote>\n<p>Next</p>',
    );
  });

  it('renders a pipe table with inline markup in its cells, escaped, in a box that scrolls', () => {
    expect(
      renderMarkdown('Intro\n| name | default |\n|---|:-:|\n| `PORT` | **3000** |\n| <b> | x |\nAfter'),
    ).toBe(
      '<p>Intro</p>\n<div class="table-wrap"><table><thead><tr><th>name</th><th>default</th></tr></thead>' +
        '<tbody><tr><td><code>PORT</code></td><td><strong>3000</strong></td></tr>' +
        '<tr><td>&lt;b&gt;</td><td>x</td></tr></tbody></table></div>\n<p>After</p>',
    );
    // Without the rule line under the first row it is not a table.
    expect(renderMarkdown('| a |\n| b |')).not.toContain('<table>');
  });

  it('gives repeated headings distinct ids', () => {
    expect(renderMarkdown('## Steps\n## Steps')).toBe(
      '<h2 id="steps">Steps</h2>\n<h2 id="steps-2">Steps</h2>',
    );
  });

  it('finds the first level-1 heading for the title', () => {
    expect(firstHeading('intro\n# Connecting **amoCRM**\n## more')).toBe('Connecting amoCRM');
    expect(firstHeading('no heading')).toBeNull();
  });
});

describe('renderMarkdown: escaping', () => {
  it('escapes the five HTML special characters', () => {
    expect(escapeHtml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
  });

  it('never lets raw HTML through, in any block', () => {
    const source = [
      '# <img src=x onerror=alert(1)>',
      '<script>alert(1)</script>',
      '- <b>item</b>',
      '1. <iframe src="//evil"></iframe>',
      '```"><script>',
      '<script>alert(2)</script>',
      '```',
      'text with `<code>` and **<em>bold</em>**',
      '> <svg onload=alert(3)>',
    ].join('\n');
    const html = renderMarkdown(source);
    expect(html).not.toMatch(/<(script|img|b|iframe|em|svg)[\s>]/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<h1 id="img-src-x-onerror-alert1">&lt;img src=x onerror=alert(1)&gt;</h1>');
    expect(html).toContain('<pre><code>&lt;script&gt;alert(2)&lt;/script&gt;</code></pre>');
    expect(html).toContain('<li>&lt;b&gt;item&lt;/b&gt;</li>');
    expect(html).toContain('<code>&lt;code&gt;</code>');
    expect(html).toContain('<strong>&lt;em&gt;bold&lt;/em&gt;</strong>');
  });

  it('does not turn a fence with a hostile "language" into an attribute', () => {
    expect(renderMarkdown('```js" onclick="x\n1 < 2\n```')).toBe(
      '<pre><code class="language-js">1 &lt; 2</code></pre>',
    );
    expect(renderMarkdown('```"><script>\nx\n```')).toBe('<pre><code>x</code></pre>');
  });

  it('escapes quotes in link targets so they cannot break out of href', () => {
    const html = renderMarkdown('[x](/a"onmouseover="alert(1))');
    expect(html).not.toMatch(/<a [^>]*onmouseover=/);
    const quoted = renderMarkdown('[x](/a"onmouseover="b)');
    expect(quoted).toBe('<p><a href="/a&quot;onmouseover=&quot;b">x</a></p>');
  });

  it('drops links with unsafe schemes, keeping only their text', () => {
    for (const href of [
      'javascript:alert%281%29',
      'JaVaScRiPt:void',
      'data:text/html;base64,PHNjcmlwdD4=',
      'vbscript:x',
    ]) {
      expect(renderMarkdown(`[click](${href})`)).toBe('<p>click</p>');
    }
    expect(renderMarkdown('[x](javascript:alert(1))')).not.toContain('<a');
  });

  it('accepts only http(s), mailto and relative links', () => {
    expect(isSafeHref('https://example.com/a?b=1&c=2')).toBe(true);
    expect(isSafeHref('mailto:team@example.com')).toBe(true);
    expect(isSafeHref('/docs/bitrix24')).toBe(true);
    expect(isSafeHref('#steps')).toBe(true);
    expect(isSafeHref('lime-api')).toBe(true);
    expect(isSafeHref('//evil.example')).toBe(false);
    expect(isSafeHref('java\tscript:x')).toBe(false);
    expect(isSafeHref('/\\evil.example')).toBe(false);
    expect(isSafeHref('file:///etc/passwd')).toBe(false);
  });

  it('escapes ampersands in link targets', () => {
    expect(renderMarkdown('[q](https://example.com/?a=1&b=2)')).toContain(
      'href="https://example.com/?a=1&amp;b=2"',
    );
  });

  it('does not nest links inside link text', () => {
    expect(renderMarkdown('[[inner](/a)](/b)')).not.toMatch(/<a[^>]*>[^<]*<a/);
  });
});
