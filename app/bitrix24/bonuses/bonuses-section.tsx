'use client';

import { useState } from 'react';
import type { RunsPanel } from '@/lib/bonuses/run-api';
import { bonusScreenWords } from '@/lib/i18n/bonus-screen-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import type { SettingsView } from '@/lib/sync/settings-api';
import { useTokenData } from '../_components/use-embed-session';
import { Button, Panel } from '../settings/fields';
import { BonusRulesForm } from './bonus-rules-form';
import { MassCredit } from './mass-credit';
import { RunList } from './run-list';
import { RunsGate } from './runs-gate';

/**
 * Settings → «Бонусы / Bonuses» (both CRMs): the crediting rules, mass crediting over a filter
 * (admins only: others are told so) and the latest runs with their outcome.
 */
export function BonusesSection({
  token,
  locale,
  admin,
  rules,
}: {
  token: string;
  locale: Locale;
  admin: boolean;
  rules: SettingsView['settings']['bonusRules'];
}) {
  const t = bonusScreenWords[locale].mass;
  const [reload, setReload] = useState(0);
  const [open, setOpen] = useState(false);
  const state = useTokenData<RunsPanel>(token, '/api/embed/bonuses/runs', t.title, reload);
  return (
    <Panel title={t.title} testId="bonuses-section">
      <p className="text-sm text-description">{t.intro}</p>
      <BonusRulesForm token={token} locale={locale} admin={admin} rules={rules} />
      <RunsGate state={state} locale={locale}>
        {(panel) => (
          <>
            <div>
              <Button
                tone={open ? 'plain' : 'primary'}
                onClick={() => setOpen((o) => !o)}
                data-testid="bonus-mass-open"
              >
                {open ? t.close : t.open}
              </Button>
            </div>
            {/* A new opening is a new run id: the form is made again. */}
            {open && (
              <MassCredit
                token={token}
                locale={locale}
                panel={panel}
                onFinished={() => setReload((n) => n + 1)}
              />
            )}
            <RunList token={token} locale={locale} runs={panel.runs} />
          </>
        )}
      </RunsGate>
    </Panel>
  );
}
