// One webpack compilation builds every application of nest-cli.json into dist/apps/<app>/main.js,
// the path the contract promises. Shared libs are compiled once instead of once per app.
// Type checking is `tsc --noEmit` (npm run typecheck); ts-loader only transpiles, as the Nest CLI does.
const path = require('node:path');
const nodeExternals = require('webpack-node-externals');
const tsconfig = require('./tsconfig.json');

const projects = require('./nest-cli.json').projects;
const apps = Object.entries(projects)
  .filter(([, p]) => p.type === 'application')
  .map(([name]) => name);

const alias = {};
for (const [key, [target]] of Object.entries(tsconfig.compilerOptions.paths)) {
  if (!key.endsWith('/*')) alias[`${key}$`] = path.resolve(__dirname, target);
  else alias[key.slice(0, -2)] = path.resolve(__dirname, target.slice(0, -2));
}

function config() {
  return {
    mode: 'none',
    target: 'node',
    devtool: 'source-map',
    entry: Object.fromEntries(apps.map((app) => [`apps/${app}/main`, `./apps/${app}/src/main.ts`])),
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: '[name].js',
      devtoolModuleFilenameTemplate: '[absolute-resource-path]',
    },
    externals: [nodeExternals()],
    externalsPresets: { node: true },
    resolve: { extensions: ['.ts', '.js', '.json'], alias },
    module: {
      rules: [
        {
          test: /\.ts$/,
          loader: 'ts-loader',
          exclude: /node_modules/,
          options: { transpileOnly: true, configFile: 'tsconfig.build.json' },
        },
      ],
    },
    optimization: { nodeEnv: false, minimize: false },
    node: { __dirname: false, __filename: false },
    stats: 'errors-warnings',
  };
}

// The Nest CLI calls this with its own options for one app (`nest build roster`); webpack-cli with (env, argv).
module.exports = (options) => {
  if (options && typeof options.entry !== 'undefined') {
    const app = Object.keys(projects).find((name) => String(options.entry).includes(`apps/${name}/`));
    const all = config();
    return { ...all, entry: { [`apps/${app}/main`]: all.entry[`apps/${app}/main`] } };
  }
  return config();
};
