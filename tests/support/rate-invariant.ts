/**
 * The token-bucket guarantee, checked on take times recorded by the database: in every window
 * [t_i, t_j] the number of takes is at most burst + rate · (t_j − t_i). Checking every pair of takes
 * covers every window, since the densest windows start and end on takes.
 */
export function worstWindowExcess(takenAtMs: number[], rate: number, burst: number): number {
  const times = [...takenAtMs].sort((a, b) => a - b);
  let worst = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < times.length; i++) {
    for (let j = i; j < times.length; j++) {
      const count = j - i + 1;
      const allowed = burst + (rate * ((times[j] as number) - (times[i] as number))) / 1000;
      worst = Math.max(worst, count - allowed);
    }
  }
  return worst;
}

/** The most requests within any window shorter than `windowMs` (amoCRM's "7 per second"). */
export function mostWithin(timesMs: number[], windowMs: number): number {
  const times = [...timesMs].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while ((times[j] as number) - (times[i] as number) >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}
