import { type Dictionary, FEATURE_KEYS } from '@/lib/i18n';
import { Card, SectionHeading } from './card';
import { FeatureIcon } from './feature-icon';

/** "What it does": the eight things a Lime customer gets, in both CRMs alike. */
export function FeatureGrid({ t }: { t: Dictionary }) {
  return (
    <section aria-labelledby="features-title">
      <SectionHeading id="features-title">{t.features.title}</SectionHeading>
      <ul className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        {FEATURE_KEYS.map((key) => {
          const item = t.features.items[key];
          return (
            <li key={key}>
              <Card className="flex h-full gap-3 p-4 sm:block sm:p-5">
                <span className="flex size-10 shrink-0 items-center justify-center rounded-full bg-soft-blue text-link">
                  <FeatureIcon feature={key} />
                </span>
                <div className="min-w-0">
                  <h3 className="text-lg font-medium text-fg sm:mt-3">{item.title}</h3>
                  <p className="mt-1 text-sm text-label">{item.text}</p>
                </div>
              </Card>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
