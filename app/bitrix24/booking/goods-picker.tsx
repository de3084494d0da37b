'use client';

import { useState } from 'react';
import type { GoodOption } from '@/lib/bookings/booking-api';
import { formatRubles, kopecks } from '@/lib/domain/money';
import type { BookingWords } from '@/lib/i18n/booking-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import { TextInput } from '../settings/fields';
import { type DraftItem, totalOf } from './booking-draft';
import { useSearch } from './use-search';

/**
 * Lime goods for the booking's order: a search over the park's goods (what is typed, or the first
 * ones), a click adds one (again: one more), quantities editable, the total in rubles.
 */
export function GoodsPicker({
  token,
  locale,
  words,
  items,
  disabled,
  onChange,
}: {
  token: string;
  locale: Locale;
  words: BookingWords;
  items: DraftItem[];
  disabled: boolean;
  onChange: (items: DraftItem[]) => void;
}) {
  const t = words.form;
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const { results, searching } = useSearch<GoodOption>(
    token,
    (q) => `/api/embed/bookings/goods?q=${encodeURIComponent(q)}`,
    (answer) => (answer as { goods: GoodOption[] }).goods,
    query,
    open,
  );
  const rub = (value: number) => formatRubles(kopecks(value), locale);

  function add(good: GoodOption) {
    const found = items.find((i) => i.goodId === good.id);
    onChange(
      found
        ? items.map((i) => (i.goodId === good.id ? { ...i, quantity: Math.min(1000, i.quantity + 1) } : i))
        : [...items, { goodId: good.id, name: good.name, price: good.priceKopecks, quantity: 1 }],
    );
  }

  return (
    <div className="space-y-2" data-testid="goods-picker">
      <div className="relative">
        <TextInput
          type="search"
          value={query}
          placeholder={t.goodsSearch}
          aria-label={t.goodsSearch}
          disabled={disabled}
          data-testid="goods-search"
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onChange={(e) => {
            setQuery(e.target.value);
            setOpen(true);
          }}
        />
        {open && !disabled && (
          // Over the form (closing it moves nothing under the pointer); pressing a result keeps the
          // focus in the search, so the list stays open for more.
          <ul
            className="absolute inset-x-0 top-full z-20 mt-1 max-h-56 overflow-y-auto rounded-sm border border-stroke bg-surface shadow-bottom-xl"
            data-testid="goods-results"
            onMouseDown={(e) => e.preventDefault()}
          >
            {results.length === 0 && (
              <li className="px-3 py-2 text-sm text-description">{searching ? '…' : t.goodsNone}</li>
            )}
            {results.map((good) => (
              <li key={good.id}>
                <button
                  type="button"
                  className="flex w-full items-baseline justify-between gap-3 px-3 py-1.5 text-left text-sm hover:bg-selection"
                  data-testid="goods-option"
                  onClick={() => add(good)}
                >
                  <span className="min-w-0 truncate text-fg">{good.name}</span>
                  <span className="shrink-0 text-description tabular-nums">{rub(good.priceKopecks)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
      {items.length > 0 && (
        <ul className="divide-y divide-divider rounded-sm border border-stroke" data-testid="goods-chosen">
          {items.map((item) => (
            <li key={item.goodId} className="flex flex-wrap items-center gap-2 px-3 py-1.5 text-sm">
              <span className="min-w-0 flex-1 text-fg">{item.name}</span>
              <input
                type="number"
                min={1}
                max={1000}
                value={item.quantity}
                disabled={disabled}
                aria-label={`${t.quantity}: ${item.name}`}
                className="w-16 rounded-sm border border-stroke bg-surface px-2 py-1 text-right text-sm text-fg"
                onChange={(e) => {
                  const quantity = Math.max(1, Math.min(1000, Math.floor(Number(e.target.value) || 1)));
                  onChange(items.map((i) => (i.goodId === item.goodId ? { ...i, quantity } : i)));
                }}
              />
              <span className="w-24 text-right text-description tabular-nums">
                {rub(item.price * item.quantity)}
              </span>
              <button
                type="button"
                className="rounded-sm px-1.5 text-description hover:text-danger disabled:opacity-50"
                aria-label={`${t.remove}: ${item.name}`}
                disabled={disabled}
                onClick={() => onChange(items.filter((i) => i.goodId !== item.goodId))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="flex justify-between text-sm">
        <span className="text-label">{t.total}</span>
        <span className="font-medium text-fg tabular-nums" data-testid="booking-total">
          {rub(totalOf(items))}
        </span>
      </p>
    </div>
  );
}
