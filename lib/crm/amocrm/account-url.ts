import { amocrmAccountPolicy, assertUrlAllowed, UrlGuardError } from '@/lib/http/url-guard';

/**
 * The account's base URL from the OAuth `referer` (`kidburg.amocrm.ru`), the only trusted source of
 * the host (never `_links`, which may name a shard). Only `*.amocrm.ru` passes the URL guard; under
 * ALLOW_HTTP_LOOPBACK a loopback host (the simulator) is reached over plain http.
 */
export function accountBaseUrl(host: string, allowHttpLoopback: boolean): string | null {
  if (!/^[a-z0-9.-]+(:\d{1,5})?$/i.test(host)) return null;
  const hostname = host.replace(/:\d+$/, '');
  const loopback = hostname === '127.0.0.1' || hostname === 'localhost';
  const url = `${loopback && allowHttpLoopback ? 'http' : 'https'}://${host}`;
  try {
    return assertUrlAllowed(url, amocrmAccountPolicy({ allowHttpLoopback })).origin;
  } catch (error) {
    if (error instanceof UrlGuardError) return null;
    throw error;
  }
}
