"use strict";
// sqlite-httpstatus: finds the httpstatus SQLite extension in the package
// built for this platform (sqlite-httpstatus-<platform>-<arch>, an optional
// dependency) and loads it into a database connection.
const path = require("node:path");

// Platforms with a published library package, as process.platform-process.arch.
const SUPPORTED = ["linux-x64"];
const SUFFIX = { linux: "so", darwin: "dylib", win32: "dll" };

function platformPackage() {
  return `sqlite-httpstatus-${process.platform}-${process.arch}`;
}

function getLoadablePath(name = "httpstatus") {
  const platform = `${process.platform}-${process.arch}`;
  const pkg = platformPackage();
  let dir;
  try {
    dir = path.dirname(require.resolve(`${pkg}/package.json`));
  } catch (err) {
    const why = SUPPORTED.includes(platform)
      ? `the package ${pkg} is not installed (was it skipped by --no-optional or --omit=optional?)`
      : `there is no build for ${platform} (builds exist for: ${SUPPORTED.join(", ")})`;
    throw new Error(`sqlite-httpstatus: cannot find the ${name} library: ${why}`, { cause: err });
  }
  const file = path.join(dir, `${name}.${SUFFIX[process.platform] || "so"}`);
  if (!require("node:fs").existsSync(file)) {
    throw new Error(`sqlite-httpstatus: ${pkg} has no library ${name} (looked for ${file})`);
  }
  return file;
}

function load(db, name = "httpstatus") {
  if (!db || typeof db.loadExtension !== "function") {
    throw new TypeError(
      "sqlite-httpstatus: load(db) needs a connection with loadExtension(path), " +
        "such as a better-sqlite3 or libsql Database"
    );
  }
  db.loadExtension(getLoadablePath(name));
}

module.exports = { getLoadablePath, load };
