-- Shared token buckets (DESIGN.md "Rate limits are shared state"). A take is one statement:
-- SELECT * FROM rate_take(keys, rates, bursts). It creates missing buckets full, locks every
-- bucket in key order (no deadlocks between takers), reads the clock once after the locks are
-- held, and takes one token from every bucket or from none. When a token is missing it answers
-- how long to wait; nothing is reserved, so a refused taker changes nothing.
CREATE OR REPLACE FUNCTION rate_take(p_keys text[], p_rates double precision[], p_bursts double precision[])
RETURNS TABLE (granted boolean, wait_ms integer, taken_at timestamptz)
LANGUAGE plpgsql AS $$
DECLARE
  n integer := coalesce(array_length(p_keys, 1), 0);
  i integer;
  now_ts timestamptz;
  avail double precision[];
  current_tokens double precision;
  current_updated timestamptz;
  wait_s double precision := 0;
BEGIN
  IF n = 0 OR array_length(p_rates, 1) IS DISTINCT FROM n OR array_length(p_bursts, 1) IS DISTINCT FROM n THEN
    RAISE EXCEPTION 'rate_take: keys, rates and bursts must be non-empty arrays of one length';
  END IF;
  INSERT INTO rate_buckets (key, tokens, updated_at)
    SELECT u.k, u.b, clock_timestamp() FROM unnest(p_keys, p_bursts) AS u(k, b) ORDER BY u.k
    ON CONFLICT (key) DO NOTHING;
  PERFORM 1 FROM rate_buckets WHERE key = ANY (p_keys) ORDER BY key FOR UPDATE;
  now_ts := clock_timestamp();
  FOR i IN 1..n LOOP
    SELECT tokens, updated_at INTO current_tokens, current_updated FROM rate_buckets WHERE key = p_keys[i];
    avail[i] := least(p_bursts[i], current_tokens + extract(epoch FROM now_ts - current_updated) * p_rates[i]);
    IF avail[i] < 1 THEN
      wait_s := greatest(wait_s, (1 - avail[i]) / p_rates[i]);
    END IF;
  END LOOP;
  IF wait_s > 0 THEN
    RETURN QUERY SELECT false, greatest(1, ceil(wait_s * 1000))::integer, now_ts;
    RETURN;
  END IF;
  FOR i IN 1..n LOOP
    UPDATE rate_buckets SET tokens = avail[i] - 1, updated_at = now_ts WHERE key = p_keys[i];
  END LOOP;
  RETURN QUERY SELECT true, 0, now_ts;
END;
$$;
--> statement-breakpoint
-- Empties a bucket until p_until (a 429 with retry_after, a 503, Bitrix24's operating_reset_at):
-- every taker of that bucket, in every process, waits.
CREATE OR REPLACE FUNCTION rate_block(p_key text, p_until timestamptz)
RETURNS void
LANGUAGE sql AS $$
  INSERT INTO rate_buckets (key, tokens, updated_at) VALUES (p_key, 0, p_until)
  ON CONFLICT (key) DO UPDATE SET tokens = 0, updated_at = greatest(rate_buckets.updated_at, excluded.updated_at);
$$;
