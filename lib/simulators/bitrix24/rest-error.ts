import type { JsonObject } from './types';

/**
 * Bitrix24's error answer: `{"error": CODE, "error_description": TEXT, ...extra}` with the
 * HTTP status of the exception class that produced it (rest/lib/restexception.php and its
 * subclasses): RestException → 400 unless told otherwise, AccessException (ACCESS_DENIED) and
 * AuthTypeException (WRONG_AUTH_TYPE) → 403, OAuthException (NO_AUTH_FOUND, expired_token,
 * invalid_token, insufficient_scope, …) → 401, method not found → 404. CRM proxies throw plain
 * RestExceptions whose code is the empty string, so `error` is often `""`. Engine controllers
 * (catalog.*, crm.item.*, crm.timeline.comment.*) pass the Error's code through as it is: a
 * string (`NOT_FOUND`), or a *number* (`100` for a missing argument, `0` for an Error without
 * a code, `200040300010` in the catalog) — so `error` is a JSON number there.
 */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | number,
    readonly description: string,
    readonly extra: JsonObject = {},
  ) {
    super(`${code === '' ? '(empty)' : code}: ${description}`);
    this.name = 'RestError';
  }

  body(): JsonObject {
    return { error: this.code, error_description: this.description, ...this.extra };
  }
}

/**
 * Bitrix\Main\Engine's binder when a required action argument is missing or of the wrong type:
 * `{"error":100,"error_description":"Could not find value for parameter {fields}"}`.
 */
export function missingArgument(name: string): RestError {
  return new RestError(400, 100, `Could not find value for parameter {${name}}`);
}

export function argumentTypeError(name: string, value: string, type: 'array' | 'int' | 'string'): RestError {
  return new RestError(
    400,
    100,
    `Invalid value {${value}} to match with parameter {${name}}. Should be value of type ${type}.`,
  );
}

/** A CRM-proxy style error: `{"error":"","error_description":…}`, 400. */
export function crmError(description: string): RestError {
  return new RestError(400, '', description);
}

export function coreError(description: string): RestError {
  return new RestError(400, 'ERROR_CORE', description);
}

/** Bitrix\Main\ArgumentNullException as REST renders it. */
export function argumentNull(name: string): RestError {
  return new RestError(400, 'ERROR_ARGUMENT', `Argument '${name}' is null or empty`, { argument: name });
}

/** Bitrix\Main\ArgumentException as REST renders it. */
export function argumentError(message: string, name: string): RestError {
  return new RestError(400, 'ERROR_ARGUMENT', message, { argument: name });
}

export function accessDenied(detail = ''): RestError {
  return new RestError(403, 'ACCESS_DENIED', `Access denied!${detail ? ` ${detail}` : ''}`);
}

export function wrongAuthType(detail = ''): RestError {
  return new RestError(
    403,
    'WRONG_AUTH_TYPE',
    `Current authorization type is denied for this method${detail ? ` ${detail}` : ''}`,
  );
}

export function methodNotFound(): RestError {
  return new RestError(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!');
}

export function oauthError(code: string, description: string): RestError {
  return new RestError(401, code, description);
}

export function noAuthFound(): RestError {
  return oauthError('NO_AUTH_FOUND', 'Wrong authorization data');
}

export function queryLimitExceeded(): RestError {
  return new RestError(503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests');
}

export function operationTimeLimit(): RestError {
  return new RestError(429, 'OPERATION_TIME_LIMIT', 'Method is blocked due to operation time limit.');
}
