import type { ErrorObject } from 'ajv';

/** A compiled JSON Schema check (ajv standalone): true when valid, else `errors` says why. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** rules/ruleset.schema.json */
export const validateRuleset: CompiledValidator;
/** rules/ruleset.schema.json#/definitions/parameters */
export const validateParameters: CompiledValidator;
