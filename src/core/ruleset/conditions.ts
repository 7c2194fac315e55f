/** A fact a condition names, with its JSON path in the rule file. */
export interface FactReference {
  name: string;
  path: string;
}

/** Every fact name a condition tree mentions, with its JSON path. */
export function factReferences(cond: unknown, path: string, out: FactReference[] = []): FactReference[] {
  if (!cond || typeof cond !== 'object') return out;
  const c = cond as Record<string, unknown>;
  for (const key of ['all', 'any'] as const) {
    if (Array.isArray(c[key])) (c[key] as unknown[]).forEach((sub, i) => factReferences(sub, `${path}/${key}/${i}`, out));
  }
  if (c.not) factReferences(c.not, `${path}/not`, out);
  if (typeof c.fact === 'string') out.push({ name: c.fact, path: `${path}/fact` });
  if (c.value && typeof c.value === 'object' && !Array.isArray(c.value) && typeof (c.value as { fact?: unknown }).fact === 'string') {
    out.push({ name: (c.value as { fact: string }).fact, path: `${path}/value/fact` });
  }
  return out;
}
