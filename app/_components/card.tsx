import type { ReactNode } from 'react';
import { cn } from './cn';

/** A Bitrix24 "outline" card: white surface, light border, 10 px radius. */
export function Card({ className, children }: { className?: string; children: ReactNode }) {
  return <div className={cn('rounded-md border border-stroke bg-surface', className)}>{children}</div>;
}

/** A section heading on the grey page: light weight, as Bitrix24 page headings are. */
export function SectionHeading({ id, children }: { id: string; children: ReactNode }) {
  return (
    <h2 id={id} className="mb-3 text-3xl font-light text-fg">
      {children}
    </h2>
  );
}
