/**
 * Stream ids are `<category>-<id>` with a dash-free camelCase category (STYLE.md rule 6).
 */
export function streamName(category: string, id: string): string {
  if (!/^[a-z][A-Za-z0-9]*$/.test(category)) throw new Error(`invalid stream category: ${category}`);
  return `${category}-${id}`;
}

export function streamCategory(stream: string): string {
  const i = stream.indexOf('-');
  return i < 0 ? stream : stream.slice(0, i);
}

export function streamId(stream: string): string {
  const i = stream.indexOf('-');
  return i < 0 ? '' : stream.slice(i + 1);
}
