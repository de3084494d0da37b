import { LimeError } from '@/lib/lime/errors';
import type { LimeGateway } from '@/lib/lime/gateway';
import { getMetrics } from '@/lib/metrics/registry';

/** The gateway with every Lime error counted in bridge_external_errors_total{target="lime",code}. */
export function countedGateway(gateway: LimeGateway): LimeGateway {
  const errors = getMetrics().crmErrors;
  return new Proxy(gateway, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        try {
          return await value.apply(target, args);
        } catch (error) {
          if (error instanceof LimeError) errors.inc({ target: 'lime', code: error.code });
          throw error;
        }
      };
    },
  });
}
