// Replaced at build time from package.json, so the bundle and --version never disagree.
declare const __SKILL_VERSION__: string | undefined;
export const VERSION: string = typeof __SKILL_VERSION__ === 'string' ? __SKILL_VERSION__ : '0.0.0-dev';
export const TOOL_NAME = 'flux-operator-validate';
