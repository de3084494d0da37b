/** The Russian form for a count: 1 клиент, 2 клиента, 5 клиентов (21 клиент, 11 клиентов). */
export function ruPlural(n: number, one: string, few: string, many: string): string {
  const tens = Math.abs(n) % 100;
  const last = tens % 10;
  if (last === 1 && tens !== 11) return one;
  if (last >= 2 && last <= 4 && (tens < 10 || tens >= 20)) return few;
  return many;
}
