/** Form controls in the Bitrix24 look (b24ui tokens: stroke borders, 8 px radius, primary focus). */

const control =
  'w-full rounded-sm border border-stroke bg-surface px-3 py-2 text-sm text-fg outline-none focus:border-primary disabled:bg-surface-3 disabled:text-description';

export function Field({
  label,
  hint,
  children,
}: {
  label: string;
  hint?: string;
  children: React.ReactNode;
}) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is the child
    <label className="block text-sm">
      <span className="text-label">{label}</span>
      {hint && <span className="ml-1 text-xs text-description">({hint})</span>}
      <span className="mt-1 block">{children}</span>
    </label>
  );
}

export function TextInput(props: React.InputHTMLAttributes<HTMLInputElement>) {
  return <input {...props} className={control} />;
}

export function Select(props: React.SelectHTMLAttributes<HTMLSelectElement>) {
  return <select {...props} className={control} />;
}

/** The options of a select over named things (pipelines, stages, users), by id. */
export function NamedOptions({ items }: { items: readonly { id: string; name: string }[] }) {
  return (
    <>
      {items.map((item) => (
        <option key={item.id} value={item.id}>
          {item.name}
        </option>
      ))}
    </>
  );
}

export function Check({ label, ...props }: React.InputHTMLAttributes<HTMLInputElement> & { label: string }) {
  return (
    <label className="flex items-start gap-2 text-sm text-fg">
      <input type="checkbox" {...props} className="mt-0.5 size-4 accent-[var(--b24-primary)]" />
      <span>{label}</span>
    </label>
  );
}

export function Button({
  tone = 'primary',
  ...props
}: React.ButtonHTMLAttributes<HTMLButtonElement> & { tone?: 'primary' | 'secondary' }) {
  const look =
    tone === 'primary'
      ? 'bg-primary text-white hover:brightness-110'
      : 'bg-soft-blue text-link hover:brightness-95';
  return (
    <button
      type="button"
      {...props}
      className={`rounded-sm px-4 py-2 text-sm font-medium disabled:opacity-50 ${look}`}
    />
  );
}

export function Panel({
  title,
  children,
  testId,
}: {
  title: string;
  children: React.ReactNode;
  testId?: string;
}) {
  return (
    <section className="rounded-lg bg-surface p-4 sm:p-5" data-testid={testId}>
      <h2 className="text-2xl font-light text-fg">{title}</h2>
      <div className="mt-3 space-y-3">{children}</div>
    </section>
  );
}
