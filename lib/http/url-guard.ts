import type { LookupAddress, LookupOptions } from 'node:dns';
import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * The URL guard of DESIGN.md ("Never send a secret to a host we did not verify"). Two layers:
 * `assertUrlAllowed` runs before any socket (scheme, userinfo, host allow-list, IP literals), and
 * `createGuardedLookup` runs at connect time on every agent, so a name that resolves to a private
 * address is refused with the very answer used to connect (no DNS-rebinding gap).
 */

export type UrlRefusalReason =
  | 'invalid_url'
  | 'scheme'
  | 'credentials'
  | 'host_not_allowed'
  | 'private_address'
  | 'loopback'
  | 'link_local'
  | 'reserved_address'
  | 'unresolvable';

export class UrlGuardError extends Error {
  readonly code = 'URL_REFUSED' as const;
  override readonly name = 'UrlGuardError';

  constructor(
    message: string,
    readonly reason: UrlRefusalReason,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export type HostRule = { exact: string } | { suffix: string };

export interface UrlPolicy {
  /** Names the policy in refusal messages, e.g. "Bitrix24 OAuth server". */
  name: string;
  /** Absent: any public host. */
  allowedHosts?: HostRule[];
  /** ALLOW_HTTP_LOOPBACK: adds loopback (127.0.0.0/8, ::1, localhost; http or https) to every allow-list. */
  allowHttpLoopback: boolean;
  /** A tenant's admin-confirmed "allow http": plain http to a public host, never to a private one. */
  allowHttp?: boolean;
}

export interface LoopbackFlag {
  allowHttpLoopback: boolean;
}

export function bitrix24OAuthPolicy({ allowHttpLoopback }: LoopbackFlag): UrlPolicy {
  return {
    name: 'Bitrix24 OAuth server',
    allowedHosts: [{ exact: 'oauth.bitrix.info' }, { exact: 'oauth.bitrix24.tech' }],
    allowHttpLoopback,
  };
}

export function amocrmAccountPolicy({ allowHttpLoopback }: LoopbackFlag): UrlPolicy {
  return { name: 'amoCRM account', allowedHosts: [{ suffix: '.amocrm.ru' }], allowHttpLoopback };
}

/** Bitrix24 portals (cloud or on-premise) and Lime installations: any public host. */
export function publicHostPolicy({
  allowHttpLoopback,
  allowHttp = false,
}: LoopbackFlag & { allowHttp?: boolean }): UrlPolicy {
  return { name: allowHttp ? 'public host (http allowed)' : 'public host', allowHttpLoopback, allowHttp };
}

export type AddressClass =
  | 'public'
  | 'private'
  | 'loopback'
  | 'link_local'
  | 'unspecified'
  | 'reserved'
  | 'multicast';

const V4_CLASSES: Partial<Record<string, AddressClass>> = {
  unicast: 'public',
  private: 'private',
  carrierGradeNat: 'private',
  loopback: 'loopback',
  linkLocal: 'link_local',
  unspecified: 'unspecified',
  multicast: 'multicast',
};

const V6_CLASSES: Partial<Record<string, AddressClass>> = {
  uniqueLocal: 'private',
  deprecatedSiteLocal: 'private',
  loopback: 'loopback',
  linkLocal: 'link_local',
  unspecified: 'unspecified',
  multicast: 'multicast',
};

const V6_GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');

/**
 * Only 'public' may be contacted. Anything that is not plainly global unicast is refused:
 * IPv4-compatible (::/96), NAT64, 6to4 and Teredo addresses can carry a private IPv4 inside,
 * so they are 'reserved'; IPv4-mapped addresses are classified by the IPv4 they map.
 * Input that is not an IP address is 'reserved' (fail closed).
 */
export function classifyAddress(ip: string): AddressClass {
  const version = isIP(ip);
  if (version === 4) return V4_CLASSES[ipaddr.IPv4.parse(ip).range()] ?? 'reserved';
  if (version !== 6) return 'reserved';
  const v6 = ipaddr.IPv6.parse(ip);
  if (v6.isIPv4MappedAddress()) return classifyAddress(v6.toIPv4Address().toString());
  const range = v6.range();
  if (range !== 'unicast') return V6_CLASSES[range] ?? 'reserved';
  return v6.match(V6_GLOBAL_UNICAST) ? 'public' : 'reserved';
}

const ADDRESS_REFUSALS: Record<Exclude<AddressClass, 'public'>, [UrlRefusalReason, string]> = {
  private: ['private_address', 'a private network address'],
  loopback: ['loopback', 'a loopback address (this machine)'],
  link_local: ['link_local', 'a link-local address (such as a cloud metadata service)'],
  unspecified: ['reserved_address', 'the unspecified address'],
  reserved: ['reserved_address', 'a reserved or special-purpose address'],
  multicast: ['reserved_address', 'a multicast address'],
};

/** Lower case, without IPv6 brackets and without the one trailing dot DNS tolerates. */
function normaliseHostname(hostname: string): string {
  const host = hostname.toLowerCase();
  const unbracketed = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  return unbracketed.endsWith('.') ? unbracketed.slice(0, -1) : unbracketed;
}

function matchesRule(host: string, rule: HostRule): boolean {
  if ('exact' in rule) return host === normaliseHostname(rule.exact);
  const bare = normaliseHostname(rule.suffix);
  const suffix = bare.startsWith('.') ? bare : `.${bare}`;
  return host.length > suffix.length && host.endsWith(suffix);
}

function describeRules(rules: HostRule[]): string {
  return rules.map((rule) => ('exact' in rule ? rule.exact : `*${rule.suffix}`)).join(', ');
}

function addressRefusal(policy: UrlPolicy, subject: string, address: string): UrlGuardError | null {
  const kind = classifyAddress(address);
  if (kind === 'public' || (kind === 'loopback' && policy.allowHttpLoopback)) return null;
  const [reason, description] = ADDRESS_REFUSALS[kind];
  return new UrlGuardError(
    `${policy.name}: refused ${subject}: ${address} is ${description}; only public addresses may be contacted.`,
    reason,
  );
}

/**
 * The checks that need only a protocol and a host name, used by `assertUrlAllowed` and again by
 * the connectors of guarded agents (they also see redirects followed by libraries such as axios).
 */
export function assertHostAllowed(target: { protocol: string; hostname: string }, policy: UrlPolicy): void {
  const { protocol } = target;
  const host = normaliseHostname(target.hostname);
  const subject = `${protocol}//${host}`;
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new UrlGuardError(
      `${policy.name}: refused the scheme "${protocol}"; only https is allowed.`,
      'scheme',
    );
  }
  if (host === '') throw new UrlGuardError(`${policy.name}: refused a URL without a host.`, 'invalid_url');

  const isLiteral = isIP(host) !== 0;
  const isLoopbackName = host === 'localhost' || host.endsWith('.localhost');
  const isLoopback = isLoopbackName || (isLiteral && classifyAddress(host) === 'loopback');
  if (isLoopbackName && !(host === 'localhost' && policy.allowHttpLoopback)) {
    throw new UrlGuardError(
      `${policy.name}: refused ${subject}: it names this machine; loopback is allowed only with ALLOW_HTTP_LOOPBACK (and then only "localhost").`,
      'loopback',
    );
  }
  if (isLiteral) {
    const refusal = addressRefusal(policy, subject, host);
    if (refusal) throw refusal;
  }
  const allowedByFlag = isLoopback && policy.allowHttpLoopback;
  if (policy.allowedHosts && !allowedByFlag && !policy.allowedHosts.some((rule) => matchesRule(host, rule))) {
    throw new UrlGuardError(
      `${policy.name}: refused host "${host}": it is not one of the allowed hosts (${describeRules(policy.allowedHosts)}).`,
      'host_not_allowed',
    );
  }
  if (protocol === 'http:' && !allowedByFlag && !(policy.allowHttp && !isLoopback)) {
    throw new UrlGuardError(
      `${policy.name}: refused ${subject}: plain http is not allowed; use https.`,
      'scheme',
    );
  }
}

/**
 * Static checks before any socket. Returns a copy of the parsed URL. Refusal messages name only the
 * scheme and host: paths (Bitrix24 webhook URLs carry their token there), queries and userinfo
 * may hold secrets.
 */
export function assertUrlAllowed(url: string | URL, policy: UrlPolicy): URL {
  let parsed: URL;
  try {
    parsed = new URL(typeof url === 'string' ? url : url.href);
  } catch {
    // Node's ERR_INVALID_URL carries the whole input; do not let it reach a log.
    throw new UrlGuardError(`${policy.name}: refused a URL that could not be parsed.`, 'invalid_url');
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new UrlGuardError(
      `${policy.name}: refused ${parsed.protocol}//${parsed.host}: the URL contains a user name or password.`,
      'credentials',
    );
  }
  assertHostAllowed(parsed, policy);
  return parsed;
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: Resolver = async (hostname) => {
  const answers = await dns.promises.lookup(hostname, { all: true });
  return answers.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
};

async function resolveAllowed(
  hostname: string,
  policy: UrlPolicy,
  resolve: Resolver,
): Promise<ResolvedAddress[]> {
  const subject = `"${normaliseHostname(hostname)}"`;
  let answers: ResolvedAddress[];
  try {
    answers = await resolve(hostname);
  } catch (cause) {
    throw new UrlGuardError(`${policy.name}: could not resolve ${subject}.`, 'unresolvable', { cause });
  }
  if (answers.length === 0) {
    throw new UrlGuardError(`${policy.name}: ${subject} resolves to no address.`, 'unresolvable');
  }
  // Every answer must pass: the system may try them in any order.
  for (const { address } of answers) {
    const refusal = addressRefusal(policy, `${subject} (it resolves to ${address})`, address);
    if (refusal) throw refusal;
  }
  return answers;
}

function wantedFamily(family: LookupOptions['family']): 0 | 4 | 6 {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return 0;
}

/**
 * A `lookup` for net/tls/http agents and undici's connector. `resolve` defaults to the system
 * resolver; tests and the sandbox inject their own.
 */
export function createGuardedLookup(policy: UrlPolicy, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolveAllowed(hostname, policy, resolve).then(
      (answers) => {
        const family = wantedFamily(options.family);
        const usable = answers.filter((answer) => family === 0 || answer.family === family);
        const first = usable[0];
        if (!first) {
          const error = new UrlGuardError(
            `${policy.name}: "${normaliseHostname(hostname)}" has no IPv${family} address.`,
            'unresolvable',
          );
          callback(error, options.all ? [] : '');
        } else if (options.all) {
          callback(
            null,
            usable.map(({ address, family }): LookupAddress => ({ address, family })),
          );
        } else {
          callback(null, first.address, first.family);
        }
      },
      (error: unknown) => {
        const refusal =
          error instanceof UrlGuardError
            ? error
            : new UrlGuardError(`${policy.name}: the address check failed.`, 'unresolvable', {
                cause: error,
              });
        callback(refusal, options.all ? [] : '');
      },
    );
  };
}
