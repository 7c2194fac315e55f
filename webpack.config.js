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
 * The pane is built for ES2020 (what WebView2 and the WKWebView of supported Macs and iPads parse);
 * taskpane.html carries an ES5 guard (src/taskpane/guard.js, inlined) that shows a Swedish message in
 * the older engines some Office versions still use. Names carry content hashes, and a production build
 * has no source maps (docs/deploy.md).
 *
 * Environment: ADDIN_URL (where the pane is hosted: https, an origin or a sub-path such as
 * https://host.example/tillagg/; required for a production build), DIST_DIR (output
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
/** manifest.xml is the development manifest (localhost, this Id); a production build writes the production Id. */
const DEVELOPMENT_ADDIN_ID = '5d0f3c52-8e1b-4c07-9a64-2f7b1d9e6a31';
const PRODUCTION_ADDIN_ID = 'ce1454f4-58db-4ff1-b80a-93d96c9f2947';

const MISSING_ADDIN_URL =
  'ADDIN_URL saknas: ange adressen där tillägget ska ligga, till exempel ADDIN_URL=https://intranat.kommun.se/insatsbedomning/ npm run build (se docs/deploy.md).';

/**
 * Where the built pane is hosted, as a base ending in "/": https, an origin or a sub-path. Null when
 * ADDIN_URL is not set (the dev server, which keeps localhost).
 */
function addinBase() {
  const raw = process.env.ADDIN_URL;
  if (!raw) return null;
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`ADDIN_URL är ingen URL: ${raw}`);
  }
  if (url.protocol !== 'https:') throw new Error(`ADDIN_URL måste använda https: ${raw}`);
  if (url.search || url.hash || url.username || url.password) throw new Error(`ADDIN_URL ska vara https://värd[:port]/[sökväg/], utan frågedel, fragment eller inloggning, inte ${raw}`);
  const path = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  return `${url.origin}${path}`;
}

/** A production build without ADDIN_URL would write localhost into the manifest: stop with one Swedish line. */
class RequireAddinUrlPlugin {
  apply(compiler) {
    compiler.hooks.beforeRun.tapAsync('RequireAddinUrlPlugin', (_compiler, done) => {
      const error = new Error(MISSING_ADDIN_URL);
      error.stack = MISSING_ADDIN_URL; // webpack-cli prints the stack: the line is all there is to say
      done(error);
    });
  }
}

/** The development manifest with the hosted base and the production Id, as the build writes it. */
function productionManifest(xml, base) {
  const note = `<!--\n  Insatsbedömning: the production manifest, written by npm run build for ${base} (from manifest.xml, the development manifest).\n-->`;
  return xml
    .replace(/<!--[\s\S]*?-->/u, note)
    .split(`${DEV_ORIGIN}/`)
    .join(base)
    .split(`<Id>${DEVELOPMENT_ADDIN_ID}</Id>`)
    .join(`<Id>${PRODUCTION_ADDIN_ID}</Id>`);
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
  const base = addinBase();
  const outDir = path.resolve(process.env.DIST_DIR || path.join(__dirname, 'dist'));
  const serving = Boolean(env.WEBPACK_SERVE);
  const rulesDir = path.resolve(process.env.RULES_DIR || path.join(__dirname, 'rules'));
  // The dev server checks at run time as before (a rule file edited while serving shows in the pane).
  const checkRules = production && !serving;

  return {
    mode: production ? 'production' : 'development',
    // ES2020: `?.` and `??` stay, class fields and `??=` are down-levelled (acorn checks it in test/browser/excel-mode.test.ts).
    target: ['web', 'es2020'],
    // No source maps in production: the hosted files are what Excel runs, nothing more.
    devtool: production ? false : 'eval-source-map',
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
        // The rule files' examples are run by the build's rule check, not by the pane (rule-examples-loader.js).
        ...(checkRules ? [{ test: /\.json$/, include: rulesDir, exclude: /ruleset\.schema\.json$/, use: path.resolve(__dirname, 'scripts/rule-examples-loader.js') }] : []),
        // The core's modules do nothing on import (its architecture: pure functions and data), so a caller
        // that imports the core through src/core/index.ts gets only the modules it uses: the file-mode
        // chunk stays free of the board papers and the follow-up.
        { test: /\.ts$/, include: path.resolve(__dirname, 'src/core'), sideEffects: false },
        {
          test: /\.ts$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            // ES modules, so webpack sees import() and splits the file-mode chunk off.
            options: { transpileOnly: true, compilerOptions: { module: 'es2020', target: 'es2020', sourceMap: !production } },
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
      ...(production && !serving && !base ? [new RequireAddinUrlPlugin()] : []),
      ...(checkRules ? [new RuleFilesCheckPlugin({ dir: rulesDir })] : []),
      // true only where the check above ran: it fails the build before this value is ever used.
      new webpack.DefinePlugin({ __RULES_CHECKED_AT_BUILD__: JSON.stringify(checkRules) }),
      new HtmlWebpackPlugin({
        filename: 'taskpane.html',
        template: './src/taskpane/taskpane.html',
        chunks: ['taskpane'],
        scriptLoading: 'defer',
        templateParameters: { guardScript: fs.readFileSync(path.join(__dirname, 'src/taskpane/guard.js'), 'utf8') },
      }),
      new HtmlWebpackPlugin({ filename: 'help.html', template: './src/taskpane/help.html', chunks: [], inject: false }),
      new CopyWebpackPlugin({
        patterns: [
          { from: 'assets/icon-*.png', to: 'assets/[name][ext]' },
          { from: 'src/taskpane/taskpane.css', to: 'taskpane.css', transform: (content) => withFluentTokens(content) },
          {
            from: 'manifest.xml',
            to: 'manifest.xml',
            // The dev server and a development build keep localhost and the development Id; ADDIN_URL gives the production manifest.
            transform: (content) => (serving || !base ? content : productionManifest(content.toString(), base)),
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

module.exports.DEVELOPMENT_ADDIN_ID = DEVELOPMENT_ADDIN_ID;
module.exports.PRODUCTION_ADDIN_ID = PRODUCTION_ADDIN_ID;
module.exports.productionManifest = productionManifest;
