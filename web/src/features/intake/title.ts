// 标题 from the description: an operator who leaves the title empty gets the description's first sentence (up to
// the first 。！？；!?; or line break), cut at 30 characters with "…". The caller's own words, not a summary.
const MAX = 30;

export function titleFromDescription(description: string): string {
  const sentence = description.split(/[。！？；!?;\r\n]/).find((s) => s.trim().length > 0) ?? '';
  const first = sentence.replace(/\s+/g, ' ').trim().replace(/[，,、：:\s]+$/, '');
  if (!first) return '';
  const chars = Array.from(first);
  return chars.length <= MAX ? first : `${chars.slice(0, MAX - 1).join('')}…`;
}

/** The title to register: the operator's, else the one derived from the description. */
export function effectiveTitle(title: string | undefined, description: string | undefined): string {
  return (title ?? '').trim() || titleFromDescription(description ?? '');
}
