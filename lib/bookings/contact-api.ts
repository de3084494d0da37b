import { z } from 'zod';
import type { Db } from '@/db/client';
import { getBooking } from '@/db/queries/bookings';
import { findLinksByCrm } from '@/db/queries/links';
import type { EmbedClaims } from '@/lib/auth/embed-token';
import type { CrmContact } from '@/lib/crm/crm-port';
import { normalizePhone } from '@/lib/domain/phone';
import { InvalidRequestError, NotFoundError, ServiceUnavailableError } from '@/lib/http/errors';
import { type BookingErrorWords, bookingErrorWords } from '@/lib/i18n/booking-errors';
import { type CrmCallDeps, crmOf, viaCrm as viaAnyCrm } from '@/lib/sync/crm-call';
import { type BookingDraft, type BookingEdit, draftSchema } from './booking-service';
import { dealOf } from './deal-of';
import { BookingStateError } from './errors';

/**
 * The booking's client from the deal card (issue 7): search the CRM's contacts by name or phone,
 * create one, attach one. Attaching makes the contact the deal's main contact in the CRM first,
 * then the booking records it with its Lime client — found here, never taken from the page: the
 * identity map (links: the contact we made for a Lime client), else the Lime id field on the
 * contact. Everything is the embed token's tenant and deal; a contact id the tenant's CRM does not
 * have is "not found", whatever another account holds.
 */

/** How to reach the tenant's CRM: a port given (tests, jobs), else the app's CRM credentials. */
export type ContactApiDeps = CrmCallDeps;

export interface ContactOption {
  id: string;
  name: string;
  phones: string[];
  emails: string[];
  limeClientId: number | null;
}

const SEARCH_LIMIT = 20;
const crmContactId = z.string().regex(/^\d{1,18}$/);

/** The create draft as the page may send it: the Lime client is ours to find. */
export const publicDraftSchema = draftSchema.omit({ limeClientId: true }).extend({
  contactId: crmContactId.nullable().default(null),
});
export const contactEditSchema = z.object({
  action: z.literal('contact'),
  contactId: crmContactId.nullable(),
});

type PublicDraft = z.infer<typeof publicDraftSchema>;
type PublicEdit =
  | { action: 'contact'; contactId: string | null }
  | Exclude<BookingEdit, { action: 'contact' }>;
export type PublicBookingRequest =
  | { action: 'create'; draft: PublicDraft }
  | { action: 'edit'; bookingId: string; version: number; edit: PublicEdit };
export type BookingRequest =
  | { action: 'create'; draft: BookingDraft }
  | { action: 'edit'; bookingId: string; version: number; edit: BookingEdit };

const optional = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
    z.string().trim().max(max).nullish(),
  );
const newContactSchema = z.object({
  firstName: z.string().trim().min(1).max(100),
  lastName: optional(100),
  phone: optional(40),
  email: optional(200),
});

/** A CRM call in words a manager reads: a missing deal or contact, or a CRM that did not answer. */
const viaCrm = <T>(words: BookingErrorWords, call: () => Promise<T>): Promise<T> =>
  viaAnyCrm(
    { dealGone: words.dealGone, contactGone: words.contactNotFound, crmFailed: words.crmFailed },
    call,
  );

const limeIdOf = (value: string | null | undefined): number | null =>
  value && /^\d{1,15}$/.test(value) && Number(value) > 0 ? Number(value) : null;

/** Contacts as the page shows them, each with its Lime client (the links table first, then the contact's field). */
async function optionsOf(db: Db, tenantId: string, contacts: CrmContact[]): Promise<ContactOption[]> {
  const links = await findLinksByCrm(db, {
    tenantId,
    crmEntity: 'contact',
    crmIds: contacts.map((c) => c.id),
  });
  return contacts.map((c) => {
    const link = links.get(c.id);
    return {
      id: c.id,
      name: [c.firstName, c.lastName].filter(Boolean).join(' '),
      phones: c.phones,
      emails: c.emails,
      limeClientId: (link?.limeType === 'client' ? limeIdOf(link.limeId) : null) ?? limeIdOf(c.limeClientId),
    };
  });
}

/** GET /api/embed/bookings/contacts?q= — a name's part or a phone, at least 2 characters. */
export async function contactsForClaims(
  deps: ContactApiDeps,
  claims: EmbedClaims,
  query: URLSearchParams,
): Promise<{ contacts: ContactOption[] }> {
  dealOf(claims);
  const words = bookingErrorWords(claims.locale);
  const q = (query.get('q') ?? '').trim();
  if (q.length < 2 || q.length > 100) throw new InvalidRequestError(words.contactQuery);
  const crm = await crmOf(deps, claims.tenantId);
  const found = await viaCrm(words, () => crm.searchContacts(q, SEARCH_LIMIT));
  return { contacts: await optionsOf(deps.database.db, claims.tenantId, found) };
}

/** POST /api/embed/bookings/contacts — a new CRM contact (phone as MOBILE, e-mail as HOME). */
export async function createContactForClaims(
  deps: ContactApiDeps,
  claims: EmbedClaims,
  body: unknown,
): Promise<{ contact: ContactOption }> {
  dealOf(claims);
  const words = bookingErrorWords(claims.locale);
  const parsed = newContactSchema.safeParse(body);
  if (!parsed.success) throw new InvalidRequestError(words.contactForm);
  const { firstName, lastName, phone: typed, email } = parsed.data;
  const phone = typed ? normalizePhone(typed) : null;
  if (typed && !phone) throw new InvalidRequestError(words.contactPhone);
  if (email && !z.email().safeParse(email).success) throw new InvalidRequestError(words.contactEmail);
  const crm = await crmOf(deps, claims.tenantId);
  const [made] = await viaCrm(words, () =>
    crm.upsertContacts([
      {
        id: null,
        input: {
          firstName,
          lastName: lastName ?? null,
          phone,
          email: email ?? null,
          birthDate: null,
          lime: null,
          responsibleUserId: null,
        },
      },
    ]),
  );
  const read = made ? await viaCrm(words, () => crm.getContacts([made.id])) : [];
  const [contact] = await optionsOf(deps.database.db, claims.tenantId, read);
  if (!contact) throw new ServiceUnavailableError(words.crmFailed);
  return { contact };
}

/** The contact's Lime client; a contact the tenant's CRM does not have is "not found". Reads only. */
async function limeClientOfContact(
  deps: ContactApiDeps,
  claims: EmbedClaims,
  contactId: string,
): Promise<number | null> {
  const words = bookingErrorWords(claims.locale);
  const crm = await crmOf(deps, claims.tenantId);
  const found = await viaCrm(words, () => crm.getContacts([contactId]));
  const [option] = await optionsOf(deps.database.db, claims.tenantId, found);
  if (!option) throw new NotFoundError(words.contactNotFound);
  return option.limeClientId;
}

/** The contact as the deal's main contact in the CRM; null takes the main contact off the deal. */
async function setDealContact(
  deps: ContactApiDeps,
  claims: EmbedClaims,
  dealId: string,
  contactId: string | null,
): Promise<void> {
  const crm = await crmOf(deps, claims.tenantId);
  await viaCrm(bookingErrorWords(claims.locale), () => crm.updateDeal(dealId, { contactId }));
}

/**
 * The page's request with the contact resolved. A contact edit attaches the contact to the deal in
 * the CRM only once its booking is this deal's and the version is the one the page saw; a create
 * only reads the contact here and leaves `linkDeal` to run after the database took the booking, so
 * a refused booking (a conflict) changes nothing in the CRM.
 */
export async function resolveBookingContact(
  deps: ContactApiDeps,
  claims: EmbedClaims,
  request: PublicBookingRequest,
): Promise<BookingRequest & { linkDeal?: () => Promise<void> }> {
  const dealId = dealOf(claims);
  if (request.action === 'create') {
    const { contactId, ...draft } = request.draft;
    const limeClientId = contactId ? await limeClientOfContact(deps, claims, contactId) : null;
    return {
      action: 'create',
      draft: { ...draft, contactId, limeClientId },
      ...(contactId ? { linkDeal: () => setDealContact(deps, claims, dealId, contactId) } : {}),
    };
  }
  const { edit } = request;
  if (edit.action !== 'contact') return { ...request, edit };
  const words = bookingErrorWords(claims.locale);
  const booking = await getBooking(deps.database.db, { tenantId: claims.tenantId, id: request.bookingId });
  if (!booking || booking.crmDealId !== dealId) throw new NotFoundError(words.notFound);
  if (booking.version !== request.version) throw new BookingStateError(words.staleVersion);
  if (booking.status === 'cancelled') throw new BookingStateError(words.cancelled);
  const limeClientId =
    edit.contactId === null ? null : await limeClientOfContact(deps, claims, edit.contactId);
  await setDealContact(deps, claims, dealId, edit.contactId);
  return { ...request, edit: { action: 'contact', contactId: edit.contactId, limeClientId } };
}
