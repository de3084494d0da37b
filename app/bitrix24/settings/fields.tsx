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
  busy = false,
  children,
  ...props
}: React.ButtonHTMLAttributes<HTMLButtonElement> & {
  tone?: 'primary' | 'secondary' | 'danger' | 'plain';
  /** Work under way: a spinner over the label, the button disabled. */
  busy?: boolean;
}) {
  const look = {
    primary: 'bg-primary text-white hover:brightness-110',
    secondary: 'bg-soft-blue text-link hover:brightness-95',
    danger: 'bg-danger text-white hover:brightness-110',
    plain: 'border border-stroke bg-surface text-label hover:bg-surface-2',
  }[tone];
  return (
    <button
      type="button"
      {...props}
      disabled={props.disabled || busy}
      aria-busy={busy || undefined}
      className={`inline-flex items-center justify-center gap-2 rounded-sm px-4 py-2 text-sm font-medium disabled:opacity-50 ${look} ${props.className ?? ''}`}
    >
      {busy && <Spinner />}
      {children}
    </button>
  );
}

/** The in-button loading icon (b24ui: a spinning icon over the label). */
export function Spinner() {
  return (
    <svg className="size-4 animate-spin" viewBox="0 0 24 24" fill="none" aria-hidden="true">
      <circle cx="12" cy="12" r="9" stroke="currentColor" strokeOpacity="0.3" strokeWidth="3" />
      <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
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

/** What an action came to: done (green, a status) or refused (red, an alert), in the API's own words. */
export function Notice({
  notice,
  testIds,
  className = 'rounded-sm px-3 py-2',
}: {
  notice: { ok: boolean; text: string } | null;
  testIds?: { ok: string; error: string };
  className?: string;
}) {
  if (!notice) return null;
  return (
    <p
      className={`text-sm text-fg ${notice.ok ? 'bg-soft-green' : 'bg-soft-red'} ${className}`}
      role={notice.ok ? 'status' : 'alert'}
      data-testid={testIds ? (notice.ok ? testIds.ok : testIds.error) : undefined}
    >
      {notice.text}
    </p>
  );
}
