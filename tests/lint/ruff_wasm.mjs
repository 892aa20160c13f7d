// SPDX-License-Identifier: MIT
// Ruff compiled to WebAssembly (npm @astral-sh/ruff-wasm-nodejs, installed by
// scripts/install-deps.sh), for machines without a ruff binary.
// usage: node ruff_wasm.mjs CONFIG_JSON FILE...   (CONFIG_JSON: pyproject's [tool.ruff] table)
// Prints every diagnostic as file:row:column: CODE message; exits 1 if there is one.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const where = process.env.SCALELAB_RUFF_WASM ??
  "/opt/scalelab-deps/ruff-wasm/node_modules/@astral-sh/ruff-wasm-nodejs";
let ruff;
try {
  ruff = createRequire(import.meta.url)(where);
} catch {
  console.error(`ruff_wasm: no Ruff WebAssembly in ${where} (scripts/install-deps.sh installs it)`);
  process.exit(2);
}
const { Workspace, PositionEncoding } = ruff;

const [config, ...files] = process.argv.slice(2);
const workspace = new Workspace(JSON.parse(config), PositionEncoding.Utf8);
let found = 0;
for (const file of files) {
  for (const d of workspace.check(readFileSync(file, "utf8"))) {
    const at = d.start_location;
    console.log(`${file}:${at.row}:${at.column}: ${d.code ?? "syntax"} ${d.message}`);
    found++;
  }
}
console.log(`ruff ${Workspace.version()} (WebAssembly): ${found} problem(s) in ${files.length} files`);
process.exit(found > 0 ? 1 : 0);
