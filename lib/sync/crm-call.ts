import { CrmEntityNotFoundError, type CrmPort } from '@/lib/crm/crm-port';
import { AppError, NotFoundError, ServiceUnavailableError } from '@/lib/http/errors';
import { getLogger } from '@/lib/log/logger';
import { type CrmDeps, crmForTenant } from './crm-for-tenant';

/** The tenant's CRM for an embedded request: a port given (tests, jobs), else the app's CRM credentials. */
export type CrmCallDeps = Omit<CrmDeps, 'bitrix24App'> & {
  bitrix24App?: CrmDeps['bitrix24App'];
  crm?: CrmPort;
};

export async function crmOf(deps: CrmCallDeps, tenantId: string): Promise<CrmPort> {
  return deps.crm ?? crmForTenant({ ...deps, bitrix24App: deps.bitrix24App ?? null }, tenantId);
}

export interface CrmCallWords {
  dealGone: string;
  contactGone: string;
  crmFailed: string;
}

/** A CRM call in words a manager reads: a missing deal or contact (404), or a CRM that did not answer (503). */
export async function viaCrm<T>(words: CrmCallWords, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof CrmEntityNotFoundError)
      throw new NotFoundError(error.entity === 'deal' ? words.dealGone : words.contactGone);
    getLogger().warn({ err: error }, 'the CRM failed a call made for a card');
    throw new ServiceUnavailableError(words.crmFailed);
  }
}
