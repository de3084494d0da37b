import { z } from 'zod';
import { MoneyFormatError, rublesToKopecks } from '@/lib/domain/money';

/**
 * What Lime sends, as zod schemas (docs/lime-api.md). Every reply is checked against one of these
 * before anything reads it: a wrong shape is a LimeProtocolError, never a crash or a silent default.
 * Shapes stay on the wire's side: times remain offset-less strings (parse.ts reads them in the
 * venue's zone), ids are integers (Lime also writes them as digit strings), rubles become kopecks
 * here because that needs no context.
 */

/** Ids and counts: integers, also accepted as digit strings ("2"), as Lime accepts them. */
export const wireInt = z.union([
  z.int(),
  z
    .string()
    .regex(/^-?\d{1,15}$/, 'expected an integer')
    .transform(Number),
]);

/** Integer kopecks (rights' amounts and every assumed operation). */
export const wireKopecks = wireInt;

/** Decimal rubles (GoodTypes basePrice), converted to integer kopecks exactly. */
export const wireRubles = z.union([z.number(), z.string()]).transform((value, ctx) => {
  try {
    return rublesToKopecks(value);
  } catch (error) {
    if (!(error instanceof MoneyFormatError)) throw error;
    ctx.addIssue({ code: 'custom', message: 'expected an amount of rubles' });
    return z.NEVER;
  }
});

/**
 * Lime's times: `YYYY-MM-DDTHH:mm:ss`, optionally with up to 7 fraction digits (.NET ticks).
 * An explicit offset (`Z`, `+03:00`) is tolerated and honoured; parse.ts does the reading.
 */
export const LIME_TIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:?\d{2})?$/;
export const wireTime = z.string().regex(LIME_TIME_PATTERN, 'expected a time YYYY-MM-DDTHH:mm:ss');

/** Dates `YYYY-MM-DD` (a .NET DateTime at midnight, `…T00:00:00`, is read as its date). */
export const LIME_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:T00:00(?::00(?:\.0{1,7})?)?)?$/;
export const wireDate = z.string().regex(LIME_DATE_PATTERN, 'expected a date YYYY-MM-DD');

const text = z.string();
const optionalText = z.string().nullish();

/** `{ "data": [...] }`, the reply of every Select. */
export function dataPage<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item) });
}

// --- Authentication (/connect/token) ---

export const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).nullish(),
  expires_in: z.number().positive(),
  token_type: z.string().nullish(),
});

export const tokenErrorSchema = z.object({
  error: z.string(),
  error_description: z.string().nullish(),
});

/** The error envelope of the assumed operations. */
export const errorBodySchema = z.object({
  error: z.object({ code: z.string().min(1), message: z.string().nullish() }),
});

// --- Installation, cash desk ---

export const installationSchema = z.object({
  id: wireInt,
  name: optionalText,
  timeZone: optionalText,
});

export const cashdeskSchema = z.object({
  id: wireInt,
  name: optionalText,
  installationId: wireInt.nullish(),
});

// --- Goods ---

export const goodTypeSchema = z.object({
  id: wireInt,
  name: text,
  basePrice: wireRubles,
  categoryId: wireInt.nullish(),
  /** Absent means Lime did not say the good is inactive. */
  isActive: z.boolean().nullish(),
});
export type WireGoodType = z.output<typeof goodTypeSchema>;

export const goodCategorySchema = z.object({ id: wireInt, name: text });

export const goodsAndCategoriesSchema = z.object({
  goodTypes: z.array(goodTypeSchema).nullish(),
  categories: z.array(goodCategorySchema),
});

// --- Clients ---

export const cardSchema = z.object({
  id: wireInt,
  uid: text,
  categoryId: wireInt.nullish(),
});

export const relatedClientSchema = z.object({
  id: wireInt,
  firstName: optionalText,
  lastName: optionalText,
  birthDate: wireDate.nullish(),
  categoryId: wireInt.nullish(),
});

export const relationSchema = z.object({
  id: wireInt,
  relationTypeId: wireInt,
  client: relatedClientSchema,
});

export const clientSchema = z.object({
  id: wireInt,
  firstName: optionalText,
  lastName: optionalText,
  middleName: optionalText,
  displayName: optionalText,
  phoneNumber: optionalText,
  email: optionalText,
  birthDate: wireDate.nullish(),
  categoryId: wireInt.nullish(),
  cards: z.array(cardSchema).nullish(),
  relations: z.array(relationSchema).nullish(),
  version: wireInt,
  updatedAt: wireTime,
  lastVisitAt: wireTime.nullish(),
});
export type WireClient = z.output<typeof clientSchema>;

/** `GetClientInfoByEmail`: a list of `{ userData }` (empty, null or 204 when none). */
export const clientInfoListSchema = z.array(z.object({ userData: clientSchema.nullable() })).nullable();
/** `GetClientInfoByCardUid`: `{ userData }`, null or 204. */
export const clientInfoSchema = z.object({ userData: clientSchema.nullable() }).nullable();

/** `ClientManagement/Insert` answers the new id as a bare number (an `{ id }` object is tolerated). */
export const insertedIdSchema = z.union([wireInt, z.object({ id: wireInt }).transform((value) => value.id)]);

export const clientCategorySchema = z.object({ id: wireInt, name: optionalText, kind: optionalText });
export const relationTypeSchema = z.object({ id: wireInt, name: text });

// --- Balances (rights) ---

export const rightSchema = z.object({
  id: wireInt.nullish(),
  goodTypeId: wireInt,
  goodTypeName: optionalText,
  amount: wireKopecks,
  from: wireTime.nullish(),
  to: wireTime.nullish(),
});
export type WireRight = z.output<typeof rightSchema>;

export const rightsSchema = z.array(z.object({ right: rightSchema })).nullable();

export const cardInfoSchema = z
  .object({
    card: z.object({ id: wireInt, uid: optionalText, userId: wireInt.nullish() }).nullish(),
    rights: z.array(z.object({ right: rightSchema })).nullish(),
  })
  .nullable();

// --- Transactions ---

export const transactionTypeSchema = z.enum(['purchase', 'deposit_topup', 'pass', 'bonus_accrual', 'refund']);

export const transactionSchema = z.object({
  id: wireInt,
  type: transactionTypeSchema,
  time: wireTime,
  clientId: wireInt.nullish(),
  cardUid: optionalText,
  checkId: wireInt.nullish(),
  entries: z
    .array(
      z.object({
        goodTypeId: wireInt,
        goodTypeName: optionalText,
        count: z.number().nonnegative(),
        price: wireKopecks,
        total: wireKopecks,
      }),
    )
    .nullish(),
  total: wireKopecks,
  servicePoint: z
    .object({
      id: wireInt,
      name: text,
      kind: z.enum(['turnstile', 'validator', 'mobile_operator', 'cashdesk']),
    })
    .nullish(),
  writeOff: z
    .object({
      kind: z.enum(['ticket', 'deposit']),
      goodTypeId: wireInt.nullish(),
      amount: wireKopecks,
    })
    .nullish(),
  preorderId: wireInt.nullish(),
});
export type WireTransaction = z.output<typeof transactionSchema>;

// --- Pre-orders ---

export const externalRefSchema = z.object({
  system: text,
  entityType: text,
  id: z.union([z.string(), z.int().transform(String)]),
});

export const preorderSchema = z.object({
  id: wireInt,
  number: z.union([z.string(), z.int().transform(String)]),
  status: z.enum(['new', 'confirmed', 'paid', 'completed', 'cancelled']),
  clientId: wireInt.nullish(),
  eventTime: wireTime,
  comment: optionalText,
  items: z.array(
    z.object({
      goodTypeId: wireInt,
      goodTypeName: optionalText,
      count: z.number().nonnegative(),
      price: wireKopecks,
      total: wireKopecks,
    }),
  ),
  total: wireKopecks,
  externalRef: externalRefSchema.nullish(),
  version: wireInt,
  updatedAt: wireTime,
});
export type WirePreorder = z.output<typeof preorderSchema>;

// --- Bonus accruals ---

export const bonusAccrualSchema = z.object({
  id: wireInt,
  status: text,
  clientId: wireInt,
  amount: wireKopecks,
  balanceAfter: wireKopecks,
  time: wireTime,
});
export type WireBonusAccrual = z.output<typeof bonusAccrualSchema>;

// --- Change feed and webhooks ---

export const eventEnvelopeSchema = z.object({
  id: wireInt,
  seq: wireInt,
  type: text,
  time: wireTime,
  origin: z.object({
    source: z.enum(['lime', 'integration']),
    integration: optionalText,
  }),
  data: z.unknown(),
});

export const relationEventDataSchema = z.object({
  clientId: wireInt,
  childClientId: wireInt,
  relationId: wireInt,
  relationTypeId: wireInt.nullish(),
});

export const deletedGoodSchema = z.object({ id: wireInt });

export const eventsPageSchema = z.object({
  data: z.array(z.unknown()),
  lastId: wireInt,
  hasMore: z.boolean(),
});

export const webhookInsertedSchema = z.object({ id: wireInt });
