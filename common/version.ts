/** Strom's version, reported in server_version (engine/settings.ts) and version() (executor/expr/functions/system.ts). */
export const STROM_VERSION = '0.1.0';
