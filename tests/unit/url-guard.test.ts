import type { LookupAddress } from 'node:dns';
import { describe, expect, it } from 'vitest';
import {
  type AddressClass,
  amocrmAccountPolicy,
  assertUrlAllowed,
  bitrix24OAuthPolicy,
  classifyAddress,
  createGuardedLookup,
  publicHostPolicy,
  type ResolvedAddress,
  UrlGuardError,
  type UrlPolicy,
  type UrlRefusalReason,
} from '@/lib/http/url-guard';

// Pure policy checks. That refusals open no socket is proven over real HTTP in guarded-http.test.ts.

const strict = { allowHttpLoopback: false };
const loopbackFlag = { allowHttpLoopback: true };

function refusal(action: () => unknown): UrlGuardError {
  try {
    action();
  } catch (error) {
    if (error instanceof UrlGuardError) return error;
    throw error;
  }
  throw new Error('expected a UrlGuardError, nothing was thrown');
}

function expectRefused(url: string, policy: UrlPolicy, reason: UrlRefusalReason): UrlGuardError {
  const error = refusal(() => assertUrlAllowed(url, policy));
  expect(error.reason, url).toBe(reason);
  expect(error.code).toBe('URL_REFUSED');
  return error;
}

describe('classifyAddress', () => {
  const table: [string, AddressClass][] = [
    ['8.8.8.8', 'public'],
    ['93.184.215.14', 'public'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'], // CGNAT 100.64/10
    ['100.127.255.254', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'link_local'], // cloud metadata
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'], // 0.0.0.0/8
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['198.18.0.1', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link_local'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['fec0::1', 'private'], // deprecated site-local
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'], // documentation
    ['2a00:1450::1', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:a00:1', 'private'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:169.254.169.254', 'link_local'],
    ['::ffff:8.8.8.8', 'public'],
    ['::a00:1', 'reserved'], // IPv4-compatible ::10.0.0.1
    ['64:ff9b::a00:1', 'reserved'], // NAT64 of 10.0.0.1
    ['2002:a00:1::1', 'reserved'], // 6to4 of 10.0.0.1
    ['2001:0:a00:1::1', 'reserved'], // Teredo
    ['100::1', 'reserved'], // discard prefix
    ['5f00::1', 'reserved'], // outside 2000::/3
    ['not-an-ip', 'reserved'],
    ['2130706433', 'reserved'], // odd forms are not addresses here; URL parsing normalises them
  ];
  it.each(table)('%s is %s', (ip, expected) => {
    expect(classifyAddress(ip)).toBe(expected);
  });
});

describe('assertUrlAllowed: addresses', () => {
  const policy = publicHostPolicy(strict);

  it('refuses private, link-local and IPv4-mapped literals', () => {
    expectRefused('https://10.0.0.1/', policy, 'private_address');
    expectRefused('https://169.254.169.254/latest/meta-data/', policy, 'link_local');
    expectRefused('https://[::ffff:10.0.0.1]/', policy, 'private_address');
    expectRefused('https://[::ffff:a00:1]/', policy, 'private_address');
    expectRefused('https://[fe80::1]/', policy, 'link_local');
    expectRefused('https://[fd00::1]/', policy, 'private_address');
    expectRefused('https://100.64.1.2/', policy, 'private_address');
    expectRefused('https://[64:ff9b::a00:1]/', policy, 'reserved_address');
  });

  it('refuses 0.0.0.0 and [::] even with ALLOW_HTTP_LOOPBACK (Linux connects them to this machine)', () => {
    for (const p of [policy, publicHostPolicy(loopbackFlag)]) {
      expectRefused('http://0.0.0.0:3000/', p, 'reserved_address');
      expectRefused('http://[::]:3000/', p, 'reserved_address');
      expectRefused('http://0x0:3000/', p, 'reserved_address');
    }
  });

  it('sees through odd IPv4 spellings, which WHATWG URL normalises', () => {
    for (const odd of ['http://0x7f.1/', 'http://2130706433/', 'http://0177.0.0.1/', 'http://127.1/']) {
      expectRefused(odd, policy, 'loopback');
      expect(assertUrlAllowed(odd, publicHostPolicy(loopbackFlag)).hostname).toBe('127.0.0.1');
    }
    expectRefused('https://0xa.0.0.1/', policy, 'private_address');
    expectRefused('https://167772161/', policy, 'private_address');
    expectRefused('https://0xa9fea9fe/', policy, 'link_local');
  });

  it('allows public literals and names over https', () => {
    expect(assertUrlAllowed('https://93.184.215.14/x', policy).hostname).toBe('93.184.215.14');
    expect(assertUrlAllowed('https://[2a00:1450::1]/x', policy).hostname).toBe('[2a00:1450::1]');
    expect(assertUrlAllowed('https://portal.example.com/rest/', policy).hostname).toBe('portal.example.com');
  });
});

describe('assertUrlAllowed: scheme, credentials, loopback', () => {
  it('refuses plain http without the flag or a tenant "allow http"', () => {
    expectRefused('http://portal.example.com/', publicHostPolicy(strict), 'scheme');
    expectRefused('http://oauth.bitrix.info/oauth/token/', bitrix24OAuthPolicy(strict), 'scheme');
  });

  it('refuses schemes other than http(s)', () => {
    for (const url of [
      'ftp://portal.example.com/',
      'file:///etc/passwd',
      'ws://portal.example.com/',
      'gopher://x/',
    ]) {
      expectRefused(url, publicHostPolicy(loopbackFlag), 'scheme');
    }
  });

  it('a tenant "allow http" allows http to a public host, never to a private or loopback one', () => {
    const allowHttp = publicHostPolicy({ allowHttpLoopback: false, allowHttp: true });
    expect(assertUrlAllowed('http://b24.example.com/rest/', allowHttp).protocol).toBe('http:');
    expectRefused('http://10.0.0.1/', allowHttp, 'private_address');
    expectRefused('http://127.0.0.1/', allowHttp, 'loopback');
    expectRefused('http://localhost/', allowHttp, 'loopback');
  });

  it('ALLOW_HTTP_LOOPBACK adds 127.0.0.0/8, ::1 and localhost (http or https, any port) to every list', () => {
    for (const make of [bitrix24OAuthPolicy, amocrmAccountPolicy, publicHostPolicy]) {
      const p = make(loopbackFlag);
      for (const url of [
        'http://127.0.0.1:3000/x',
        'https://127.0.0.1/x',
        'http://127.5.6.7:1/',
        'http://[::1]:8080/',
        'http://localhost:4000/',
        'https://LOCALHOST./',
      ]) {
        expect(() => assertUrlAllowed(url, p), `${p.name} ${url}`).not.toThrow();
      }
      expectRefused('http://10.0.0.1/', p, 'private_address');
      expectRefused('http://sub.localhost/', p, 'loopback');
      expectRefused('https://[fe80::1]/', p, 'link_local');
    }
    // ...and nothing else: no plain http to other hosts.
    expectRefused('http://portal.example.com/', publicHostPolicy(loopbackFlag), 'scheme');
  });

  it('refuses loopback without the flag', () => {
    const p = publicHostPolicy(strict);
    expectRefused('https://127.0.0.1/', p, 'loopback');
    expectRefused('https://[::1]/', p, 'loopback');
    expectRefused('https://localhost/', p, 'loopback');
    expectRefused('https://app.localhost/', p, 'loopback');
    expectRefused('https://[::ffff:127.0.0.1]/', p, 'loopback');
    expectRefused('http://localhost:3000/', bitrix24OAuthPolicy(strict), 'loopback');
  });

  it('refuses userinfo in the URL', () => {
    expectRefused('https://admin:s3cr3t-pw@portal.example.com/', publicHostPolicy(strict), 'credentials');
    expectRefused('https://token-only@portal.example.com/', publicHostPolicy(strict), 'credentials');
  });
});

describe('host allow-lists', () => {
  it('Bitrix24 OAuth: exactly oauth.bitrix.info and oauth.bitrix24.tech', () => {
    const p = bitrix24OAuthPolicy(strict);
    for (const url of [
      'https://oauth.bitrix.info/oauth/token/',
      'https://oauth.bitrix24.tech/rest/app.info',
      'https://OAUTH.Bitrix.Info./oauth/token/',
      'https://oauth.bitrix.info:443/',
    ]) {
      expect(() => assertUrlAllowed(url, p), url).not.toThrow();
    }
    for (const url of [
      'https://oauth.evil.example/oauth/token/',
      'https://oauth.bitrix.info.evil.com/',
      'https://x.oauth.bitrix.info/',
      'https://bitrix.info/',
      'https://oauth.bitrix.info../',
      'https://93.184.215.14/',
    ]) {
      expectRefused(url, p, 'host_not_allowed');
    }
  });

  it('amoCRM: any subdomain of amocrm.ru, and nothing that only looks like one', () => {
    const p = amocrmAccountPolicy(strict);
    for (const url of [
      'https://abc.amocrm.ru/api/v4/account',
      'https://www.amocrm.ru/oauth2/access_token',
      'https://ABC.AmoCRM.ru./',
    ]) {
      expect(() => assertUrlAllowed(url, p), url).not.toThrow();
    }
    for (const url of [
      'https://amocrm.ru.evil.com/',
      'https://evilamocrm.ru/',
      'https://amocrm.ru/',
      'https://abc.amocrm.ru.evil.com/',
      'https://abc.amocrm.com/',
    ]) {
      expectRefused(url, p, 'host_not_allowed');
    }
  });

  it('a suffix rule works with or without its leading dot', () => {
    const p: UrlPolicy = {
      name: 'test',
      allowedHosts: [{ suffix: 'example.org' }],
      allowHttpLoopback: false,
    };
    expect(() => assertUrlAllowed('https://a.example.org/', p)).not.toThrow();
    expectRefused('https://example.org/', p, 'host_not_allowed');
    expectRefused('https://badexample.org/', p, 'host_not_allowed');
  });
});

describe('refusal messages', () => {
  it('name the policy and host, never the path, query or userinfo', () => {
    const p = publicHostPolicy(strict);
    const cases = [
      refusal(() =>
        assertUrlAllowed('https://admin:s3cr3t-pw@10.0.0.1/rest/1/webhooktoken42/?auth=tok3n', p),
      ),
      refusal(() => assertUrlAllowed('https://10.0.0.1/rest/1/webhooktoken42/?auth=tok3n', p)),
      refusal(() =>
        assertUrlAllowed(
          'https://oauth.evil.example/oauth/token/?client_secret=sup3r',
          bitrix24OAuthPolicy(strict),
        ),
      ),
      refusal(() => assertUrlAllowed('http://portal.example.com/rest/1/webhooktoken42/?auth=tok3n', p)),
      refusal(() => assertUrlAllowed('ht!tp://admin:s3cr3t-pw@x/?auth=tok3n', p)),
    ];
    for (const error of cases) {
      for (const secret of ['s3cr3t-pw', 'admin', 'tok3n', 'sup3r', 'webhooktoken42', '?']) {
        expect(error.message).not.toContain(secret);
      }
    }
    expect(cases[1]?.message).toBe(
      'public host: refused https://10.0.0.1: 10.0.0.1 is a private network address; only public addresses may be contacted.',
    );
    expect(cases[2]?.message).toContain('"oauth.evil.example"');
    expect(cases[2]?.message).toContain('oauth.bitrix.info, oauth.bitrix24.tech');
    expect(cases[4]?.reason).toBe('invalid_url');
  });

  it('returns a copy of a URL object', () => {
    const input = new URL('https://portal.example.com/a');
    const output = assertUrlAllowed(input, publicHostPolicy(strict));
    expect(output).not.toBe(input);
    expect(output.href).toBe(input.href);
  });
});

describe('createGuardedLookup', () => {
  type Outcome = { error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number };

  function lookup(
    policy: UrlPolicy,
    answers: ResolvedAddress[] | Error,
    options: { all?: boolean; family?: number },
  ) {
    const asked: string[] = [];
    const fn = createGuardedLookup(policy, async (hostname) => {
      asked.push(hostname);
      if (answers instanceof Error) throw answers;
      return answers;
    });
    return new Promise<Outcome & { asked: string[] }>((resolve) => {
      fn('portal.example.com', options, (error, address, family) =>
        resolve({ error, address, family, asked }),
      );
    });
  }

  const v4 = (address: string): ResolvedAddress => ({ address, family: 4 });
  const v6 = (address: string): ResolvedAddress => ({ address, family: 6 });

  it('answers with all addresses or the first one, honouring the family', async () => {
    const answers = [v6('2a00:1450::1'), v4('93.184.215.14')];
    const all = await lookup(publicHostPolicy(strict), answers, { all: true });
    expect(all).toMatchObject({ error: null, asked: ['portal.example.com'] });
    expect(all.address).toEqual([
      { address: '2a00:1450::1', family: 6 },
      { address: '93.184.215.14', family: 4 },
    ]);
    expect(await lookup(publicHostPolicy(strict), answers, {})).toMatchObject({
      address: '2a00:1450::1',
      family: 6,
    });
    expect(await lookup(publicHostPolicy(strict), answers, { family: 4 })).toMatchObject({
      address: '93.184.215.14',
      family: 4,
    });
  });

  it('refuses when ANY answer is not public, whatever the family asked for', async () => {
    const cases: [ResolvedAddress[], UrlRefusalReason][] = [
      [[v4('10.0.0.1')], 'private_address'],
      [[v4('93.184.215.14'), v4('10.0.0.1')], 'private_address'],
      [[v4('93.184.215.14'), v6('fe80::1')], 'link_local'],
      [[v4('169.254.169.254')], 'link_local'],
      [[v6('::ffff:10.0.0.1')], 'private_address'],
      [[v4('127.0.0.1')], 'loopback'],
      [[v4('0.0.0.0')], 'reserved_address'],
    ];
    for (const [answers, reason] of cases) {
      for (const options of [{ all: true }, { all: false }, { family: 4 }]) {
        const outcome = await lookup(publicHostPolicy(strict), answers, options);
        expect(outcome.error).toBeInstanceOf(UrlGuardError);
        expect((outcome.error as UrlGuardError).reason).toBe(reason);
        expect(outcome.error?.message).toContain('"portal.example.com"');
      }
    }
  });

  it('allows loopback answers only under ALLOW_HTTP_LOOPBACK', async () => {
    const outcome = await lookup(publicHostPolicy(loopbackFlag), [v4('127.0.0.1'), v6('::1')], { all: true });
    expect(outcome.error).toBeNull();
    const refused = await lookup(publicHostPolicy(loopbackFlag), [v4('127.0.0.1'), v4('10.0.0.1')], {
      all: true,
    });
    expect((refused.error as UrlGuardError).reason).toBe('private_address');
  });

  it('reports resolution failures and empty answers as unresolvable', async () => {
    const failed = await lookup(publicHostPolicy(strict), new Error('getaddrinfo ENOTFOUND'), {});
    expect((failed.error as UrlGuardError).reason).toBe('unresolvable');
    const empty = await lookup(publicHostPolicy(strict), [], { all: true });
    expect((empty.error as UrlGuardError).reason).toBe('unresolvable');
    const noV6 = await lookup(publicHostPolicy(strict), [v4('93.184.215.14')], { family: 6 });
    expect((noV6.error as UrlGuardError).reason).toBe('unresolvable');
  });
});
