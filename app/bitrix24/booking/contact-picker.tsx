'use client';

import { useState } from 'react';
import type { BookingWords } from '@/lib/i18n/booking-words';
import { fetchEmbedded } from '../_components/use-embed-session';
import { Button, Field, TextInput } from '../settings/fields';
import type { ContactChoice } from './booking-draft';
import { useSearch } from './use-search';

/** A CRM contact as the booking API finds and creates them. */
interface FoundContact {
  id: string;
  name: string;
  phones: string[];
  emails: string[];
  limeClientId: number | null;
}

/** A phone kept as digits reads as an international number. */
const phoneText = (phone: string) => (/^\d{10,15}$/.test(phone) ? `+${phone}` : phone);

const choiceOf = (c: FoundContact): ContactChoice => ({
  id: c.id,
  name: c.name,
  phone: c.phones[0] ? phoneText(c.phones[0]) : null,
  limeClientId: c.limeClientId,
});

/**
 * The booking's contact: the one chosen (at first the deal's), a search of the CRM's contacts by
 * name or phone, or a new contact made in the CRM from a name and a phone or e-mail.
 */
export function ContactPicker({
  token,
  words,
  value,
  disabled,
  onPick,
}: {
  token: string;
  words: BookingWords;
  value: ContactChoice | null;
  disabled: boolean;
  onPick: (contact: ContactChoice) => void;
}) {
  const t = words.form;
  const [mode, setMode] = useState<'shown' | 'search' | 'new'>('shown');
  const [query, setQuery] = useState('');
  const [fresh, setFresh] = useState({ firstName: '', lastName: '', phone: '', email: '' });
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const search = useSearch<FoundContact>(
    token,
    (q) => `/api/embed/bookings/contacts?q=${encodeURIComponent(q)}`,
    (answer) => (answer as { contacts: FoundContact[] }).contacts,
    query,
    mode === 'search' && query.trim().length >= 2,
  );

  function pick(contact: ContactChoice) {
    onPick(contact);
    setMode('shown');
    setQuery('');
  }

  async function create() {
    setCreating(true);
    setError(null);
    try {
      const body = Object.fromEntries(Object.entries(fresh).filter(([, v]) => v.trim() !== ''));
      const { contact } = await fetchEmbedded<{ contact: FoundContact }>(
        '/api/embed/bookings/contacts',
        token,
        {
          method: 'POST',
          body,
        },
      );
      pick(choiceOf(contact));
      setFresh({ firstName: '', lastName: '', phone: '', email: '' });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setCreating(false);
    }
  }

  if (mode === 'shown') {
    return (
      <div className="flex flex-wrap items-center gap-2" data-testid="contact-picker">
        <span className="min-w-0 flex-1 text-sm" data-testid="contact-chosen">
          {value ? (
            <>
              <span className="text-fg">{value.name || t.contactNumber(value.id)}</span>
              {value.phone && <span className="ml-2 text-description">{value.phone}</span>}
            </>
          ) : (
            <span className="text-description">{t.contactNone}</span>
          )}
        </span>
        <Button
          tone="plain"
          disabled={disabled}
          onClick={() => setMode('search')}
          data-testid="contact-change"
        >
          {value ? t.contactChange : t.contactPick}
        </Button>
      </div>
    );
  }

  if (mode === 'new') {
    return (
      <div className="space-y-2 rounded-sm border border-stroke p-3" data-testid="contact-new">
        <div className="grid gap-2 sm:grid-cols-2">
          {(['firstName', 'lastName', 'phone', 'email'] as const).map((key) => (
            <Field key={key} label={t[key]}>
              <TextInput
                name={`contact.${key}`}
                type={key === 'email' ? 'email' : key === 'phone' ? 'tel' : 'text'}
                value={fresh[key]}
                disabled={creating}
                onChange={(e) => setFresh({ ...fresh, [key]: e.target.value })}
              />
            </Field>
          ))}
        </div>
        {error && (
          <p className="rounded-sm bg-soft-red px-3 py-2 text-sm text-fg" role="alert">
            {error}
          </p>
        )}
        <div className="flex flex-wrap gap-2">
          <Button
            tone="secondary"
            busy={creating}
            disabled={fresh.firstName.trim() === ''}
            onClick={create}
            data-testid="contact-create"
          >
            {t.createContact}
          </Button>
          <Button tone="plain" disabled={creating} onClick={() => setMode('search')}>
            {t.back}
          </Button>
        </div>
      </div>
    );
  }

  return (
    <div className="space-y-2" data-testid="contact-picker">
      <TextInput
        type="search"
        value={query}
        autoFocus
        placeholder={t.contactSearch}
        aria-label={t.contactSearch}
        data-testid="contact-search"
        onChange={(e) => setQuery(e.target.value)}
      />
      {query.trim().length >= 2 && (
        <ul className="divide-y divide-divider rounded-sm border border-stroke" data-testid="contact-results">
          {search.error && <li className="px-3 py-2 text-sm text-danger">{search.error}</li>}
          {!search.error && search.results.length === 0 && (
            <li className="px-3 py-2 text-sm text-description">{search.searching ? '…' : t.contactEmpty}</li>
          )}
          {search.results.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="flex w-full flex-wrap items-baseline gap-x-3 px-3 py-1.5 text-left text-sm hover:bg-selection"
                data-testid="contact-option"
                onClick={() => pick(choiceOf(c))}
              >
                <span className="text-fg">{c.name}</span>
                <span className="text-description">
                  {[...c.phones.map(phoneText), ...c.emails].slice(0, 2).join(', ')}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="flex flex-wrap gap-2">
        <Button tone="secondary" onClick={() => setMode('new')} data-testid="contact-new-open">
          {t.contactNew}
        </Button>
        <Button tone="plain" onClick={() => setMode('shown')}>
          {words.resources.cancel}
        </Button>
      </div>
    </div>
  );
}
