import type { JsonObject } from './types';

/**
 * amoCRM's error bodies, as the docs and the SDK's issue tracker show them.
 * - OAuth errors (`/oauth2/access_token`) come from league/oauth2-server behind amoCRM's
 *   OAuthProblemJson wrapper: `{hint, title, type, status, detail}` (amocrm-api-php#123, #315
 *   quote `{"hint":"Token has been revoked","title":"Некорректный запрос","type":
 *   "https://developers.amocrm.ru/v3/errors/OAuthProblemJson","status":401,"detail":"В запросе
 *   отсутствует ряд параметров или параметры невалидны"}`). The hints are league's messages.
 * - API v4 errors are problem+json `{title, type: https://httpstatus.es/N, status, detail}`;
 *   validation failures add `validation-errors: [{request_id, errors: [{code, path, detail}]}]`.
 */

const OAUTH_TYPE = 'https://developers.amocrm.ru/v3/errors/OAuthProblemJson';
const OAUTH_DETAIL = 'В запросе отсутствует ряд параметров или параметры невалидны';

export function oauthProblem(status: 400 | 401, hint: string): JsonObject {
  return { hint, title: 'Некорректный запрос', type: OAUTH_TYPE, status, detail: OAUTH_DETAIL };
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
};

export function apiProblem(status: number, detail: string, extra: JsonObject = {}): JsonObject {
  return {
    title: TITLES[status] ?? 'Error',
    type: `https://httpstatus.es/${status}`,
    status,
    detail,
    ...extra,
  };
}

export interface ItemError {
  code: string;
  path: string;
  detail: string;
}

export interface ValidationError {
  request_id: string;
  errors: ItemError[];
}

export function validationProblem(errors: ValidationError[]): JsonObject {
  return apiProblem(400, 'Request validation failed', {
    'validation-errors': errors.map((e) => ({
      request_id: e.request_id,
      errors: e.errors.map((x) => ({ ...x })),
    })),
  });
}

/** Thrown by handlers; the router turns it into the answer. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: JsonObject,
  ) {
    super(`amoCRM simulator ${status}`);
  }
}

export function badRequest(detail: string): ApiError {
  return new ApiError(400, apiProblem(400, detail));
}

export function invalid(errors: ValidationError[]): ApiError {
  return new ApiError(400, validationProblem(errors));
}

export function notFound(): ApiError {
  return new ApiError(404, apiProblem(404, 'Not Found'));
}
