import type { FeatureKey } from '@/lib/i18n';

// 24 × 24 outline icons drawn for this app (stroke = currentColor), in the spirit of b24icons' outline set.
const PATHS: Record<FeatureKey, string> = {
  products: 'M3.5 7.5 12 3.5l8.5 4v9L12 20.5l-8.5-4Zm0 0L12 11.5l8.5-4M12 11.5v9',
  clients:
    'M9 10.5a3 3 0 1 0 0-6 3 3 0 0 0 0 6Zm-5.5 9c0-3 2.5-5.5 5.5-5.5s5.5 2.5 5.5 5.5M17 12.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4Zm-1.5 3.2c.5-.2 1-.2 1.5-.2 2 0 3.5 1.6 3.5 4',
  transactions: 'M6 3.5h12v17l-2.5-1.5-2 1.5-1.5-1.5-1.5 1.5-2-1.5L6 20.5ZM9 8h6M9 11.5h6M9 15h3.5',
  bookings:
    'M4 6.5a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2Zm0 3.5h16M8.5 3v3M15.5 3v3M8 13.5h3v3H8Z',
  preorders:
    'M8 4.5H6.5a1.5 1.5 0 0 0-1.5 1.5v13a1.5 1.5 0 0 0 1.5 1.5h11a1.5 1.5 0 0 0 1.5-1.5V6a1.5 1.5 0 0 0-1.5-1.5H16M9 3.5h6v2.5H9Zm0 10 2 2 4-4',
  mailings:
    'M3.5 7a1.5 1.5 0 0 1 1.5-1.5h14A1.5 1.5 0 0 1 20.5 7v10a1.5 1.5 0 0 1-1.5 1.5H5A1.5 1.5 0 0 1 3.5 17Zm0 .5L12 13l8.5-5.5',
  bonuses:
    'M4 8.5h16v3.5H4Zm1.5 3.5v8h13v-8M12 8.5V20M12 8.5C10.5 5 7 4.5 7 6.5s3 2 5 2Zm0 0c1.5-3.5 5-4 5-2s-3 2-5 2Z',
  settings:
    'M4 7h9m4 0h3M4 12h3m4 0h9M4 17h11m4 0h1M15 9a2 2 0 1 0 0-4 2 2 0 0 0 0 4Zm-6 5a2 2 0 1 0 0-4 2 2 0 0 0 0 4Zm8 5a2 2 0 1 0 0-4 2 2 0 0 0 0 4Z',
};

/** A decorative 24×24 line icon drawn from one SVG path (its label always sits next to it). */
export function LineIcon({ d }: { d: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      aria-hidden="true"
      className="size-6 fill-none stroke-current"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d={d} />
    </svg>
  );
}

/** The icon of one feature. */
export function FeatureIcon({ feature }: { feature: FeatureKey }) {
  return <LineIcon d={PATHS[feature]} />;
}
