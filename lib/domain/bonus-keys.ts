/**
 * Bonus credits' idempotency keys and birthday dates (issue 8). A key names the occasion, never the
 * attempt: every try of one occasion — a double click, a resent form, a retried job, a second
 * worker — carries the same key, which is unique per tenant in the database and sent to Lime as its
 * Idempotency-Key, so the bonus lands once. Pure: no I/O.
 *
 * - manual, from a card: `manual:contact:<contact>:<request>` (or `manual:client:<client>:<request>`
 *   without a contact), where the request id is a UUID the form makes once per opening;
 * - a mass run: `mass:<run>:<client>`;
 * - birthdays: `birthday:client:<client>:<year>`, and `birthday:child:<child>:<year>` for a child's
 *   birthday credited to the child's parent (a birthday campaign's bonus has the same key: one
 *   birthday, one bonus);
 * - a campaign's bonus with a send: `campaign:<campaign>:<client>:<occasion>`;
 * - a Bitrix24 robot or workflow action reaching our handler: `robot:<workflow>:<token digest>`. Its
 *   event token (`<workflow>|<activity>|<random>.<signature>`) is made once per run of the action —
 *   a loop running it again gets a new one — and comes back unchanged when the same POST is sent
 *   again, so a digest of it (computed by the caller: this module does no hashing) names the run.
 */

export const bonusKeys = {
  manualForContact: (contactId: string, requestId: string) => `manual:contact:${contactId}:${requestId}`,
  manualForClient: (clientId: number, requestId: string) => `manual:client:${clientId}:${requestId}`,
  /** Every key of one run starts with this (the database builds them from it in one statement). */
  massPrefix: (runId: string) => `mass:${runId}:`,
  mass: (runId: string, clientId: number) => `${bonusKeys.massPrefix(runId)}${clientId}`,
  birthday: (clientId: number, year: number) => `birthday:client:${clientId}:${year}`,
  childBirthday: (childId: number, year: number) => `birthday:child:${childId}:${year}`,
  robotRun: (workflowId: string, tokenDigest: string) => `robot:${workflowId}:${tokenDigest}`,
  /** A campaign's bonus with one send (a campaign mails a person once per occasion). */
  campaignSend: (campaignId: string, clientId: number, occasion: string) =>
    `campaign:${campaignId}:${clientId}:${occasion}`,
} as const;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function parts(date: string): { year: number; month: number; day: number } {
  const match = DATE.exec(date);
  if (!match) throw new RangeError(`"${date}" is not a date (YYYY-MM-DD)`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
    throw new RangeError(`"${date}" is not a date of the calendar`);
  }
  return { year, month, day };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const format = (year: number, month: number, day: number) => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

/**
 * The day a birthday is celebrated (and credited) in `year`: the same month and day, except that
 * someone born on 29 February celebrates on 28 February in years without one.
 */
export function birthdayInYear(birthDate: string, year: number): string {
  const { month, day } = parts(birthDate);
  if (month === 2 && day === 29 && !isLeapYear(year)) return format(year, 2, 28);
  return format(year, month, day);
}

/** Whole years of age on `day`, a birthday counting from the day birthdayInYear names. */
export function ageOn(birthDate: string, day: string): number {
  const born = parts(birthDate);
  const today = parts(day);
  const age = today.year - born.year;
  return day < birthdayInYear(birthDate, today.year) ? age - 1 : age;
}

/**
 * `day` moved `years` back by the same rule: the 28 February of a year without a 29th stands for the
 * 29th in a leap year (whoever was born on it has their birthday that day), and a 29 February
 * becomes the 28th in a year without one.
 */
export function yearsBefore(day: string, years: number): string {
  const { year, month, day: d } = parts(day);
  const target = year - years;
  if (month === 2 && d === 28 && !isLeapYear(year) && isLeapYear(target)) return format(target, 2, 29);
  if (month === 2 && d === 29 && !isLeapYear(target)) return format(target, 2, 28);
  return format(target, month, d);
}

/**
 * The birth dates of people aged `from` to `to` (whole years, both included) on `day`, as a range:
 * born after `bornAfter` and on or before `bornOnOrBefore` — what an index on the birth date answers.
 * Agrees with ageOn for every birth date, 29 February included.
 */
export function birthDatesForAges(
  day: string,
  from: number,
  to: number,
): { bornAfter: string; bornOnOrBefore: string } {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from) {
    throw new RangeError(`Ages ${from} to ${to} are not a range of whole years`);
  }
  return { bornAfter: yearsBefore(day, to + 1), bornOnOrBefore: yearsBefore(day, from) };
}
