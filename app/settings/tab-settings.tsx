'use client';

import '@fontsource/pt-sans/400.css';
import '@fontsource/pt-sans/700.css';
import type { TabPage } from '@/lib/auth/tab-session';
import { SettingsScreen } from '../bitrix24/settings/settings-screen';

/** The settings screen in its own tab, in the look of the CRM it was opened from. */
export function TabSettings({ token, crm, locale }: TabPage) {
  const screen = <SettingsScreen locale={locale} host="tab" token={token} />;
  return crm === 'amocrm' ? <div className="amocrm-theme">{screen}</div> : screen;
}
