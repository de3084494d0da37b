import { intval, isPhpArray, strval } from './php';
import { argumentTypeError, missingArgument } from './rest-error';
import type { PhpMap, PhpValue } from './types';

/**
 * Arguments of an engine controller's action (crm.item.*, crm.activity.todo.*), bound the way
 * Bitrix\Main\Engine's binder binds them: a required one that is missing is code 100 "Could not
 * find value for parameter {name}", a value of the wrong type is code 100 too; an optional one
 * that is absent (or null) takes its default.
 */

/** An optional `?int $name = null` argument. */
export function optionalIntArg(params: PhpMap, name: string): number | null {
  const value = params[name];
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return intval(value);
  throw argumentTypeError(name, strval(value), 'int');
}

/** An `int $name` argument. */
export function intArg(params: PhpMap, name: string): number {
  const value = optionalIntArg(params, name);
  if (value === null) throw missingArgument(name);
  return value;
}

/** An optional `?string $name = null` argument (numbers are strings to PHP). */
export function optionalStringArg(params: PhpMap, name: string): string | null {
  const value = params[name];
  if (value === undefined || value === null) return null;
  if (isPhpArray(value) || typeof value === 'boolean') throw argumentTypeError(name, strval(value), 'string');
  return strval(value);
}

/** A `string $name` argument. */
export function stringArg(params: PhpMap, name: string): string {
  const value = optionalStringArg(params, name);
  if (value === null) throw missingArgument(name);
  return value;
}

/** An `array $name` argument. */
export function arrayArg(params: PhpMap, name: string): PhpMap | PhpValue[] {
  const value = params[name];
  if (value === undefined || value === null) throw missingArgument(name);
  if (!isPhpArray(value)) throw argumentTypeError(name, strval(value), 'array');
  return value;
}
