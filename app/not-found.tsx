import { ButtonLink } from './_components/button-link';
import { Card } from './_components/card';
import { SiteShell } from './_components/site-shell';
import { getRequestDictionary } from './_lib/request-locale';

/** 404 inside the site frame, in the browser's language. */
export default async function NotFound() {
  const { t } = await getRequestDictionary();
  return (
    <SiteShell t={t}>
      <Card className="mx-auto flex max-w-xl flex-col items-center gap-4 px-6 py-10 text-center">
        <p className="text-5xl font-light text-description" aria-hidden="true">
          404
        </p>
        <h1 className="text-4xl font-light text-fg">{t.notFound.title}</h1>
        <p className="max-w-sm text-label">{t.notFound.text}</p>
        <ButtonLink href="/" variant="tinted">
          {t.notFound.home}
        </ButtonLink>
      </Card>
    </SiteShell>
  );
}
