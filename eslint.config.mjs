// ESLint flat config. `npm run lint` runs `eslint src`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import officeAddins from 'eslint-plugin-office-addins';

/** The code that talks to Office.js: the adapter and the task pane. */
const OFFICE_FILES = ['src/adapters/office/**/*.ts', 'src/taskpane/**/*.ts'];

// The plugin's flat `recommended` is an array: @eslint/js recommended, eslint-config-prettier,
// then one block with its own rules plus `prettier/prettier`. We take that block's rules and
// register only the office-addins plugin: the block also registers its own (older)
// @typescript-eslint plugin, which would clash with typescript-eslint's, and the project has
// no Prettier set-up, so `prettier/prettier` would only fight the existing code style.
const officeBlock = officeAddins.configs.recommended.find((config) => config.plugins?.['office-addins']);
const { 'prettier/prettier': _prettier, ...officeRules } = officeBlock.rules;

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'coverage/**', 'node_modules/**', 'src/core/generated/**'] },
  {
    // All of src: the core, the adapters, the CLI and the pane.
    files: ['src/**/*.ts'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
  },
  {
    // The core has one entry point (src/core/index.ts, its API): outside the core, nothing reaches a
    // module of it directly, so what the core offers is read in one file.
    files: ['src/**/*.ts'],
    ignores: ['src/core/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)core/', message: 'Importera kärnan genom src/core/index.ts (till exempel \'../core\'), inte en av dess moduler.' }] }],
    },
  },
  {
    files: OFFICE_FILES,
    plugins: { 'office-addins': officeAddins },
    rules: {
      ...officeRules,
      // A sync per row is the one mistake that makes the add-in unusable on large sheets: fail, don't warn.
      'office-addins/no-context-sync-in-loop': 'error',
    },
  },
);
