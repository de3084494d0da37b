import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ClientCardView } from '@/app/bitrix24/contact/client-card-view';
import type { ClientCard } from '@/lib/sync/client-card';

/** The card as a manager reads it: money from kopecks, dates in the host's language. */

const card: ClientCard = {
  contact: { id: '42', name: 'Анна Петрова' },
  client: {
    id: 7,
    name: 'Анна Петрова',
    phone: '79991234567',
    email: 'anna@example.ru',
    birthDate: '1990-05-17',
    category: 'adult',
    cards: ['1EBB82CC'],
    lastVisitAt: '2026-11-20T10:00:00.000Z',
    children: [{ id: 8, name: 'Маша Петрова', birthDate: '2018-02-28', relation: 'Дочь' }],
    balances: { deposit: 10_000, bonus: 1_700, bonusExpiresAt: '2026-12-31T00:00:00.000Z' },
    transactions: [
      {
        id: 1,
        type: 'purchase',
        occurredAt: '2026-11-20T10:00:00.000Z',
        total: 125_050,
        lines: [{ name: 'Билет «3 часа»', quantity: 2, total: 100_000 }],
        servicePoint: null,
      },
    ],
  },
};

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

describe('the Lime card', () => {
  it('shows a deposit right of 10000 and a bonus right of 1700 kopecks as 100 ₽ and 17 ₽, with the expiry date', () => {
    const ru = text(renderToStaticMarkup(<ClientCardView card={card} locale="ru" />));
    expect(ru).toMatch(/Депозит 100\s₽/);
    expect(ru).toMatch(/Бонусы 17\s₽ сгорают 31 дек\. 2026 г\./);
    expect(ru).toMatch(/1\s250,50\s₽/);
    expect(ru).toContain('Маша Петрова');
    const en = text(renderToStaticMarkup(<ClientCardView card={card} locale="en" />));
    expect(en).toMatch(/Deposit ₽100 Bonuses ₽17/);
    expect(en).toMatch(/expire 31 Dec 2026/);
  });

  it('says when the contact is not a Lime client', () => {
    const html = renderToStaticMarkup(
      <ClientCardView card={{ contact: card.contact, client: null }} locale="ru" />,
    );
    expect(text(html)).toContain('В Лайме нет такого клиента');
  });
});
