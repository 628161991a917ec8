"use strict";
// The oracle of the discovery tests: what firebase-tools itself discovers for a codebase, using its own
// modules (runtimes.getRuntimeDelegate -> discoverBuild -> build.resolveBackend) as `firebase deploy`
// does, without deploying. Prints one JSON line: { requiredAPIs, params, envs, endpoints }.
// Usage: node firebase-tools-discover.js <projectDir> <sourceDir> <projectId> <alias|-> <runtime> [repeat]
// With repeat > 1 it discovers that many times and prints the milliseconds of each run (bench).
const path = require("path");
const lib = path.join(path.dirname(require.resolve("firebase-tools/package.json")), "lib");
const runtimes = require(path.join(lib, "deploy/functions/runtimes"));
const build = require(path.join(lib, "deploy/functions/build"));
const functionsEnv = require(path.join(lib, "functions/env"));

async function discover(projectDir, sourceDir, projectId, alias, runtime) {
  const firebaseConfig = { projectId, storageBucket: `${projectId}.appspot.com` };
  const delegate = await runtimes.getRuntimeDelegate({ projectId, sourceDir, projectDir, runtime });
  const userEnvs = functionsEnv.loadUserEnvs({ functionsSource: sourceDir, projectId, projectAlias: alias, projectDir });
  const firebaseEnvs = functionsEnv.loadFirebaseEnvs(firebaseConfig, projectId);
  const discovered = await delegate.discoverBuild({ firebase: firebaseConfig }, {
    ...userEnvs,
    ...firebaseEnvs,
    GOOGLE_CLOUD_QUOTA_PROJECT: projectId,
  });
  // isEmulator: secrets are not looked up in Secret Manager (no Google here); every other param must
  // have a value in the dotenv files, since a prompt cannot be answered.
  const resolved = await build.resolveBackend({ build: discovered, firebaseConfig, userEnvs, nonInteractive: true, isEmulator: true });
  return {
    requiredAPIs: discovered.requiredAPIs,
    params: discovered.params,
    envs: Object.fromEntries(Object.entries(resolved.envs).map(([k, v]) => [k, v.toString()])),
    endpoints: Object.values(resolved.backend.endpoints).flatMap((byId) => Object.values(byId)),
  };
}

async function main() {
  const [projectDir, sourceDir, projectId, alias, runtime, repeat] = process.argv.slice(2);
  const times = [];
  let result;
  for (let i = 0; i < Math.max(1, Number(repeat) || 1); i++) {
    const started = process.hrtime.bigint();
    result = await discover(projectDir, sourceDir, projectId, alias === "-" ? undefined : alias, runtime);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  process.stdout.write("\n@@ORACLE@@" + JSON.stringify(Number(repeat) > 1 ? { times } : result) + "\n");
}

main().catch((err) => {
  process.stderr.write(String(err && (err.stack || err.message || err)) + "\n");
  if (err && err.children) {
    for (const child of err.children) process.stderr.write(String(child.message || child) + "\n");
  }
  process.exit(1);
});
