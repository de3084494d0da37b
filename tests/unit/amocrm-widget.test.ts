import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amocrmWidgetFiles, normalizeAppUrl } from '@/lib/widget/amocrm-widget-files';
import { buildWidget, manifestI18nKeys, WIDGET_IMAGES, ZIP_NAME } from '@/scripts/widget-build';

const APP_URL = 'https://lime-bridge.example.test/';
const API = 'https://lime-bridge.example.test';
const LOCATIONS = ['lcard-1', 'ccard-1', 'llist-1', 'clist-1', 'settings', 'advanced_settings'];

let outDir = '';
let files: Record<string, Uint8Array> = {};

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'amo-widget-'));
  const result = await buildWidget({ appUrl: APP_URL, outDir });
  expect(result.zipPath).toBe(path.join(outDir, ZIP_NAME));
  files = unzipSync(new Uint8Array(await readFile(result.zipPath)));
});

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

const json = (name: string) =>
  JSON.parse(strFromU8(files[name] ?? new Uint8Array())) as Record<string, unknown>;

function lookup(tree: unknown, key: string): unknown {
  let node = tree;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return node;
}

// ------------------------------------------------------------------------------------------------
// A minimal host for script.js: AMD define, a DOM with iframes, jQuery-ish $, amoCRM's Modal.

class FakeElement {
  attributes: Record<string, string> = {};
  style: Record<string, string> = {};
  children: FakeElement[] = [];
  textContent = '';
  contentWindow = {
    name: 'frame window',
    posted: [] as [unknown, string][],
    postMessage(data: unknown, origin: string) {
      this.posted.push([data, origin]);
    },
  };
  constructor(readonly tagName: string) {}
  setAttribute(name: string, value: string) {
    this.attributes[name] = String(value);
  }
  appendChild(child: FakeElement) {
    this.children.push(child);
    return child;
  }
  set innerHTML(value: string) {
    if (value === '') this.children = [];
  }
  get innerHTML() {
    return '';
  }
}

type Listener = (event: { origin: string; source: unknown; data: unknown }) => void;
type Deferred = {
  done(fn: (data: unknown) => void): Deferred;
  fail(fn: () => void): Deferred;
  resolve(data: unknown): void;
  reject(): void;
};

function deferred(): Deferred {
  let onDone: ((data: unknown) => void) | undefined;
  let onFail: (() => void) | undefined;
  const d: Deferred = {
    done(fn) {
      onDone = fn;
      return d;
    },
    fail(fn) {
      onFail = fn;
      return d;
    },
    resolve: (data) => onDone?.(data),
    reject: () => onFail?.(),
  };
  return d;
}

function loadWidget(cardId: number, area = 'lcard') {
  const root = new FakeElement('div');
  const listeners: Listener[] = [];
  const ajax: { options: Record<string, unknown>; request: Deferred }[] = [];
  const modals: { class_name: string; body: FakeElement; destroy: () => void }[] = [];
  const templates: unknown[] = [];

  const $ = (selector: string) => ({
    length: selector === '.lime-root' ? 1 : 0,
    get: () => root,
    find: () => ({ length: 0 }),
  });
  function Modal(
    this: unknown,
    options: { class_name: string; init: (body: unknown) => void; destroy: () => void },
  ) {
    const body = new FakeElement('div');
    const $body = {
      trigger: () => $body,
      html: () => $body,
      append: (child: unknown) => {
        if (child instanceof FakeElement) body.appendChild(child);
        return $body;
      },
    };
    options.init($body);
    modals.push({ class_name: options.class_name, body, destroy: options.destroy });
  }

  let factory: ((...deps: unknown[]) => unknown) | undefined;
  let deps: string[] = [];
  const context = vm.createContext({
    define: (d: string[], f: (...deps: unknown[]) => unknown) => {
      deps = d;
      factory = f;
    },
    document: { createElement: (tag: string) => new FakeElement(tag) },
    AMOCRM: { data: { current_card: { id: cardId } }, lang_id: 'ru' },
  });
  context.window = context;
  context.addEventListener = (type: string, fn: Listener) => {
    if (type === 'message') listeners.push(fn);
  };
  context.removeEventListener = (type: string, fn: Listener) => {
    const i = listeners.indexOf(fn);
    if (type === 'message' && i >= 0) listeners.splice(i, 1);
  };
  vm.runInContext(strFromU8(files['script.js'] ?? new Uint8Array()), context, { filename: 'script.js' });
  expect(deps).toEqual(['jquery', 'lib/components/base/modal']);
  expect(typeof factory).toBe('function');
  const Widget = factory?.($, Modal) as new () => Record<string, unknown>;
  expect(typeof Widget).toBe('function');

  Object.assign(Widget.prototype, {
    system: () => ({ area, subdomain: 'park' }),
    i18n: (key: string) => lookup(json('i18n/ru.json'), key),
    render_template: (params: unknown) => templates.push(params),
    $authorizedAjax: (options: Record<string, unknown>) => {
      const request = deferred();
      ajax.push({ options, request });
      return request;
    },
    list_selected: () => ({ selected: [{ id: 1 }, { id: 2 }, { id: 3 }] }),
    get_settings: () => ({ widget_code: 'lime' }),
  });
  const widget = new Widget();
  const callbacks = widget.callbacks as Record<string, unknown> & {
    render: () => boolean;
    destroy: () => void;
    leads: { selected: () => void };
  };
  const post = (origin: string, source: unknown, data: unknown) => {
    for (const fn of [...listeners]) fn({ origin, source, data });
  };
  return { callbacks, root, ajax, modals, templates, listeners, post };
}

// ------------------------------------------------------------------------------------------------

describe('the amoCRM widget archive', () => {
  it('has its files at the root of the archive', () => {
    const names = Object.keys(files).sort();
    expect(names).toEqual(
      [
        'i18n/en.json',
        'i18n/ru.json',
        'manifest.json',
        'script.js',
        ...Object.keys(WIDGET_IMAGES).map((n) => `images/${n}`),
      ].sort(),
    );
    expect(names.every((n) => !n.startsWith('amocrm/') && !n.startsWith('/'))).toBe(true);
  });

  it('has a manifest with what amoCRM requires', () => {
    const manifest = json('manifest.json');
    const widget = manifest.widget as Record<string, unknown>;
    expect(widget.interface_version).toBe(2);
    expect(widget.init_once).toBe(false);
    expect(widget.name).toBe('widget.name');
    expect(widget.description).toBe('widget.description');
    expect(widget.short_description).toBe('widget.short_description');
    expect(widget.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(widget.locale).toEqual(['ru', 'en']);
    expect(widget.installation).toBe(true);
    expect(widget.support).toMatchObject({ link: expect.any(String), email: expect.any(String) });
    expect(manifest.locations).toEqual(LOCATIONS);
    expect(manifest.settings).toEqual({});
    expect(manifest.advanced).toEqual({ title: 'advanced.title' });
    expect(widget).not.toHaveProperty('secret_key');
  });

  it('has every i18n key of the manifest and of script.js in both languages', () => {
    const keys = manifestI18nKeys(json('manifest.json') as never);
    expect(keys).toEqual(expect.arrayContaining(['widget.name', 'widget.description', 'advanced.title']));
    const script = strFromU8(files['script.js'] ?? new Uint8Array());
    const uiKeys = [...script.matchAll(/(?:text|showMessage)\((?:\w+, )?'(\w+)'\)/g)].map(
      (m) => `ui.${m[1]}`,
    );
    expect(uiKeys.length).toBeGreaterThan(2);
    for (const locale of ['ru', 'en']) {
      const strings = json(`i18n/${locale}.json`);
      for (const key of [...keys, ...uiKeys])
        expect(typeof lookup(strings, key), `${locale}: ${key}`).toBe('string');
    }
  });

  it('has the logos as PNGs at the exact sizes', () => {
    for (const [name, size] of Object.entries(WIDGET_IMAGES)) {
      const bytes = files[`images/${name}`];
      expect(bytes, name).toBeDefined();
      const buf = Buffer.from(bytes ?? new Uint8Array());
      expect(buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(
        true,
      );
      expect(buf.toString('ascii', 12, 16)).toBe('IHDR');
      expect({ width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) }).toEqual(size);
      expect(buf.toString('ascii', buf.length - 8, buf.length - 4)).toBe('IEND');
      expect(buf.length).toBeLessThanOrEqual(300 * 1024);
    }
    expect(WIDGET_IMAGES).toMatchObject({
      'logo_min.png': { width: 84, height: 84 },
      'logo_medium.png': { width: 240, height: 84 },
      'logo_main.png': { width: 400, height: 272 },
      'logo.png': { width: 130, height: 100 },
      'logo_small.png': { width: 108, height: 108 },
    });
  });

  it('bakes APP_URL into script.js', () => {
    const script = strFromU8(files['script.js'] ?? new Uint8Array());
    expect(script).not.toContain('__API_URL__');
    expect(script).toContain(`'${API}'`);
    // ES5: amoCRM loads the file as is. No arrows, let/const, classes or template literals in the code.
    const code = script.replace(/\/\*[\s\S]*?\*\//g, '').replace(/'(?:[^'\\\n]|\\.)*'/g, "''");
    expect(code).not.toMatch(/=>|\blet\s|\bconst\s|\bclass\s+\w|`/);
    // Trailing commas in calls and parameter lists are ES2017 (Biome adds them when a call wraps).
    expect(code).not.toMatch(/,\s*\)/);
  });

  it('bakes the same text files for a host without an archive (amocrmWidgetFiles)', async () => {
    const text = await amocrmWidgetFiles(APP_URL);
    expect(Object.keys(text).sort()).toEqual(['i18n/en.json', 'i18n/ru.json', 'manifest.json', 'script.js']);
    for (const [name, content] of Object.entries(text))
      expect(content, name).toBe(strFromU8(files[name] ?? new Uint8Array()));
    await expect(amocrmWidgetFiles('ftp://app.example')).rejects.toThrow(/http/);
  });

  it('accepts only http(s) APP_URLs', () => {
    expect(normalizeAppUrl('https://app.example/base/')).toBe('https://app.example/base');
    expect(() => normalizeAppUrl('ftp://app.example')).toThrow();
    expect(() => normalizeAppUrl('javascript:alert(1)')).toThrow();
    expect(() => normalizeAppUrl('not a url')).toThrow();
  });
});

describe('script.js in amoCRM', () => {
  it('is an AMD module returning a constructor with the widget callbacks', () => {
    const { callbacks } = loadWidget(42);
    for (const name of [
      'render',
      'init',
      'bind_actions',
      'settings',
      'onSave',
      'destroy',
      'advancedSettings',
    ]) {
      expect(typeof callbacks[name], name).toBe('function');
    }
    expect(typeof callbacks.leads.selected).toBe('function');
    expect(typeof (callbacks.contacts as { selected: unknown }).selected).toBe('function');
  });

  it('skips a new card', () => {
    const { callbacks, ajax, templates } = loadWidget(0);
    expect(callbacks.render()).toBe(true);
    expect(ajax).toHaveLength(0);
    expect(templates).toHaveLength(0);
  });

  it('opens an embed session for the card and shows our page in a sized iframe', () => {
    const w = loadWidget(42);
    expect(w.callbacks.render()).toBe(true);
    expect(w.templates).toEqual([
      {
        caption: { class_name: 'lime-caption', html: 'Лайм' },
        body: '',
        render: '<div class="lime-root"></div>',
      },
    ]);
    expect(w.ajax).toHaveLength(1);
    const call = w.ajax[0];
    expect(call?.options).toMatchObject({
      url: `${API}/api/amocrm/embed-session`,
      method: 'POST',
      contentType: 'application/json',
    });
    expect(JSON.parse(String(call?.options.data))).toEqual({ lang: 'ru', entity: 'leads', id: 42 });

    call?.request.resolve({ token: 'tok.en-1', pageUrl: '/amocrm/lead?lang=ru' });
    expect(w.root.children).toHaveLength(1);
    const frame = w.root.children[0];
    expect(frame?.tagName).toBe('iframe');
    expect(frame?.attributes.src).toBe(`${API}/amocrm/lead?lang=ru#token=tok.en-1`);
    expect(frame?.style.width).toBe('100%');
    expect(frame?.style.height).toBe('200px');

    w.post('https://evil.example', frame?.contentWindow, { type: 'lime-bridge:height', height: 900 });
    expect(frame?.style.height).toBe('200px');
    w.post(API, { other: 'window' }, { type: 'lime-bridge:height', height: 900 });
    expect(frame?.style.height).toBe('200px');
    w.post(API, frame?.contentWindow, { type: 'lime-bridge:height', height: 512.4 });
    expect(frame?.style.height).toBe('513px');

    w.post(API, frame?.contentWindow, { type: 'lime-bridge:open-modal', path: '/amocrm/booking' });
    expect(w.modals).toHaveLength(1);
    expect(w.modals[0]?.class_name).toBe('lime-modal');
    const modalFrame = w.modals[0]?.body.children[0]?.children[0];
    expect(modalFrame?.attributes.src).toBe(`${API}/amocrm/booking?lang=ru#token=tok.en-1`);
    w.post(API, frame?.contentWindow, { type: 'lime-bridge:open-modal', path: '//evil.example/x' });
    expect(w.modals).toHaveLength(1);
    // The modal closes: the card's frame that opened it hears so (to read the booking again).
    expect(frame?.contentWindow.posted).toEqual([]);
    w.modals[0]?.destroy();
    expect(frame?.contentWindow.posted).toEqual([[{ type: 'lime-bridge:modal-closed' }, API]]);

    w.callbacks.destroy();
    expect(w.listeners).toHaveLength(0);
  });

  it('adds the user language when the page URL has none, and uses the contact entity in ccard', () => {
    const w = loadWidget(7, 'ccard');
    w.callbacks.render();
    expect(JSON.parse(String(w.ajax[0]?.options.data))).toEqual({ lang: 'ru', entity: 'contacts', id: 7 });
    w.ajax[0]?.request.resolve({ token: 't', pageUrl: '/amocrm/contact' });
    expect(w.root.children[0]?.attributes.src).toBe(`${API}/amocrm/contact?lang=ru#token=t`);
  });

  it('shows a short message, not an alert, when the embed session fails', () => {
    const w = loadWidget(42);
    w.callbacks.render();
    w.ajax[0]?.request.reject();
    expect(w.root.children).toHaveLength(1);
    expect(w.root.children[0]?.tagName).toBe('div');
    expect(w.root.children[0]?.textContent).toBe(lookup(json('i18n/ru.json'), 'ui.error'));
  });

  it('opens the selection of a list in a modal', () => {
    const w = loadWidget(0, 'llist');
    w.callbacks.leads.selected();
    expect(JSON.parse(String(w.ajax[0]?.options.data))).toEqual({
      lang: 'ru',
      entity: 'leads',
      ids: [1, 2, 3],
    });
    w.ajax[0]?.request.resolve({ token: 'sel', pageUrl: '/amocrm/selection?lang=ru' });
    const container = w.modals[0]?.body.children[0];
    const frame = container?.children[0];
    expect(frame?.attributes.src).toBe(`${API}/amocrm/selection?lang=ru#token=sel`);
    // The modal's frame grows with our page; past 85% of the window the modal scrolls, not the frame.
    expect(frame?.style.height).toBe('200px');
    expect(container?.style).toMatchObject({ maxHeight: '85vh', overflowY: 'auto' });
    w.post(API, frame?.contentWindow, { type: 'lime-bridge:height', height: 340 });
    expect(frame?.style.height).toBe('340px');
    w.post('https://evil.example', frame?.contentWindow, { type: 'lime-bridge:height', height: 900 });
    expect(frame?.style.height).toBe('340px');
  });
});
