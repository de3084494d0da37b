import { describe, expect, it } from 'vitest';
import { inboundQuantileMs } from '@/scripts/load/server-latency';

const metrics = (rows: [string, string, number][]) =>
  rows
    .map(
      ([route, le, n]) =>
        `bridge_inbound_request_duration_seconds_bucket{le="${le}",route="${route}",app="lime-crm-bridge"} ${n}`,
    )
    .join('\n');

describe('the web’s own latency from the ingress histogram', () => {
  it('adds the routes up and names the bucket holding the quantile', () => {
    const text = metrics([
      ['lime-webhook', '0.001', 50],
      ['lime-webhook', '0.005', 90],
      ['lime-webhook', '0.05', 99],
      ['lime-webhook', '+Inf', 100],
      ['bitrix24-events', '0.001', 50],
      ['bitrix24-events', '0.005', 98],
      ['bitrix24-events', '0.05', 100],
      ['bitrix24-events', '+Inf', 100],
    ]);
    expect(inboundQuantileMs(text, 0.5)).toBe(1);
    expect(inboundQuantileMs(text, 0.9)).toBe(5);
    expect(inboundQuantileMs(text, 0.99)).toBe(50);
    expect(inboundQuantileMs(text, 1)).toBe(Number.POSITIVE_INFINITY);
  });

  it('has nothing to say before any request', () => {
    expect(inboundQuantileMs('# no samples', 0.99)).toBeNull();
  });
});
