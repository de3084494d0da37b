import { z } from 'zod';
import { limeError, problem, Refusal } from './http-io';
import { isDate, parseLocalTime } from './wire';

/**
 * Request shapes. Like Lime's JSON binder: unknown properties are ignored, integers may come as
 * digit strings ("2", observed: the PHP integrators send their configured ids that way), a
 * fractional number where an integer is due is refused, times carry no offset.
 */

export const int = z.union([
  z.int(),
  z
    .string()
    .regex(/^-?\d{1,15}$/, 'expected an integer')
    .transform(Number),
]);
export const id = int.pipe(z.int().positive());
export const count = int.pipe(z.int().positive());
/** Integer kopecks, > 0. */
export const amount = int.pipe(z.int().positive());

export const MAX_TAKE = 100;
export const DEFAULT_TAKE = 25;

/** `{ skip, take }`; `take` above 100 is capped at 100 (not refused). Absent → skip 0, take 25. */
export const page = z
  .object({
    skip: int.pipe(z.int().nonnegative()).optional(),
    take: int.pipe(z.int().positive()).optional(),
  })
  .nullish()
  .transform((p) => ({ skip: p?.skip ?? 0, take: Math.min(p?.take ?? DEFAULT_TAKE, MAX_TAKE) }));

export function localTime(zone: string) {
  return z.string().transform((text, ctx) => {
    const parsed = parseLocalTime(text, zone);
    if (!parsed) {
      ctx.addIssue({ code: 'custom', message: 'expected a local time YYYY-MM-DDTHH:mm:ss without offset' });
      return z.NEVER;
    }
    return parsed;
  });
}

export const date = z.string().refine(isDate, 'expected a date YYYY-MM-DD');
/** Digits only, as Lime stores phones. */
export const phone = z.string().regex(/^\d{10,15}$/, 'expected digits only, e.g. 79991234567');
export const email = z
  .string()
  .max(254)
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'expected an e-mail address');
export const name = z.string().trim().min(1).max(100);

export type Style = 'observed' | 'assumed';

function issuesOf(error: z.ZodError): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? `$.${issue.path.join('.')}` : '$';
    errors[key] = [...(errors[key] ?? []), issue.message];
  }
  return errors;
}

/** Parses or refuses: observed endpoints with 400 problem details, assumed ones with 422. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, style: Style): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = issuesOf(result.error);
  if (style === 'observed') throw new Refusal(problem(errors));
  const details = Object.entries(errors).map(([field, messages]) => ({
    field,
    message: messages.join('; '),
  }));
  const message = details.map((d) => `${d.field}: ${d.message}`).join('; ');
  throw new Refusal(limeError(422, 'validation_failed', message, { details }));
}
