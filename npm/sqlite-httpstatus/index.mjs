// ES module entry: the same functions as index.cjs.
import { createRequire } from "node:module";

const { getLoadablePath, load } = createRequire(import.meta.url)("./index.cjs");

export { getLoadablePath, load };
