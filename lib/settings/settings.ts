import type { Db } from '@/db/client';
import { readSettingValue, writeSettingValue } from '@/db/queries/settings';
import { InvalidRequestError } from '@/lib/http/errors';
import { isSettingKey, type SettingKey, type SettingValue, settingSchemas } from './registry';

export class UnknownSettingError extends InvalidRequestError {
  constructor(key: string) {
    super(`There is no setting called "${key}"`);
  }
}

export async function getSetting<K extends SettingKey>(
  db: Db,
  params: { tenantId: string; key: K },
): Promise<SettingValue<K>> {
  const schema = settingSchemas[params.key];
  const stored = await readSettingValue(db, params);
  const parsed = schema.safeParse(stored);
  return (parsed.success ? parsed.data : schema.parse(undefined)) as SettingValue<K>;
}

/** Validates, then stores; a value that does not fit changes nothing and says what is wrong. */
export async function setSetting(
  db: Db,
  params: { tenantId: string; key: string; value: unknown },
): Promise<unknown> {
  if (!isSettingKey(params.key)) throw new UnknownSettingError(params.key);
  const parsed = settingSchemas[params.key].safeParse(params.value);
  if (!parsed.success) {
    throw new InvalidRequestError(`${params.key}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`);
  }
  await writeSettingValue(db, { tenantId: params.tenantId, key: params.key, value: parsed.data });
  return parsed.data;
}
