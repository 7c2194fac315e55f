/**
 * Values as keys of Maps that remember something by the values it was worked out from (RuleRunner's
 * outcomes, the rendered texts in assess.ts): -0 kept apart from 0 (a Map merges them) and lists
 * and other objects by their JSON, one token per text, kept with the instance (one run's values).
 * Null and undefined are the caller's to tell apart or not.
 */
export class ValueKeys {
  private readonly objects = new Map<string, object>();

  key(v: unknown): unknown {
    if (typeof v === 'object' && v !== null) {
      const json = JSON.stringify(v);
      let token = this.objects.get(json);
      if (!token) this.objects.set(json, (token = {}));
      return token;
    }
    return v === 0 && Object.is(v, -0) ? NEGATIVE_ZERO : v;
  }
}

const NEGATIVE_ZERO = Symbol('-0');
