import { describe, expect, it } from 'vitest';
import { inboundQuantileMs, memoryBreakdown } from '@/scripts/load/server-latency';

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

describe('a process’s memory from its default metrics', () => {
  it('reads resident, heap and external memory, in MB', () => {
    const text = [
      'process_resident_memory_bytes{app="lime-crm-bridge"} 251000000',
      'nodejs_heap_size_total_bytes{app="lime-crm-bridge"} 60000000',
      'nodejs_heap_size_used_bytes{app="lime-crm-bridge"} 41200000',
      'nodejs_external_memory_bytes{app="lime-crm-bridge"} 3000000',
    ].join('\n');
    expect(memoryBreakdown(text)).toBe('resident 251 MB, V8 heap 41 MB used of 60, external 3 MB');
    expect(memoryBreakdown('')).toBe('resident ? MB, V8 heap ? MB used of ?, external ? MB');
  });
});
