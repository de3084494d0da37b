import { UrlGuardError } from '@/lib/http/url-guard';
import {
  LimeAuthError,
  LimeCapabilityMissingError,
  LimeError,
  LimeForbiddenError,
  LimeProtocolError,
  LimeRateLimitedError,
  LimeServerError,
  LimeTimeoutError,
  LimeUnreachableError,
} from '../errors';
import type { ConnectionCheck } from '../gateway';

/**
 * "Test connection": a plain verdict, never an exception for ordinary failures. Each step runs only
 * when the one before passed; `problem` is the first failure as one short sentence for a manager.
 */

export interface ConnectionProbes {
  host: string;
  installationId: number;
  cashdeskId: number;
  timeZone: string;
  installations(): Promise<{ id: number; timeZone?: string | null }[]>;
  cashdesks(): Promise<{ id: number }[]>;
  capabilities: Record<keyof ConnectionCheck['capabilities'], () => Promise<void>>;
}

const CAPABILITY_NAMES: Record<keyof ConnectionCheck['capabilities'], string> = {
  changeFeed: 'the change feed',
  preorders: 'pre-orders',
  bonusAccruals: 'bonus accruals',
  webhooks: 'webhooks',
};

interface Verdict {
  reachable: boolean;
  authenticated: boolean;
  problem: string;
}

/** What an error from the first call says about reachability and credentials. */
function verdictOf(error: unknown, host: string): Verdict | null {
  if (error instanceof UrlGuardError) {
    return {
      reachable: false,
      authenticated: false,
      problem: `The Lime address is not allowed: ${error.message}`,
    };
  }
  if (error instanceof LimeUnreachableError) {
    return {
      reachable: false,
      authenticated: false,
      problem: `Lime at ${host} could not be reached; check the address.`,
    };
  }
  if (error instanceof LimeTimeoutError) {
    return { reachable: false, authenticated: false, problem: `Lime at ${host} did not answer in time.` };
  }
  if (error instanceof LimeAuthError) {
    return {
      reachable: true,
      authenticated: false,
      problem: 'Lime refused the credentials; check the token or the login and password.',
    };
  }
  if (error instanceof LimeForbiddenError) {
    return {
      reachable: true,
      authenticated: true,
      problem: 'Lime accepted the credentials, but this user may not read installations.',
    };
  }
  if (error instanceof LimeServerError) {
    return {
      reachable: true,
      authenticated: false,
      problem: `Lime answered with a server error (${error.status}); try again later.`,
    };
  }
  if (error instanceof LimeRateLimitedError) {
    return {
      reachable: true,
      authenticated: false,
      problem: 'Lime is busy (too many requests); try again later.',
    };
  }
  if (error instanceof LimeProtocolError) {
    return {
      reachable: true,
      authenticated: false,
      problem: `The address answers, but not the way Lime does; check that ${host} is the Lime installation's address.`,
    };
  }
  if (error instanceof LimeError) return { reachable: true, authenticated: false, problem: error.message };
  return null;
}

export async function checkConnection(probes: ConnectionProbes): Promise<ConnectionCheck> {
  const check: ConnectionCheck = {
    reachable: false,
    authenticated: false,
    installationFound: false,
    cashdeskFound: false,
    capabilities: { changeFeed: false, preorders: false, bonusAccruals: false, webhooks: false },
    problem: null,
  };
  const problems: string[] = [];

  let installations: { id: number; timeZone?: string | null }[];
  try {
    installations = await probes.installations();
  } catch (error) {
    const verdict = verdictOf(error, probes.host);
    if (verdict === null) throw error;
    return {
      ...check,
      reachable: verdict.reachable,
      authenticated: verdict.authenticated,
      problem: verdict.problem,
    };
  }
  check.reachable = true;
  check.authenticated = true;
  const installation = installations.find((row) => row.id === probes.installationId);
  check.installationFound = installation !== undefined;
  if (!installation) problems.push(`Lime has no installation ${probes.installationId} for this user.`);

  try {
    const cashdesks = await probes.cashdesks();
    check.cashdeskFound = cashdesks.some((row) => row.id === probes.cashdeskId);
    if (!check.cashdeskFound) {
      problems.push(`Lime has no cash desk ${probes.cashdeskId} in installation ${probes.installationId}.`);
    }
  } catch (error) {
    const verdict = verdictOf(error, probes.host);
    if (verdict === null) throw error;
    problems.push(`The cash desk could not be checked: ${verdict.problem}`);
  }

  if (installation?.timeZone && installation.timeZone !== probes.timeZone) {
    problems.push(
      `Lime says the venue's time zone is ${installation.timeZone}, but the connection is set to ${probes.timeZone}.`,
    );
  }

  const names = Object.keys(probes.capabilities) as (keyof ConnectionCheck['capabilities'])[];
  const outcomes = await Promise.all(
    names.map(async (name) => {
      try {
        await probes.capabilities[name]();
        return { name, available: true, problem: null };
      } catch (error) {
        if (error instanceof LimeCapabilityMissingError) {
          return {
            name,
            available: false,
            problem: `This Lime installation does not offer ${CAPABILITY_NAMES[name]}.`,
          };
        }
        const verdict = verdictOf(error, probes.host);
        if (verdict === null) throw error;
        return {
          name,
          available: false,
          problem: `Could not check ${CAPABILITY_NAMES[name]}: ${verdict.problem}`,
        };
      }
    }),
  );
  for (const outcome of outcomes) {
    check.capabilities[outcome.name] = outcome.available;
    if (outcome.problem) problems.push(outcome.problem);
  }
  check.problem = problems[0] ?? null;
  return check;
}
