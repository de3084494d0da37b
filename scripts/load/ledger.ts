/**
 * The load run's ledger and its verdict (pure: no I/O but the SQL text). Each request sent has an
 * entry naming what processing must leave behind: its inbox row processed, and its effect — for a
 * CRM event or webhook, the journal's record of the contact read back from the simulated CRM after
 * the row arrived; for a Lime webhook, the event in the ledger of applied events and the mirror's
 * client at (or past) the event's sequence number.
 */

export type LoadSource = 'bitrix24' | 'amocrm' | 'lime';

export interface LedgerEntry {
  n: number;
  tenantId: string;
  source: LoadSource;
  dedupeKey: string;
  entityId?: string;
  connectionId?: string;
  eventId?: number;
  clientId?: number;
  seq?: number;
}

export const LEDGER_TABLE_SQL = `CREATE TABLE load_ledger (
  n integer PRIMARY KEY, tenant_id uuid NOT NULL, source text NOT NULL, dedupe_key text NOT NULL,
  entity_id text, connection_id uuid, event_id bigint, client_id integer, seq bigint)`;

const COLUMNS = 9;

/** INSERT statements of at most `chunk` entries each. */
export function ledgerInserts(entries: LedgerEntry[], chunk = 1000): { text: string; params: unknown[] }[] {
  const statements: { text: string; params: unknown[] }[] = [];
  for (let start = 0; start < entries.length; start += chunk) {
    const slice = entries.slice(start, start + chunk);
    const params: unknown[] = [];
    const rows = slice.map((e, i) => {
      params.push(
        e.n,
        e.tenantId,
        e.source,
        e.dedupeKey,
        e.entityId ?? null,
        e.connectionId ?? null,
        e.eventId ?? null,
        e.clientId ?? null,
        e.seq ?? null,
      );
      return `(${Array.from({ length: COLUMNS }, (_, c) => `$${i * COLUMNS + c + 1}`).join(', ')})`;
    });
    statements.push({ text: `INSERT INTO load_ledger VALUES ${rows.join(', ')}`, params });
  }
  return statements;
}

/** The entries not yet complete: `processed` (the inbox row) and `effect`, as booleans. */
export const INCOMPLETE_SQL = `
WITH i AS (
  SELECT tenant_id, source, dedupe_key, min(received_at) AS received_at,
         bool_or(processed_at IS NOT NULL) AS processed
  FROM inbox GROUP BY tenant_id, source, dedupe_key),
j AS (
  SELECT tenant_id, entity_id, max(at) AS at FROM sync_journal
  WHERE operation = 'contact.changed' AND status = 'ok' GROUP BY tenant_id, entity_id),
checked AS (
  SELECT l.n, coalesce(i.processed, false) AS processed,
    CASE WHEN l.source = 'lime'
      THEN a.event_id IS NOT NULL AND coalesce(c.source_seq >= l.seq, false)
      ELSE coalesce(j.at >= i.received_at, false) END AS effect
  FROM load_ledger l
  LEFT JOIN i ON i.tenant_id = l.tenant_id AND i.source = l.source AND i.dedupe_key = l.dedupe_key
  LEFT JOIN j ON j.tenant_id = l.tenant_id AND j.entity_id = l.entity_id
  LEFT JOIN lime_applied_events a ON a.connection_id = l.connection_id AND a.event_id = l.event_id
  LEFT JOIN lime_clients c ON c.connection_id = l.connection_id AND c.id = l.client_id)
SELECT n, processed, effect FROM checked WHERE NOT (processed AND effect) ORDER BY n`;

export interface IncompleteRow {
  n: number;
  processed: boolean;
  effect: boolean;
}

export interface LedgerVerdict {
  /** Answered 2xx and complete. */
  processed: number;
  /** Answered 2xx, yet its row or its effect is missing. */
  lost: number;
  /** Of the lost: the inbox row is missing or unprocessed / the effect is missing. */
  lostRow: number;
  lostEffect: number;
  /** Not answered 2xx (refused, errors, timeouts, never sent). */
  notAccepted: number;
}

/** Measures the ledger against what the load's requests were answered (status by entry; 0: none). */
export function judgeLedger(
  total: number,
  statuses: ReadonlyMap<number, number>,
  incomplete: IncompleteRow[],
) {
  const accepted = (n: number) => {
    const status = statuses.get(n) ?? 0;
    return status >= 200 && status < 300;
  };
  const lostRows = incomplete.filter((row) => accepted(row.n));
  let notAccepted = 0;
  for (let n = 0; n < total; n++) if (!accepted(n)) notAccepted++;
  return {
    processed: total - notAccepted - lostRows.length,
    lost: lostRows.length,
    lostRow: lostRows.filter((row) => !row.processed).length,
    lostEffect: lostRows.filter((row) => row.processed && !row.effect).length,
    notAccepted,
  } satisfies LedgerVerdict;
}
