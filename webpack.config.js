/**
 * Builds the task pane into dist/: taskpane.html + its JS (the Excel-mode entry and the lazily
 * loaded file-mode chunk with ExcelJS), help.html, taskpane.css, the icons and manifest.xml
 * with https://localhost:3000 replaced by ADDIN_URL.
 *
 *   npm run build                      production build (ADDIN_URL=https://… for the real host)
 *   npm start                          https://localhost:3000 with office-addin-dev-certs
 *
 * A production build first loads the rule files it bundles with the core's full loader
 * (scripts/check-rules.js) and stops with the problem lines when they do not load; the pane then
 * trusts them and fetches the schema check (the `rule-check` chunk) only for workbook overrides.
 *
 * Environment: ADDIN_URL (production origin, default https://localhost:3000), DIST_DIR (output
 * directory, default dist/; tests build into a temporary directory), RULES_DIR (the rule files to
 * check and bundle, default rules/), DEV_CERTS=local (npm start with certificates generated into
 * .certs/ and nothing installed into the system store).
 */
const path = require('node:path');
const fs = require('node:fs');
const webpack = require('webpack');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const { RuleFilesCheckPlugin } = require('./scripts/check-rules');

const DEV_ORIGIN = 'https://localhost:3000';

/** The production origin: https, no path, no trailing slash (the manifest needs one host). */
function addinOrigin() {
  const raw = process.env.ADDIN_URL || DEV_ORIGIN;
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`ADDIN_URL är ingen URL: ${raw}`);
  }
  if (url.protocol !== 'https:') throw new Error(`ADDIN_URL måste använda https: ${raw}`);
  if (url.pathname !== '/' || url.search || url.hash) throw new Error(`ADDIN_URL ska vara bara ursprunget (https://värd[:port]), inte ${raw}`);
  return url.origin;
}

/**
 * Prepends a :root block with the values of the Fluent 2 tokens (webLightTheme of
 * @fluentui/tokens) that the stylesheet uses, and fails on a token name that does not exist.
 */
function withFluentTokens(css) {
  const { webLightTheme } = require('@fluentui/tokens');
  const withoutComments = css.toString().replace(/\/\*[\s\S]*?\*\//g, '');
  const local = new Set([...withoutComments.matchAll(/(?:^|[;{\s])--([\w-]+)\s*:/g)].map((m) => m[1]));
  const used = [...new Set([...withoutComments.matchAll(/var\(--([\w-]+)/g)].map((m) => m[1]))].filter((n) => !local.has(n)).sort();
  const unknown = used.filter((name) => !(name in webLightTheme));
  if (unknown.length) throw new Error(`taskpane.css använder tokens som webLightTheme saknar: ${unknown.join(', ')}`);
  const vars = used.map((name) => `  --${name}: ${webLightTheme[name]};`).join('\n');
  return `/* Fluent 2 tokens (webLightTheme, @fluentui/tokens) */\n:root {\n${vars}\n}\n${css}`;
}

async function devServerHttps() {
  const certs = require('office-addin-dev-certs');
  if (process.env.DEV_CERTS === 'local') {
    // Offline and without touching the system store: generate into .certs/ once and use them.
    const dir = path.join(__dirname, '.certs');
    const ca = path.join(dir, 'ca.crt');
    const cert = path.join(dir, 'localhost.crt');
    const key = path.join(dir, 'localhost.key');
    if (!fs.existsSync(cert) || !fs.existsSync(key)) {
      fs.mkdirSync(dir, { recursive: true });
      await certs.generateCertificates(ca, cert, key);
    }
    return { ca: fs.readFileSync(ca), cert: fs.readFileSync(cert), key: fs.readFileSync(key) };
  }
  // The usual add-in flow: certificates in ~/.office-addin-dev-certs, CA trusted so Excel accepts localhost.
  return certs.getHttpsServerOptions();
}

module.exports = async (env = {}, argv = {}) => {
  const production = argv.mode !== 'development';
  const origin = addinOrigin();
  const outDir = path.resolve(process.env.DIST_DIR || path.join(__dirname, 'dist'));
  const serving = Boolean(env.WEBPACK_SERVE);
  const rulesDir = path.resolve(process.env.RULES_DIR || path.join(__dirname, 'rules'));
  // The dev server checks at run time as before (a rule file edited while serving shows in the pane).
  const checkRules = production && !serving;

  return {
    mode: production ? 'production' : 'development',
    target: 'web',
    devtool: production ? 'source-map' : 'eval-source-map',
    entry: { taskpane: './src/taskpane/taskpane.ts' },
    output: {
      path: outDir,
      filename: production ? '[name].[contenthash:8].js' : '[name].js',
      chunkFilename: production ? '[name].[contenthash:8].js' : '[name].js',
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.js'],
      // json-rules-engine's JSONPath support is unused (rule files may not have a `path`).
      // insats-rules: the directory src/taskpane/rules.ts bundles, the same one the rule check loads.
      alias: { 'jsonpath-plus$': path.resolve(__dirname, 'src/core/no-jsonpath.js'), 'insats-rules': rulesDir },
    },
    module: {
      rules: [
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            // ES modules, so webpack sees import() and splits the file-mode chunk off.
            options: { transpileOnly: true, compilerOptions: { module: 'es2020', sourceMap: true } },
          },
        },
      ],
    },
    optimization: {
      splitChunks: {
        // ExcelJS gets a chunk of its own with a readable name; only file mode ever loads it.
        cacheGroups: {
          exceljs: { test: /[\\/]node_modules[\\/]exceljs[\\/]/, name: 'exceljs', chunks: 'async', enforce: true },
          // File mode's worker (src/taskpane/file-mode-worker.ts) runs the same core as the Excel mode: what
          // both use is one chunk, which the pane loads as part of its entry and the worker with importScripts
          // (from the browser's cache), so the worker's own chunk holds only the file port.
          core: {
            chunks: (chunk) => chunk.name === 'taskpane' || chunk.name === 'file-mode-worker',
            minChunks: 2,
            name: 'core',
            enforce: true,
          },
        },
      },
    },
    performance: {
      // The file-mode chunk carries ExcelJS by design; the Excel-mode entry is held to 300 KB.
      assetFilter: (name) => name.startsWith('taskpane.') && name.endsWith('.js'),
      maxEntrypointSize: 300_000,
      maxAssetSize: 300_000,
      hints: production ? 'warning' : false,
    },
    plugins: [
      ...(checkRules ? [new RuleFilesCheckPlugin({ dir: rulesDir })] : []),
      // true only where the check above ran: it fails the build before this value is ever used.
      new webpack.DefinePlugin({ __RULES_CHECKED_AT_BUILD__: JSON.stringify(checkRules) }),
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './src/taskpane/taskpane.html',
        chunks: ['taskpane'],
        scriptLoading: 'defer',
      }),
      new HtmlWebpackPlugin({ filename: 'help.html', template: './src/taskpane/help.html', chunks: [], inject: false }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/icon-*.png', to: 'assets/[name][ext]' },
          { from: 'src/taskpane/taskpane.css', to: 'taskpane.css', transform: (content) => withFluentTokens(content) },
          {
            from: 'manifest.xml',
            to: 'manifest.xml',
            // The dev server keeps localhost; a build writes the production origin into every URL.
            transform: (content) => (serving ? content : content.toString().split(DEV_ORIGIN).join(origin)),
          },
        ],
      }),
    ],
    // Certificates only when serving: a build must not create or install anything.
    devServer: serving
      ? {
          port: 3000,
          host: 'localhost',
          server: { type: 'https', options: await devServerHttps() },
          headers: { 'Access-Control-Allow-Origin': '*' },
          static: false,
          client: { overlay: { warnings: false, errors: true } },
        }
      : undefined,
  };
};
