import { z } from 'zod';

/** A tenant's Lime connection (DESIGN.md "Lime's API"): where, how to authenticate, and which ids. */
export const limeAuthSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('token'), token: z.string().min(8) }),
  z.object({ mode: z.literal('password'), login: z.string().min(1), password: z.string().min(1) }),
]);
export type LimeAuth = z.infer<typeof limeAuthSchema>;

export const limeConnectionSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }).transform((u) => u.replace(/\/+$/, '')),
  auth: limeAuthSchema,
  installationId: z.coerce.number().int().positive(),
  cashdeskId: z.coerce.number().int().positive(),
  processingId: z.coerce.number().int().positive().nullable().default(null),
  apiUserId: z.coerce.number().int().positive().nullable().default(null),
  depositGoodTypeId: z.coerce.number().int().positive().nullable().default(null),
  bonusGoodTypeId: z.coerce.number().int().positive().nullable().default(null),
  /** The venue's IANA zone: Lime's times carry no offset and are read in it. */
  timeZone: z
    .string()
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Europe/Moscow')
    .default('Europe/Moscow'),
  /** An admin-confirmed "allow plain http" for an on-premise Lime (never for private addresses). */
  allowHttp: z.boolean().default(false),
});
export type LimeConnection = z.infer<typeof limeConnectionSchema>;
