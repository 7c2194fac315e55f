/**
 * Webpack loader for the bundled rule files in a production build whose rule check passed
 * (scripts/check-rules.js ran every file's examples): the pane then skips the self-test
 * (`checkedAtBuild`), so the examples are dropped from what it ships (some 30 kB of the
 * Excel-mode start). `cases.base` stays, since building a rule set still reads it.
 */
module.exports = function ruleExamplesLoader(source) {
  const data = JSON.parse(source);
  if (data && typeof data === 'object' && data.cases && Array.isArray(data.cases.examples)) {
    data.cases = { ...data.cases, examples: [] };
  }
  return JSON.stringify(data);
};
