import '@fontsource/pt-sans/400.css';
import '@fontsource/pt-sans/700.css';
import type { ReactNode } from 'react';

/**
 * The pages amoCRM frames: amoCRM's look inside our iframe (reference/ui-look.md §2.3) — PT Sans,
 * a white page like the card's column, small radii, light borders — over the same tokens.
 */
export default function AmocrmLayout({ children }: { children: ReactNode }) {
  return <div className="amocrm-theme">{children}</div>;
}
