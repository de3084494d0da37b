/** JSON text → its value, or null when it is not JSON (an empty or HTML answer). */
export function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
