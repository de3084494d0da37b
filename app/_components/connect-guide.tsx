import type { CrmGuide } from '@/lib/i18n';
import { ButtonLink } from './button-link';
import { Card } from './card';

/** One CRM's "how to connect": numbered steps with the values to copy, then a link to the full guide. */
export function ConnectGuide({ guide, appUrl, href }: { guide: CrmGuide; appUrl: string; href: string }) {
  return (
    <Card className="flex h-full flex-col p-5 sm:p-6">
      <h3 className="text-2xl font-normal text-fg">{guide.title}</h3>
      <p className="mt-1 text-label">{guide.summary}</p>
      <ol className="mt-4 flex-1 space-y-4">
        {guide.steps(appUrl).map((step, index) => (
          <li key={step.text} className="flex gap-3">
            <span className="flex size-6 shrink-0 items-center justify-center rounded-full bg-soft-blue text-xs font-semibold text-link">
              {index + 1}
            </span>
            <div className="min-w-0 flex-1">
              <p className="text-label">{step.text}</p>
              {step.values && (
                <ul className="mt-2 flex flex-wrap gap-1.5">
                  {step.values.map((value) => (
                    <li key={value} className="max-w-full">
                      <code className="block rounded-xs border border-stroke bg-surface-2 px-2 py-1 font-mono text-xs break-all text-fg">
                        {value}
                      </code>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </li>
        ))}
      </ol>
      <div className="mt-5">
        <ButtonLink href={href} variant="tinted">
          {guide.guideLink}
        </ButtonLink>
      </div>
    </Card>
  );
}
