import type { IncomingMessage } from 'node:http';

/** Request plumbing every simulator needs the same way. */

/** The whole body as text, or null when it exceeds `maxBytes` (the rest is read and dropped). */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBytes) tooLarge = true;
    else chunks.push(buffer);
  }
  return tooLarge ? null : Buffer.concat(chunks).toString('utf8');
}

/** The media type of a request, lower-cased, without parameters. */
export function contentTypeOf(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').replace(/;.*$/, '').trim().toLowerCase();
}
