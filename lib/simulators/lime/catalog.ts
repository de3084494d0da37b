import type {
  SimCashdesk,
  SimClientCategory,
  SimGood,
  SimGoodCategory,
  SimGoodKind,
  SimRelationType,
  SimServicePoint,
} from './types';

/** The fixed part of the park «Кидбург»: categories, goods, service points, reference lists. */

export const PROCESSING_ID = 3;
export const API_USER_ID = 158934;
export const DEPOSIT_GOOD_ID = 2;
export const BONUS_GOOD_ID = 3;
export const ADULT_CATEGORY_ID = 1;
export const CHILD_CATEGORY_ID = 2;
export const RELATION_CHILD = 3;
export const RELATION_GRANDCHILD = 4;
export const RELATION_NEPHEW = 5;
/** The physical cash desk where visitors pay (the online one is the connection's). */
export const FRONT_CASHDESK_ID = 11;

export function cashdesks(installationId: number, cashdeskId: number): SimCashdesk[] {
  const list: SimCashdesk[] = [{ id: cashdeskId, name: 'Онлайн-касса', installationId }];
  if (cashdeskId !== FRONT_CASHDESK_ID)
    list.push({ id: FRONT_CASHDESK_ID, name: 'Касса №1', installationId });
  return list;
}

export const GOOD_CATEGORIES: readonly SimGoodCategory[] = [
  { id: 5, name: 'Депозит' },
  { id: 6, name: 'Бонусы' },
  { id: 7, name: 'Билеты' },
  { id: 8, name: 'Услуги' },
  { id: 9, name: 'Дни рождения' },
  { id: 10, name: 'Кафе' },
];

const CATEGORY_OF: Record<SimGoodKind, number> = {
  deposit: 5,
  bonus: 6,
  ticket: 7,
  service: 8,
  birthday: 9,
  food: 10,
};

/** [id, name, price in rubles, kind, active]. */
const GOODS: readonly (readonly [number, string, number, SimGoodKind, boolean])[] = [
  [DEPOSIT_GOOD_ID, 'Депозит', 0, 'deposit', true],
  [BONUS_GOOD_ID, 'Бонусы', 0, 'bonus', true],
  [51, 'Билет «Безлимит» взрослый', 900, 'ticket', true],
  [52, 'Билет «1 час» детский', 500, 'ticket', true],
  [53, 'Билет «2 часа» детский', 800, 'ticket', true],
  [54, 'Билет «3 часа» детский', 1100, 'ticket', true],
  [55, 'Билет «Безлимит» детский', 1500, 'ticket', true],
  [56, 'Билет сопровождающего', 500, 'ticket', true],
  [57, 'Билет выходного дня детский', 1300, 'ticket', true],
  [58, 'Билет «Летний» детский', 700, 'ticket', false],
  [61, 'Аквагрим', 400, 'service', true],
  [62, 'Мастер-класс «Слайм»', 700, 'service', true],
  [63, 'Аниматор (1 час)', 3500, 'service', true],
  [64, 'Фотосессия', 2500, 'service', true],
  [65, 'Прокат носков', 150, 'service', true],
  [66, 'Шоу мыльных пузырей', 5000, 'service', true],
  [71, 'Пакет «День рождения Мини»', 15000, 'birthday', true],
  [72, 'Пакет «День рождения Стандарт»', 25000, 'birthday', true],
  [73, 'Пакет «День рождения Премиум»', 35000, 'birthday', true],
  [74, 'Пакет «День рождения VIP»', 45000, 'birthday', true],
  [75, 'Аренда зала «Космос» (2 часа)', 18000, 'birthday', true],
  [81, 'Пицца «Маргарита»', 490, 'food', true],
  [82, 'Картофель фри', 220, 'food', true],
  [83, 'Наггетсы', 290, 'food', true],
  [84, 'Морс клюквенный', 149.9, 'food', true],
  [85, 'Лимонад «Тархун»', 180, 'food', true],
  [86, 'Сок яблочный', 150, 'food', true],
  [87, 'Торт «Именинный» (1 кг)', 600, 'food', true],
  [88, 'Капучино', 190, 'food', true],
  [89, 'Детское комбо', 450, 'food', true],
  [90, 'Мороженое', 160, 'food', true],
];

export function initialGoods(): SimGood[] {
  return GOODS.map(([id, name, rubles, kind, isActive]) => ({
    id,
    name,
    price: Math.round(rubles * 100),
    categoryId: CATEGORY_OF[kind],
    kind,
    isActive,
    deleted: false,
  }));
}

export function categoryForKind(kind: SimGoodKind): number {
  return CATEGORY_OF[kind];
}

export const CLIENT_CATEGORIES: readonly SimClientCategory[] = [
  { id: ADULT_CATEGORY_ID, name: 'Взрослая', kind: 'adult' },
  { id: CHILD_CATEGORY_ID, name: 'Детская', kind: 'child' },
];

export const RELATION_TYPES: readonly SimRelationType[] = [
  { id: RELATION_CHILD, name: 'Ребёнок' },
  { id: RELATION_GRANDCHILD, name: 'Внук' },
  { id: RELATION_NEPHEW, name: 'Племянник' },
];

export const SERVICE_POINTS: readonly SimServicePoint[] = [
  { id: 1, name: 'Турникет «Вход»', kind: 'turnstile', depositPrice: 0 },
  { id: 2, name: 'Валидатор «Батут»', kind: 'validator', depositPrice: 30000 },
  { id: 3, name: 'Валидатор «Лабиринт»', kind: 'validator', depositPrice: 25000 },
  { id: 4, name: 'Мобильный оператор', kind: 'mobile_operator', depositPrice: 0 },
  { id: 5, name: 'Касса №1', kind: 'cashdesk', depositPrice: 0 },
];
