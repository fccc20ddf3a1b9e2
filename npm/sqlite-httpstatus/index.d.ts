/** A connection that can load an extension by path: better-sqlite3's and
 * libsql's Database, or node:sqlite's DatabaseSync opened with
 * allowExtension: true. */
export interface ExtensionLoader {
  loadExtension(path: string): unknown;
}

/** The absolute path of the library `name` ("httpstatus" by default) in this
 * platform's package, for loadExtension() or the sqlite3 shell's .load.
 * Throws an Error naming the platform when no build is installed for it. */
export function getLoadablePath(name?: string): string;

/** Loads the library `name` ("httpstatus" by default) into `db`. */
export function load(db: ExtensionLoader, name?: string): void;
