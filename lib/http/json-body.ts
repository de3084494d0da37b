import { InvalidRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from './errors';

/** A JSON request body of at most `maxBytes`: 415 for another type, 413 when larger, 400 when malformed. */
export async function readJsonBody(request: Request, maxBytes = 64 * 1024): Promise<unknown> {
  if (!(request.headers.get('content-type') ?? '').startsWith('application/json')) {
    throw new UnsupportedMediaTypeError('Send the body as application/json');
  }
  refuseDeclaredBodyOver(request, maxBytes);
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes)
    throw new PayloadTooLargeError(`The body may not exceed ${Math.round(maxBytes / 1024)} KB`);
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidRequestError('The body is not valid JSON');
  }
}

/** 413 for a body whose declared length (Content-Length) exceeds `maxBytes`, before anything reads it. */
export function refuseDeclaredBodyOver(request: Request, maxBytes: number): void {
  if (Number(request.headers.get('content-length') ?? 0) > maxBytes) {
    throw new PayloadTooLargeError(`The body may not exceed ${Math.round(maxBytes / 1024)} KB`);
  }
}
