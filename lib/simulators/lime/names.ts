import type { Prng } from './prng';

/** Russian names for the simulated park (fictional people; phones 7999…, e-mails on test domains). */

/** Male first names with the patronymics they give: [name, son's, daughter's]. */
const MALE: readonly (readonly [string, string, string])[] = [
  ['Александр', 'Александрович', 'Александровна'],
  ['Алексей', 'Алексеевич', 'Алексеевна'],
  ['Андрей', 'Андреевич', 'Андреевна'],
  ['Антон', 'Антонович', 'Антоновна'],
  ['Артём', 'Артёмович', 'Артёмовна'],
  ['Владимир', 'Владимирович', 'Владимировна'],
  ['Дмитрий', 'Дмитриевич', 'Дмитриевна'],
  ['Евгений', 'Евгеньевич', 'Евгеньевна'],
  ['Иван', 'Иванович', 'Ивановна'],
  ['Игорь', 'Игоревич', 'Игоревна'],
  ['Илья', 'Ильич', 'Ильинична'],
  ['Кирилл', 'Кириллович', 'Кирилловна'],
  ['Максим', 'Максимович', 'Максимовна'],
  ['Михаил', 'Михайлович', 'Михайловна'],
  ['Никита', 'Никитич', 'Никитична'],
  ['Николай', 'Николаевич', 'Николаевна'],
  ['Олег', 'Олегович', 'Олеговна'],
  ['Павел', 'Павлович', 'Павловна'],
  ['Роман', 'Романович', 'Романовна'],
  ['Сергей', 'Сергеевич', 'Сергеевна'],
  ['Юрий', 'Юрьевич', 'Юрьевна'],
];

const FEMALE: readonly string[] = [
  'Анна',
  'Алина',
  'Анастасия',
  'Валерия',
  'Вера',
  'Дарья',
  'Евгения',
  'Екатерина',
  'Елена',
  'Ирина',
  'Ксения',
  'Любовь',
  'Марина',
  'Мария',
  'Наталья',
  'Ольга',
  'Полина',
  'Светлана',
  'Татьяна',
  'Юлия',
];

const BOYS: readonly string[] = [
  'Артём',
  'Богдан',
  'Даниил',
  'Егор',
  'Иван',
  'Лев',
  'Марк',
  'Матвей',
  'Максим',
  'Миша',
  'Тимофей',
  'Фёдор',
];
const GIRLS: readonly string[] = [
  'Алиса',
  'Анна',
  'Варвара',
  'Василиса',
  'Вероника',
  'Ева',
  'Мария',
  'Милана',
  'Полина',
  'София',
  'Таисия',
];

/** Surnames: [male, female]. */
const SURNAMES: readonly (readonly [string, string])[] = [
  ['Иванов', 'Иванова'],
  ['Смирнов', 'Смирнова'],
  ['Кузнецов', 'Кузнецова'],
  ['Попов', 'Попова'],
  ['Васильев', 'Васильева'],
  ['Петров', 'Петрова'],
  ['Соколов', 'Соколова'],
  ['Михайлов', 'Михайлова'],
  ['Новиков', 'Новикова'],
  ['Фёдоров', 'Фёдорова'],
  ['Морозов', 'Морозова'],
  ['Волков', 'Волкова'],
  ['Алексеев', 'Алексеева'],
  ['Лебедев', 'Лебедева'],
  ['Семёнов', 'Семёнова'],
  ['Егоров', 'Егорова'],
  ['Павлов', 'Павлова'],
  ['Козлов', 'Козлова'],
  ['Степанов', 'Степанова'],
  ['Николаев', 'Николаева'],
  ['Орлов', 'Орлова'],
  ['Андреев', 'Андреева'],
  ['Макаров', 'Макарова'],
  ['Никитин', 'Никитина'],
  ['Захаров', 'Захарова'],
  ['Зайцев', 'Зайцева'],
  ['Соловьёв', 'Соловьёва'],
  ['Борисов', 'Борисова'],
  ['Яковлев', 'Яковлева'],
  ['Григорьев', 'Григорьева'],
  ['Романов', 'Романова'],
  ['Воробьёв', 'Воробьёва'],
  ['Сергеев', 'Сергеева'],
  ['Фролов', 'Фролова'],
  ['Королёв', 'Королёва'],
  ['Гусев', 'Гусева'],
  ['Киселёв', 'Киселёва'],
  ['Ильин', 'Ильина'],
  ['Максимов', 'Максимова'],
  ['Поляков', 'Полякова'],
  ['Сорокин', 'Сорокина'],
  ['Виноградов', 'Виноградова'],
  ['Белов', 'Белова'],
  ['Медведев', 'Медведева'],
  ['Антонов', 'Антонова'],
  ['Тарасов', 'Тарасова'],
  ['Жуков', 'Жукова'],
  ['Баранов', 'Баранова'],
  ['Комаров', 'Комарова'],
  ['Титов', 'Титова'],
  ['Крылов', 'Крылова'],
  ['Мельников', 'Мельникова'],
];

const EMAIL_DOMAINS: readonly string[] = ['example.ru', 'example.com', 'example.org', 'kidburg.test'];

const TRANSLIT: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

export function translit(text: string): string {
  return [...text.toLowerCase()].map((ch) => TRANSLIT[ch] ?? (/[a-z0-9]/.test(ch) ? ch : '')).join('');
}

export interface PersonName {
  firstName: string;
  lastName: string;
  middleName: string | null;
  male: boolean;
}

/** An adult: ~60% women (they bring the children), with a patronymic. */
export function adultName(prng: Prng): PersonName & { surnameIndex: number } {
  const male = prng.chance(0.4);
  const surnameIndex = prng.int(0, SURNAMES.length - 1);
  const surname = SURNAMES[surnameIndex] as readonly [string, string];
  const father = prng.pick(MALE);
  return {
    male,
    surnameIndex,
    firstName: male ? prng.pick(MALE)[0] : prng.pick(FEMALE),
    lastName: male ? surname[0] : surname[1],
    middleName: male ? father[1] : father[2],
  };
}

/** A child of a family with the given surname; the patronymic comes from a (random) father. */
export function childName(prng: Prng, surnameIndex: number, fatherName?: string): PersonName {
  const male = prng.chance(0.5);
  const surname = SURNAMES[surnameIndex] ?? SURNAMES[0] ?? ['Иванов', 'Иванова'];
  const father = MALE.find(([name]) => name === fatherName) ?? prng.pick(MALE);
  return {
    male,
    firstName: male ? prng.pick(BOYS) : prng.pick(GIRLS),
    lastName: male ? surname[0] : surname[1],
    middleName: male ? father[1] : father[2],
  };
}

export function surnameIndexOf(lastName: string): number {
  const index = SURNAMES.findIndex(([m, f]) => m === lastName || f === lastName);
  return Math.max(index, 0);
}

export function emailFor(prng: Prng, name: PersonName, taken: (email: string) => boolean): string {
  for (;;) {
    const local = `${translit(name.firstName).slice(0, 1)}.${translit(name.lastName)}${prng.int(1, 999)}`;
    const email = `${local}@${prng.pick(EMAIL_DOMAINS)}`;
    if (!taken(email)) return email;
  }
}

/** A fictional mobile number in the reserved-looking 7999 range, digits only. */
export function phoneFor(prng: Prng, taken: (phone: string) => boolean): string {
  for (;;) {
    const phone = `7999${String(prng.int(0, 9_999_999)).padStart(7, '0')}`;
    if (!taken(phone)) return phone;
  }
}
