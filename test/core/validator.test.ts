import { readFileSync } from 'node:fs';
import { VALIDATOR_FILE, validatorSource } from '../../scripts/build-validator';

test('the compiled schema check is generated from rules/ruleset.schema.json as it is now (npm run validator)', () => {
  expect(readFileSync(VALIDATOR_FILE, 'utf8')).toBe(validatorSource());
});
