import { getHomeStatus } from '@/lib/home-status';
import { SectionHeading } from './_components/card';
import { ConnectGuide } from './_components/connect-guide';
import { FeatureGrid } from './_components/feature-grid';
import { Hero } from './_components/hero';
import { SandboxPanel } from './_components/sandbox-panel';
import { SiteShell } from './_components/site-shell';
import { StatusPanel } from './_components/status-panel';
import { getRequestDictionary } from './_lib/request-locale';

/** The home page: what the app is, what is connected now, how to connect a CRM, where the sandbox is. */
export default async function HomePage() {
  const [{ t }, status] = await Promise.all([getRequestDictionary(), getHomeStatus()]);
  return (
    <SiteShell t={t}>
      <div className="space-y-8 sm:space-y-10">
        <Hero t={t} sandbox={status.sandbox} />
        <FeatureGrid t={t} />
        <StatusPanel t={t} status={status} />
        <section id="connect" aria-labelledby="connect-title" className="scroll-mt-6">
          <SectionHeading id="connect-title">{t.connect.title}</SectionHeading>
          <div className="grid gap-3 md:grid-cols-2">
            <ConnectGuide guide={t.connect.bitrix24} appUrl={status.appUrl} href="/docs/bitrix24" />
            <ConnectGuide guide={t.connect.amocrm} appUrl={status.appUrl} href="/docs/amocrm" />
          </div>
        </section>
        <SandboxPanel t={t} on={status.sandbox} />
      </div>
    </SiteShell>
  );
}
