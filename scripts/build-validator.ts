/**
 * Generates src/core/generated/ruleset-validator.js from rules/ruleset.schema.json with
 * ajv's standalone mode, so the task pane ships the compiled checks and not ajv's compiler
 * (about 116 kB minified). Run with `npm run validator` after changing the schema; a test
 * fails while the generated file and the schema disagree, and another that the compacted
 * code reports exactly what ajv's own compiled check reports (test/core/validator.test.ts).
 */
import Ajv from 'ajv';
import { SchemaEnv } from 'ajv/dist/compile';
import standaloneCode from 'ajv/dist/standalone';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import schema from '../rules/ruleset.schema.json';

export const VALIDATOR_FILE = path.resolve(__dirname, '..', 'src', 'core', 'generated', 'ruleset-validator.js');

/** Every error (the loader reports them all); not verbose: the loader finds the data by path itself. */
export const AJV_OPTIONS = { allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, inlineRefs: false, messages: false } as const;

export const PARAMETERS_REF = `${schema.$id}#/definitions/parameters`;

/** ajv's standalone code for both exports, before compaction. */
export function standaloneSource(): string {
  // Not inlining refs keeps each definition one function; the loader writes its own messages.
  const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
  ajv.addSchema(schema);
  // Compile the whole schema first and hand its own compiled `parameters` to the second export:
  // asked for by key, ajv would compile that definition a second time (≈ 16 kB minified).
  ajv.getSchema(schema.$id);
  const shared = ajv.schemas[schema.$id]?.refs[PARAMETERS_REF];
  if (!(shared instanceof SchemaEnv)) throw new Error(`${PARAMETERS_REF} kompilerades inte som en egen funktion`);
  ajv.refs[PARAMETERS_REF] = shared;
  return standaloneCode(ajv, { validateRuleset: schema.$id, validateParameters: PARAMETERS_REF });
}

const HELPERS =
  'function pushError(vErrors, instancePath, schemaPath, keyword, params){const err = {instancePath, schemaPath, keyword, params};if(vErrors === null){return [err];}vErrors.push(err);return vErrors;}' +
  'function addError(vErrors, err){if(vErrors === null){return [err];}vErrors.push(err);return vErrors;}' +
  'function concatErrors(vErrors, errors){return vErrors === null ? errors : vErrors.concat(errors);}' +
  'function escapeKey(key){return key.replace(/~/g, "~0").replace(/\\//g, "~1");}';

/**
 * The same code, shorter: ajv writes each error out in full (object literal, null check, push),
 * about 500 times; here each is one call to a helper that does exactly that. Each schema constant
 * keeps only the paths the code reads (ajv embeds the whole root schema to look up property
 * names). Fails when ajv's output no longer has the expected shape, rather than half-rewriting it.
 */
export function compactSource(code: string): string {
  let out = code.replace(
    /const (err\d+) = \{(instancePath(?::.*?)?),schemaPath:(".*?"),keyword:(".*?"),params:(\{.*?\})\};if\(vErrors === null\)\{vErrors = \[\1\];\}else \{vErrors\.push\(\1\);\}errors\+\+;/g,
    (_m, _v, at: string, schemaPath: string, keyword: string, params: string) =>
      `vErrors = pushError(vErrors, ${at === 'instancePath' ? at : at.slice('instancePath:'.length)}, ${schemaPath}, ${keyword}, ${params});errors++;`,
  );
  // The empty errors of an `if` (never reported: rolled back right after).
  out = out.replace(/const (err\d+) = \{\};if\(vErrors === null\)\{vErrors = \[\1\];\}else \{vErrors\.push\(\1\);\}errors\+\+;/g, 'vErrors = addError(vErrors, {});errors++;');
  if (/vErrors\.push\(|const err\d+ = /.test(out)) throw new Error('ajv skrev ett fel i en form som compactSource inte känner igen');
  out = out.replace(/vErrors = vErrors === null \? (validate\d+)\.errors : vErrors\.concat\(\1\.errors\);/g, 'vErrors = concatErrors(vErrors, $1.errors);');
  out = out.replace(/(key\d+)\.replace\(\/~\/g, "~0"\)\.replace\(\/\\\/\/g, "~1"\)/g, 'escapeKey($1)');
  if (!out.startsWith('"use strict";')) throw new Error('ajv skrev inte "use strict" först');
  return pruneSchemaConstants(`"use strict";${HELPERS}${out.slice('"use strict";'.length)}`);
}

/** The end of the JSON value that starts at `start` (ajv writes schema constants with JSON.stringify). */
function jsonEnd(code: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < code.length; i++) {
    const ch = code[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') depth++;
    else if ((ch === '}' || ch === ']') && --depth === 0) return i + 1;
  }
  throw new Error('ett schemavärde tar aldrig slut');
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Each `const schemaN = {…};` reduced to the property paths the code reads from it (`schemaN.properties.kind.enum`). */
function pruneSchemaConstants(code: string): string {
  const declarations = [...code.matchAll(/const (schema\d+) = /g)].map((m) => {
    const start = m.index + m[0].length;
    const end = jsonEnd(code, start);
    return { name: m[1], declStart: m.index, start, end, value: JSON.parse(code.slice(start, end)) as Json };
  });
  for (const d of declarations.reverse()) {
    const uses = [...code.matchAll(new RegExp(`\\b${d.name}\\b((?:\\.[A-Za-z_$][\\w$]*|\\[\\d+\\])*)`, 'g'))].filter((u) => u.index !== d.declStart + 'const '.length);
    let kept: Json;
    if (uses.some((u) => u[1] === '')) kept = d.value; // used whole
    else {
      kept = {};
      for (const use of uses) {
        const keys = [...use[1].matchAll(/\.([A-Za-z_$][\w$]*)|\[(\d+)\]/g)].map((k) => k[1] ?? Number(k[2]));
        let from = d.value as Record<string | number, Json>;
        let to = kept as Record<string | number, Json>;
        keys.forEach((key, i) => {
          if (i === keys.length - 1) to[key] = from[key];
          else {
            from = from[key] as Record<string | number, Json>;
            to[key] ??= Array.isArray(from) ? [] : {};
            to = to[key] as Record<string | number, Json>;
          }
        });
      }
    }
    // A constant nobody reads goes; the minifier would drop it anyway, this keeps the file honest.
    code = uses.length === 0 ? code.slice(0, d.declStart) + code.slice(d.end + 1) : code.slice(0, d.start) + JSON.stringify(kept) + code.slice(d.end);
  }
  return code;
}

export function validatorSource(): string {
  return `// Generated by scripts/build-validator.ts from rules/ruleset.schema.json. Do not edit; run npm run validator.\n${compactSource(standaloneSource())}\n`;
}

if (require.main === module) {
  writeFileSync(VALIDATOR_FILE, validatorSource());
  process.stdout.write(`Skrev ${path.relative(process.cwd(), VALIDATOR_FILE)}\n`);
}
