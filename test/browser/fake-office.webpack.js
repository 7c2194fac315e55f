/** Bundles test/browser/fake-office.ts into one script for the Excel-mode browser tests. */
const path = require('node:path');
const webpack = require('webpack');

module.exports = {
  mode: 'development',
  target: 'web',
  devtool: false,
  entry: path.join(__dirname, 'fake-office.ts'),
  output: { path: process.env.FAKE_OFFICE_DIR, filename: 'fake-office.js' },
  resolve: { extensions: ['.ts', '.js'] },
  // fake-excel.ts uses Node's Buffer.byteLength; give that module a local stand-in, not a global.
  plugins: [new webpack.ProvidePlugin({ Buffer: [path.join(__dirname, 'fake-office-buffer.ts'), 'Buffer'] })],
  module: {
    rules: [{ test: /\.ts$/, exclude: /node_modules/, use: { loader: 'ts-loader', options: { transpileOnly: true, compilerOptions: { module: 'es2020' } } } }],
  },
};
