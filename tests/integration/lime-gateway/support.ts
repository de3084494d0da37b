import { type LimeAuth, limeConnectionSchema } from '@/lib/lime/connection';
import type { LimeGateway } from '@/lib/lime/gateway';
import { createHttpLimeGateway, type HttpLimeGatewayOptions } from '@/lib/lime/http/create-gateway';
import {
  type LimeSimulatorHandle,
  type LimeSimulatorSetup,
  setupLimeSimulator,
} from '../lime-simulator/support';

/** What a test may change of the gateway connected to the simulator (the rest is the simulator's). */
export type ConnectOverrides = Partial<Omit<HttpLimeGatewayOptions, 'connection'>> & {
  baseUrl?: string;
  /** The LimeToken (default: the simulator's); ignored when `auth` is given. */
  token?: string;
  /** Another way in (e.g. the password grant) instead of the LimeToken. */
  auth?: LimeAuth;
  installationId?: number;
  cashdeskId?: number;
  timeZone?: string;
};

export interface LimeGatewayHandle extends LimeSimulatorHandle {
  /** A gateway over real HTTP to the simulator (loopback allowed), with the given overrides. */
  connect(overrides?: ConnectOverrides): LimeGateway;
}

/**
 * The simulator of `setupLimeSimulator` (started for the suite; by default reset, with its requests
 * marked, before each test) and a factory of gateways connected to it.
 */
export function setupLimeGateway(setup: LimeSimulatorSetup = {}): LimeGatewayHandle {
  const lime = setupLimeSimulator({ resetEachTest: 'mark', ...setup });
  return {
    get sim() {
      return lime.sim;
    },
    recent: lime.recent,
    mark: lime.mark,
    connect(overrides = {}) {
      const { baseUrl, token, auth, installationId, cashdeskId, timeZone, ...options } = overrides;
      const sim = lime.sim;
      return createHttpLimeGateway({
        connection: limeConnectionSchema.parse({
          baseUrl: baseUrl ?? sim.url,
          auth: auth ?? { mode: 'token', token: token ?? sim.credentials.token },
          installationId: installationId ?? sim.installationId,
          cashdeskId: cashdeskId ?? sim.cashdeskId,
          depositGoodTypeId: sim.depositGoodTypeId,
          bonusGoodTypeId: sim.bonusGoodTypeId,
          timeZone: timeZone ?? sim.timeZone,
        }),
        allowHttpLoopback: true,
        ...options,
      });
    },
  };
}
