'use client';

import { mailingWords } from '@/lib/i18n/mailing-words';
import type { Locale } from '@/lib/i18n/pick-locale';
import type { SettingsView } from '@/lib/sync/settings-api';
import { Panel } from '../settings/fields';
import { BirthdayLimitsForm } from './birthday-limits-form';
import { CampaignsPanel } from './campaigns-panel';
import { NpsPanel } from './nps-panel';

/**
 * Settings → «Рассылки и бонусы» (both CRMs): the birthday bonus and mailing limits, the campaigns
 * with today's audience, and the NPS answers. Admins change; others read.
 */
export function MailingsSection({
  locale,
  token,
  view,
}: {
  locale: Locale;
  token: string;
  view: SettingsView;
}) {
  const t = mailingWords[locale];
  return (
    <Panel title={t.title} testId="mailings-section">
      <p className="text-sm text-description">{t.intro}</p>
      {!view.admin && <p className="text-sm text-description">{t.readOnly}</p>}
      <BirthdayLimitsForm
        locale={locale}
        token={token}
        admin={view.admin}
        birthdayBonus={view.settings.birthdayBonus}
        mailingLimits={view.settings.mailingLimits}
      />
      <div className="border-t border-divider pt-3">
        <CampaignsPanel locale={locale} token={token} pipelines={view.pipelines} />
      </div>
      <div className="border-t border-divider pt-3">
        <NpsPanel locale={locale} token={token} />
      </div>
    </Panel>
  );
}
