// zod's list of locales, put in place of zod/v4/locales/index.js in the CLI bundle
// (scripts/bundle-cli.js): zod re-exports all of its ~50 locales as `z.locales`, which puts
// 360 KB of messages nobody here reads into the bundle, to be read and compiled at every start.
// The CLI's messages are English, the locale zod configures by default.
export {default as en} from '../node_modules/zod/v4/locales/en.js';
